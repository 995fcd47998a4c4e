package io.vlaarena.openpi.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A WebSocket server on Jetty 12's core API, reduced to what a message protocol needs: each
 * connection gets a {@link Handler} that receives whole binary and text messages one at a time
 * (the next one only after {@link Connection#demand()}), and answers through its {@link Connection}.
 * {@code GET /healthz} answers 200 {@code OK}; any other plain HTTP request 426.
 *
 * <p>Bounds: messages above {@code maxMessageBytes} close the connection (1009), connections idle
 * past {@code idleTimeout} close, and beyond {@code maxConnections} the handshake is refused with
 * 503. Jetty's own threads are a bounded pool. Thread-safe; {@link #close()} is idempotent.
 */
public final class WsServer implements AutoCloseable {

    /** One connection, as its handler sees it; thread-safe. */
    public interface Connection {
        /** Sends a binary message; failures close the connection. */
        void sendBinary(byte[] message);

        /** Sends a text message, then runs {@code then} once it is written (or failed). */
        void sendText(String message, Runnable then);

        /** Sends a binary message, then runs {@code then} once it is written (or failed). */
        void sendBinary(byte[] message, Runnable then);

        /** Asks for the next message. */
        void demand();

        /** Closes with a close frame. */
        void close(int code, String reason);

        /** The peer's address, for messages. */
        String remote();

        /** A header of the handshake request, or null. */
        String header(String name);
    }

    /** What happens on one connection; called on Jetty's threads, one call at a time per connection. */
    public interface Handler {
        /** The connection is open; call {@link Connection#demand()} to receive the first message. */
        void onOpen();

        /** A whole binary message. */
        void onBinary(byte[] message);

        /** A whole text message. */
        void onText(String message);

        /** The connection closed or failed; called once. */
        void onClose(int code, String reason);
    }

    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * Starts a server.
     *
     * @param host the address to bind
     * @param port the port (0 = any free port)
     * @param maxMessageBytes the largest message accepted
     * @param idleTimeout how long a connection may stay silent
     * @param maxConnections the most connections at once
     * @param authorized whether a handshake's {@code Authorization} header (null when absent) admits it;
     *     otherwise it is refused with 401
     * @param handlers makes the handler of each new connection
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public WsServer(String host, int port, long maxMessageBytes, Duration idleTimeout, int maxConnections,
            java.util.function.Predicate<String> authorized, Function<Connection, Handler> handlers) {
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, Math.min(64, 4 + maxConnections)), 2);
        threads.setName("openpi-server");
        threads.setDaemon(true);
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxBinaryMessageSize(maxMessageBytes);
            container.setMaxTextMessageSize(Math.min(maxMessageBytes, 1 << 20));
            container.setIdleTimeout(idleTimeout);
            container.addMapping("/*", (request, response, callback) -> {
                if (!authorized.test(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Api-Key");
                    Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401,
                            "This policy server needs an Authorization: Api-Key header with its key");
                    return null;
                }
                if (open.incrementAndGet() > maxConnections) {
                    open.decrementAndGet();
                    Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                            "This policy server has reached its limit of " + maxConnections + " connections");
                    return null;
                }
                return new Endpoint(handlers, open, org.eclipse.jetty.http.HttpFields.build(request.getHeaders())
                        .asImmutable());
            });
        });
        ws.setHandler(new PlainHttp());
        server.setHandler(ws);
        server.setStopTimeout(2000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new java.io.UncheckedIOException("Cannot start a WebSocket server on " + host + ":" + port + ": "
                    + e.getMessage(), e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The connections open now. */
    public int connections() {
        return Math.max(0, open.get());
    }

    /** Stops accepting, closes open connections (1001), stops Jetty's threads; idempotent. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Stopping the WebSocket server failed: " + e.getMessage(), e);
        }
    }

    /** {@code GET /healthz} → 200 {@code OK\n} as openpi's server; anything else 426. */
    private static final class PlainHttp extends org.eclipse.jetty.server.Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            boolean get = HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
            if (get && path.equals("/healthz")) {
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                response.write(true, ByteBuffer.wrap("OK\n".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
            response.setStatus(HttpStatus.UPGRADE_REQUIRED_426);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
            response.write(true, ByteBuffer.wrap(("This is an openpi policy server: connect with a WebSocket "
                    + "(GET /healthz answers 200).\n").getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }

    /** Jetty's listener for one connection, passing whole messages to the handler. */
    /** Public because Jetty invokes listeners through method handles, which need a public class. */
    public static final class Endpoint implements Session.Listener, Connection {
        private final Function<Connection, WsServer.Handler> handlers;
        private final AtomicInteger open;
        private volatile Session session;
        private volatile WsServer.Handler handler;
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        private final org.eclipse.jetty.http.HttpFields headers;

        Endpoint(Function<Connection, WsServer.Handler> handlers, AtomicInteger open, org.eclipse.jetty.http.HttpFields headers) {
            this.handlers = handlers;
            this.open = open;
            this.headers = headers;
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public void onWebSocketOpen(Session s) {
            this.session = s;
            this.handler = handlers.apply(this);
            handler.onOpen();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
            byte[] message = new byte[payload.remaining()];
            payload.get(message);
            callback.succeed();
            handler.onBinary(message);
        }

        @Override
        public void onWebSocketText(String message) {
            handler.onText(message);
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            end(code, reason);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            end(1006, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }

        private void end(int code, String reason) {
            if (ended.compareAndSet(false, true)) {
                open.decrementAndGet();
                if (handler != null) {
                    handler.onClose(code, reason);
                }
            }
        }

        @Override
        public void sendBinary(byte[] message) {
            sendBinary(message, () -> {});
        }

        @Override
        public void sendBinary(byte[] message, Runnable then) {
            session.sendBinary(ByteBuffer.wrap(message), org.eclipse.jetty.websocket.api.Callback.from(then, e -> {
                then.run();
                session.disconnect();
            }));
        }

        @Override
        public void sendText(String message, Runnable then) {
            session.sendText(message, org.eclipse.jetty.websocket.api.Callback.from(then, e -> {
                then.run();
                session.disconnect();
            }));
        }

        @Override
        public void demand() {
            session.demand();
        }

        @Override
        public void close(int code, String reason) {
            session.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }

        @Override
        public String remote() {
            return session.getRemoteSocketAddress() instanceof InetSocketAddress a
                    ? a.getHostString() + ":" + a.getPort() : String.valueOf(session.getRemoteSocketAddress());
        }
    }
}
