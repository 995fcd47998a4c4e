package io.vlaarena.core.rating;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Ranks models by a Bradley–Terry maximum-likelihood fit of all votes, with bootstrap confidence
 * intervals, as LMSYS Chatbot Arena does; unlike Elo the result does not depend on vote order.
 *
 * <p><b>Model.</b> Model {@code i} beats {@code j} with probability {@code p_i / (p_i + p_j)}.
 * A {@code tie} counts as half a win for each side, and so does {@code both_bad}: for this fit a
 * {@code both_bad} vote is a tie (the rows' {@code ties} column still counts only {@code tie} votes).
 * Votes are first aggregated into per-pair counts, then fitted by Newton's method until no rating
 * moves by more than {@value #TOLERANCE} points.
 *
 * <p><b>Prior.</b> So that ratings stay finite when a model never loses, never wins, or the
 * comparison graph is disconnected, each model also plays {@code priorWeight} pseudo-votes, all
 * ties, against a virtual reference model of rating 1500 (default 0.5 of a vote per model). This
 * is a small pull towards the average; with tens of votes per model it is negligible.
 *
 * <p><b>Scale and anchoring.</b> Ratings are reported on the Elo scale,
 * {@code rating_i = 1500 + 400 * log10(p_i)}, after normalizing the strengths so that the mean
 * rating over all fitted models (every model in the votes, including those then hidden by the
 * minimum vote count) is exactly 1500. Only differences between ratings carry meaning: a
 * 400-point gap means 10:1 odds.
 *
 * <p><b>Confidence intervals.</b> Percentile bootstrap: each round resamples the votes with
 * replacement (as many as there are), refits warm-started from the full fit, normalizes the same
 * way, and the interval is the {@code (1 - level) / 2} and {@code (1 + level) / 2} percentiles of
 * a model's ratings over the rounds (linear interpolation). The point rating is the full fit, not
 * the bootstrap median. Rounds draw from a {@link SplittableRandom} seeded with {@link #seed()},
 * so the same votes in the same order with the same settings give the same leaderboard. Cost is
 * about {@code rounds * votes} random draws plus a few Newton steps of {@code O(models^3)} per round,
 * single-threaded.
 *
 * <p>Immutable and thread-safe.
 */
public final class BradleyTerry implements Rater {
    /** Default number of bootstrap rounds. */
    public static final int DEFAULT_BOOTSTRAP_ROUNDS = 1000;
    /** Default confidence level of the intervals. */
    public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;
    /** Default pseudo-votes (ties against a 1500 reference) each model gets. */
    public static final double DEFAULT_PRIOR_WEIGHT = 0.5;
    /** Default seed of the bootstrap's random numbers. */
    public static final long DEFAULT_SEED = 20240611L;
    /** Default fewest votes a model needs to appear, as in the original arena. */
    public static final int DEFAULT_MIN_VOTE_COUNT = 5;
    /** The fit stops once no rating moves more than this many rating points in a Newton step. */
    public static final double TOLERANCE = 1e-6;

    static final double SCALE = 400.0 / Math.log(10.0);
    private static final double BASE = 1500.0;
    private static final double TOLERANCE_NATS = TOLERANCE / SCALE;
    private static final BradleyTerry DEFAULT = new Builder().build();

    private final int minVoteCount;
    private final boolean confidenceIntervals;
    private final int bootstrapRounds;
    private final double confidenceLevel;
    private final double priorWeight;
    private final long seed;

    private BradleyTerry(Builder b) {
        this.minVoteCount = b.minVoteCount;
        this.confidenceIntervals = b.confidenceIntervals;
        this.bootstrapRounds = b.bootstrapRounds;
        this.confidenceLevel = b.confidenceLevel;
        this.priorWeight = b.priorWeight;
        this.seed = b.seed;
    }

    /** The default settings: 1000 bootstrap rounds, 95% intervals, prior weight 0.5, at least 5 votes to appear. */
    public static BradleyTerry of() {
        return DEFAULT;
    }

    /** A builder starting from the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this rater's settings. */
    public Builder toBuilder() {
        return new Builder()
                .minVoteCount(minVoteCount)
                .confidenceIntervals(confidenceIntervals)
                .bootstrapRounds(bootstrapRounds)
                .confidenceLevel(confidenceLevel)
                .priorWeight(priorWeight)
                .seed(seed);
    }

    /** The fewest votes a model needs to appear on the leaderboard (all models are fitted regardless). */
    public int minVoteCount() {
        return minVoteCount;
    }

    /** Whether {@link #rate} computes bootstrap confidence intervals. */
    public boolean confidenceIntervals() {
        return confidenceIntervals;
    }

    /** Bootstrap rounds used when {@link #confidenceIntervals()} is on. */
    public int bootstrapRounds() {
        return bootstrapRounds;
    }

    /** Confidence level of the intervals, in (0, 1). */
    public double confidenceLevel() {
        return confidenceLevel;
    }

    /** Pseudo-votes, all ties against a virtual 1500-rated reference, that each model gets. */
    public double priorWeight() {
        return priorWeight;
    }

    /** Seed of the bootstrap's {@link SplittableRandom}. */
    public long seed() {
        return seed;
    }

    /**
     * Fits all votes, bootstraps the intervals if enabled, and returns the models with enough votes.
     *
     * @throws NullPointerException if {@code votes} or one of its elements is null
     */
    @Override
    public Leaderboard rate(List<RatedVote> votes) {
        VoteTally tally = VoteTally.of(votes);
        int m = tally.size();
        Double level = confidenceIntervals ? Double.valueOf(confidenceLevel) : null;
        if (m == 0) {
            return new Leaderboard(Leaderboard.Method.BRADLEY_TERRY, minVoteCount, level, List.of());
        }
        Cells cells = Cells.of(tally);
        BradleyTerrySolver solver = new BradleyTerrySolver(m, cells.first, cells.second, priorWeight);
        int[] counts = new int[3 * cells.pairs()];
        for (int cell : cells.cellOfVote) {
            counts[cell]++;
        }
        solver.setCounts(counts);
        double[] theta = new double[m];
        solver.fit(theta, TOLERANCE_NATS);
        double[] ratings = toRatings(theta, new double[m]);
        if (!confidenceIntervals) {
            return new Leaderboard(Leaderboard.Method.BRADLEY_TERRY, minVoteCount, level,
                    tally.rows(ratings, null, null, minVoteCount), tally.hidden(minVoteCount));
        }

        double[][] samples = new double[m][bootstrapRounds];
        double[] warm = new double[m];
        double[] roundRatings = new double[m];
        int[] cellOfVote = cells.cellOfVote;
        int n = cellOfVote.length;
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < bootstrapRounds; round++) {
            Arrays.fill(counts, 0);
            for (int k = 0; k < n; k++) {
                counts[cellOfVote[nextIndex(random, n)]]++;
            }
            solver.setCounts(counts);
            System.arraycopy(theta, 0, warm, 0, m);
            solver.fit(warm, TOLERANCE_NATS);
            toRatings(warm, roundRatings);
            for (int i = 0; i < m; i++) {
                samples[i][round] = roundRatings[i];
            }
        }
        double lowerQ = (1 - confidenceLevel) / 2;
        double upperQ = (1 + confidenceLevel) / 2;
        double[] lower = new double[m];
        double[] upper = new double[m];
        for (int i = 0; i < m; i++) {
            Arrays.sort(samples[i]);
            lower[i] = percentile(samples[i], lowerQ);
            upper[i] = percentile(samples[i], upperQ);
        }
        return new Leaderboard(Leaderboard.Method.BRADLEY_TERRY, minVoteCount, level,
                tally.rows(ratings, lower, upper, minVoteCount), tally.hidden(minVoteCount));
    }

    /** Maps log-strengths to the Elo scale with the mean rating at 1500. */
    private static double[] toRatings(double[] theta, double[] out) {
        double mean = 0;
        for (double t : theta) {
            mean += t;
        }
        mean /= theta.length;
        for (int i = 0; i < theta.length; i++) {
            out[i] = BASE + SCALE * (theta[i] - mean);
        }
        return out;
    }

    /** Linear-interpolation percentile of sorted values (NumPy's default). */
    static double percentile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * A uniform index in {@code [0, bound)} by Lemire's multiply-and-reject method on
     * {@link SplittableRandom#nextInt()}: exact, division-free in the common case, and independent of
     * how a JDK implements {@code nextInt(bound)}.
     */
    static int nextIndex(SplittableRandom random, int bound) {
        long product = (random.nextInt() & 0xFFFF_FFFFL) * bound;
        long low = product & 0xFFFF_FFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                product = (random.nextInt() & 0xFFFF_FFFFL) * bound;
                low = product & 0xFFFF_FFFFL;
            }
        }
        return (int) (product >>> 32);
    }

    @Override
    public String toString() {
        return "BradleyTerry[minVoteCount=" + minVoteCount + ", confidenceIntervals=" + confidenceIntervals
                + ", bootstrapRounds=" + bootstrapRounds + ", confidenceLevel=" + confidenceLevel
                + ", priorWeight=" + priorWeight + ", seed=" + seed + "]";
    }

    /** Votes mapped to (pair, outcome) cells: three per pair of models that met, first wins / second wins / tie. */
    private record Cells(int[] first, int[] second, int[] cellOfVote) {
        int pairs() {
            return first.length;
        }

        static Cells of(VoteTally tally) {
            int n = tally.left.length;
            int m = tally.size();
            Map<Long, Integer> pairIndex = new HashMap<>();
            int[] first = new int[(int) Math.min(n, (long) m * (m - 1) / 2)];
            int[] second = new int[first.length];
            int[] cellOfVote = new int[n];
            for (int k = 0; k < n; k++) {
                int a = tally.left[k];
                int b = tally.right[k];
                int lo = Math.min(a, b);
                int hi = Math.max(a, b);
                Integer p = pairIndex.get((long) lo * m + hi);
                if (p == null) {
                    p = pairIndex.size();
                    pairIndex.put((long) lo * m + hi, p);
                    first[p] = lo;
                    second[p] = hi;
                }
                int outcome = switch (tally.choice(k)) {
                    case LEFT_BETTER -> a == lo ? 0 : 1;
                    case RIGHT_BETTER -> b == lo ? 0 : 1;
                    case TIE, BOTH_BAD -> 2;
                };
                cellOfVote[k] = 3 * p + outcome;
            }
            int pairs = pairIndex.size();
            return new Cells(Arrays.copyOf(first, pairs), Arrays.copyOf(second, pairs), cellOfVote);
        }
    }

    /** Configures a {@link BradleyTerry}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private int minVoteCount = DEFAULT_MIN_VOTE_COUNT;
        private boolean confidenceIntervals = true;
        private int bootstrapRounds = DEFAULT_BOOTSTRAP_ROUNDS;
        private double confidenceLevel = DEFAULT_CONFIDENCE_LEVEL;
        private double priorWeight = DEFAULT_PRIOR_WEIGHT;
        private long seed = DEFAULT_SEED;

        private Builder() {}

        /** The fewest votes a model needs to appear; default 5, 0 shows every model. Throws {@link IllegalArgumentException} if negative. */
        public Builder minVoteCount(int minVoteCount) {
            if (minVoteCount < 0) {
                throw new IllegalArgumentException("minVoteCount must not be negative, was " + minVoteCount);
            }
            this.minVoteCount = minVoteCount;
            return this;
        }

        /** Whether to bootstrap confidence intervals; default on. Off, rows carry {@code NaN} bounds and rating is much faster. */
        public Builder confidenceIntervals(boolean enabled) {
            this.confidenceIntervals = enabled;
            return this;
        }

        /** Bootstrap rounds; default 1000. Throws {@link IllegalArgumentException} unless positive. */
        public Builder bootstrapRounds(int rounds) {
            if (rounds <= 0) {
                throw new IllegalArgumentException("bootstrapRounds must be positive, was " + rounds);
            }
            this.bootstrapRounds = rounds;
            return this;
        }

        /** Confidence level of the intervals; default 0.95. Throws {@link IllegalArgumentException} unless strictly between 0 and 1. */
        public Builder confidenceLevel(double level) {
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("confidenceLevel must be strictly between 0 and 1, was " + level);
            }
            this.confidenceLevel = level;
            return this;
        }

        /**
         * Pseudo-votes, all ties against a virtual 1500-rated reference, that each model gets; default 0.5.
         * Throws {@link IllegalArgumentException} unless positive and finite (zero would let an undefeated model's rating diverge).
         */
        public Builder priorWeight(double weight) {
            if (!(weight > 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("priorWeight must be positive and finite, was " + weight);
            }
            this.priorWeight = weight;
            return this;
        }

        /** Seed of the bootstrap's random numbers; default {@link #DEFAULT_SEED}. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the rater. */
        public BradleyTerry build() {
            return new BradleyTerry(this);
        }
    }
}
