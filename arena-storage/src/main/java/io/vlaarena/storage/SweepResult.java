package io.vlaarena.storage;

/**
 * What a {@link MongoArenaStore#sweep sweep} of unfinished turn writes did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param completedTurns writes whose turn was committed but whose episodes were still marked
 *     pending: the markers were cleared
 * @param rolledBackTurns writes abandoned before their turn was committed: removed
 * @param removedEpisodes pending episodes removed with the rolled-back writes
 */
public record SweepResult(int completedTurns, int rolledBackTurns, int removedEpisodes) {
    /** Validates. */
    public SweepResult {
        if (completedTurns < 0 || rolledBackTurns < 0 || removedEpisodes < 0) {
            throw new IllegalArgumentException("Counts must not be negative");
        }
    }

    /** Whether the sweep found nothing to do. */
    public boolean isEmpty() {
        return completedTurns == 0 && rolledBackTurns == 0 && removedEpisodes == 0;
    }
}
