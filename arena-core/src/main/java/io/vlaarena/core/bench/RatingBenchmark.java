package io.vlaarena.core.bench;

import io.vlaarena.core.rating.BradleyTerry;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.RatedVote;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures how long {@link BradleyTerry} takes to fit and bootstrap a large synthetic vote set,
 * single-threaded; the code behind {@code arena bench}.
 *
 * <p>The default scenario is 100,000 votes among 20 models (ratings spread over 400 points, 10%
 * ties, 5% both_bad) with 1000 bootstrap rounds, against a target of 2 s. Votes are generated once,
 * untimed; each run then times one {@link BradleyTerry#rate} call. Warm-up runs let the JIT compile
 * the hot loops and are not reported. A run takes a few seconds and allocates tens of megabytes.
 *
 * <p>Immutable and thread-safe, but run one benchmark at a time for meaningful figures.
 */
public final class RatingBenchmark {
    /** The time the default scenario should stay under. */
    public static final Duration TARGET = Duration.ofSeconds(2);

    private final int votes;
    private final int models;
    private final int bootstrapRounds;
    private final int warmupRuns;
    private final int measuredRuns;
    private final long seed;

    private RatingBenchmark(Builder b) {
        this.votes = b.votes;
        this.models = b.models;
        this.bootstrapRounds = b.bootstrapRounds;
        this.warmupRuns = b.warmupRuns;
        this.measuredRuns = b.measuredRuns;
        this.seed = b.seed;
    }

    /** The default scenario: 100,000 votes, 20 models, 1000 rounds, 5 warm-up runs, median of 9 runs. */
    public static RatingBenchmark of() {
        return builder().build();
    }

    /** A builder starting from the default scenario. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Generates the votes, runs the warm-up and measured fits, and reports the timings.
     *
     * @return the scenario and its timings
     */
    public Result run() {
        double[] truth = SyntheticVotes.evenlySpaced(models, 400);
        List<RatedVote> data = SyntheticVotes.draw(truth, votes, 0.10, 0.05, seed);
        BradleyTerry rater = BradleyTerry.builder().bootstrapRounds(bootstrapRounds).seed(seed).build();
        for (int i = 0; i < warmupRuns; i++) {
            rater.rate(data);
        }
        long[] nanos = new long[measuredRuns];
        for (int i = 0; i < measuredRuns; i++) {
            long start = System.nanoTime();
            Leaderboard board = rater.rate(data);
            nanos[i] = System.nanoTime() - start;
            if (board.rankings().size() != models) {
                throw new IllegalStateException("Benchmark leaderboard has " + board.rankings().size()
                        + " rows, expected " + models);
            }
        }
        Arrays.sort(nanos);
        long median = measuredRuns % 2 == 1
                ? nanos[measuredRuns / 2]
                : (nanos[measuredRuns / 2 - 1] + nanos[measuredRuns / 2]) / 2;
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
        return new Result(votes, models, bootstrapRounds, warmupRuns, measuredRuns,
                Duration.ofNanos(median), Duration.ofNanos(nanos[0]), Duration.ofNanos(nanos[measuredRuns - 1]),
                TARGET, jvm);
    }

    /**
     * The outcome of a {@link RatingBenchmark} run: the scenario and the fit-plus-bootstrap times.
     *
     * <p>Immutable and thread-safe.
     *
     * @param votes synthetic votes rated
     * @param models models among which they were cast
     * @param bootstrapRounds bootstrap rounds per fit
     * @param warmupRuns untimed runs before measuring
     * @param measuredRuns timed runs
     * @param median median time of one fit with its bootstrap
     * @param fastest fastest timed run
     * @param slowest slowest timed run
     * @param target the time the default scenario should stay under
     * @param jvm the JVM and processor count the figures come from
     */
    public record Result(
            int votes,
            int models,
            int bootstrapRounds,
            int warmupRuns,
            int measuredRuns,
            Duration median,
            Duration fastest,
            Duration slowest,
            Duration target,
            String jvm) {

        /** Whether the median run met the target. */
        public boolean meetsTarget() {
            return median.compareTo(target) <= 0;
        }

        /** A one-line, human-readable report. */
        public String summary() {
            return String.format(Locale.ROOT,
                    "Bradley-Terry fit + %d bootstrap rounds, %,d votes, %d models: median %.3f s "
                            + "(min %.3f, max %.3f, %d runs after %d warm-up; target %.1f s: %s) on %s",
                    bootstrapRounds, votes, models, seconds(median), seconds(fastest), seconds(slowest),
                    measuredRuns, warmupRuns, seconds(target), meetsTarget() ? "met" : "MISSED", jvm);
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }
    }

    /** Configures a {@link RatingBenchmark}; starts from the default scenario. Not thread-safe. */
    public static final class Builder {
        private int votes = 100_000;
        private int models = 20;
        private int bootstrapRounds = BradleyTerry.DEFAULT_BOOTSTRAP_ROUNDS;
        private int warmupRuns = 5;
        private int measuredRuns = 9;
        private long seed = 1L;

        private Builder() {}

        /** Synthetic votes to rate; default 100,000. Throws {@link IllegalArgumentException} unless positive. */
        public Builder votes(int votes) {
            this.votes = positive("votes", votes);
            return this;
        }

        /** Models the votes are spread over; default 20. Throws {@link IllegalArgumentException} if below 2. */
        public Builder models(int models) {
            if (models < 2) {
                throw new IllegalArgumentException("models must be at least 2, was " + models);
            }
            this.models = models;
            return this;
        }

        /** Bootstrap rounds per fit; default 1000. Throws {@link IllegalArgumentException} unless positive. */
        public Builder bootstrapRounds(int rounds) {
            this.bootstrapRounds = positive("bootstrapRounds", rounds);
            return this;
        }

        /** Untimed runs first; default 5. Throws {@link IllegalArgumentException} if negative. */
        public Builder warmupRuns(int runs) {
            if (runs < 0) {
                throw new IllegalArgumentException("warmupRuns must not be negative, was " + runs);
            }
            this.warmupRuns = runs;
            return this;
        }

        /** Timed runs whose median is reported; default 9. Throws {@link IllegalArgumentException} unless positive. */
        public Builder measuredRuns(int runs) {
            this.measuredRuns = positive("measuredRuns", runs);
            return this;
        }

        /** Seed for the synthetic votes and the bootstrap; default 1. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the benchmark. */
        public RatingBenchmark build() {
            return new RatingBenchmark(this);
        }

        private static int positive(String what, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive, was " + value);
            }
            return value;
        }
    }
}
