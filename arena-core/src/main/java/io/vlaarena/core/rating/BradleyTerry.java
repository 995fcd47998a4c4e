package io.vlaarena.core.rating;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Ranks models by a Bradley–Terry maximum-likelihood fit of all votes, with bootstrap confidence
 * intervals; unlike Elo the result does not depend on vote order.
 *
 * <p><b>Model.</b> Model {@code i} beats {@code j} with probability {@code p_i / (p_i + p_j)} when
 * the vote is decisive. Ties are modelled one of two ways ({@link Ties}): as half a win for each
 * side, as LMSYS Chatbot Arena does ({@link Ties#HALF_WIN}, the default), or as an outcome of their
 * own in Davidson's (1970) model, as RoboArena does ({@link Ties#DAVIDSON}):
 * {@code P(tie) = nu * sqrt(p_i p_j) / (p_i + p_j + nu * sqrt(p_i p_j))}, with the tie parameter
 * {@code nu} fitted too. Either way a {@code both_bad} vote is a tie here (the rows' {@code ties}
 * column still counts only {@code tie} votes). Votes are first aggregated into per-pair counts, then
 * fitted by Newton's method until no parameter moves by more than {@value #TOLERANCE} rating points.
 *
 * <p><b>Progress, a secondary signal.</b> When a {@code tie} or {@code both_bad} vote carries both
 * sides' progress scores, {@code progressWeight * |margin|} of it counts as a win for the side with
 * more progress and the rest as a tie, where {@code margin} is the progress difference as a fraction
 * ({@link RatedVote#progressMargin()}); decisive votes are never changed by progress. With the
 * default weight 0.5, a tie scored 80 against 20 counts 0.3 as a win for the left side and 0.7 as a
 * tie. Weight 0 ignores progress.
 *
 * <p><b>Prior.</b> So that ratings stay finite when a model never loses, never wins, or the
 * comparison graph is disconnected, each model also plays {@code priorWeight} pseudo-comparisons
 * against a virtual reference model of rating 1500, split evenly between its outcomes (default 0.5
 * of a vote per model). This is a small pull towards the average; with tens of votes per model it
 * is negligible.
 *
 * <p><b>Scale and anchoring.</b> Ratings are reported on the Elo scale,
 * {@code rating_i = 1500 + 400 * log10(p_i)}, after normalizing the strengths so that the mean
 * rating over all fitted models (every model in the votes, including those then hidden by the
 * minimum vote count) is exactly 1500. Only differences between ratings carry meaning: a
 * 400-point gap means 10:1 odds of winning a decisive vote.
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
    /** Default share of a tie's progress margin that counts as a win (see the class comment). */
    public static final double DEFAULT_PROGRESS_WEIGHT = 0.5;
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
    private final Ties ties;
    private final double progressWeight;

    /** How a fit treats {@code tie} (and {@code both_bad}) votes. */
    public enum Ties {
        /** Half a win for each side, as LMSYS Chatbot Arena. */
        HALF_WIN,
        /** An outcome of its own with a fitted tie parameter, Davidson's model, as RoboArena. */
        DAVIDSON
    }

    private BradleyTerry(Builder b) {
        this.minVoteCount = b.minVoteCount;
        this.confidenceIntervals = b.confidenceIntervals;
        this.bootstrapRounds = b.bootstrapRounds;
        this.confidenceLevel = b.confidenceLevel;
        this.priorWeight = b.priorWeight;
        this.seed = b.seed;
        this.ties = b.ties;
        this.progressWeight = b.progressWeight;
    }

    /**
     * The default settings: ties as half wins, 1000 bootstrap rounds, 95% intervals, prior weight
     * 0.5, progress weight 0.5, at least 5 votes to appear.
     */
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
                .seed(seed)
                .ties(ties)
                .progressWeight(progressWeight);
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

    /** How ties are modelled. */
    public Ties ties() {
        return ties;
    }

    /** The share of a tie's progress margin that counts as a win, in [0, 1]. */
    public double progressWeight() {
        return progressWeight;
    }

    /** The leaderboard method this rater computes. */
    public Leaderboard.Method method() {
        return ties == Ties.DAVIDSON ? Leaderboard.Method.BRADLEY_TERRY_DAVIDSON : Leaderboard.Method.BRADLEY_TERRY;
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
        Leaderboard.Method method = method();
        if (m == 0) {
            return new Leaderboard(method, minVoteCount, level, List.of());
        }
        Cells cells = Cells.of(tally, votes, progressWeight);
        BradleyTerrySolver solver = new BradleyTerrySolver(m, cells.first, cells.second, priorWeight, ties == Ties.DAVIDSON);
        double[] counts = new double[3 * cells.pairs()];
        int n = votes.size();
        for (int k = 0; k < n; k++) {
            cells.add(counts, k);
        }
        solver.setCounts(counts);
        double[] theta = new double[solver.dimension()];
        solver.fit(theta, TOLERANCE_NATS);
        double[] ratings = toRatings(theta, m, new double[m]);
        if (!confidenceIntervals) {
            return new Leaderboard(method, minVoteCount, level, tally.rows(ratings, null, null, minVoteCount),
                    tally.hidden(minVoteCount));
        }

        double[][] samples = new double[m][bootstrapRounds];
        double[] warm = new double[theta.length];
        double[] roundRatings = new double[m];
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < bootstrapRounds; round++) {
            Arrays.fill(counts, 0);
            for (int k = 0; k < n; k++) {
                cells.add(counts, nextIndex(random, n));
            }
            solver.setCounts(counts);
            System.arraycopy(theta, 0, warm, 0, theta.length);
            solver.fit(warm, TOLERANCE_NATS);
            toRatings(warm, m, roundRatings);
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
        return new Leaderboard(method, minVoteCount, level, tally.rows(ratings, lower, upper, minVoteCount),
                tally.hidden(minVoteCount));
    }

    /** Maps the first {@code m} parameters, the log-strengths, to the Elo scale with the mean rating at 1500. */
    private static double[] toRatings(double[] theta, int m, double[] out) {
        double mean = 0;
        for (int i = 0; i < m; i++) {
            mean += theta[i];
        }
        mean /= m;
        for (int i = 0; i < m; i++) {
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
        return "BradleyTerry[ties=" + ties + ", minVoteCount=" + minVoteCount + ", confidenceIntervals="
                + confidenceIntervals + ", bootstrapRounds=" + bootstrapRounds + ", confidenceLevel=" + confidenceLevel
                + ", priorWeight=" + priorWeight + ", progressWeight=" + progressWeight + ", seed=" + seed + "]";
    }

    /**
     * Votes mapped to (pair, outcome) cells: three per pair of models that met, first wins / second
     * wins / tie; per vote its pair and how much of it goes to each cell (a tie with a progress
     * margin is split between a win and a tie).
     */
    private record Cells(int[] first, int[] second, int[] pairOfVote, double[] firstShare, double[] secondShare) {
        int pairs() {
            return first.length;
        }

        /** Adds vote {@code k} to {@code counts}. */
        void add(double[] counts, int k) {
            int base = 3 * pairOfVote[k];
            double f = firstShare[k];
            double s = secondShare[k];
            counts[base] += f;
            counts[base + 1] += s;
            counts[base + 2] += 1 - f - s;
        }

        static Cells of(VoteTally tally, List<RatedVote> votes, double progressWeight) {
            int n = tally.left.length;
            int m = tally.size();
            Map<Long, Integer> pairIndex = new HashMap<>();
            int[] first = new int[(int) Math.min(n, (long) m * (m - 1) / 2)];
            int[] second = new int[first.length];
            int[] pairOfVote = new int[n];
            double[] firstShare = new double[n];
            double[] secondShare = new double[n];
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
                pairOfVote[k] = p;
                double leftShare;
                double rightShare;
                switch (tally.choice(k)) {
                    case LEFT_BETTER -> {
                        leftShare = 1;
                        rightShare = 0;
                    }
                    case RIGHT_BETTER -> {
                        leftShare = 0;
                        rightShare = 1;
                    }
                    default -> {
                        double margin = progressWeight * votes.get(k).progressMargin();
                        leftShare = Math.max(0, margin);
                        rightShare = Math.max(0, -margin);
                    }
                }
                firstShare[k] = a == lo ? leftShare : rightShare;
                secondShare[k] = a == lo ? rightShare : leftShare;
            }
            int pairs = pairIndex.size();
            return new Cells(Arrays.copyOf(first, pairs), Arrays.copyOf(second, pairs), pairOfVote, firstShare, secondShare);
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
        private Ties ties = Ties.HALF_WIN;
        private double progressWeight = DEFAULT_PROGRESS_WEIGHT;

        private Builder() {}

        /** How ties are modelled; default {@link Ties#HALF_WIN}. */
        public Builder ties(Ties ties) {
            this.ties = Objects.requireNonNull(ties, "ties");
            return this;
        }

        /**
         * The share of a tie's progress margin that counts as a win; default 0.5, 0 ignores progress.
         * Throws {@link IllegalArgumentException} outside [0, 1].
         */
        public Builder progressWeight(double weight) {
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("progressWeight must be between 0 and 1, was " + weight);
            }
            this.progressWeight = weight;
            return this;
        }

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
