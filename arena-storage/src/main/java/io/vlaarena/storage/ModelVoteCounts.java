package io.vlaarena.storage;

import java.util.Objects;

/**
 * How the stored votes went for one model, counted on the server
 * ({@link MongoArenaStore#voteCounts}). Counts follow the original's leaderboard: a
 * {@code both_bad} vote counts as a vote but as neither a win, a loss nor a tie.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelId the model
 * @param votes votes on battles the model played
 * @param wins votes for the model's side
 * @param losses votes for the other side
 * @param ties {@code tie} votes
 * @param bothBad {@code both_bad} votes
 */
public record ModelVoteCounts(String modelId, long votes, long wins, long losses, long ties, long bothBad) {
    /** Validates. */
    public ModelVoteCounts {
        Objects.requireNonNull(modelId, "modelId");
        if (votes < 0 || wins < 0 || losses < 0 || ties < 0 || bothBad < 0 || wins + losses + ties + bothBad != votes) {
            throw new IllegalArgumentException("Inconsistent vote counts for '" + modelId + "': votes " + votes + ", wins "
                    + wins + ", losses " + losses + ", ties " + ties + ", both bad " + bothBad);
        }
    }

    /** {@code wins / votes}, as the original's {@code win_rate}; 0 without votes. */
    public double winRate() {
        return votes == 0 ? 0 : (double) wins / votes;
    }
}
