package io.vlaarena.storage.bench;

import io.vlaarena.core.Action;
import io.vlaarena.core.SimState;
import io.vlaarena.core.StorageException;
import io.vlaarena.core.arena.Battle;
import io.vlaarena.core.arena.EpisodeRecord;
import io.vlaarena.core.arena.Session;
import io.vlaarena.core.arena.Side;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.storage.MongoArenaStore;
import io.vlaarena.storage.internal.BsonSize;
import io.vlaarena.storage.internal.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Measures a {@link MongoArenaStore}: the latency of storing and loading episodes, and concurrent
 * turn writes, which it also checks for correctness (every turn present exactly once, no turn
 * half-written). Writes its own sessions, battles and turns into the store it is given.
 *
 * <pre>{@code
 * StorageBenchmark.Result r = StorageBenchmark.builder().build().runOnTemporaryEmbeddedStore();
 * System.out.println(r.summary());
 * }</pre>
 *
 * <p>Immutable and thread-safe; each run uses threads of its own and stops them before returning.
 */
public final class StorageBenchmark {
    private final int iterations;
    private final int warmup;
    private final int steps;
    private final int nq;
    private final int turns;
    private final int threads;

    private StorageBenchmark(Builder b) {
        this.iterations = b.iterations;
        this.warmup = b.warmup;
        this.steps = b.steps;
        this.nq = b.nq;
        this.turns = b.turns;
        this.threads = b.threads;
    }

    /** A builder with the defaults: 200 measured iterations after 50 warm-up ones, 75 steps, nq 29, 100 turns from 8 threads. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a run measured. Latencies are per iteration: one {@code saveTurn} (two episodes and the
     * turn) followed by loading both episodes; {@code episodeStoreLoad} is half of that.
     *
     * @param iterations measured iterations
     * @param steps actions per episode
     * @param nq length of {@code qpos} (and {@code qvel} is {@code nq - 1})
     * @param episodeBytes BSON size of one episode document
     * @param episodeStoreLoadP50 median time to store and load one episode
     * @param episodeStoreLoadP90 90th percentile of the same
     * @param turnStoreP50 median time of one {@code saveTurn}
     * @param episodeLoadP50 median time to load one episode
     * @param concurrentTurns turns written concurrently
     * @param threads writer threads
     * @param concurrentElapsed wall-clock time of the concurrent writes
     * @param concurrentCorrect whether every concurrent turn was present exactly once with both
     *     episodes, no episode stored without its turn and no write left unfinished
     */
    public record Result(int iterations, int steps, int nq, long episodeBytes, Duration episodeStoreLoadP50,
            Duration episodeStoreLoadP90, Duration turnStoreP50, Duration episodeLoadP50, int concurrentTurns, int threads,
            Duration concurrentElapsed, boolean concurrentCorrect) {
        /** Validates. */
        public Result {
            Objects.requireNonNull(episodeStoreLoadP50, "episodeStoreLoadP50");
            Objects.requireNonNull(episodeStoreLoadP90, "episodeStoreLoadP90");
            Objects.requireNonNull(turnStoreP50, "turnStoreP50");
            Objects.requireNonNull(episodeLoadP50, "episodeLoadP50");
            Objects.requireNonNull(concurrentElapsed, "concurrentElapsed");
        }

        /** Concurrent turns written per second. */
        public double turnsPerSecond() {
            double s = concurrentElapsed.toNanos() / 1e9;
            return s == 0 ? 0 : concurrentTurns / s;
        }

        /** A few lines for a terminal. */
        public String summary() {
            return String.format(Locale.ROOT,
                    "episode store+load (%d steps, nq %d, %.1f KiB): p50 %.2f ms, p90 %.2f ms over %d iterations%n"
                            + "  saveTurn (2 episodes) p50 %.2f ms, episode load p50 %.2f ms%n"
                            + "%d turns from %d threads: %.0f ms (%.0f turns/s), %s",
                    steps, nq, episodeBytes / 1024.0, ms(episodeStoreLoadP50), ms(episodeStoreLoadP90), iterations,
                    ms(turnStoreP50), ms(episodeLoadP50), concurrentTurns, threads, ms(concurrentElapsed),
                    turnsPerSecond(), concurrentCorrect ? "all present exactly once, none half-written"
                            : "INCORRECT: missing, duplicated or half-written turns");
        }

        private static double ms(Duration d) {
            return d.toNanos() / 1e6;
        }
    }

    /**
     * Runs the benchmark on a store that is open; adds its own data to it.
     *
     * @throws StorageException when the store fails
     */
    public Result run(MongoArenaStore store) {
        Objects.requireNonNull(store, "store");
        Session session = new Session(id("sess_"), "bench-robot", "bench-scene", now());
        store.saveSession(session);
        Battle latencyBattle = battle(session, 0);
        store.saveBattle(latencyBattle);

        long bytes = BsonSize.of(Documents.episode(episode(latencyBattle, id("turn_"), 0, Side.LEFT)));
        long[] perIteration = new long[iterations];
        long[] turnStore = new long[iterations];
        long[] load = new long[iterations];
        for (int i = -warmup; i < iterations; i++) {
            int seq = i + warmup;
            String turnId = id("turn_");
            EpisodeRecord left = episode(latencyBattle, turnId, seq, Side.LEFT);
            EpisodeRecord right = episode(latencyBattle, turnId, seq, Side.RIGHT);
            Turn turn = new Turn(turnId, latencyBattle.battleId(), session.sessionId(), seq, "benchmark",
                    left.episodeId(), right.episodeId(), left.createdAt());
            long t0 = System.nanoTime();
            store.saveTurn(turn, left, right);
            long t1 = System.nanoTime();
            if (store.episode(left.episodeId()).isEmpty() || store.episode(right.episodeId()).isEmpty()) {
                throw new StorageException("Benchmark turn '" + turnId + "' was stored but its episodes cannot be read");
            }
            long t2 = System.nanoTime();
            if (i >= 0) {
                turnStore[i] = t1 - t0;
                load[i] = (t2 - t1) / 2;
                perIteration[i] = (t2 - t0) / 2;
            }
        }

        int battleCount = Math.max(1, (turns + 9) / 10);
        List<Battle> battles = new ArrayList<>();
        for (int b = 0; b < battleCount; b++) {
            Battle battle = battle(session, b + 1);
            store.saveBattle(battle);
            battles.add(battle);
        }
        List<Turn> written = new ArrayList<>();
        List<EpisodeRecord[]> pairs = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            Battle battle = battles.get(i % battleCount);
            String turnId = id("turn_");
            int seq = i / battleCount;
            EpisodeRecord left = episode(battle, turnId, seq, Side.LEFT);
            EpisodeRecord right = episode(battle, turnId, seq, Side.RIGHT);
            written.add(new Turn(turnId, battle.battleId(), session.sessionId(), seq, "benchmark", left.episodeId(),
                    right.episodeId(), left.createdAt()));
            pairs.add(new EpisodeRecord[] {left, right});
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "storage-benchmark");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                Turn t = written.get(i);
                EpisodeRecord[] p = pairs.get(i);
                futures.add(pool.submit(() -> store.saveTurn(t, p[0], p[1])));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("The storage benchmark was interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new StorageException("A concurrent turn write failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        boolean correct = verify(store, battles, written);

        return new Result(iterations, steps, nq, bytes, Duration.ofNanos(percentile(perIteration, 0.5)),
                Duration.ofNanos(percentile(perIteration, 0.9)), Duration.ofNanos(percentile(turnStore, 0.5)),
                Duration.ofNanos(percentile(load, 0.5)), turns, threads, elapsed, correct);
    }

    /**
     * Runs the benchmark on a new embedded store in a temporary directory, deleted afterwards.
     *
     * @throws StorageException when the store fails or the directory cannot be used
     */
    public Result runOnTemporaryEmbeddedStore() {
        Path dir;
        try {
            dir = Files.createTempDirectory("vlaarena-storage-bench");
        } catch (IOException e) {
            throw new StorageException("Cannot create a temporary directory for the storage benchmark: " + e.getMessage(), e);
        }
        try (MongoArenaStore store = MongoArenaStore.openEmbedded(dir)) {
            return run(store);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static boolean verify(MongoArenaStore store, List<Battle> battles, List<Turn> written) {
        List<Turn> found = new ArrayList<>();
        for (Battle b : battles) {
            found.addAll(store.turns(b.battleId()));
        }
        if (found.size() != written.size()
                || !found.stream().map(Turn::turnId).sorted().toList().equals(written.stream().map(Turn::turnId).sorted().toList())) {
            return false;
        }
        for (Turn t : found) {
            if (store.episode(t.leftEpisodeId()).isEmpty() || store.episode(t.rightEpisodeId()).isEmpty()) {
                return false;
            }
        }
        for (Battle b : battles) {
            if (store.storedEpisodes(b.battleId()) != 2L * store.turns(b.battleId()).size()) {
                return false;
            }
        }
        return store.unfinishedWrites() == 0;
    }

    private EpisodeRecord episode(Battle b, String turnId, int turnSeq, Side side) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        List<Action> actions = new ArrayList<>(steps);
        List<SimState> states = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            double[] a = new double[8];
            for (int k = 0; k < a.length; k++) {
                a[k] = rnd.nextDouble(-1, 1);
            }
            actions.add(new Action(a));
            double[] qpos = new double[nq];
            double[] qvel = new double[Math.max(1, nq - 1)];
            for (int k = 0; k < nq; k++) {
                qpos[k] = rnd.nextDouble(-3, 3);
            }
            for (int k = 0; k < qvel.length; k++) {
                qvel[k] = rnd.nextDouble(-1, 1);
            }
            states.add(new SimState(qpos, qvel, 0.2 * (i + 1)));
        }
        return new EpisodeRecord(id("ep_"), b.sessionId(), b.battleId(), turnId, b.seqInSession(), turnSeq, side,
                b.model(side), actions, states, Duration.ofMillis(steps * 200L), now());
    }

    private static Battle battle(Session s, int seq) {
        return new Battle(id("battle_"), s.sessionId(), seq, s.robotId(), s.sceneId(), "bench-left", "bench-right", now());
    }

    private static String id(String prefix) {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static long percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * (sorted.length - 1) + 0.5))];
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary directory: the OS cleans up what is left
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    /** Builds {@link StorageBenchmark}s; not thread-safe. */
    public static final class Builder {
        private int iterations = 200;
        private int warmup = 500;
        private int steps = 75;
        private int nq = 29;
        private int turns = 100;
        private int threads = 8;

        private Builder() {}

        /** Measured store+load iterations (default 200). */
        public Builder iterations(int iterations) {
            this.iterations = positive("iterations", iterations);
            return this;
        }

        /**
         * Unmeasured iterations first, to warm the JVM and the server (default 500: with 50, a fresh
         * JVM still measured its JIT warming up, 7.5 ms against a steady 4.3–5.0 ms; 0 allowed).
         */
        public Builder warmup(int warmup) {
            if (warmup < 0) {
                throw new IllegalArgumentException("warmup must not be negative, was " + warmup);
            }
            this.warmup = warmup;
            return this;
        }

        /** Actions per episode (default 75). */
        public Builder steps(int steps) {
            this.steps = positive("steps", steps);
            return this;
        }

        /** Length of {@code qpos} per state (default 29). */
        public Builder nq(int nq) {
            this.nq = positive("nq", nq);
            return this;
        }

        /** Turns written concurrently (default 100). */
        public Builder turns(int turns) {
            this.turns = positive("turns", turns);
            return this;
        }

        /** Writer threads for the concurrent turns (default 8). */
        public Builder threads(int threads) {
            this.threads = positive("threads", threads);
            return this;
        }

        /** Builds the benchmark. */
        public StorageBenchmark build() {
            return new StorageBenchmark(this);
        }

        private static int positive(String name, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + v);
            }
            return v;
        }
    }
}
