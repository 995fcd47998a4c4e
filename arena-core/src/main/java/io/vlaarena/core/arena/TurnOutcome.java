package io.vlaarena.core.arena;

import io.vlaarena.core.EpisodeFailure;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of playing a turn: completed with its ids, or failed with a reason. A failed turn left
 * nothing stored.
 *
 * <p>{@link #detail()} never names a model and is safe to show before the vote; the per-side
 * {@link #failures()} do name models (they are for logs and operators).
 *
 * @param battleId the battle
 * @param turn the stored turn when completed
 * @param detail a sentence on what happened, naming sides, never models
 * @param failures per-side episode failures (empty when completed, or when the store failed)
 */
public record TurnOutcome(String battleId, Optional<Turn> turn, String detail, Map<Side, EpisodeFailure> failures) {
    /** Validates and copies. */
    public TurnOutcome {
        Objects.requireNonNull(battleId, "battleId");
        Objects.requireNonNull(turn, "turn");
        Objects.requireNonNull(detail, "detail");
        failures = Map.copyOf(failures);
    }

    /** Whether both episodes completed and the turn was stored. */
    public boolean isCompleted() {
        return turn.isPresent();
    }

    /** Whether a side failed because a remote service failed or was unreachable. */
    public boolean remoteFailure() {
        return failures.values().stream().anyMatch(f -> f.kind() == EpisodeFailure.Kind.REMOTE_ERROR);
    }
}
