package io.vlaarena.cli.internal;

import io.vlaarena.core.ChunkExecution;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeGenerator;
import io.vlaarena.core.EpisodeRequest;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.LocalEpisodeGenerator;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.http.ArenaService;
import io.vlaarena.http.HttpVla;
import io.vlaarena.http.ModelEntry;
import io.vlaarena.http.ModelsConfig;
import io.vlaarena.http.RemoteEpisodeGenerator;
import io.vlaarena.http.ServerOptions;
import io.vlaarena.http.ServiceInfo;
import io.vlaarena.http.VlaService;
import io.vlaarena.http.VlaServiceClient;
import io.vlaarena.onnx.OnnxOptions;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.MjcfReplayProvider;
import io.vlaarena.storage.MongoArenaStore;
import io.vlaarena.storage.MongoStoreConfig;
import io.vlaarena.models.MockVla;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The original VLA Arena's stack in one process: the backend API, a mock VLA service, an
 * Octo-style VLA service (an ONNX model run in process), the arena with its battle models and its
 * store (embedded MongoDB-wire server, or an external MongoDB).
 *
 * <p>{@link #start} opens everything or, on a failure, closes what it opened and throws with a
 * message naming what failed (a port in use names the port). {@link #close()} stops the services,
 * then the arena, then the models and clients, then the store; it is idempotent and thread-safe
 * (a shutdown hook and the command's own thread may both call it).
 */
public final class ServeStack implements AutoCloseable {
    /** The id of the in-process mock model and of the mock VLA service. */
    public static final String MOCK_ID = MockVla.DEFAULT_ID;

    /**
     * How to start the stack.
     *
     * @param host the address the three HTTP services bind
     * @param apiPort backend API port (0 = any free port)
     * @param mockPort mock VLA service port
     * @param octoPort Octo-style VLA service port
     * @param storePort the embedded store's MongoDB-wire port (unused with {@code mongoUri})
     * @param dataDir the embedded store's data directory
     * @param mongoUri an external MongoDB instead of the embedded store
     * @param modelsFile a models.yaml registry naming the battle models, instead of the two served ones
     * @param modelsDir where generated ONNX models live
     * @param octoModel the Octo-style model: {@code octo-small}, {@code octo-tiny} or {@code onnx:DIR}
     * @param device where the in-process ONNX models run (the Octo-style model and models.yaml's
     *     {@code type: onnx} entries): {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}
     * @param maxSteps actions per episode
     * @param corsOrigins origins the backend answers CORS for
     * @param turnsPerMinute turns one client address may start per minute (0: no limit)
     * @param web whether the backend serves the web arena (pages and replays) at its root
     */
    public record Settings(String host, int apiPort, int mockPort, int octoPort, int storePort, Path dataDir,
            Optional<String> mongoUri, Optional<Path> modelsFile, Path modelsDir, String octoModel, String device,
            int maxSteps, List<String> corsOrigins, int turnsPerMinute, boolean web) {
        /** Validates. */
        public Settings {
            Objects.requireNonNull(host, "host");
            for (int p : new int[] {apiPort, mockPort, octoPort, storePort}) {
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("A port is between 0 and 65535 (0 = any free port), got " + p);
                }
            }
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(mongoUri, "mongoUri");
            Objects.requireNonNull(modelsFile, "modelsFile");
            Objects.requireNonNull(modelsDir, "modelsDir");
            Objects.requireNonNull(octoModel, "octoModel");
            Objects.requireNonNull(device, "device");
            OnnxOptions.builder().device(device); // an unknown device fails here, before anything starts
            if (maxSteps < 1) {
                throw new IllegalArgumentException("--steps must be at least 1, was " + maxSteps);
            }
            corsOrigins = List.copyOf(corsOrigins);
            if (turnsPerMinute < 0) {
                throw new IllegalArgumentException("--turns-per-minute must be 0 (no limit) or more, was " + turnsPerMinute);
            }
        }
    }

    /**
     * A battle model as the stack registered it.
     *
     * @param id model id
     * @param how where its episodes come from, e.g. {@code in process} or {@code execute http://…}
     * @param active whether it enters battles
     */
    public record BattleModel(String id, String how, boolean active) {}

    private final List<AutoCloseable> services = new ArrayList<>();
    private final List<AutoCloseable> models = new ArrayList<>();
    private final List<BattleModel> battleModels = new ArrayList<>();
    private final io.vlaarena.core.VlaProviders providers = io.vlaarena.core.VlaProviders.load();
    private MongoArenaStore store;
    private Arena arena;
    private ArenaService api;
    private VlaService mockService;
    private VlaService octoService;
    private OnnxVla octo;
    private boolean closed;

    private ServeStack() {}

    /**
     * Starts the whole stack; the caller closes it. Progress lines (model generation) go to
     * {@code progress}.
     *
     * @throws IllegalStateException when a port is in use or the store cannot be opened (naming them)
     * @throws io.vlaarena.core.ModelLoadException when a model or models.yaml cannot be read
     * @throws IllegalArgumentException for a models.yaml model of an unknown type, or fewer than two active models
     */
    public static ServeStack start(Settings settings, PrintWriter progress) {
        ServeStack stack = new ServeStack();
        try {
            stack.open(settings, progress);
            return stack;
        } catch (RuntimeException e) {
            try {
                stack.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void open(Settings s, PrintWriter progress) {
        // models.yaml first: a bad registry should fail before a 100 MB model is generated
        Optional<ModelsConfig> config = s.modelsFile().map(ModelsConfig::load);
        config.ifPresent(c -> {
            if (c.active().size() < 2) {
                throw new IllegalArgumentException(c.source() + " lists " + c.active().size()
                        + " active model(s); battles need at least two");
            }
        });
        Models resolver = new Models(s.modelsDir(), progress, s.device());
        OnnxVla.checkDevice(resolver.options()); // a device this build cannot use fails before the store opens
        store = openStore(s);

        MjcfEnvironmentFactory environments = new MjcfEnvironmentFactory();
        MockVla mock = new MockVla(MOCK_ID);
        octo = resolver.openOnnx(s.octoModel());
        models.add(octo);
        String octoId = octo.spec().id();
        warmUp(octo, environments, progress);

        ServerOptions options = ServerOptions.defaults().withHost(s.host());
        mockService = bind("the mock VLA service", "--mock-port", s.host(), s.mockPort(), () -> VlaService.builder(mock)
                .environments(environments)
                .info(ServiceInfo.of(MOCK_ID).withServiceName("Mock VLA Service").withType("mock").withFramework("java")
                        .withMaxSteps(s.maxSteps()))
                .options(options.withPort(s.mockPort())).start());
        services.add(mockService);
        EpisodeRunner chunked = EpisodeRunner.builder().maxSteps(VlaService.MAX_EXECUTE_STEPS)
                .chunkExecution(ChunkExecution.WHOLE_CHUNK).build();
        String octoType = s.octoModel().startsWith("onnx:") ? octo.type() : s.octoModel();
        octoService = bind("the Octo-style VLA service", "--octo-port", s.host(), s.octoPort(), () -> VlaService.builder(octo)
                .environments(environments)
                .runner(chunked)
                .info(ServiceInfo.of(octoId).withServiceName("Octo VLA Service").withType(octoType)
                        .withParameters(octo.parameters().orElse(Models.parameters(resolver.directory(s.octoModel()))))
                        .withDevice(octo.device())
                        .withFramework("onnxruntime").withMaxSteps(s.maxSteps()))
                .options(options.withPort(s.octoPort())).start());
        services.add(octoService);

        // WHOLE_CHUNK: an Octo-style model predicts 4 actions at a time, so a 75-action episode
        // takes 19 predictions instead of 75 (the original's per-step prediction).
        EpisodeRunner runner = EpisodeRunner.builder().maxSteps(s.maxSteps()).chunkExecution(ChunkExecution.WHOLE_CHUNK)
                .build();
        // Turns whose instruction asks for a task of the table suite play it, objects placed from the turn's seed.
        arena = Arena.builder().scenes(BundledScenes.catalog()).environments(environments).runner(runner)
                .tasks(io.vlaarena.sim.task.TableTasks.suite()).maxSteps(s.maxSteps()).store(store).build();
        if (config.isEmpty()) {
            arena.register(mock);
            arena.register(octo);
            battleModels.add(new BattleModel(MOCK_ID, "in process", true));
            battleModels.add(new BattleModel(octoId, "in process, ONNX Runtime on " + octo.device(), true));
        } else {
            Path base = s.modelsFile().get().toAbsolutePath().getParent();
            for (int i = 0; i < config.get().models().size(); i++) {
                register(config.get(), i, base, environments, runner, resolver.options());
            }
        }
        ArenaService.Builder backend = ArenaService.builder(arena).corsOrigins(s.corsOrigins())
                .turnsPerClient(s.turnsPerMinute(), java.time.Duration.ofMinutes(1)).options(options.withPort(s.apiPort()));
        if (s.web()) {
            backend.webArena(MjcfReplayProvider.of(environments));
        }
        api = bind("the backend API", "--api-port", s.host(), s.apiPort(), backend::start);
        services.add(0, api);
    }

    /**
     * Runs a short episode so that the first turn does not pay for ONNX Runtime's first runs and
     * the JIT of the simulator and renderer (measured: 30 s cold against 8-10 s warm for a turn
     * with octo-small on 2 cores).
     */
    private static void warmUp(OnnxVla vla, MjcfEnvironmentFactory environments, PrintWriter progress) {
        String xml = BundledScenes.frankaTableXml();
        long t0 = System.nanoTime();
        EpisodeRunner runner = EpisodeRunner.builder().maxSteps(8).chunkExecution(ChunkExecution.WHOLE_CHUNK).build();
        try (Environment env = environments.create(xml, EnvironmentOptions.defaults().withActionSpace(vla.spec().actionSpace()))) {
            Episode e = runner.run(vla, env, new RolloutContext("pick up the red cube", xml, 0, 8));
            if (!e.isCompleted()) {
                throw new IllegalStateException("Model '" + vla.spec().id() + "' failed its warm-up episode: "
                        + e.failure().orElseThrow().message());
            }
        }
        progress.printf("Warmed up %s (ONNX Runtime on %s): an 8-action episode in %d ms%n", vla.spec().id(), vla.device(),
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        progress.flush();
    }

    private static MongoArenaStore openStore(Settings s) {
        if (s.mongoUri().isPresent()) {
            return MongoArenaStore.open(MongoStoreConfig.builder().uri(s.mongoUri().get()).build());
        }
        try {
            return MongoArenaStore.open(MongoStoreConfig.builder().dataDir(s.dataDir()).embeddedPort(s.storePort()).build());
        } catch (io.vlaarena.core.StorageException e) {
            throw new IllegalStateException(e.getMessage() + " (--store-port picks another port, 0 = any free one; "
                    + "--data another directory; --mongo an external MongoDB)", e);
        }
    }

    private static <T> T bind(String what, String option, String host, int port, java.util.function.Supplier<T> start) {
        try {
            return start.get();
        } catch (UncheckedIOException e) {
            String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalStateException("Cannot start " + what + " on " + host + ":" + port + ": " + cause
                    + " (" + option + " picks another port, 0 = any free one)", e);
        }
    }

    private void register(ModelsConfig config, int index, Path base, MjcfEnvironmentFactory environments,
            EpisodeRunner runner, OnnxOptions onnxOptions) {
        ModelEntry entry = config.models().get(index);
        ModelInfo info = entry.toModelInfo();
        if (entry.isRemote()) {
            VlaServiceClient client = entry.clientBuilder().build();
            models.add(client);
            EpisodeGenerator generator = entry.mode().equals("step")
                    ? LocalEpisodeGenerator.of(HttpVla.of(client, VlaSpec.builder(entry.id()).name(entry.name()).build()),
                            environments, runner)
                    : RemoteEpisodeGenerator.of(entry.id(), client);
            arena.register(info, generator);
            battleModels.add(new BattleModel(entry.id(), entry.mode() + " " + String.join(", ", entry.baseUrls()),
                    entry.active()));
            return;
        }
        String where = config.source() + ": model " + (index + 1) + " ('" + entry.id() + "')";
        boolean provided = providers.supports(entry.type());
        if (!entry.type().equals("mock") && !entry.type().equals("onnx") && !provided) {
            throw new IllegalArgumentException(where + " has the unknown type '" + entry.type()
                    + "'; known types: remote (any entry with a base_url), mock, onnx, " + String.join(", ", providers.types()));
        }
        if (!entry.active()) { // listed, never battles: do not load it
            arena.register(info, new Inactive(entry.id()));
            battleModels.add(new BattleModel(entry.id(), entry.type() + ", inactive", false));
            return;
        }
        Vla vla;
        String how;
        if (entry.type().equals("mock")) {
            vla = new MockVla(entry.id());
            how = "in process (mock)";
        } else if (provided) {
            vla = providers.open(entry.toVlaConfig(config.source(), index, base));
            models.add(vla);
            how = entry.type() + " " + String.join(", ", entry.baseUrls());
        } else {
            Path dir = base.resolve(entry.path().orElseThrow(() -> new IllegalArgumentException(where
                    + " is of type 'onnx' and needs a 'path' (a model directory, relative to the file)")));
            OnnxVla onnx = OnnxVla.open(dir, onnxOptions.toBuilder().modelId(entry.id()).build());
            models.add(onnx);
            vla = onnx;
            how = "in process (onnx), ONNX Runtime on " + onnx.device();
        }
        arena.register(info, LocalEpisodeGenerator.of(vla, environments, runner));
        battleModels.add(new BattleModel(entry.id(), how, true));
    }

    /** The backend API's base URL. */
    public URI apiUri() {
        return api.baseUri();
    }

    /** The mock VLA service's base URL. */
    public URI mockUri() {
        return mockService.baseUri();
    }

    /** The Octo-style VLA service's base URL. */
    public URI octoUri() {
        return octoService.baseUri();
    }

    /** The Octo-style service's model id, e.g. {@code octo-small}. */
    public String octoId() {
        return octo.spec().id();
    }

    /** The store's connection string (password masked), e.g. {@code mongodb://127.0.0.1:27017}. */
    public String storeUri() {
        return store.uri();
    }

    /** The store's database, {@code vlaarena} unless the connection string names another. */
    public String database() {
        return store.databaseName();
    }

    /** Whether the store is the embedded server. */
    public boolean embeddedStore() {
        return store.embeddedServer().isPresent();
    }

    /** The registered battle models, in registration order. */
    public List<BattleModel> battleModels() {
        return List.copyOf(battleModels);
    }

    /** Stops the services, the arena, the models and clients, and the store, in that order; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> order = new ArrayList<>(services);
        order.add(arena);
        order.addAll(models);
        order.add(store);
        RuntimeException failure = null;
        for (AutoCloseable c : order) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Stopping " + c + " failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A model listed as inactive: it never battles, so nothing is loaded for it. */
    private record Inactive(String modelId) implements EpisodeGenerator {
        @Override
        public Episode generate(EpisodeRequest request) {
            return Episode.failedBeforeStart(modelId, request.instruction(), Duration.ZERO, EpisodeFailure.Kind.MODEL_ERROR,
                    "Model '" + modelId + "' is inactive");
        }
    }
}
