package io.vlaarena.core.task;

import io.vlaarena.core.SimState;
import java.util.List;

/**
 * Votes on a battle without a person: from the states of the left and right episodes of one task.
 * {@link TaskJudge} votes from success first and progress second; the simulator's
 * {@code ProgressJudge} votes from its task-progress score.
 *
 * <p>Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface Judge {

    /**
     * Judges two completed episodes of {@code task}, played from the same seed.
     *
     * @throws IllegalArgumentException when the states do not fit the task's scene
     */
    Judgement judge(Task task, List<SimState> left, List<SimState> right);
}
