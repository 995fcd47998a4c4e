package io.vlaarena.cli.internal;

import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.bench.RatingBenchmark;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.Simulation;
import io.vlaarena.models.MockVla;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.InMemoryArenaStore;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.core.task.TaskJudge;
import io.vlaarena.core.tournament.MatchOutcome;
import io.vlaarena.core.tournament.Shard;
import io.vlaarena.core.tournament.Tournament;
import io.vlaarena.core.tournament.TournamentPlan;
import io.vlaarena.http.ArenaService;
import io.vlaarena.models.ScriptedExpert;
import io.vlaarena.http.bench.HttpBenchmark;
import io.vlaarena.http.RemoteEpisodeGenerator;
import io.vlaarena.http.ServerOptions;
import io.vlaarena.http.ServiceInfo;
import io.vlaarena.http.VlaService;
import io.vlaarena.http.VlaServiceClient;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.sim.task.TableTasks;
import io.vlaarena.storage.bench.StorageBenchmark;
import io.vlaarena.onnx.bench.OnnxBenchmark;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The benchmarks of every module, each measured in warm-up rounds then measured rounds, and held
 * against the target its issue sets. Most run on the calling thread (one core); the HTTP and
 * storage ones use the clients and threads their issue prescribes.
 *
 * <p>Benchmarks whose figures come from one shared run (e.g. p50 and p99 of the same requests)
 * measure once and answer the others from that run. The {@linkplain #slow() slow} ones need the
 * generated 100 MB {@code octo-small-arch} model and minutes of inference. Not thread-safe.
 */
public final class Benchmarks {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private final int rounds;
    private final Models models;
    private final Map<String, Supplier<Measurement>> all = new LinkedHashMap<>();
    private final Set<String> slow = new LinkedHashSet<>();
    private final Map<String, Object> shared = new HashMap<>();
    private final ContactBenchmarks contacts;

    /** Benchmarks measured over {@code rounds} rounds each, generating models under {@code arena-data/models}, on the CPU. */
    public Benchmarks(int rounds) {
        this(rounds, Path.of("arena-data", "models"), new PrintWriter(System.err, true), "cpu");
    }

    /**
     * Benchmarks measured over {@code rounds} rounds each (after warm-up); models are generated under
     * {@code modelsDir} on first use, reported on {@code progress}, and run on {@code device}
     * ({@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}; any other throws
     * {@link IllegalArgumentException} here).
     */
    public Benchmarks(int rounds, Path modelsDir, PrintWriter progress, String device) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        this.rounds = rounds;
        this.models = new Models(modelsDir, progress, device);
        this.contacts = new ContactBenchmarks(progress);
        all.put("physics.franka_table", this::physics);
        for (ContactBenchmarks.Scene scene : ContactBenchmarks.SCENES) {
            all.put(scene.name(), () -> contacts.run(scene, rounds));
        }
        all.put("render.franka_table_256", this::render);
        all.put("episode.mock_75", this::episode);
        all.put("ratings.bradley_terry", this::bradleyTerry);
        all.put("tournament.mock_matches_per_s", () -> tournament("tournament.mock_matches_per_s",
                "mock-vla against mock-vla-2", new MockVla(), new MockVla("mock-vla-2")));
        all.put("tournament.expert_matches_per_s", () -> tournament("tournament.expert_matches_per_s",
                "scripted-expert against mock-vla", ScriptedExpert.of(), new MockVla()));
        all.put("http.predict_p50", () -> predictLatency().get(0));
        all.put("http.predict_p99", () -> predictLatency().get(1));
        all.put("http.predict_16_clients", this::predictThroughput);
        all.put("http.predict_10_concurrent", this::predictConcurrent);
        all.put("http.turn_2_mock_75", this::turn);
        all.put("http.reads_under_8_turns", this::readsUnderTurns);
        all.put("storage.store_load_p50", () -> storage().get(0));
        all.put("storage.concurrent_100_turns", () -> storage().get(1));
        all.put("onnx.predict_p50", () -> onnx().get(0));
        all.put("onnx.predict_p95", () -> onnx().get(1));
        all.put("onnx.adapter_overhead", () -> onnx().get(2));
        all.put("onnx.episode_whole_chunk", () -> onnx().get(3));
        all.put("web.replay_payload_75", () -> page().get(0));
        all.put("web.first_frames_http", () -> page().get(1));
        all.put("web.first_frames_3d", () -> pageInBrowser().get(0));
        all.put("web.first_frames_rendered", () -> pageInBrowser().get(1));
        all.put("web.playback_pace", () -> pageInBrowser().get(2));
        slow.addAll(List.of("onnx.predict_p50", "onnx.predict_p95", "onnx.adapter_overhead", "onnx.episode_whole_chunk"));
        if (!PageBenchmark.browserInstalled()) {
            unavailable.put("web.first_frames_3d", BROWSER_MISSING);
            unavailable.put("web.first_frames_rendered", BROWSER_MISSING);
            unavailable.put("web.playback_pace", BROWSER_MISSING);
        }
    }

    private static final String BROWSER_MISSING = "they drive Debian's headless Chromium, which is not installed "
            + "(apt-get install -y chromium chromium-driver)";
    private final Map<String, String> unavailable = new LinkedHashMap<>();

    /** Benchmarks this machine cannot run, with the reason (e.g. no browser for the page's). */
    public Map<String, String> unavailable() {
        return Map.copyOf(unavailable);
    }

    @SuppressWarnings("unchecked")
    private List<Measurement> page() {
        return (List<Measurement>) shared.computeIfAbsent("page", k -> {
            try (PageBenchmark page = new PageBenchmark()) {
                List<String> warm = page.playTurn();
                page.serverFirstFramesMillis(warm);
                double[] bytes = new double[rounds];
                double[] millis = new double[rounds];
                long raw = 0;
                for (int r = 0; r < rounds; r++) {
                    List<String> episodes = page.playTurn();
                    millis[r] = page.serverFirstFramesMillis(episodes);
                    bytes[r] = page.replayBytes(episodes.get(0), true) / 1024.0;
                    raw = page.replayBytes(episodes.get(0), false);
                }
                return List.of(
                        new Measurement("web.replay_payload_75", String.format(Locale.ROOT, "one 75-step replay document "
                                + "(franka/table: 13 moving bodies, 76 poses each, an arm that never rests) as sent to a "
                                + "browser, gzip (%.1f KB uncompressed)", raw / 1024.0), "KB", bytes, 200, false, new double[0]),
                        new Measurement("web.first_frames_http", "from a completed turn to both sides' first frame over "
                                + "HTTP: both replay documents and both first rendered frames (480x360), each side in "
                                + "parallel as the page asks", "ms", millis, 1000, false, new double[0]));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private List<Measurement> pageInBrowser() {
        String missing = unavailable.get("web.first_frames_3d");
        if (missing != null) {
            throw new IllegalStateException("The browser benchmarks cannot run: " + missing);
        }
        return (List<Measurement>) shared.computeIfAbsent("page-browser", k -> {
            try (PageBenchmark page = new PageBenchmark()) {
                page.browserFirstFramesMillis("frames"); // warm-up: the JIT, the browser's caches
                page.browserFirstFramesMillis("3d");
                double[] threeD = new double[rounds];
                double[] frames = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    threeD[r] = page.browserFirstFramesMillis("3d");
                    frames[r] = page.browserFirstFramesMillis("frames");
                }
                double[] pace = {page.browserPlaybackPace()};
                return List.of(
                        new Measurement("web.first_frames_3d", "in headless Chromium (software WebGL): from the turn's answer "
                                + "to both 3D viewers showing their first frame, as the page measures it", "ms", threeD, 1000,
                                false, new double[0]),
                        new Measurement("web.first_frames_rendered", "the same with the server's rendered frames (the view "
                                + "browsers without fast WebGL get)", "ms", frames, 1000, false, new double[0]),
                        new Measurement("web.playback_pace", "wall time of a whole 75-step replay in the browser over its "
                                + "simulated 15 s (1 = the simulation's own pace)", "x", pace, 1.05, false, new double[0]));
            }
        });
    }

    /** The benchmark names, in running order. */
    public List<String> names() {
        return List.copyOf(all.keySet());
    }

    /** The benchmarks a run without options makes: all but the {@linkplain #slow() slow} ones. */
    public List<String> defaults() {
        return names().stream().filter(n -> !slow.contains(n) && !unavailable.containsKey(n)).toList();
    }

    /**
     * The benchmarks left out by default: they generate {@code octo-small-arch} (~100 MB, once) and
     * run it for 80 predictions and 7 episodes of 19 predictions, about 2–4 minutes on 2 cores.
     */
    public List<String> slow() {
        return List.copyOf(slow);
    }

    /** Runs the named benchmark. */
    public Measurement run(String name) {
        Supplier<Measurement> b = all.get(name);
        if (b == null) {
            throw new IllegalArgumentException("Unknown benchmark '" + name + "'; benchmarks: " + names());
        }
        return b.get();
    }

    /** CPU time of the calling thread in nanoseconds. */
    static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private Measurement physics() {
        SimModel model = SimModel.load(BundledScenes.frankaTableXml());
        Simulation sim = model.newSimulation();
        sim.resetToKey("home");
        int steps = 20_000;
        for (int w = 0; w < 3; w++) { // warm-up: let the JIT compile the step loop fully
            sim.resetToKey("home");
            sim.step(steps);
        }
        double[] perRound = new double[rounds];
        double[] perCpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            sim.resetToKey("home");
            long c0 = cpu();
            long t0 = System.nanoTime();
            sim.step(steps);
            perRound[r] = steps / ((System.nanoTime() - t0) / 1e9);
            perCpu[r] = steps / ((cpu() - c0) / 1e9);
        }
        return new Measurement("physics.franka_table",
                "physics steps of the bundled franka/table scene at rest (nv 27, resting contacts)", "steps/s",
                perRound, 35_000, true, perCpu);
    }

    private Measurement render() {
        try (Environment env = new MjcfEnvironmentFactory().create(BundledScenes.frankaTableXml(),
                EnvironmentOptions.defaults())) {
            env.reset(0);
            int frames = 20;
            for (int i = 0; i < 5 * frames; i++) {
                env.render("front", 256, 256);
            }
            double[] perRound = new double[rounds];
            double[] perCpu = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long c0 = cpu();
                long t0 = System.nanoTime();
                for (int i = 0; i < frames; i++) {
                    env.render("front", 256, 256);
                }
                perRound[r] = (System.nanoTime() - t0) / 1e6 / frames;
                perCpu[r] = (cpu() - c0) / 1e6 / frames;
            }
            return new Measurement("render.franka_table_256", "one 256x256 frame of the franka/table scene, front camera",
                    "ms", perRound, 10, false, perCpu);
        }
    }

    /**
     * Matches per second of a tournament between two models on the in-memory store: all eight table
     * tasks both ways round, 75-action episodes (each match's two episodes in parallel), judged by
     * the task judge; every round a new plan (another seed), after one warm-up plan.
     */
    private Measurement tournament(String name, String who, Vla left, Vla right) {
        MjcfEnvironmentFactory factory = new MjcfEnvironmentFactory();
        double[] perRound = new double[rounds];
        for (int r = -1; r < rounds; r++) {
            try (Arena arena = Arena.builder().scenes(BundledScenes.catalog()).environments(factory).tasks(TableTasks.suite())
                    .store(new InMemoryArenaStore()).model(left).model(right).maxSteps(75).build()) {
                TournamentPlan plan = TournamentPlan.builder().name("bench").models(List.of(left.spec().id(), right.spec().id()))
                        .tasks(TableTasks.suite().tasks()).seed(r).maxSteps(75).build();
                Tournament t = Tournament.of(arena, plan, TaskJudge.of());
                long t0 = System.nanoTime();
                List<MatchOutcome> outcomes = t.play(Shard.ALL, 1, o -> { });
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (outcomes.stream().anyMatch(o -> o.status() != MatchOutcome.Status.PLAYED)) {
                    throw new IllegalStateException("A benchmark match failed: " + outcomes);
                }
                if (r >= 0) {
                    perRound[r] = outcomes.size() / seconds;
                }
            }
        }
        return new Measurement(name, "tournament throughput, " + who + ": 16 matches (8 table tasks, both ways round) "
                + "of two 75-action episodes each, run in parallel, judged, in-memory store", "matches/s", perRound, 1, true,
                new double[0]);
    }

    private Measurement episode() {
        MjcfEnvironmentFactory factory = new MjcfEnvironmentFactory();
        String xml = BundledScenes.frankaTableXml();
        MockVla vla = new MockVla();
        EpisodeRunner runner = EpisodeRunner.withDefaults();
        List<Double> times = new ArrayList<>();
        List<Double> cpuTimes = new ArrayList<>();
        for (int r = 0; r < rounds + 2; r++) {
            try (Environment env = factory.create(xml, EnvironmentOptions.defaults())) {
                long c0 = cpu();
                long t0 = System.nanoTime();
                Episode e = runner.run(vla, env, new RolloutContext("pick up the red cube", xml, r, 75));
                double ms = (System.nanoTime() - t0) / 1e6;
                double cpuMs = (cpu() - c0) / 1e6;
                if (!e.isCompleted()) {
                    throw new IllegalStateException("The benchmark episode failed: " + e.failure().orElseThrow().message());
                }
                if (r >= 2) {
                    times.add(ms);
                    cpuTimes.add(cpuMs);
                }
            }
        }
        return new Measurement("episode.mock_75", "one 75-action episode at 5 Hz (7,500 physics steps), mock-vla, no images",
                "ms", times.stream().mapToDouble(Double::doubleValue).toArray(), 300, false,
                cpuTimes.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private Measurement bradleyTerry() {
        RatingBenchmark.Result r = RatingBenchmark.builder().warmupRuns(2).measuredRuns(rounds).build().run();
        double[] perRound = {r.fastest().toNanos() / 1e9, r.median().toNanos() / 1e9, r.slowest().toNanos() / 1e9};
        return new Measurement("ratings.bradley_terry", "Bradley-Terry fit + 1000 bootstrap rounds, 100,000 votes, 20 models",
                "s", perRound, 2.0, false, new double[0]);
    }

    // ---- arena-adapters-http (issue 4) ---------------------------------------------------------

    /** Every measurement opens its own connections, which stay open until the idle timeout: no per-client cap. */
    private static final ServerOptions BENCH_SERVER = ServerOptions.defaults().withMaxConnectionsPerClient(1_000_000);

    private static VlaService mockService(String id) {
        return VlaService.builder(new MockVla(id)).environments(new MjcfEnvironmentFactory())
                .info(ServiceInfo.of(id).withType("mock")).options(BENCH_SERVER).start();
    }

    /** p50 and p99 of one client's {@code /predict} to the mock service, over the same rounds. */
    @SuppressWarnings("unchecked")
    private List<Measurement> predictLatency() {
        return (List<Measurement>) shared.computeIfAbsent("http.predict", k -> {
            try (VlaService mock = mockService(MockVla.DEFAULT_ID)) {
                HttpBenchmark.predict(mock.baseUri(), 1, 0, 1000); // warm-up: JIT, connections
                double[] p50 = new double[rounds];
                double[] p99 = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    HttpBenchmark.Result result = checked(HttpBenchmark.predict(mock.baseUri(), 1, 0, 1000));
                    p50[r] = result.p50().toNanos() / 1e6;
                    p99[r] = result.p99().toNanos() / 1e6;
                }
                return List.of(
                        new Measurement("http.predict_p50", "POST /predict to the mock VLA service over loopback, one client, "
                                + "1,000 requests a round (the original: ~100 ms)", "ms", p50, 2, false, new double[0]),
                        new Measurement("http.predict_p99", "the 99th percentile of the same requests", "ms", p99, 10, false,
                                new double[0]));
            }
        });
    }

    private Measurement predictThroughput() {
        try (VlaService mock = mockService(MockVla.DEFAULT_ID)) {
            checked(HttpBenchmark.predict(mock.baseUri(), 16, 50, 1));
            double[] perRound = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                perRound[r] = checked(HttpBenchmark.predict(mock.baseUri(), 16, 0, 250)).throughputPerSecond();
            }
            return new Measurement("http.predict_16_clients", "POST /predict to the mock VLA service from 16 concurrent "
                    + "clients, 4,000 requests a round", "req/s", perRound, 3000, true, new double[0]);
        }
    }

    /** Ten requests at once, five to the mock service and five to an Octo-style one (octo-small-arch). */
    private Measurement predictConcurrent() {
        String xml = BundledScenes.frankaTableXml();
        try (OnnxVla octo = models.openOnnx("octo-small");
             VlaService mock = mockService(MockVla.DEFAULT_ID);
             VlaService octoService = VlaService.builder(octo).environments(new MjcfEnvironmentFactory())
                     .info(ServiceInfo.of("octo-small").withType("octo-small").withFramework("onnxruntime")).start()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String body = "{\"instruction\": \"pick up the red cube\", \"xml_string\": " + jsonString(xml) + "}";
            List<HttpRequest> requests = new ArrayList<>();
            for (URI base : List.of(mock.baseUri(), octoService.baseUri())) {
                requests.add(HttpRequest.newBuilder(base.resolve("/predict")).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
            }
            AtomicInteger next = new AtomicInteger();
            // each burst makes 10 calls: the counter's parity sends exactly 5 to each service
            java.util.concurrent.Callable<Boolean> call = () -> http.send(requests.get(next.getAndIncrement() % 2),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            checked(HttpBenchmark.measure("10 concurrent", 10, 0, 1, call)); // warm-up: scene cache, ONNX Runtime
            double[] perRound = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                perRound[r] = checked(HttpBenchmark.measure("10 concurrent", 10, 0, 1, call)).elapsed().toNanos() / 1e6;
            }
            return new Measurement("http.predict_10_concurrent", "10 concurrent POST /predict, 5 to the mock service and 5 "
                    + "to an Octo-style service (octo-small-arch on ONNX Runtime, " + octo.device() + "), franka/table scene "
                    + "rendered by the service (the original: 10-15 s)", "ms", perRound, 1000, false, new double[0]);
        }
    }

    /** One backend turn: two mock models behind two VLA services that simulate 75 actions each with physics. */
    private Measurement turn() {
        try (VlaService left = mockService("mock-vla");
             VlaService right = mockService("mock-vla-2");
             VlaServiceClient leftClient = VlaServiceClient.of(left.baseUri().toString());
             VlaServiceClient rightClient = VlaServiceClient.of(right.baseUri().toString());
             Arena arena = Arena.builder().scenes(BundledScenes.catalog()).store(new InMemoryArenaStore())
                     .model(ModelInfo.of("mock-vla"), RemoteEpisodeGenerator.of("mock-vla", leftClient))
                     .model(ModelInfo.of("mock-vla-2"), RemoteEpisodeGenerator.of("mock-vla-2", rightClient)).build();
             ArenaService api = ArenaService.builder(arena).turnsPerClient(0, Duration.ofMinutes(1)).options(BENCH_SERVER)
                     .start()) {
            checked(HttpBenchmark.turns(api.baseUri(), "franka_panda", "table_pick_place", 2, 1));
            double[] perRound = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                perRound[r] = checked(HttpBenchmark.turns(api.baseUri(), "franka_panda", "table_pick_place", 0, 1)).p50()
                        .toNanos() / 1e6;
            }
            return new Measurement("http.turn_2_mock_75", "POST /api/battles/{id}/turns: two mock models behind two VLA "
                    + "services, /execute of 75 actions at 5 Hz each with the simulator (7,500 physics steps a side), "
                    + "in-memory store (the original: 15-30 s)", "ms", perRound, 1000, false, new double[0]);
        }
    }

    /**
     * Reads (leaderboard, an episode, the model list, health) from 4 clients while 8 turns run at
     * once: two in-process mock models, 75 actions a side with physics, the defaults of
     * {@link ArenaService} (turns on their own lane, one per processor at least 2, the rest queued).
     */
    private Measurement readsUnderTurns() {
        MjcfEnvironmentFactory environments = new MjcfEnvironmentFactory();
        try (Arena arena = Arena.builder().scenes(BundledScenes.catalog()).store(new InMemoryArenaStore())
                     .environments(environments).model(new MockVla("mock-vla")).model(new MockVla("mock-vla-2")).build();
             ArenaService api = ArenaService.builder(arena).turnsPerClient(0, Duration.ofMinutes(1)).options(BENCH_SERVER)
                     .start()) {
            checked(HttpBenchmark.readsUnderTurns(api.baseUri(), "franka_panda", "table_pick_place", 2, 1)); // warm-up
            double[] perRound = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                perRound[r] = checked(HttpBenchmark.readsUnderTurns(api.baseUri(), "franka_panda", "table_pick_place", 8, 4))
                        .p99().toNanos() / 1e6;
            }
            return new Measurement("http.reads_under_8_turns", "p99 of GET leaderboard, episode, models and /health from 4 "
                    + "clients while 8 turns run at once (two in-process mock models, 75 actions a side with physics), "
                    + "in-memory store (the issue measured 6.2 s before turns had their own threads)", "ms", perRound, 200,
                    false, new double[0]);
        }
    }

    private static HttpBenchmark.Result checked(HttpBenchmark.Result result) {
        if (result.errors() > 0) {
            throw new IllegalStateException("The benchmark's requests failed: " + result.summary());
        }
        return result;
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    // ---- arena-adapters-openpi (issue 14) ----------------------------------------------------------

    /** OpenPiVla's round trip minus the remote policy's own time, DROID observation with two 224² cameras, loopback. */
    private Measurement openpi() {
        io.vlaarena.openpi.bench.OpenPiBenchmark.run(500, 200); // warm-up: JIT, connections
        double[] perRound = new double[rounds];
        io.vlaarena.openpi.bench.OpenPiBenchmark.Result last = null;
        for (int r = 0; r < rounds; r++) {
            last = io.vlaarena.openpi.bench.OpenPiBenchmark.run(100, 1000);
            perRound[r] = last.overheadP50().toNanos() / 1e6;
        }
        return new Measurement("openpi.roundtrip_overhead", String.format(Locale.ROOT, "OpenPiVla's round trip over the "
                + "remote policy's own time (policy_timing), median of 1,000 predictions a round: DROID mapping, two 224x224 "
                + "cameras, %d KiB a request, loopback to an OpenPiServer (last round: p99 %.2f ms; the codec and "
                + "WebSocket alone, same bytes: %.2f ms)", last.messageBytes() / 1024, last.overheadP99().toNanos() / 1e6,
                last.codecOnlyP50().toNanos() / 1e6), "ms", perRound, 1, false, new double[0]);
    }

    // ---- arena-storage (issue 5) -----------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private List<Measurement> storage() {
        return (List<Measurement>) shared.computeIfAbsent("storage", k -> {
            StorageBenchmark.Result r = StorageBenchmark.builder().build().runOnTemporaryEmbeddedStore();
            double p50 = r.episodeStoreLoadP50().toNanos() / 1e6;
            return List.of(
                    new Measurement("storage.store_load_p50", String.format(Locale.ROOT, "store + load one %d-step episode "
                            + "(nq %d, %.0f KiB) on a temporary embedded store, median of %d (p90 %.1f ms)", r.steps(), r.nq(),
                            r.episodeBytes() / 1024.0, r.iterations(), r.episodeStoreLoadP90().toNanos() / 1e6), "ms",
                            new double[] {p50}, 5, false, new double[0]),
                    new Measurement("storage.concurrent_100_turns", String.format(Locale.ROOT, "%d turns written from %d "
                            + "threads in %.0f ms (%.0f turns/s): turns present exactly once with both episodes, none "
                            + "half-written", r.concurrentTurns(), r.threads(), r.concurrentElapsed().toNanos() / 1e6,
                            r.turnsPerSecond()), "turns", new double[] {r.concurrentCorrect() ? r.concurrentTurns() : 0},
                            r.concurrentTurns(), true, new double[0]));
        });
    }

    // ---- arena-adapters-onnx (issue 6) -----------------------------------------------------------

    @SuppressWarnings("unchecked")
    private List<Measurement> onnx() {
        return (List<Measurement>) shared.computeIfAbsent("onnx", k -> {
            models.openOnnx("octo-small").close(); // generates octo-small-arch once
            OnnxBenchmark.Result r = OnnxBenchmark.run(models.directory("octo-small"),
                    new OnnxBenchmark.Settings(5, 40, 75, models.options()));
            double perPrediction = r.episode().toNanos() / 1e6 / r.episodePredictions();
            return List.of(
                    new Measurement("onnx.predict_p50", String.format(Locale.ROOT, "octo-small-arch (Octo-Small's shape, "
                            + "untrained), one OnnxVla prediction on %s, median of %d (the original Octo-Small: 1-3 s)",
                            r.device(), r.predictions()), "ms", new double[] {ms(r.adapterP50())}, 1000, false, new double[0]),
                    new Measurement("onnx.predict_p95", "the 95th percentile of the same predictions", "ms",
                            new double[] {ms(r.adapterP95())}, 1000, false, new double[0]),
                    new Measurement("onnx.adapter_overhead", String.format(Locale.ROOT, "OnnxVla's p50 over a bare "
                            + "OrtSession.run on the same inputs, interleaved (bare p50 %.0f ms, p95 %.0f ms)",
                            ms(r.bareP50()), ms(r.bareP95())), "%", new double[] {r.overheadPercent()}, 10, false,
                            new double[0]),
                    new Measurement("onnx.episode_whole_chunk", String.format(Locale.ROOT, "one %d-action episode executing "
                            + "whole chunks (%d predictions, %.0f ms each), median of 3; the target is 1 s per prediction, "
                            + "the original's best", r.episodeActions(), r.episodePredictions(), perPrediction), "s",
                            new double[] {r.episode().toNanos() / 1e9}, r.episodePredictions(), false, new double[0]));
        });
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
