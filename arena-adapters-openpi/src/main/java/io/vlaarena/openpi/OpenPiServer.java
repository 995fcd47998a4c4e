package io.vlaarena.openpi;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.openpi.internal.WsServer;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves any {@link Vla} to openpi clients, as openpi's {@code websocket_policy_server} does: on
 * each WebSocket connection the metadata map first, then for each binary msgpack observation an
 * answer map with {@code actions} [horizon, width] (float32), {@code policy_timing}
 * ({@code infer_ms}) and {@code server_timing} ({@code infer_ms}, {@code prev_total_ms});
 * {@code GET /healthz} answers 200. Any openpi-protocol harness (openpi's own client, RoboArena's
 * evaluation) can then query an in-process ONNX model or any other policy.
 *
 * <pre>{@code
 * try (OpenPiServer server = OpenPiServer.builder(octo).mapping(OpenPiMapping.droid()).port(8000).start()) {
 *     server.awaitClose();
 * }
 * }</pre>
 *
 * <p>With the {@link OpenPiMapping#arena arena} mapping, the metadata also describes the policy's
 * interface ({@value OpenPiMapping#ARENA_METADATA}), so that another arena's {@link OpenPiVla}
 * with {@link OpenPiVla.Builder#mappingFromServer()} can use it without being told.
 *
 * <p>The {@link OpenPiMapping} reads the observation's images, state and prompt for the policy
 * (each image the policy's spec asks for comes from the camera with that image key, resized with
 * padding to the policy's size) and writes the policy's actions back in the message's units.
 * Each connection is one episode at a time: it starts when the first observation arrives, with the
 * prompt as the instruction, and a new one starts when the prompt changes (or, with RoboArena's
 * variant, after {@code endpoint: reset}, which answers the text {@code reset successful}).
 *
 * <p>Errors are sent as openpi sends them: a text frame with the reason, then close code 1011
 * ("Internal server error. Traceback included in previous frame."). The reason is a sentence, never
 * a stack trace. Bounds: messages larger than {@code maxMessageBytes} (default 32 MiB) close the
 * connection with 1009; idle connections close after {@code idleTimeout} (default 5 min); more than
 * {@code maxConnections} (default 16) are refused with HTTP 503; predictions run on {@code workers}
 * threads (default the number of processors, at least 2). With {@link Builder#apiKey} set, a
 * handshake without {@code Authorization: Api-Key <key>} is refused with HTTP 401.
 *
 * <p>Thread-safe. The server never closes the policy it serves; {@link #close()} stops it,
 * closing open connections and their episodes, and is idempotent.
 */
public final class OpenPiServer implements AutoCloseable {
    /** The close reason openpi's server sends after an error's text frame. */
    public static final String ERROR_REASON = "Internal server error. Traceback included in previous frame.";
    /** RoboArena's answer to a reset. */
    public static final String RESET_ANSWER = "reset successful";

    private final Vla vla;
    private final OpenPiMapping mapping;
    private final byte[] metadataFrame;
    private final boolean roboArena;
    private final ExecutorService workers;
    private final WsServer server;
    private final String host;
    private final AtomicInteger episodes = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    private OpenPiServer(Builder b) {
        this.vla = b.vla;
        this.roboArena = b.roboArenaConfig != null;
        this.mapping = roboArena ? OpenPiMapping.roboArena(b.roboArenaConfig) : b.mapping;
        check(vla.spec(), mapping);
        Map<String, Object> metadata = new LinkedHashMap<>(roboArena ? b.roboArenaConfig : b.metadata);
        if (!roboArena && mapping.name().equals("arena")) {
            metadata.putIfAbsent(OpenPiMapping.ARENA_METADATA, OpenPiMapping.describe(vla.spec()));
        }
        this.metadataFrame = OpenPiCodec.encode(metadata);
        this.host = b.host;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(b.workers, r -> {
            Thread t = new Thread(r, "openpi-policy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = new WsServer(b.host, b.port, b.maxMessageBytes, b.idleTimeout, b.maxConnections,
                    authorization(b.apiKey), PolicySession::new);
        } catch (RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
    }

    /** Admits every handshake without a key; with one, only {@code Authorization: Api-Key <key>} (constant time). */
    private static java.util.function.Predicate<String> authorization(String key) {
        if (key == null) {
            return header -> true;
        }
        byte[] expected = ("Api-Key " + key).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return header -> header != null && java.security.MessageDigest.isEqual(expected,
                header.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Checks before serving that the mapping can feed the policy and carry its actions. */
    private static void check(VlaSpec spec, OpenPiMapping m) {
        for (ImageSpec img : spec.observation().images()) {
            if (m.cameras().stream().noneMatch(c -> c.imageKey().equals(img.key()))) {
                throw new IllegalArgumentException("The policy '" + spec.id() + "' needs the image '" + img.key()
                        + "', which the '" + m.name() + "' mapping does not receive; its cameras give "
                        + m.cameras().stream().map(OpenPiMapping.Camera::imageKey).distinct().toList());
            }
        }
        for (String site : spec.observation().sites()) {
            if (!m.sites().contains(site)) {
                throw new IllegalArgumentException("The policy '" + spec.id() + "' needs the pose of the site '" + site
                        + "', which the '" + m.name() + "' mapping's state does not carry (it carries " + m.sites() + ")");
            }
        }
        if (spec.actionDimension() != m.actions().dims().size() || spec.actionSpace() != m.actions().space()) {
            throw new IllegalArgumentException("The policy '" + spec.id() + "' acts with " + spec.actionDimension()
                    + " values (" + spec.actionSpace().wireName() + ") but the '" + m.name() + "' mapping carries "
                    + m.actions().dims().size() + " (" + m.actions().space().wireName() + ")");
        }
    }

    /** A builder serving {@code vla} (not closed by the server). */
    public static Builder builder(Vla vla) {
        return new Builder(vla);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The address openpi clients connect to, e.g. {@code ws://127.0.0.1:8000/}. */
    public URI uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("ws://" + (h.equals("0.0.0.0") ? "127.0.0.1" : h) + ":" + port() + "/");
    }

    /** The mapping in use. */
    public OpenPiMapping mapping() {
        return mapping;
    }

    /** The connections open now. */
    public int connections() {
        return server.connections();
    }

    /** Episodes started since the server started. */
    public int episodesStarted() {
        return episodes.get();
    }

    /** Blocks until {@link #close()} has stopped the server (for a command that serves until stopped). */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } finally {
            workers.shutdownNow();
            try {
                workers.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }
    }

    @Override
    public String toString() {
        return "OpenPiServer[" + vla.spec().id() + " on " + uri() + ", " + mapping.name() + "]";
    }

    /** One connection: one episode at a time, messages handled one after the other on the workers. */
    private final class PolicySession implements WsServer.Handler {
        private final WsServer.Connection connection;
        private VlaRollout rollout;
        private String instruction;
        private int step;
        private Double prevTotalMs;
        private boolean ended;

        PolicySession(WsServer.Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onOpen() {
            connection.sendBinary(metadataFrame, connection::demand);
        }

        @Override
        public void onBinary(byte[] message) {
            long start = System.nanoTime();
            try {
                workers.execute(() -> handle(message, start));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                fail("The policy server is shutting down");
            }
        }

        @Override
        public void onText(String message) {
            fail("An openpi policy server takes binary msgpack observations, not text frames");
        }

        @Override
        public synchronized void onClose(int code, String reason) {
            ended = true;
            endEpisode();
        }

        private synchronized void handle(byte[] message, long start) {
            if (ended) {
                return;
            }
            Map<String, Object> obs;
            try {
                obs = new LinkedHashMap<>(OpenPiCodec.decodeMap(message));
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
                return;
            }
            if (roboArena) {
                Object endpoint = obs.remove(OpenPiClient.ENDPOINT);
                if ("reset".equals(endpoint)) {
                    endEpisode();
                    connection.sendText(RESET_ANSWER, connection::demand);
                    return;
                }
                if (!"infer".equals(endpoint)) {
                    fail("RoboArena requests carry 'endpoint': 'infer' or 'reset', got " + (endpoint == null ? "none"
                            : "'" + endpoint + "'"));
                    return;
                }
            }
            Map<String, Object> answer;
            try {
                String prompt = MappingCodec.prompt(mapping, obs);
                if (rollout == null || !prompt.equals(instruction)) {
                    endEpisode();
                    rollout = vla.start(new RolloutContext(prompt, "", episodes.getAndIncrement(), Integer.MAX_VALUE));
                    instruction = prompt;
                    step = 0;
                }
                VlaSpec spec = vla.spec();
                Observation o = MappingCodec.observation(mapping, obs, step++, spec.observation(), 0, 0);
                long t0 = System.nanoTime();
                ActionChunk chunk = rollout.predict(o, prompt);
                double inferMs = (System.nanoTime() - t0) / 1e6;
                if (chunk == null) {
                    throw new IllegalStateException("The policy '" + spec.id() + "' returned no actions");
                }
                answer = new LinkedHashMap<>();
                answer.put("actions", MappingCodec.actions(mapping, chunk));
                answer.put("policy_timing", Map.of("infer_ms", inferMs));
                Map<String, Object> server = new LinkedHashMap<>();
                server.put("infer_ms", (System.nanoTime() - start) / 1e6);
                if (prevTotalMs != null) {
                    server.put("prev_total_ms", prevTotalMs);
                }
                answer.put("server_timing", server);
            } catch (RuntimeException e) {
                fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                return;
            }
            byte[] frame = OpenPiCodec.encode(answer);
            connection.sendBinary(frame, () -> {
                prevTotalMs = (System.nanoTime() - start) / 1e6;
                connection.demand();
            });
        }

        /** openpi's error: the reason as a text frame, then close 1011. */
        private void fail(String reason) {
            connection.sendText(reason, () -> connection.close(1011, ERROR_REASON));
        }

        private void endEpisode() {
            if (rollout != null) {
                try {
                    rollout.close();
                } catch (RuntimeException ignored) {
                    // a rollout that fails to close cannot change what was answered
                }
                rollout = null;
            }
        }
    }

    /** Builds and starts an {@link OpenPiServer}; not thread-safe. */
    public static final class Builder {
        private final Vla vla;
        private OpenPiMapping mapping = OpenPiMapping.droid();
        private Map<String, Object> metadata = Map.of();
        private Map<String, Object> roboArenaConfig;
        private String host = "127.0.0.1";
        private int port;
        private long maxMessageBytes = 32L << 20;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int maxConnections = 16;
        private int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        private String apiKey;

        private Builder(Vla vla) {
            this.vla = Objects.requireNonNull(vla, "vla");
        }

        /** How messages map to the policy; default {@link OpenPiMapping#droid()}. */
        public Builder mapping(OpenPiMapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /** The metadata map sent first on every connection (openpi: the policy's metadata); default empty. */
        public Builder metadata(Map<String, ?> metadata) {
            Map<String, Object> copy = new LinkedHashMap<>(metadata);
            OpenPiCodec.encode(copy); // fails now for a value that cannot travel
            this.metadata = copy;
            return this;
        }

        /**
         * Serves RoboArena's variant: {@code config} (RoboArena's {@code PolicyServerConfig} fields, e.g.
         * {@code image_resolution: [224, 224]}, {@code n_external_cameras: 1}, {@code needs_wrist_camera},
         * {@code action_space: joint_position}) is sent as the metadata and decides the mapping;
         * requests must carry {@code endpoint}.
         */
        public Builder roboArena(Map<String, ?> config) {
            Map<String, Object> copy = new LinkedHashMap<>();
            copy.put("image_resolution", List.of(224, 224));
            copy.put("needs_wrist_camera", true);
            copy.put("n_external_cameras", 1);
            copy.put("needs_stereo_camera", false);
            copy.put("needs_session_id", false);
            copy.put("action_space", "joint_position");
            copy.putAll(config);
            OpenPiMapping.roboArena(copy); // fails now for a configuration outside RoboArena's choices
            this.roboArenaConfig = copy;
            return this;
        }

        /**
         * Requires {@code Authorization: Api-Key <key>} on every handshake (as openpi's client sends with
         * {@code api_key}); others are refused with HTTP 401. {@code GET /healthz} stays open. The key
         * is compared in constant time and never logged.
         */
        public Builder apiKey(String key) {
            this.apiKey = key == null || key.isBlank() ? null : key;
            return this;
        }

        /** The address to bind; default {@code 127.0.0.1} ({@code 0.0.0.0} serves the network). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; default 0 (any free port; see {@link OpenPiServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("A port is between 0 and 65535 (0 = any free port), got " + port);
            }
            this.port = port;
            return this;
        }

        /** The largest observation accepted; default 32 MiB. */
        public Builder maxMessageBytes(long bytes) {
            this.maxMessageBytes = OpenPiClient.checkMessageBytes(bytes);
            return this;
        }

        /** How long a connection may stay silent; default 5 minutes. */
        public Builder idleTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, was " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** The most connections at once; default 16. */
        public Builder maxConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + n);
            }
            this.maxConnections = n;
            return this;
        }

        /** Threads running predictions; default the number of processors, at least 2. */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be at least 1, was " + n);
            }
            this.workers = n;
            return this;
        }

        /**
         * Starts serving.
         *
         * @throws IllegalArgumentException when the mapping cannot feed the policy (an image or site
         *     it needs) or carry its actions (another width), naming both
         * @throws java.io.UncheckedIOException when the port cannot be bound
         */
        public OpenPiServer start() {
            return new OpenPiServer(this);
        }
    }
}
