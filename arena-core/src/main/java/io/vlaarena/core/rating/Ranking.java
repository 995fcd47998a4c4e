package io.vlaarena.core.rating;

import io.vlaarena.core.internal.Checks;

/**
 * One model's row on a {@link Leaderboard}: its rating on the Elo scale, an optional confidence
 * interval and its vote counts.
 *
 * <p>{@code wins}, {@code losses} and {@code ties} follow the original arena: a {@code both_bad}
 * vote counts in none of them but does count in {@code voteCount}, so
 * {@code wins + losses + ties <= voteCount}. Elo rows carry no interval: {@code ciLower} and
 * {@code ciUpper} are {@code null} (see {@link #hasConfidenceInterval()}); no field is ever {@code NaN}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelId the model, non-blank
 * @param rating the rating on the Elo scale (models start at, or average, 1500), finite
 * @param ciLower lower end of the confidence interval, or {@code null} when there is none
 * @param ciUpper upper end of the confidence interval, or {@code null} when there is none
 * @param voteCount every vote the model took part in, including {@code both_bad}
 * @param wins votes the model won
 * @param losses votes the model lost
 * @param ties {@code tie} votes (not {@code both_bad})
 */
public record Ranking(
        String modelId,
        double rating,
        Double ciLower,
        Double ciUpper,
        int voteCount,
        int wins,
        int losses,
        int ties) {

    /** Validates; throws {@link IllegalArgumentException} on inconsistent values. */
    public Ranking {
        Checks.nonBlank("modelId", modelId);
        if (!Double.isFinite(rating)) {
            throw new IllegalArgumentException("rating of '" + modelId + "' must be finite, was " + rating);
        }
        boolean noInterval = ciLower == null && ciUpper == null;
        boolean interval = ciLower != null && ciUpper != null && Double.isFinite(ciLower) && Double.isFinite(ciUpper)
                && ciLower <= ciUpper;
        if (!noInterval && !interval) {
            throw new IllegalArgumentException("Confidence interval of '" + modelId
                    + "' must be two finite bounds with lower <= upper, or both null; was ["
                    + ciLower + ", " + ciUpper + "]");
        }
        if (voteCount < 0 || wins < 0 || losses < 0 || ties < 0 || (long) wins + losses + ties > voteCount) {
            throw new IllegalArgumentException("Counts of '" + modelId + "' must be non-negative with "
                    + "wins + losses + ties <= voteCount; were voteCount=" + voteCount + ", wins=" + wins
                    + ", losses=" + losses + ", ties=" + ties);
        }
    }

    /** A row without a confidence interval, as {@link EloRating} produces. */
    public static Ranking of(String modelId, double rating, int voteCount, int wins, int losses, int ties) {
        return new Ranking(modelId, rating, null, null, voteCount, wins, losses, ties);
    }

    /** The rating rounded to the nearest integer (halves round up), the original arena's {@code elo_score}. */
    public int eloScore() {
        return (int) Math.round(rating);
    }

    /** {@code wins / voteCount}, or 0 when the model has no votes; the original arena's {@code win_rate}. */
    public double winRate() {
        return voteCount == 0 ? 0.0 : (double) wins / voteCount;
    }

    /** {@code both_bad} votes: {@code voteCount - wins - losses - ties}. */
    public int bothBad() {
        return voteCount - wins - losses - ties;
    }

    /** Whether {@link #ciLower()} and {@link #ciUpper()} hold an interval rather than {@code null}. */
    public boolean hasConfidenceInterval() {
        return ciLower != null;
    }
}
