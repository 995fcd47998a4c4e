package io.vlaarena.core.arena;

import io.vlaarena.core.VoteChoice;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A verdict on a battle, by a person or an automatic judge, with what leaderboards need to filter and rate it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param voteId {@code vote_…}
 * @param battleId the battle; one vote per battle
 * @param sessionId the battle's session
 * @param choice the verdict
 * @param leftModel model id that played left
 * @param rightModel model id that played right
 * @param robotId canonical robot id of the battle
 * @param sceneId canonical scene id of the battle
 * @param createdAt when the vote was cast
 * @param notes the voter's optional progress scores and text
 * @param task the task the battle played, with each side's success when a judge voted, if known
 */
public record Vote(String voteId, String battleId, String sessionId, VoteChoice choice, String leftModel,
        String rightModel, String robotId, String sceneId, Instant createdAt, VoteNotes notes, Optional<VoteTask> task) {
    /** Validates. */
    public Vote {
        Objects.requireNonNull(voteId, "voteId");
        Objects.requireNonNull(battleId, "battleId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(leftModel, "leftModel");
        Objects.requireNonNull(rightModel, "rightModel");
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(sceneId, "sceneId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(task, "task");
    }

    /** A vote without notes. */
    public Vote(String voteId, String battleId, String sessionId, VoteChoice choice, String leftModel,
            String rightModel, String robotId, String sceneId, Instant createdAt) {
        this(voteId, battleId, sessionId, choice, leftModel, rightModel, robotId, sceneId, createdAt, VoteNotes.none());
    }

    /** A vote with notes and no task. */
    public Vote(String voteId, String battleId, String sessionId, VoteChoice choice, String leftModel,
            String rightModel, String robotId, String sceneId, Instant createdAt, VoteNotes notes) {
        this(voteId, battleId, sessionId, choice, leftModel, rightModel, robotId, sceneId, createdAt, notes, Optional.empty());
    }

    /** The vote as the raters take it: the two models, the choice and the progress scores if any. */
    public io.vlaarena.core.rating.RatedVote rated() {
        return new io.vlaarena.core.rating.RatedVote(leftModel, rightModel, choice, notes.leftProgress(),
                notes.rightProgress());
    }
}
