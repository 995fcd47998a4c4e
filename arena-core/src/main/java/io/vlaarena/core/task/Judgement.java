package io.vlaarena.core.task;

import io.vlaarena.core.VoteChoice;
import java.util.Objects;

/**
 * A judge's vote on a battle with each side's task result, which the vote stores beside the
 * choice (success flags and progress percentages).
 *
 * <p>Immutable and thread-safe.
 *
 * @param choice the vote
 * @param left the left episode's result
 * @param right the right episode's result
 */
public record Judgement(VoteChoice choice, TaskResult left, TaskResult right) {
    /** Validates. */
    public Judgement {
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }
}
