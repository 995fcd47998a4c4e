package io.vlaarena.openpi;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RemoteServiceException;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A policy served by an openpi policy server (pi0, pi0-FAST, pi0.5, their DROID, LIBERO and ALOHA
 * checkpoints) or a RoboArena policy server, as a {@link Vla}: each prediction sends the
 * observation as its {@link OpenPiMapping} says and maps the answer's {@code actions} back.
 *
 * <pre>{@code
 * try (OpenPiVla pi0 = OpenPiVla.builder("ws://gpu-box:8000").id("pi0-droid")
 *         .mapping(OpenPiMapping.droid()).apiKeyFromEnv("OPENPI_API_KEY").connect()) {
 *     Episode e = runner.run(pi0, environment, context);
 * }
 * }</pre>
 *
 * <p><b>Connections.</b> {@link Builder#connect()} opens the first connection and reads the
 * server's metadata ({@link #metadata()}); a server that sends none fails there. Each episode
 * ({@link #start}) takes an idle connection, or opens one, for itself, so concurrent episodes never
 * share one; a finished episode gives its connection back. A connection found dropped when an
 * episode starts, or that drops before the episode's first answer, is replaced once (openpi's
 * server keeps no state between requests, so sending the first observation again is safe); one that
 * drops later fails the episode with a {@link RemoteServiceException}.
 *
 * <p><b>RoboArena.</b> With {@link Builder#roboArena()} the server's metadata is RoboArena's
 * configuration and decides the mapping ({@link OpenPiMapping#roboArena}); every request carries
 * {@code endpoint: infer}, a {@code session_id} unique to the episode when the server asks for one,
 * and each episode ends with {@code endpoint: reset}.
 *
 * <p>Errors during a prediction: a server error (text frame, close 1011) and a malformed or
 * unusable answer (wrong dtype, shape or width, non-finite values) throw {@link InferenceException};
 * a dropped or silent connection throws {@link RemoteServiceException}. The episode runner turns both
 * into a failed episode with the message.
 *
 * <p>Thread-safe and meant to be shared; {@link #close()} closes the idle connections and makes
 * episodes still running close theirs when they end. The API key never appears in a message or
 * {@code toString()}.
 */
public final class OpenPiVla implements Vla {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What an openpi server reports about one answer (openpi's {@code server_timing} and
     * {@code policy_timing} entries), with the round trip this client measured.
     *
     * @param serverInferMs the server's {@code server_timing.infer_ms}: its policy call, transforms included
     * @param prevTotalMs the server's {@code server_timing.prev_total_ms}: its whole previous request
     * @param policyInferMs the policy's {@code policy_timing.infer_ms}: the model alone
     * @param roundTripNanos from before encoding the observation to after decoding the actions, on this side
     */
    public record Timing(Optional<Double> serverInferMs, Optional<Double> prevTotalMs, Optional<Double> policyInferMs,
            long roundTripNanos) {}

    private final URI uri;
    private final OpenPiClient.Settings settings;
    private final OpenPiMapping mapping;
    private final VlaSpec spec;
    private final boolean roboArena;
    private final boolean sessionIds;
    private final Map<String, Object> metadata;
    private final Consumer<Timing> timing;
    private final ConcurrentLinkedDeque<OpenPiClient> idle = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenPiVla(Builder b, OpenPiClient first) {
        this.uri = b.client.uri();
        this.settings = b.client.settings();
        this.roboArena = b.roboArena;
        this.metadata = first.metadata();
        try {
            this.mapping = roboArena ? OpenPiMapping.roboArena(metadata)
                    : b.fromServer ? OpenPiMapping.arena(metadata) : b.mapping;
        } catch (IllegalArgumentException e) {
            throw new RemoteServiceException("The " + (roboArena ? "RoboArena " : "openpi ") + "server at " + uri
                    + " sent metadata the arena cannot use: " + e.getMessage(), e);
        }
        this.sessionIds = roboArena && Boolean.TRUE.equals(metadata.get("needs_session_id"));
        String id = b.id != null ? b.id : "openpi@" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        this.spec = mapping.spec(id, b.name != null ? b.name : id);
        this.timing = b.timing;
        idle.add(first);
    }

    /** A builder for the server at {@code uri}: {@code ws://host:port}, {@code wss://…} or {@code host:port}. */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    @Override
    public VlaSpec spec() {
        return spec;
    }

    /** The server's metadata from the first connection (openpi: the policy's; RoboArena: its configuration). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The mapping in use (for RoboArena, the one its configuration decided). */
    public OpenPiMapping mapping() {
        return mapping;
    }

    /** The server's address. */
    public URI uri() {
        return uri;
    }

    @Override
    public VlaRollout start(RolloutContext context) {
        if (closed.get()) {
            throw new IllegalStateException("This OpenPiVla is closed");
        }
        OpenPiClient c = idle.pollFirst();
        boolean reused = c != null;
        while (c != null && !c.isOpen()) {
            c.close();
            c = idle.pollFirst();
        }
        if (c == null) {
            c = connect();
            reused = false;
        }
        return new Rollout(c, reused);
    }

    private OpenPiClient connect() {
        return OpenPiClient.connect(uri, settings);
    }

    private void giveBack(OpenPiClient c) {
        if (c.isOpen() && !closed.get()) {
            idle.addFirst(c);
            if (closed.get() && idle.remove(c)) {
                c.close();
            }
        } else {
            c.close();
        }
    }

    /** Closes the idle connections; running episodes close theirs when they end. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            OpenPiClient c;
            while ((c = idle.pollFirst()) != null) {
                c.close();
            }
        }
    }

    @Override
    public String toString() {
        return "OpenPiVla[" + spec.id() + " at " + uri + ", " + (roboArena ? "RoboArena" : mapping.name())
                + (settings.apiKey().isPresent() ? ", API key set" : "") + "]";
    }

    /** One episode on one connection; confined to the episode's thread except for {@link #close}. */
    private final class Rollout implements VlaRollout {
        private OpenPiClient client;
        private boolean reused;
        private boolean answered;
        private final String sessionId;
        private final AtomicBoolean inFlight = new AtomicBoolean();
        private final AtomicBoolean done = new AtomicBoolean();

        Rollout(OpenPiClient client, boolean reused) {
            this.client = client;
            this.reused = reused;
            this.sessionId = sessionIds ? "arena-" + HexFormat.of().formatHex(RANDOM.generateSeed(12)) : null;
        }

        @Override
        public ActionChunk predict(Observation observation, String instruction) {
            if (done.get()) {
                throw new IllegalStateException("This episode's rollout is closed");
            }
            long t0 = System.nanoTime();
            Map<String, Object> request;
            try {
                request = new LinkedHashMap<>(MappingCodec.request(mapping, observation, instruction));
            } catch (IllegalArgumentException e) {
                throw new InferenceException("Cannot build the observation for the openpi server at " + uri + ": "
                        + e.getMessage(), e);
            }
            if (roboArena) {
                request.put(OpenPiClient.ENDPOINT, "infer");
                if (sessionId != null) {
                    request.put("session_id", sessionId);
                }
            }
            Map<String, Object> answer = exchange(request);
            ActionChunk chunk;
            try {
                chunk = MappingCodec.chunk(mapping, answer);
            } catch (IllegalArgumentException e) {
                throw new InferenceException("The openpi server at " + uri + " answered actions the arena cannot use: "
                        + e.getMessage(), e);
            }
            if (timing != null) {
                report(answer, System.nanoTime() - t0);
            }
            return chunk;
        }

        private Map<String, Object> exchange(Map<String, Object> request) {
            inFlight.set(true);
            try {
                try {
                    Map<String, Object> a = client.infer(request);
                    answered = true;
                    return a;
                } catch (RemoteServiceException e) {
                    if (!reused || answered || done.get()) {
                        throw e;
                    }
                    // an idle connection the server dropped while the arena was not looking: replace it once
                    client.close();
                    try {
                        client = connect();
                    } catch (RemoteServiceException again) {
                        again.addSuppressed(e);
                        throw again;
                    }
                    reused = false;
                    Map<String, Object> a = client.infer(request);
                    answered = true;
                    return a;
                }
            } finally {
                inFlight.set(false);
            }
        }

        private void report(Map<String, Object> answer, long roundTrip) {
            try {
                timing.accept(new Timing(number(answer, "server_timing", "infer_ms"),
                        number(answer, "server_timing", "prev_total_ms"), number(answer, "policy_timing", "infer_ms"),
                        roundTrip));
            } catch (RuntimeException ignored) {
                // a listener's fault must not fail the prediction it observes
            }
        }

        /** Closes the episode: RoboArena's reset, then the connection goes back (or closes, if a request is still out). */
        @Override
        public void close() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (inFlight.get()) {
                client.close(); // a prediction abandoned at its deadline: its late answer must never reach another episode
                return;
            }
            if (roboArena && client.isOpen()) {
                try {
                    Map<String, Object> info = new LinkedHashMap<>();
                    if (sessionId != null) {
                        info.put("session_id", sessionId);
                    }
                    client.reset(info);
                } catch (RuntimeException e) {
                    client.close();
                }
            }
            giveBack(client);
        }
    }

    private static Optional<Double> number(Map<String, Object> answer, String section, String key) {
        if (answer.get(section) instanceof Map<?, ?> m && m.get(key) instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        if (answer.get(section) instanceof Map<?, ?> m && m.get(key) instanceof NdArray a && a.size() == 1) {
            return Optional.of(a.getDouble(0));
        }
        return Optional.empty();
    }

    /** Builds and connects an {@link OpenPiVla}; not thread-safe. */
    public static final class Builder {
        private final OpenPiClient.Builder client;
        private String id;
        private String name;
        private OpenPiMapping mapping = OpenPiMapping.droid();
        private boolean roboArena;
        private boolean fromServer;
        private Consumer<Timing> timing;

        private Builder(String uri) {
            this.client = OpenPiClient.builder(uri);
        }

        /** The model id the arena reports; default {@code openpi@HOST:PORT}. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The display name; default the id. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** How observations and actions map to the policy's keys; default {@link OpenPiMapping#droid()}. */
        public Builder mapping(OpenPiMapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * Takes the mapping from the server's metadata: the {@link OpenPiMapping#arena arena} mapping of the
         * policy another arena serves ({@code arena serve-policy}, {@link OpenPiServer}).
         */
        public Builder mappingFromServer() {
            this.fromServer = true;
            return this;
        }

        /** Speaks RoboArena's variant: its configuration decides the mapping, requests carry {@code endpoint}. */
        public Builder roboArena() {
            this.roboArena = true;
            return this;
        }

        /** Sends {@code Authorization: Api-Key <key>}. */
        public Builder apiKey(String key) {
            client.apiKey(key);
            return this;
        }

        /** Reads the API key from this environment variable; unset or blank means none. */
        public Builder apiKeyFromEnv(String variable) {
            client.apiKeyFromEnv(variable);
            return this;
        }

        /** Where {@link #apiKeyFromEnv} looks variables up; default {@code System::getenv}. */
        public Builder environment(Function<String, String> env) {
            client.environment(env);
            return this;
        }

        /** Handshake and metadata timeout; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            client.connectTimeout(timeout);
            return this;
        }

        /**
         * How long one prediction may wait for its answer; default 60 s. (The episode runner's own
         * per-step deadline also applies; the shorter one wins.)
         */
        public Builder requestTimeout(Duration timeout) {
            client.requestTimeout(timeout);
            return this;
        }

        /** The largest answer accepted; default 16 MiB. */
        public Builder maxMessageBytes(long bytes) {
            client.maxMessageBytes(bytes);
            return this;
        }

        /** Receives each answer's timing entries (on the episode's thread); for benchmarks and monitoring. */
        public Builder timingListener(Consumer<Timing> listener) {
            this.timing = listener;
            return this;
        }

        /**
         * Connects, reads the server's metadata, and returns the policy.
         *
         * @throws RemoteServiceException when the server cannot be reached, sends no metadata, or (RoboArena)
         *     a configuration the arena cannot serve
         */
        public OpenPiVla connect() {
            OpenPiClient first = OpenPiClient.connect(client.uri(), client.settings());
            try {
                return new OpenPiVla(this, first);
            } catch (RuntimeException e) {
                first.close();
                throw e;
            }
        }
    }
}
