package io.vlaarena.core.arena;

import io.vlaarena.core.Action;
import io.vlaarena.core.SimState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored episode with every field of the original's {@code episodes} document (SPEC.md §4).
 * Names its model: the arena returns it only through {@link EpisodeView}, which hides the model
 * until the battle's vote.
 *
 * <p>Immutable and thread-safe.
 *
 * @param episodeId {@code ep_…}
 * @param sessionId the session
 * @param battleId the battle
 * @param turnId the turn
 * @param battleSeqInSession the battle's sequence number in its session
 * @param turnSeq the turn's sequence number in its battle
 * @param side left or right ({@code seq_in_turn} 0 or 1)
 * @param modelId the model that produced it
 * @param actions executed actions
 * @param states state after each action
 * @param duration wall-clock duration of the episode
 * @param createdAt when it was stored
 */
public record EpisodeRecord(String episodeId, String sessionId, String battleId, String turnId, int battleSeqInSession,
        int turnSeq, Side side, String modelId, List<Action> actions, List<SimState> states, Duration duration,
        Instant createdAt) {
    /** Validates and copies. */
    public EpisodeRecord {
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(battleId, "battleId");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(modelId, "modelId");
        actions = List.copyOf(actions);
        states = List.copyOf(states);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(createdAt, "createdAt");
        if (actions.size() != states.size()) {
            throw new IllegalArgumentException("Episode " + episodeId + " has " + actions.size() + " actions but "
                    + states.size() + " states");
        }
    }

    /** {@code seq_in_turn}: 0 left, 1 right. */
    public int seqInTurn() {
        return side.seqInTurn();
    }

    /** The duration in whole milliseconds, as {@code duration_ms}. */
    public long durationMs() {
        return duration.toMillis();
    }
}
