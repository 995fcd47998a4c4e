package io.vlaarena.openpi.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client WebSocket on the JDK's {@link WebSocket}, turned into blocking calls: whole messages
 * (fragments joined, bounded in size) arrive in order in a queue that {@link #receive} waits on;
 * a close or a failure arrives there too, after the messages before it.
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

    private final WebSocket socket;
    private final Inbox inbox;
    private final AtomicBoolean closing = new AtomicBoolean();

    private WsChannel(WebSocket socket, Inbox inbox) {
        this.socket = socket;
        this.inbox = inbox;
    }

    /**
     * Opens a WebSocket.
     *
     * @param http the client whose connect timeout and threads it uses
     * @param headers extra handshake headers (e.g. Authorization)
     * @param connectTimeout how long the handshake may take
     * @param maxMessageBytes the largest message accepted; a larger one fails the connection
     * @throws ExecutionException with the JDK's cause when the handshake fails
     * @throws TimeoutException when the handshake takes longer than {@code connectTimeout}
     */
    public static WsChannel open(HttpClient http, URI uri, Map<String, String> headers, Duration connectTimeout,
            long maxMessageBytes) throws ExecutionException, TimeoutException, InterruptedException {
        Inbox inbox = new Inbox(maxMessageBytes);
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(connectTimeout);
        headers.forEach(b::header);
        CompletableFuture<WebSocket> f = b.buildAsync(uri, inbox);
        try {
            // the handshake has its own timeout; the extra second only guards against a hang in between
            return new WsChannel(f.get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS), inbox);
        } catch (TimeoutException | InterruptedException e) {
            f.cancel(true);
            f.thenAccept(WebSocket::abort);
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
        socket.sendBinary(ByteBuffer.wrap(message), true).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Sends one text message (the server side of openpi's protocol never needs this; tests do). */
    public void sendText(String message, Duration timeout) throws ExecutionException, TimeoutException,
            InterruptedException {
        socket.sendText(message, true).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
        return !closing.get() && !inbox.ended && !socket.isInputClosed() && !socket.isOutputClosed();
    }

    /**
     * Closes the connection: a normal close frame when the output is still open, then the socket is
     * aborted without waiting for the peer's answer. Idempotent; a thread waiting in
     * {@link #receive} gets a {@link Closed} event with {@code byThisSide}.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        inbox.events.offer(new Closed(1000, "closed by this client", true));
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((ws, e) -> socket.abort());
        } else {
            socket.abort();
        }
    }

    /** Joins fragments, bounds sizes and queues whole messages; runs on the HTTP client's threads. */
    private static final class Inbox implements WebSocket.Listener {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final long maxBytes;
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();
        volatile boolean ended;

        Inbox(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (binary.size() + (long) data.remaining() > maxBytes) {
                tooLarge(ws, binary.size() + (long) data.remaining());
                return null;
            }
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                events.offer(new Binary(binary.toByteArray()));
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (text.length() + (long) data.length() > maxBytes) {
                tooLarge(ws, text.length() + (long) data.length());
                return null;
            }
            text.append(data);
            if (last) {
                events.offer(new Text(text.toString()));
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void tooLarge(WebSocket ws, long size) {
            ended = true;
            events.offer(new Failed(new IllegalStateException("a message of more than " + maxBytes
                    + " bytes arrived (" + size + " so far); the limit protects this process's memory")));
            ws.abort();
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ended = true;
            events.offer(new Closed(statusCode, reason, false));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ended = true;
            events.offer(new Failed(error));
        }
    }
}
