package io.vlaarena.openpi.internal;

import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One client WebSocket, turned into blocking calls: whole messages (fragments joined, bounded in
 * size) arrive in order in a queue that {@link #receive} waits on; a close or a failure arrives
 * there too, after the messages before it.
 *
 * <p>On Jetty's WebSocket client, not the JDK's: Java 17's {@code java.net.http.WebSocket} sends
 * {@code Content-Length: 0} with its opening handshake, and the {@code websockets} library that
 * openpi's server runs on (version 13 and later) refuses such a handshake as a request with a body.
 * Every channel shares one started client with a small pool of daemon threads.
 *
 * <p>Thread-safe: one thread sends and receives at a time (the caller's lock), any thread may
 * {@link #close}, which wakes a waiting receiver.
 */
public final class WsChannel implements AutoCloseable {

    /** What {@link #receive} returns. */
    public sealed interface Event permits Binary, Text, Closed, Failed {}

    /** A whole binary message. */
    public record Binary(byte[] data) implements Event {}

    /** A whole text message. */
    public record Text(String text) implements Event {}

    /**
     * The connection closed.
     *
     * @param code the close code (1006 when it dropped without a close frame, 1000 when this side closed it)
     * @param reason the reason the peer gave, or a description
     * @param byThisSide whether {@link #close} closed it
     */
    public record Closed(int code, String reason, boolean byThisSide) implements Event {}

    /** The connection failed (reset, a message over the size limit). */
    public record Failed(Throwable error) implements Event {}

    /** The server answered the opening handshake with an HTTP status instead of switching protocols. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, Throwable cause) {
            super("HTTP " + status, cause);
            this.status = status;
        }

        /** The HTTP status the server answered. */
        public int status() {
            return status;
        }
    }

    private final Session session;
    private final Inbox inbox;
    private final AtomicBoolean closing = new AtomicBoolean();

    private WsChannel(Session session, Inbox inbox) {
        this.session = session;
        this.inbox = inbox;
    }

    /**
     * Opens a WebSocket.
     *
     * @param headers extra handshake headers (e.g. Authorization)
     * @param connectTimeout how long the TCP connection and the handshake may take
     * @param maxMessageBytes the largest message accepted; a larger one fails the connection
     * @throws Refused when the server answers the handshake with an HTTP status
     * @throws ExecutionException with the cause when the connection cannot be made
     * @throws TimeoutException when the handshake takes longer than {@code connectTimeout}
     */
    public static WsChannel open(URI uri, Map<String, String> headers, Duration connectTimeout, long maxMessageBytes)
            throws Refused, ExecutionException, TimeoutException, InterruptedException {
        Inbox inbox = new Inbox(maxMessageBytes);
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        headers.forEach(request::setHeader);
        CompletableFuture<Session> f;
        try {
            f = Client.INSTANCE.connect(inbox, uri, request);
        } catch (java.io.IOException e) {
            throw new ExecutionException(e);
        }
        try {
            return new WsChannel(f.get(connectTimeout.toNanos(), TimeUnit.NANOSECONDS), inbox);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            while (c instanceof ExecutionException || c instanceof java.util.concurrent.CompletionException) {
                c = c.getCause();
            }
            if (c instanceof UpgradeException u && u.getResponseStatusCode() > 0) {
                throw new Refused(u.getResponseStatusCode(), u);
            }
            if (c instanceof UpgradeException u && u.getCause() != null) {
                throw new ExecutionException(u.getCause() instanceof ConnectException ce
                        ? new ConnectException("Connection refused") : u.getCause());
            }
            throw new ExecutionException(c == null ? e : c);
        } catch (TimeoutException | InterruptedException e) {
            f.cancel(true);
            f.thenAccept(Session::disconnect);
            throw e;
        }
    }

    /**
     * Sends one binary message and waits until it is handed to the network.
     *
     * @throws ExecutionException when the connection fails while sending
     * @throws TimeoutException when sending takes longer than {@code timeout} (a peer that reads nothing)
     */
    public void sendBinary(byte[] message, Duration timeout) throws ExecutionException, TimeoutException,
            InterruptedException {
        Callback.Completable done = new Callback.Completable();
        session.sendBinary(ByteBuffer.wrap(message), done);
        done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Sends one text message (openpi's clients never do; tests do). */
    public void sendText(String message, Duration timeout) throws ExecutionException, TimeoutException,
            InterruptedException {
        Callback.Completable done = new Callback.Completable();
        session.sendText(message, done);
        done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The next event, waiting up to {@code timeout}.
     *
     * @return the event, or {@code null} when none came in time
     */
    public Event receive(Duration timeout) throws InterruptedException {
        return inbox.events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether neither side has closed the connection and it has not failed. */
    public boolean isOpen() {
        return !closing.get() && !inbox.ended && session.isOpen();
    }

    /**
     * Closes the connection: a normal close frame, without waiting for the peer's answer.
     * Idempotent; a thread waiting in {@link #receive} gets a {@link Closed} event with
     * {@code byThisSide}.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        inbox.events.offer(new Closed(1000, "closed by this client", true));
        if (session.isOpen()) {
            session.close(1000, "", Callback.from(session::disconnect, e -> session.disconnect()));
        } else {
            session.disconnect();
        }
    }

    /** The one Jetty WebSocket client of the process, started on first use; daemon threads only. */
    private static final class Client {
        static final WebSocketClient INSTANCE = start();

        private static WebSocketClient start() {
            QueuedThreadPool threads = new QueuedThreadPool(16, 2);
            threads.setName("openpi-client");
            threads.setDaemon(true);
            HttpClient http = new HttpClient();
            http.setExecutor(threads);
            // daemon, like the pool: an application's JVM must be able to exit with connections pooled
            http.setScheduler(new org.eclipse.jetty.util.thread.ScheduledExecutorScheduler("openpi-client-scheduler", true));
            WebSocketClient ws = new WebSocketClient(http);
            ws.setIdleTimeout(Duration.ZERO); // a waiting request has its own timeout; idle pooled connections stay
            ws.setStopAtShutdown(true);
            try {
                ws.start();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the WebSocket client: " + e.getMessage(), e);
            }
            return ws;
        }
    }

    /** Whole messages into the queue; runs on the client's threads. */
    public static final class Inbox implements Session.Listener.AutoDemanding {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final long maxBytes;
        volatile boolean ended;

        Inbox(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            session.setMaxBinaryMessageSize(maxBytes);
            session.setMaxTextMessageSize(maxBytes);
            session.setIdleTimeout(Duration.ZERO);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] message = new byte[payload.remaining()];
            payload.get(message);
            callback.succeed();
            events.offer(new Binary(message));
        }

        @Override
        public void onWebSocketText(String message) {
            events.offer(new Text(message));
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            ended = true;
            events.offer(new Closed(code, reason, false));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            ended = true;
            events.offer(new Failed(cause instanceof org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException
                    ? new IllegalStateException("a message of more than " + maxBytes + " bytes arrived ("
                            + cause.getMessage() + "); the limit protects this process's memory", cause)
                    : cause));
        }
    }
}
