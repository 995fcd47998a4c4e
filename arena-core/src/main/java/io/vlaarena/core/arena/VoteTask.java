package io.vlaarena.core.arena;

import io.vlaarena.core.internal.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * The task a voted battle played and, when an automatic judge cast the vote, whether each side
 * succeeded at it. Stored with the vote ({@code task_id}, {@code left_success},
 * {@code right_success}); boards per task filter on the id, success rates count the flags.
 *
 * <p>Immutable and thread-safe.
 *
 * @param taskId the task's id
 * @param leftSuccess whether the left episode succeeded, when judged
 * @param rightSuccess whether the right episode succeeded, when judged
 */
public record VoteTask(String taskId, Optional<Boolean> leftSuccess, Optional<Boolean> rightSuccess) {
    /** Validates: a task id, and both success flags or neither. */
    public VoteTask {
        Checks.nonBlank("taskId", taskId);
        Objects.requireNonNull(leftSuccess, "leftSuccess");
        Objects.requireNonNull(rightSuccess, "rightSuccess");
        if (leftSuccess.isPresent() != rightSuccess.isPresent()) {
            throw new IllegalArgumentException("A judged vote has both sides' success flags or neither, was left "
                    + leftSuccess + ", right " + rightSuccess);
        }
    }

    /** The task of a battle a person voted on: no success flags. */
    public static VoteTask of(String taskId) {
        return new VoteTask(taskId, Optional.empty(), Optional.empty());
    }

    /** The task of a judged battle, with each side's success. */
    public static VoteTask judged(String taskId, boolean leftSuccess, boolean rightSuccess) {
        return new VoteTask(taskId, Optional.of(leftSuccess), Optional.of(rightSuccess));
    }

    /** Whether the vote carries success flags. */
    public boolean isJudged() {
        return leftSuccess.isPresent();
    }
}
