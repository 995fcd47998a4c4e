package io.vlaarena.core.tournament;

import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.task.TaskResult;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one match when a shard was played.
 *
 * <p>Immutable and thread-safe.
 *
 * @param match the match
 * @param status whether it was played now, found stored, or failed
 * @param vote the stored vote, unless it failed
 * @param left the left episode's task result, when judged now
 * @param right the right episode's task result, when judged now
 * @param detail a sentence on what happened (the failure's reason for {@link Status#FAILED})
 */
public record MatchOutcome(Match match, Status status, Optional<VoteChoice> vote, Optional<TaskResult> left,
        Optional<TaskResult> right, String detail) {

    /** How a match ended up. */
    public enum Status {
        /** Played (or judged) and voted by this run. */
        PLAYED,
        /** Its vote was already stored: skipped. */
        STORED,
        /** An episode or the store failed; nothing was voted, a rerun tries again. */
        FAILED
    }

    /** Validates. */
    public MatchOutcome {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(vote, "vote");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(detail, "detail");
    }
}
