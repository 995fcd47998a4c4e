package io.vlaarena.storage;

/**
 * What a {@link MongoArenaStore#sweep sweep} of unfinished turn writes did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param completedTurns writes that had reached their commit point (the turn is stored) but
 *     whose journal entry was left behind: the entry was removed
 * @param rolledBackTurns writes abandoned before their commit point: removed
 * @param removedEpisodes invisible episodes removed with the rolled-back writes
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
