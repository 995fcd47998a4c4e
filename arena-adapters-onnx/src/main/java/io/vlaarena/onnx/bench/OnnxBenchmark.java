package io.vlaarena.onnx.bench;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vlaarena.core.Action;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ChunkExecution;
import io.vlaarena.core.Environment;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.onnx.OnnxOptions;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.onnx.internal.ModelCard;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures an Octo-profile model directory (such as arena-models' generated ones) on ONNX Runtime: latency
 * per prediction through {@link OnnxVla}, the same graph through a bare {@code OrtSession.run} on
 * equivalent inputs (interleaved in one run, so machine noise hits both alike), one whole-chunk
 * episode with the core {@link EpisodeRunner} (median of three) in an environment that holds still and renders
 * grey frames (so the figure is the model's alone), and two episodes
 * serialized versus concurrent on one shared model. The numbers are wall-clock and include
 * whatever else the machine is doing; report them with that caveat.
 *
 * <p>Stateless and thread-safe; each {@link #run} opens and closes its own model.
 */
public final class OnnxBenchmark {
    private OnnxBenchmark() {}

    /**
     * What to measure.
     *
     * @param warmup predictions before timing starts
     * @param predictions timed predictions (each path)
     * @param episodeSteps actions of the measured episodes (75 as the original)
     * @param options how to open the model
     */
    public record Settings(int warmup, int predictions, int episodeSteps, OnnxOptions options) {
        /** Validates. */
        public Settings {
            if (warmup < 0 || predictions < 1 || episodeSteps < 1) {
                throw new IllegalArgumentException("Need warmup >= 0, predictions >= 1, episodeSteps >= 1");
            }
            Objects.requireNonNull(options, "options");
        }

        /** 5 warm-up and 40 timed predictions, 75-step episodes, the CPU with the card's settings. */
        public static Settings defaults() {
            return new Settings(5, 40, 75, OnnxOptions.defaults());
        }
    }

    /**
     * The measurements.
     *
     * @param modelId the model measured
     * @param device the device it ran on
     * @param predictions timed predictions per path
     * @param adapterP50 median latency of {@code VlaRollout.predict} through {@link OnnxVla}
     * @param adapterP95 95th percentile of the same
     * @param bareP50 median latency of a bare {@code OrtSession.run} on equivalent inputs
     * @param bareP95 95th percentile of the same
     * @param episode wall-clock time of one whole-chunk episode (the median of three)
     * @param episodeActions actions the episode executed
     * @param episodePredictions predictions the episode made
     * @param twoEpisodesSerialized two episodes one after the other on one model
     * @param twoEpisodesConcurrent two episodes at once on one model (one thread each)
     */
    public record Result(String modelId, String device, int predictions, Duration adapterP50, Duration adapterP95,
            Duration bareP50, Duration bareP95, Duration episode, int episodeActions, int episodePredictions,
            Duration twoEpisodesSerialized, Duration twoEpisodesConcurrent) {

        /** The adapter's overhead over the bare run at the median, in percent. */
        public double overheadPercent() {
            return 100.0 * (adapterP50.toNanos() - bareP50.toNanos()) / bareP50.toNanos();
        }

        /** A multi-line human-readable report. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, """
                    model %s on %s, %d timed predictions per path
                      OnnxVla.predict      p50 %7.1f ms   p95 %7.1f ms
                      bare OrtSession.run  p50 %7.1f ms   p95 %7.1f ms
                      adapter overhead at p50: %+.1f %%
                      one episode (median of 3), whole chunks: %d actions, %d predictions, %.2f s (%.0f ms per prediction)
                      two episodes serialized %.2f s, concurrent %.2f s
                    """, modelId, device, predictions, ms(adapterP50), ms(adapterP95), ms(bareP50), ms(bareP95),
                    overheadPercent(), episodeActions, episodePredictions, episode.toNanos() / 1e9,
                    ms(episode) / episodePredictions, twoEpisodesSerialized.toNanos() / 1e9,
                    twoEpisodesConcurrent.toNanos() / 1e9);
        }

        private static double ms(Duration d) {
            return d.toNanos() / 1e6;
        }
    }

    /**
     * Runs every measurement on the model directory.
     *
     * @throws io.vlaarena.core.ArenaException when the model cannot be loaded or fails
     */
    public static Result run(Path modelDirectory, Settings settings) {
        Objects.requireNonNull(modelDirectory, "modelDirectory");
        Objects.requireNonNull(settings, "settings");
        try (OnnxVla vla = OnnxVla.open(modelDirectory, settings.options())) {
            long[] adapter = new long[settings.predictions()];
            long[] bare = new long[settings.predictions()];
            sideBySide(vla, modelDirectory, settings, adapter, bare);
            Arrays.sort(adapter);
            Arrays.sort(bare);

            EpisodeRunner runner = EpisodeRunner.builder().maxSteps(settings.episodeSteps())
                    .chunkExecution(ChunkExecution.WHOLE_CHUNK).build();
            // The median of three episodes: one episode alone is at the mercy of whatever else runs.
            List<Episode> three = new ArrayList<>(List.of(episode(runner, vla, 1), episode(runner, vla, 4), episode(runner, vla, 5)));
            three.sort(java.util.Comparator.comparing(Episode::duration));
            Episode episode = three.get(1);
            int horizon = vla.spec().actionHorizon();
            int predictions = (episode.actions().size() + horizon - 1) / horizon;

            long t0 = System.nanoTime();
            episode(runner, vla, 2);
            episode(runner, vla, 3);
            long serialized = System.nanoTime() - t0;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            long concurrent;
            try {
                long t1 = System.nanoTime();
                List<Future<Episode>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    long seed = 2 + i;
                    runs.add(pool.submit(() -> episode(runner, vla, seed)));
                }
                for (Future<Episode> f : runs) {
                    f.get();
                }
                concurrent = System.nanoTime() - t1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while measuring concurrent episodes", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("A concurrent episode failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
            return new Result(vla.spec().id(), vla.device(), settings.predictions(), percentile(adapter, 50),
                    percentile(adapter, 95), percentile(bare, 50), percentile(bare, 95), episode.duration(),
                    episode.actions().size(), predictions, Duration.ofNanos(serialized), Duration.ofNanos(concurrent));
        }
    }

    private static Episode episode(EpisodeRunner runner, OnnxVla vla, long seed) {
        try (Environment env = new StillEnvironment(vla.spec().actionDimension(), vla.spec().actionSpace())) {
            Episode e = runner.run(vla, env, new RolloutContext("pick up the red cube", "<mujoco/>", seed, runner.maxSteps()));
            if (e.failure().isPresent()) {
                throw new IllegalStateException("The benchmark episode failed: " + e.failure().get().message());
            }
            return e;
        }
    }

    /** Alternates one adapter prediction and one bare run on the same device, so both see the same machine noise. */
    private static void sideBySide(OnnxVla vla, Path dir, Settings settings, long[] adapter, long[] bare) {
        ImageSpec image = vla.spec().observation().images().get(0);
        Observation obs = observation(image);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (settings.options().intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.options().intraOpThreads());
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (vla.device().startsWith("cuda:")) { // the bare run uses the device the adapter actually got
                options.addCUDA(Integer.parseInt(vla.device().substring("cuda:".length())));
            }
            try (OrtSession session = env.createSession(ModelCard.read(dir).policyFile().toString(), options);
                    VlaRollout rollout = vla.start(new RolloutContext("pick up the red cube", "<mujoco/>", 1, 1000))) {
                Map<String, OnnxTensor> inputs = bareInputs(env, session);
                try {
                    for (int i = 0; i < settings.warmup() + settings.predictions(); i++) {
                        long a0 = System.nanoTime();
                        rollout.predict(obs, "pick up the red cube");
                        long a1 = System.nanoTime();
                        session.run(inputs).close();
                        long a2 = System.nanoTime();
                        if (i >= settings.warmup()) {
                            adapter[i - settings.warmup()] = a1 - a0;
                            bare[i - settings.warmup()] = a2 - a1;
                        }
                    }
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("The bare ONNX Runtime session failed: " + e.getMessage(), e);
        }
    }

    /** Inputs of the policy's shapes and types, filled once (what a hand-written caller would pass). */
    private static Map<String, OnnxTensor> bareInputs(OrtEnvironment env, OrtSession session) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        Random random = new Random(1);
        for (var e : session.getInputInfo().entrySet()) {
            ai.onnxruntime.TensorInfo info = (ai.onnxruntime.TensorInfo) e.getValue().getInfo();
            long[] shape = info.getShape();
            int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            ByteBuffer bytes = ByteBuffer.allocateDirect(n * (info.type == OnnxJavaType.FLOAT ? 4 : 1)).order(ByteOrder.nativeOrder());
            if (info.type == OnnxJavaType.FLOAT) {
                FloatBuffer f = bytes.asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    f.put(i, (float) random.nextGaussian() * 0.1f + 0.5f);
                }
                inputs.put(e.getKey(), OnnxTensor.createTensor(env, f, shape));
            } else {
                for (int i = 0; i < n; i++) {
                    bytes.put(i, (byte) 1);
                }
                inputs.put(e.getKey(), OnnxTensor.createTensor(env, bytes, shape, info.type));
            }
        }
        return inputs;
    }

    private static Observation observation(ImageSpec spec) {
        byte[] px = new byte[spec.width() * spec.height() * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 17);
        }
        return new Observation(0, new SimState(new double[1], new double[1], 0),
                Map.of(spec.key(), new RgbImage(spec.width(), spec.height(), px)));
    }

    private static Duration percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
    }

    /** An environment without physics: it takes actions of the model's size and space, holds still and renders grey frames. */
    private static final class StillEnvironment implements Environment {
        private final int dimension;
        private final ActionSpace space;
        private double time;

        StillEnvironment(int dimension, ActionSpace space) {
            this.dimension = dimension;
            this.space = space;
        }

        @Override
        public int nq() {
            return 1;
        }

        @Override
        public int nv() {
            return 1;
        }

        @Override
        public int nu() {
            return dimension;
        }

        @Override
        public ActionSpace actionSpace() {
            return space;
        }

        @Override
        public int actionDimension() {
            return dimension;
        }

        @Override
        public double controlPeriod() {
            return 0.2;
        }

        @Override
        public List<String> cameras() {
            return List.of();
        }

        @Override
        public SimState reset(long seed) {
            time = 0;
            return state();
        }

        @Override
        public SimState step(Action action) {
            time += controlPeriod();
            return state();
        }

        @Override
        public SimState state() {
            return new SimState(new double[1], new double[1], time);
        }

        @Override
        public RgbImage render(String camera, int width, int height) {
            byte[] px = new byte[width * height * 3];
            Arrays.fill(px, (byte) 128);
            return new RgbImage(width, height, px);
        }

        @Override
        public void close() {}
    }
}
