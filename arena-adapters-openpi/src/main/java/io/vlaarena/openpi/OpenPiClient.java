package io.vlaarena.openpi;

import io.vlaarena.core.InferenceException;
import io.vlaarena.core.RemoteServiceException;
import io.vlaarena.openpi.internal.WsChannel;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One connection to an openpi policy server, as openpi's {@code WebsocketClientPolicy} holds it:
 * connect, read the server's metadata map, then one observation map out and one answer map back
 * per {@link #infer} call, as binary frames of msgpack ({@link OpenPiCodec}).
 *
 * <p>Errors: a server-side failure (openpi sends the traceback as a text frame and closes with
 * 1011) throws an {@link InferenceException} carrying the server's text; a malformed answer throws
 * an {@link InferenceException} saying what is wrong; a connection that cannot be made, drops, or
 * stays silent past the request timeout throws a {@link RemoteServiceException}. After any error but
 * a malformed answer the connection is closed ({@link #isOpen()} is false): a late answer can never
 * be taken for the next request's.
 *
 * <p>Thread-safe: requests from several threads are sent one after the other; {@link #close} from
 * any thread wakes a waiting request. The API key never appears in a message or {@code toString}.
 */
public final class OpenPiClient implements AutoCloseable {
    /** How RoboArena's variant marks a request: {@code endpoint} = {@code infer} or {@code reset}. */
    public static final String ENDPOINT = "endpoint";

    private final URI uri;
    private final Settings settings;
    private final WsChannel channel;
    private final Map<String, Object> metadata;
    private final Object lock = new Object();

    private OpenPiClient(URI uri, Settings settings, WsChannel channel, Map<String, Object> metadata) {
        this.uri = uri;
        this.settings = settings;
        this.channel = channel;
        this.metadata = metadata;
    }

    /** A builder for a connection to {@code uri} ({@code ws://host:port}, {@code wss://…}, or {@code host:port}). */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** The server's metadata map, as sent first on the connection (openpi: the policy's metadata; RoboArena: its config). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The server's address. */
    public URI uri() {
        return uri;
    }

    /** Whether the connection can take another request. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Sends an observation and waits for the answer (openpi's {@code infer}).
     *
     * @param observation string keys; values as {@link OpenPiCodec} encodes them
     * @return the answer map: {@code actions} and, from openpi's server, {@code server_timing} and {@code policy_timing}
     * @throws InferenceException when the server reports an error (its text is in the message) or answers something malformed
     * @throws RemoteServiceException when the connection is closed, drops, or no answer comes within the request timeout
     */
    public Map<String, Object> infer(Map<String, ?> observation) {
        synchronized (lock) {
            return OpenPiCodec.decodeMap(check(exchange(OpenPiCodec.encode(observation), "an answer"), "answer"));
        }
    }

    /**
     * Sends a RoboArena reset ({@code endpoint: reset} with {@code info}) and waits for its answer;
     * RoboArena's server answers the text {@code reset successful}.
     *
     * @return the server's answer text
     * @throws InferenceException when the server reports an error
     * @throws RemoteServiceException as {@link #infer}
     */
    public String reset(Map<String, ?> info) {
        Map<String, Object> message = new LinkedHashMap<>(info);
        message.put(ENDPOINT, "reset");
        synchronized (lock) {
            Object answer = exchange(OpenPiCodec.encode(message), "the reset's answer");
            if (answer instanceof String text && text.strip().equalsIgnoreCase("reset successful")) {
                return text;
            }
            if (answer instanceof String text) {
                throw serverError(text);
            }
            return "reset answered with " + OpenPiCodec.describe(decodeQuietly((byte[]) answer));
        }
    }

    private static Object decodeQuietly(byte[] frame) {
        try {
            return OpenPiCodec.decode(frame);
        } catch (IllegalArgumentException e) {
            return frame;
        }
    }

    /** Returns a binary answer, throws for a text answer (a server error). */
    private byte[] check(Object answer, String what) {
        if (answer instanceof String text) {
            throw serverError(text);
        }
        byte[] frame = (byte[]) answer;
        try {
            OpenPiCodec.decodeMap(frame);
        } catch (IllegalArgumentException e) {
            throw new InferenceException("The openpi server at " + uri + " sent a malformed " + what + ": "
                    + e.getMessage(), e);
        }
        return frame;
    }

    /**
     * Sends one frame and returns the next message: {@code byte[]} for a binary one, {@code String}
     * for a text one. Closes the connection on every failure and on a text answer.
     */
    private Object exchange(byte[] frame, String what) {
        if (!channel.isOpen()) {
            throw new RemoteServiceException("The connection to the openpi server at " + uri + " is closed");
        }
        long start = System.nanoTime();
        try {
            channel.sendBinary(frame, settings.requestTimeout);
        } catch (ExecutionException e) {
            channel.close();
            throw new RemoteServiceException("Sending to the openpi server at " + uri + " failed: " + cause(e), e.getCause());
        } catch (TimeoutException e) {
            channel.close();
            throw new RemoteServiceException("The openpi server at " + uri + " did not take the request within "
                    + human(settings.requestTimeout) + "; the connection is closed", e);
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new InferenceException("Interrupted while sending to the openpi server at " + uri, e);
        }
        Duration left = settings.requestTimeout.minusNanos(System.nanoTime() - start);
        WsChannel.Event event;
        try {
            event = channel.receive(left.isNegative() ? Duration.ZERO : left);
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new InferenceException("Interrupted while waiting for " + what + " from the openpi server at " + uri
                    + "; the connection is closed", e);
        }
        if (event == null) {
            channel.close();
            throw new RemoteServiceException("The openpi server at " + uri + " did not answer within "
                    + human(settings.requestTimeout) + "; the connection is closed so that a late answer cannot be "
                    + "taken for the next one");
        }
        if (event instanceof WsChannel.Binary b) {
            return b.data();
        }
        if (event instanceof WsChannel.Text t) {
            channel.close();
            return t.text();
        }
        if (event instanceof WsChannel.Closed c) {
            throw closed(c, what);
        }
        Throwable error = ((WsChannel.Failed) event).error();
        channel.close();
        throw new RemoteServiceException("The connection to the openpi server at " + uri + " failed while waiting for "
                + what + ": " + describe(error), error);
    }

    private RemoteServiceException closed(WsChannel.Closed c, String what) {
        channel.close();
        if (c.byThisSide()) {
            return new RemoteServiceException("The connection to the openpi server at " + uri
                    + " was closed by this client while waiting for " + what);
        }
        return new RemoteServiceException("The openpi server at " + uri + " closed the connection (code " + c.code()
                + (c.reason() == null || c.reason().isBlank() ? "" : ", '" + c.reason() + "'") + ") before sending " + what);
    }

    private InferenceException serverError(String text) {
        return new InferenceException("The openpi server at " + uri + " reported an error: " + text.strip());
    }

    /** Closes the connection; idempotent. A request waiting for its answer fails with a {@link RemoteServiceException}. */
    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "OpenPiClient[" + uri + (settings.apiKey.isPresent() ? ", API key set" : "") + "]";
    }

    private static String cause(ExecutionException e) {
        return describe(e.getCause() == null ? e : e.getCause());
    }

    /** A message size limit of at least 1 KiB, else {@link IllegalArgumentException}. */
    static long checkMessageBytes(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + bytes);
        }
        return bytes;
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /** Connection settings shared by {@link OpenPiClient} and the connections {@link OpenPiVla} opens. */
    record Settings(Optional<String> apiKey, Duration connectTimeout, Duration requestTimeout, long maxMessageBytes) {
        Map<String, String> headers() {
            return apiKey.map(k -> Map.of("Authorization", "Api-Key " + k)).orElse(Map.of());
        }
    }

    /**
     * Opens a connection with {@code settings}, reads the metadata.
     *
     * @throws RemoteServiceException naming the address and the reason
     */
    static OpenPiClient connect(URI uri, Settings settings) {
        WsChannel channel;
        try {
            channel = WsChannel.open(uri, settings.headers(), settings.connectTimeout, settings.maxMessageBytes);
        } catch (WsChannel.Refused r) {
            int status = r.status();
            throw new RemoteServiceException("The server at " + uri + " refused the WebSocket handshake with HTTP "
                    + status + (status == 401 || status == 403
                            ? (settings.apiKey.isPresent() ? " (check the API key)" : " (it may need an API key)") : ""), r);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new RemoteServiceException("Cannot connect to the openpi server at " + uri + ": " + describe(c), c);
        } catch (TimeoutException e) {
            throw new RemoteServiceException("Cannot connect to the openpi server at " + uri + ": no handshake within "
                    + human(settings.connectTimeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteServiceException("Interrupted while connecting to the openpi server at " + uri, e);
        }
        try {
            WsChannel.Event first = channel.receive(settings.connectTimeout);
            if (first instanceof WsChannel.Binary b) {
                try {
                    return new OpenPiClient(uri, settings, channel, OpenPiCodec.decodeMap(b.data()));
                } catch (IllegalArgumentException e) {
                    throw new RemoteServiceException("The server at " + uri + " sent malformed metadata as its first "
                            + "message: " + e.getMessage(), e);
                }
            }
            String why;
            if (first == null) {
                why = "sent no metadata within " + human(settings.connectTimeout) + " of connecting";
            } else if (first instanceof WsChannel.Text t) {
                why = "sent text instead of its metadata: " + t.text().strip();
            } else if (first instanceof WsChannel.Closed c) {
                why = "closed the connection (code " + c.code() + ") without sending its metadata";
            } else {
                why = "failed before sending its metadata: " + describe(((WsChannel.Failed) first).error());
            }
            throw new RemoteServiceException("The server at " + uri + " " + why
                    + "; an openpi policy server sends a msgpack map first");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteServiceException("Interrupted while waiting for the metadata of " + uri, e);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Parses {@code ws://host:port}, {@code wss://…} or a bare {@code host:port} (as openpi's client does). */
    static URI parseUri(String s) {
        Objects.requireNonNull(s, "uri");
        String t = s.strip();
        if (!t.toLowerCase(Locale.ROOT).startsWith("ws://") && !t.toLowerCase(Locale.ROOT).startsWith("wss://")) {
            if (t.contains("://")) {
                throw new IllegalArgumentException("An openpi server address is ws://HOST:PORT or wss://HOST:PORT, got '"
                        + s + "'");
            }
            t = "ws://" + t;
        }
        try {
            URI u = new URI(t);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("The openpi server address '" + s + "' names no host");
            }
            if (u.getRawUserInfo() != null) {
                throw new IllegalArgumentException("The openpi server address must not carry credentials; use an API key");
            }
            return new URI(u.getScheme().toLowerCase(Locale.ROOT), null, u.getHost(), u.getPort(),
                    u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath(), u.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid openpi server address: '" + s + "' (" + e.getReason() + ")");
        }
    }

    /** Builds a connection; not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private String apiKey;
        private String apiKeyEnv;
        private Function<String, String> env = System::getenv;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private long maxMessageBytes = 16L << 20;

        private Builder(String uri) {
            this.uri = parseUri(uri);
        }

        /** Sends {@code Authorization: Api-Key <key>} with the handshake (as openpi's client does with {@code api_key}). */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** Reads the API key from this environment variable when connecting; unset or blank means none. */
        public Builder apiKeyFromEnv(String variable) {
            this.apiKeyEnv = variable;
            return this;
        }

        /** Where {@link #apiKeyFromEnv} looks variables up (a test's map); default {@code System::getenv}. */
        public Builder environment(Function<String, String> env) {
            this.env = Objects.requireNonNull(env, "env");
            return this;
        }

        /** How long the handshake and the metadata may take; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long one request may wait for its answer; default 60 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** The largest message accepted from the server; default 16 MiB. */
        public Builder maxMessageBytes(long bytes) {
            this.maxMessageBytes = checkMessageBytes(bytes);
            return this;
        }

        Settings settings() {
            Optional<String> key = Optional.ofNullable(apiKey).filter(k -> !k.isBlank());
            if (key.isEmpty() && apiKeyEnv != null) {
                key = Optional.ofNullable(env.apply(apiKeyEnv)).filter(k -> !k.isBlank());
            }
            return new Settings(key, connectTimeout, requestTimeout, maxMessageBytes);
        }

        URI uri() {
            return uri;
        }

        /**
         * Connects and reads the server's metadata.
         *
         * @throws RemoteServiceException when the server cannot be reached, refuses the handshake, or
         *     sends no (or malformed) metadata within the connect timeout
         */
        public OpenPiClient connect() {
            return OpenPiClient.connect(uri, settings());
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
