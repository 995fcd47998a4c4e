package io.vlaarena.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.http.internal.HttpError;
import io.vlaarena.http.internal.Json;
import io.vlaarena.http.internal.JsonServer;
import io.vlaarena.http.internal.JsonServer.Request;
import io.vlaarena.http.internal.JsonServer.Response;
import io.vlaarena.http.internal.Mjcf;
import io.vlaarena.core.Png;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves any {@link Vla} as a VLA service with the original's protocol (SPEC.md §2):
 * {@code GET /health}, {@code GET /info}, {@code POST /predict} and {@code POST /execute}.
 *
 * <p>{@code /predict} starts a fresh rollout per request and answers its chunk's first action as
 * {@code action} and the whole chunk as {@code actions}. Without the {@code observation}
 * extension, the observation is the scene's initial state (reset with seed 0) from the
 * environment factory, with the images the policy asks for (cached per XML); without a factory it
 * is an empty state. {@code /execute} runs the whole episode through the episode runner in an
 * environment from the factory ({@code max_steps}, default {@link ServiceInfo#maxSteps()}, and
 * {@code seed}, default 0, honoured); without a factory it answers 501. An XML that the factory
 * (or, without one, an XML parser) rejects gives 400 with the parser's message.
 *
 * <p>Started by {@link Builder#start()}; thread-safe. Owns its server and worker threads:
 * {@link #close()} stops accepting, lets requests in flight finish within the grace and is
 * idempotent. Does not close the policy.
 */
public final class VlaService implements AutoCloseable {
    /** The largest {@code max_steps} accepted by {@code /execute}. */
    public static final int MAX_EXECUTE_STEPS = 10_000;
    /** The default longest instruction, in characters: 2,000. */
    public static final int DEFAULT_MAX_INSTRUCTION_CHARS = 2_000;
    /** The default largest image, in pixels: 1024 × 1024. */
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 1024L * 1024;
    /** The default deadline of an {@code /execute} episode, checked inside the physics loop: 60 s. */
    public static final Duration DEFAULT_EPISODE_TIMEOUT = Duration.ofSeconds(60);
    /** The default limits on a posted MJCF model and on its physics. */
    public static final ModelLimits DEFAULT_MODEL_LIMITS = ModelLimits.defaults();
    private static final int CACHE_SIZE = 16;

    private final Vla vla;
    private final ServiceInfo info;
    private final EnvironmentFactory environments;
    private final EnvironmentOptions envOptions;
    private final EpisodeRunner runner;
    private final JsonServer server;
    private final Map<String, Object> initialObservations = new ConcurrentHashMap<>();
    private final int maxInstructionChars;
    private final long maxImagePixels;
    private final ModelLimits modelLimits;
    private final Map<String, ImageSpec> cameras = new java.util.LinkedHashMap<>();

    private VlaService(Builder b) {
        this.vla = b.vla;
        this.info = b.info != null ? b.info : ServiceInfo.of(vla.spec().id());
        this.environments = b.environments;
        this.envOptions = b.envOptions != null ? b.envOptions
                : EnvironmentOptions.defaults().withActionSpace(vla.spec().actionSpace());
        this.runner = b.runner != null ? b.runner : EpisodeRunner.builder().maxSteps(MAX_EXECUTE_STEPS)
                .episodeTimeout(DEFAULT_EPISODE_TIMEOUT).build();
        this.maxInstructionChars = b.maxInstructionChars;
        this.maxImagePixels = b.maxImagePixels;
        this.modelLimits = b.modelLimits;
        vla.spec().observation().images().forEach(i -> cameras.put(i.key(), i));
        this.server = new JsonServer("vla-service-" + info.modelId(), b.options, Set.of());
        JsonServer.Lane predictions = server.lane("predictions", b.predictThreads, b.predictQueue, Duration.ofSeconds(1));
        JsonServer.Lane episodes = server.lane("episodes", b.executeThreads, b.executeQueue, Duration.ofSeconds(10));
        server.route("GET", "/health", this::health)
                .route("GET", "/info", this::info)
                .route("POST", "/predict", predictions, this::predict)
                .route("POST", "/execute", episodes, this::execute);
        if (b.token != null) {
            server.requireBearerToken(b.token, Set.of("/health"));
        }
    }

    /** A builder serving {@code vla}; the policy stays owned by the caller. */
    public static Builder builder(Vla vla) {
        return new Builder(vla);
    }

    /** The bound port (the free port picked when configured with 0). */
    public int port() {
        return server.port();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8001}. */
    public URI baseUri() {
        return server.baseUri();
    }

    /** What {@code /info} reports. */
    public ServiceInfo info() {
        return info;
    }

    /** Stops the service (requests in flight finish within the grace); idempotent. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "VlaService[" + info.modelId() + (server.isClosed() ? ", closed" : " at " + baseUri()) + "]";
    }

    private Response health(Request r) {
        ObjectNode o = Json.object();
        o.put("status", info.loaded() ? "healthy" : "unhealthy");
        o.put("model", info.modelId());
        o.put("model_status", info.loaded() ? "loaded" : "not_loaded");
        return Response.json(info.loaded() ? 200 : 503, o);
    }

    private Response info(Request r) {
        ObjectNode o = Json.object();
        o.put("service_name", info.serviceName());
        o.put("service_version", info.serviceVersion());
        o.put("model_id", info.modelId());
        o.put("device", info.device());
        o.put("loaded", info.loaded());
        o.put("max_steps", info.maxSteps());
        o.put("type", info.type());
        o.put("parameters", info.parameters());
        o.put("framework", info.framework());
        return Response.json(200, o);
    }

    private Response predict(Request r) {
        ObjectNode body = r.json();
        String instruction = instruction(body);
        String xml = Json.requireString(body, "xml_string");
        JsonNode obsNode = body.get("observation");
        Observation observation;
        if (obsNode != null && !obsNode.isNull()) {
            // cheap checks first (sizes from the PNG headers), then the scene, then decoding
            PostedObservation posted = readObservation(obsNode);
            Observation initial = validateXml(xml);
            if (initial != null) {
                requireLength(posted.state().qpos().length, initial.state().qpos().length, "observation.qpos", "nq");
                requireLength(posted.state().qvel().length, initial.state().qvel().length, "observation.qvel", "nv");
            }
            observation = new Observation(0, posted.state(), decodeImages(posted.images()));
        } else {
            observation = initialObservation(xml);
        }
        ActionChunk chunk;
        String id = vla.spec().id();
        try (VlaRollout rollout = vla.start(new RolloutContext(instruction, xml, 0, info.maxSteps()))) {
            chunk = rollout.predict(observation, instruction);
        } catch (io.vlaarena.core.RemoteServiceException e) {
            // a policy that is itself remote (e.g. an HttpVla): its service failed, not this one
            throw new HttpError(502, "The model's upstream service failed: " + e.getMessage());
        } catch (RuntimeException e) {
            // as /execute answers a failed episode: 500 with the policy's own message
            throw new HttpError(500, io.vlaarena.core.EpisodeFailure.modelFailed(id, 0, e));
        }
        String wrong = io.vlaarena.core.EpisodeFailure.wrongDimension(id, 0, chunk, vla.spec());
        if (wrong != null) {
            throw new HttpError(500, wrong);
        }
        ObjectNode o = Json.object();
        o.set("action", Json.doubles(chunk.first().values()));
        o.set("actions", Json.actions(chunk.actions()));
        return Response.json(200, o);
    }

    private Response execute(Request r) {
        ObjectNode body = r.json();
        String instruction = instruction(body);
        String xml = Json.requireString(body, "xml_string");
        long maxSteps = Json.optionalLong(body, "max_steps").orElse((long) info.maxSteps());
        if (maxSteps < 1 || maxSteps > MAX_EXECUTE_STEPS) {
            throw new HttpError(422, "Field 'max_steps' must be in [1, " + MAX_EXECUTE_STEPS + "], got " + maxSteps);
        }
        long seed = Json.optionalLong(body, "seed").orElse(0L);
        if (instruction.isBlank()) {
            throw new HttpError(422, "Field 'instruction' must not be empty");
        }
        if (environments == null) {
            throw new HttpError(501, "This service has no simulator; use /predict");
        }
        Mjcf.Size size = checkModel(xml);
        long perAction;
        try {
            perAction = envOptions.substepsFor(size.timestep());
        } catch (IllegalArgumentException e) {
            throw new HttpError(422, e.getMessage());
        }
        if (perAction > modelLimits.maxPhysicsStepsPerAction()) {
            throw new HttpError(422, "The model's timestep of " + size.timestep() + " s needs " + perAction
                    + " physics steps per action; the limit is " + modelLimits.maxPhysicsStepsPerAction());
        }
        if (perAction * maxSteps > modelLimits.maxPhysicsStepsPerEpisode()) {
            throw new HttpError(422, "max_steps " + maxSteps + " at " + perAction + " physics steps per action is "
                    + perAction * maxSteps + " physics steps; the limit per episode is "
                    + modelLimits.maxPhysicsStepsPerEpisode());
        }
        Environment env = createEnvironment(xml);
        Episode episode;
        try (env) {
            episode = runner.run(vla, env, new RolloutContext(instruction, xml, seed, (int) maxSteps));
        }
        if (!episode.isCompleted()) {
            throw new HttpError(500, episode.failure().map(f -> f.message()).orElse("The episode failed"));
        }
        ObjectNode o = Json.object();
        o.set("actions", Json.actions(episode.actions()));
        o.set("states", Json.states(episode.states()));
        o.put("duration_ms", episode.duration().toMillis());
        return Response.json(200, o);
    }

    private Environment createEnvironment(String xml) {
        try {
            return environments.create(xml, envOptions);
        } catch (RuntimeException e) {
            throw new HttpError(400, "The XML is not a loadable MJCF model: " + e.getMessage());
        }
    }

    private String instruction(ObjectNode body) {
        String instruction = Json.requireString(body, "instruction");
        if (instruction.length() > maxInstructionChars) {
            throw new HttpError(422, "Field 'instruction' has " + instruction.length() + " characters; the limit is "
                    + maxInstructionChars);
        }
        return instruction;
    }

    private static void requireLength(int got, int expected, String field, String name) {
        if (got != expected) {
            throw new HttpError(422, "Field '" + field + "' has " + got + " values but the scene has " + name + " = "
                    + expected);
        }
    }

    /** Checks the XML; with an environment factory returns the scene's initial observation, else null. */
    private Observation validateXml(String xml) {
        if (environments != null) {
            return initialObservation(xml);
        }
        String error = Mjcf.check(xml);
        if (error != null) {
            throw new HttpError(400, "The XML is not a loadable MJCF model: " + error);
        }
        return null;
    }

    private Observation initialObservation(String xml) {
        Object cached = initialObservations.get(xml);
        if (cached == null) {
            cached = computeInitial(xml);
            if (initialObservations.size() >= CACHE_SIZE) {
                Iterator<String> it = initialObservations.keySet().iterator();
                if (it.hasNext()) {
                    it.next();
                    it.remove();
                }
            }
            initialObservations.put(xml, cached);
        }
        if (cached instanceof String error) {
            throw new HttpError(400, error);
        }
        return (Observation) cached;
    }

    /**
     * The model's size, refused (422) over the limits before anything compiles it; an unreadable
     * XML passes here and gets the loader's own error next.
     */
    private Mjcf.Size checkModel(String xml) {
        Mjcf.Size size;
        try {
            size = Mjcf.measure(xml);
        } catch (IllegalArgumentException e) {
            return new Mjcf.Size(0, 0, 0, 0.002, 0);
        }
        ModelLimits l = modelLimits;
        refuseOver("bodies", size.bodies(), l.maxBodies());
        refuseOver("geoms", size.geoms(), l.maxGeoms());
        refuseOver("degrees of freedom", size.dofs(), l.maxDofs());
        if (size.estimatedBytes() > l.maxModelBytes()) {
            throw new HttpError(422, "The model would need about " + size.estimatedBytes() / (1024 * 1024)
                    + " MiB to simulate (" + size.bodies() + " bodies, " + size.geoms() + " geoms, " + size.dofs()
                    + " degrees of freedom); the limit is " + l.maxModelBytes() / (1024 * 1024) + " MiB");
        }
        if (!(size.timestep() >= l.minTimestep()) || !Double.isFinite(size.timestep())) {
            throw new HttpError(422, "The model's timestep of " + size.timestep() + " s is below the limit of "
                    + l.minTimestep() + " s");
        }
        return size;
    }

    private static void refuseOver(String what, long value, long limit) {
        if (value > limit) {
            throw new HttpError(422, "The model has " + value + " " + what + "; the limit is " + limit);
        }
    }

    private Object computeInitial(String xml) {
        checkModel(xml);
        if (environments == null) {
            String error = Mjcf.check(xml);
            return error != null ? "The XML is not a loadable MJCF model: " + error
                    : Observation.of(0, new SimState(new double[0], new double[0], 0));
        }
        Environment env;
        try {
            // only reset and rendered, never stepped: the ctrl space needs neither the robot nor its
            // end-effector site, so any loadable scene gets an answer, as the original's services give
            env = environments.create(xml, envOptions.withActionSpace(io.vlaarena.core.ActionSpace.CTRL));
        } catch (RuntimeException e) {
            return "The XML is not a loadable MJCF model: " + e.getMessage();
        }
        try (env) {
            SimState state = env.reset(0);
            Map<String, RgbImage> images = new HashMap<>();
            for (ImageSpec spec : vla.spec().observation().images()) {
                images.put(spec.key(), env.render(spec.camera(), spec.width(), spec.height()));
            }
            Map<String, io.vlaarena.core.SitePose> sites = new HashMap<>();
            for (String site : vla.spec().observation().sites()) {
                sites.put(site, env.site(site));
            }
            return new Observation(0, state, images, sites);
        } catch (RuntimeException e) {
            return "The scene could not be reset or rendered: " + e.getMessage();
        }
    }

    /** A posted observation with its images still encoded (their header sizes already checked). */
    private record PostedObservation(SimState state, Map<String, byte[]> images) {}

    private PostedObservation readObservation(JsonNode n) {
        if (!n.isObject()) {
            throw new HttpError(422, "Field 'observation' must be an object, got " + Json.kind(n));
        }
        SimState state;
        try {
            state = Json.readState(n, "observation");
        } catch (IllegalArgumentException e) {
            throw new HttpError(422, "Field " + e.getMessage());
        }
        Map<String, byte[]> images = new java.util.LinkedHashMap<>();
        JsonNode imgs = n.get("images");
        if (imgs != null && !imgs.isNull()) {
            if (!imgs.isObject()) {
                throw new HttpError(422, "Field 'observation.images' must be an object, got " + Json.kind(imgs));
            }
            for (Map.Entry<String, JsonNode> e : imgs.properties()) {
                if (!cameras.containsKey(e.getKey())) {
                    // refused before any image is read: a model that takes no such image does not pay for it
                    throw new HttpError(422, "Field 'observation.images." + e.getKey() + "': this model takes "
                            + (cameras.isEmpty() ? "no images" : "only the images " + cameras.keySet()));
                }
            }
            for (Map.Entry<String, JsonNode> e : imgs.properties()) {
                images.put(e.getKey(), readImage(cameras.get(e.getKey()), e.getValue()));
            }
        }
        for (String key : cameras.keySet()) {
            if (!images.containsKey(key)) {
                throw new HttpError(422, "Field 'observation.images." + key + "' is missing: this model takes the images "
                        + cameras.keySet());
            }
        }
        return new PostedObservation(state, images);
    }

    /** The PNG bytes of one image, after checking its declared and actual size against the model's and the cap. */
    private byte[] readImage(ImageSpec spec, JsonNode n) {
        String field = "observation.images." + spec.key();
        if (!n.isObject() || !n.path("data").isTextual()) {
            throw new HttpError(422, "Field '" + field + "' must be an object with a base64 'data' string");
        }
        String encoding = n.path("encoding").asText("png");
        if (!encoding.equals("png")) {
            throw new HttpError(422, "Field '" + field + ".encoding' must be \"png\", got \"" + encoding + "\"");
        }
        byte[] png;
        int[] size;
        try {
            png = Base64.getDecoder().decode(n.get("data").textValue());
            size = Png.size(png);
        } catch (IllegalArgumentException e) {
            throw new HttpError(422, "Field '" + field + ".data' is not a base64 PNG: " + e.getMessage());
        }
        long pixels = (long) size[0] * size[1];
        if (size[0] <= 0 || size[1] <= 0 || pixels > maxImagePixels) {
            throw new HttpError(422, "Field '" + field + "' is a " + Integer.toUnsignedString(size[0]) + "x"
                    + Integer.toUnsignedString(size[1]) + " image; the limit is " + maxImagePixels + " pixels");
        }
        JsonNode w = n.get("width");
        JsonNode h = n.get("height");
        if (w != null && w.isNumber() && w.asInt() != size[0] || h != null && h.isNumber() && h.asInt() != size[1]) {
            throw new HttpError(422, "Field '" + field + "' declares " + w + "x" + h + " but the PNG is "
                    + size[0] + "x" + size[1]);
        }
        if (size[0] != spec.width() || size[1] != spec.height()) {
            throw new HttpError(422, "Field '" + field + "' is " + size[0] + "x" + size[1] + " but this model takes "
                    + spec.width() + "x" + spec.height());
        }
        return png;
    }

    private static Map<String, RgbImage> decodeImages(Map<String, byte[]> images) {
        Map<String, RgbImage> out = new HashMap<>();
        images.forEach((key, png) -> {
            try {
                out.put(key, Png.decode(png));
            } catch (IllegalArgumentException e) {
                throw new HttpError(422, "Field 'observation.images." + key + ".data' is not a decodable PNG: "
                        + e.getMessage());
            }
        });
        return out;
    }

    /** Builds and starts {@link VlaService}s; not thread-safe. */
    public static final class Builder {
        private final Vla vla;
        private ServiceInfo info;
        private EnvironmentFactory environments;
        private EnvironmentOptions envOptions;
        private EpisodeRunner runner;
        private ServerOptions options = ServerOptions.defaults();
        private String token;
        private int maxInstructionChars = DEFAULT_MAX_INSTRUCTION_CHARS;
        private long maxImagePixels = DEFAULT_MAX_IMAGE_PIXELS;
        private ModelLimits modelLimits = DEFAULT_MODEL_LIMITS;
        private int predictThreads = ServerOptions.defaults().workers();
        private int predictQueue = 256;
        private int executeThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int executeQueue = 16;

        private Builder(Vla vla) {
            this.vla = Objects.requireNonNull(vla, "vla");
        }

        /** What {@code /info} and {@code /health} report (default {@link ServiceInfo#of} the policy's id). */
        public Builder info(ServiceInfo info) {
            this.info = Objects.requireNonNull(info, "info");
            return this;
        }

        /** Builds environments for {@code /execute}, MJCF validation and observation-less {@code /predict}. */
        public Builder environments(EnvironmentFactory environments) {
            this.environments = Objects.requireNonNull(environments, "environments");
            return this;
        }

        /** Options for those environments (default: the defaults in the policy's action space). */
        public Builder environmentOptions(EnvironmentOptions options) {
            this.envOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Runs {@code /execute} episodes (default: the core defaults with a cap of
         * {@link #MAX_EXECUTE_STEPS} steps and a deadline of {@link #DEFAULT_EPISODE_TIMEOUT}).
         */
        public Builder runner(EpisodeRunner runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /** Where and how to listen (default {@link ServerOptions#defaults()}: loopback, any free port). */
        public Builder options(ServerOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The port to bind (0 = any free port). */
        public Builder port(int port) {
            this.options = options.withPort(port);
            return this;
        }

        /**
         * Requires {@code Authorization: Bearer <token>} on every endpoint but {@code /health}
         * (401 otherwise); {@code null} or blank for none (the default). Never logged.
         */
        public Builder bearerToken(String token) {
            this.token = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /** The longest {@code instruction} accepted, in characters (default 2,000); longer ones get 422. */
        public Builder maxInstructionChars(int chars) {
            if (chars <= 0) {
                throw new IllegalArgumentException("maxInstructionChars must be positive, was " + chars);
            }
            this.maxInstructionChars = chars;
            return this;
        }

        /**
         * The largest posted image, in pixels (default 1024 × 1024), checked from the PNG header
         * before anything is decoded; larger ones get 422.
         */
        public Builder maxImagePixels(long pixels) {
            if (pixels <= 0) {
                throw new IllegalArgumentException("maxImagePixels must be positive, was " + pixels);
            }
            this.maxImagePixels = pixels;
            return this;
        }

        /**
         * Limits on a posted model (bodies, geoms, DoFs, estimated memory, smallest timestep) and
         * its physics (steps per action and per episode), checked before anything is compiled or
         * simulated (default {@link ModelLimits#defaults()}); a model over them gets 422.
         */
        public Builder modelLimits(ModelLimits limits) {
            this.modelLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Threads running {@code /predict} (default 2 × processors, at least 4) and the requests
         * that may wait for one (default 256; beyond it 503 with {@code Retry-After}).
         */
        public Builder predictThreads(int threads, int queueLimit) {
            this.predictThreads = requirePositive(threads, "predict threads");
            this.predictQueue = requirePositive(queueLimit, "predict queue limit");
            return this;
        }

        /**
         * Threads running {@code /execute} episodes (default: one per processor) and the requests
         * that may wait for one (default 16; beyond it 503 with {@code Retry-After}).
         */
        public Builder executeThreads(int threads, int queueLimit) {
            this.executeThreads = requirePositive(threads, "execute threads");
            this.executeQueue = requirePositive(queueLimit, "execute queue limit");
            return this;
        }

        private static int requirePositive(int n, String what) {
            if (n <= 0) {
                throw new IllegalArgumentException(what + " must be positive, was " + n);
            }
            return n;
        }

        /**
         * Binds and starts the service; the caller closes it.
         *
         * @throws java.io.UncheckedIOException when the port cannot be bound
         */
        public VlaService start() {
            VlaService s = new VlaService(this);
            s.server.start();
            return s;
        }
    }
}
