package io.vlaarena.core.rating;

import java.util.Arrays;
import java.util.List;

/**
 * The original VLA Arena's online Elo: every vote, in order, moves both models' ratings by
 * {@code K * (actual - expected)}.
 *
 * <p>Defaults match the original exactly: initial rating 1500, K = 32, expected score
 * {@code E_a = 1 / (1 + 10^((R_b - R_a) / 400))}; the voted side scores 1.0 and the other 0.0, a
 * tie scores 0.5 each and {@code both_bad} 0.25 each (so both models lose rating). The result
 * depends on vote order, and it has no confidence interval; prefer {@link BradleyTerry} as the
 * ranking and keep Elo for compatibility with the original leaderboard.
 *
 * <p>Immutable and thread-safe.
 */
public final class EloRating implements Rater {
    /** The original arena's starting rating. */
    public static final double DEFAULT_INITIAL_RATING = 1500.0;
    /** The original arena's K-factor. */
    public static final double DEFAULT_K_FACTOR = 32.0;
    /** The original arena's minimum number of votes for a model to appear. */
    public static final int DEFAULT_MIN_VOTE_COUNT = 5;

    private static final EloRating DEFAULT = new Builder().build();

    private final double initialRating;
    private final double kFactor;
    private final int minVoteCount;

    private EloRating(Builder b) {
        this.initialRating = b.initialRating;
        this.kFactor = b.kFactor;
        this.minVoteCount = b.minVoteCount;
    }

    /** The original arena's settings: initial 1500, K = 32, at least 5 votes to appear. */
    public static EloRating of() {
        return DEFAULT;
    }

    /**
     * Elo with another starting rating and K-factor, and the default minimum vote count.
     *
     * @throws IllegalArgumentException if {@code initialRating} is not finite or {@code kFactor} is not positive and finite
     */
    public static EloRating of(double initialRating, double kFactor) {
        return builder().initialRating(initialRating).kFactor(kFactor).build();
    }

    /** A builder starting from the original arena's settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this rater's settings. */
    public Builder toBuilder() {
        return new Builder().initialRating(initialRating).kFactor(kFactor).minVoteCount(minVoteCount);
    }

    /** The rating every model starts from. */
    public double initialRating() {
        return initialRating;
    }

    /** The K-factor: the most one vote can move a rating. */
    public double kFactor() {
        return kFactor;
    }

    /** The fewest votes a model needs to appear on the leaderboard. */
    public int minVoteCount() {
        return minVoteCount;
    }

    /**
     * The expected score of a model rated {@code rating} against one rated {@code opponent}:
     * {@code 1 / (1 + 10^((opponent − rating) / 400))}, between 0 and 1.
     */
    public static double expectedScore(double rating, double opponent) {
        return 1.0 / (1.0 + Math.pow(10.0, (opponent - rating) / 400.0));
    }

    /**
     * Applies the votes in list order, starting every model at the initial rating.
     *
     * <p>Every model in {@code votes} is rated, including those later hidden by the minimum vote
     * count. Rows carry no confidence interval.
     *
     * @throws NullPointerException if {@code votes} or one of its elements is null
     */
    @Override
    public Leaderboard rate(List<RatedVote> votes) {
        VoteTally tally = VoteTally.of(votes);
        double[] ratings = new double[tally.size()];
        Arrays.fill(ratings, initialRating);
        for (int k = 0; k < votes.size(); k++) {
            int a = tally.left[k];
            int b = tally.right[k];
            double scoreA;
            double scoreB;
            switch (tally.choice(k)) {
                case LEFT_BETTER -> {
                    scoreA = 1.0;
                    scoreB = 0.0;
                }
                case RIGHT_BETTER -> {
                    scoreA = 0.0;
                    scoreB = 1.0;
                }
                case TIE -> {
                    scoreA = 0.5;
                    scoreB = 0.5;
                }
                case BOTH_BAD -> {
                    scoreA = 0.25;
                    scoreB = 0.25;
                }
                default -> throw new AssertionError(tally.choice(k));
            }
            double expectedA = expectedScore(ratings[a], ratings[b]);
            double expectedB = expectedScore(ratings[b], ratings[a]);
            ratings[a] += kFactor * (scoreA - expectedA);
            ratings[b] += kFactor * (scoreB - expectedB);
        }
        return new Leaderboard(Leaderboard.Method.ELO, minVoteCount, null,
                tally.rows(ratings, null, null, minVoteCount), tally.hidden(minVoteCount));
    }

    @Override
    public String toString() {
        return "EloRating[initialRating=" + initialRating + ", kFactor=" + kFactor
                + ", minVoteCount=" + minVoteCount + "]";
    }

    /** Configures an {@link EloRating}; starts from the original arena's settings. Not thread-safe. */
    public static final class Builder {
        private double initialRating = DEFAULT_INITIAL_RATING;
        private double kFactor = DEFAULT_K_FACTOR;
        private int minVoteCount = DEFAULT_MIN_VOTE_COUNT;

        private Builder() {}

        /** The rating every model starts from; default 1500. Throws {@link IllegalArgumentException} if not finite. */
        public Builder initialRating(double initialRating) {
            if (!Double.isFinite(initialRating)) {
                throw new IllegalArgumentException("initialRating must be finite, was " + initialRating);
            }
            this.initialRating = initialRating;
            return this;
        }

        /** The K-factor; default 32. Throws {@link IllegalArgumentException} unless positive and finite. */
        public Builder kFactor(double kFactor) {
            if (!(kFactor > 0) || !Double.isFinite(kFactor)) {
                throw new IllegalArgumentException("kFactor must be positive and finite, was " + kFactor);
            }
            this.kFactor = kFactor;
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

        /** Builds the rater. */
        public EloRating build() {
            return new EloRating(this);
        }
    }
}
