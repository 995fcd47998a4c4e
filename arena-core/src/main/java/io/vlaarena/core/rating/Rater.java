package io.vlaarena.core.rating;

import java.util.List;

/**
 * Computes a {@link Leaderboard} from votes; the common face of {@link EloRating} and {@link BradleyTerry}.
 *
 * <p>Implementations are immutable and thread-safe: configure once, call {@link #rate} from any thread.
 */
public sealed interface Rater permits EloRating, BradleyTerry {
    /**
     * Rates the models that appear in {@code votes}, in the order given.
     *
     * @param votes the votes, oldest first; may be empty (then the board is empty)
     * @return the leaderboard, best first, filtered by the rater's minimum vote count
     * @throws NullPointerException if {@code votes} or one of its elements is null
     */
    Leaderboard rate(List<RatedVote> votes);
}
