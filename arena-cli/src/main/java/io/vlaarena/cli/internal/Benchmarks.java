package io.vlaarena.cli.internal;

import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.rating.RatingBenchmark;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.Simulation;
import io.vlaarena.testkit.MockVla;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The benchmarks of every module, each measured in warm-up rounds then measured rounds on the
 * calling thread (one core), and held against the target its issue sets.
 */
public final class Benchmarks {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private final int rounds;
    private final Map<String, Supplier<Measurement>> all = new LinkedHashMap<>();

    /** Benchmarks measured over {@code rounds} rounds each (after warm-up). */
    public Benchmarks(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        this.rounds = rounds;
        all.put("physics.franka_table", this::physics);
        all.put("render.franka_table_256", this::render);
        all.put("episode.mock_75", this::episode);
        all.put("ratings.bradley_terry", this::bradleyTerry);
    }

    /** The benchmark names, in running order. */
    public List<String> names() {
        return List.copyOf(all.keySet());
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
    private static long cpu() {
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
}
