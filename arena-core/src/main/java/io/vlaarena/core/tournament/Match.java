package io.vlaarena.core.tournament;

import io.vlaarena.core.arena.PlannedBattle;
import io.vlaarena.core.task.Task;
import java.util.Objects;

/**
 * One planned battle of a tournament: a task played once by two models from the same seed.
 *
 * <p>Its ids derive from the plan's fingerprint and the match's index, so every run of the same
 * plan, in any process, names the match the same way: a rerun finds what is stored and skips it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index the match's position in the plan, from 0
 * @param round the round, from 0
 * @param task the task
 * @param leftModel the model on the left
 * @param rightModel the model on the right
 * @param seed the episode seed: both sides start from {@code task.sceneXml(seed)}
 * @param sessionId the session the battle is stored in
 * @param battleId the battle's id
 */
public record Match(int index, int round, Task task, String leftModel, String rightModel, long seed, String sessionId,
        String battleId) {
    /** Validates. */
    public Match {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(leftModel, "leftModel");
        Objects.requireNonNull(rightModel, "rightModel");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(battleId, "battleId");
    }

    /** The battle the arena stores for this match. */
    public PlannedBattle battle() {
        return new PlannedBattle(sessionId, battleId, task.robotId(), task.sceneId(), leftModel, rightModel);
    }
}
