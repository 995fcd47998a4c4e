package io.vlaarena.core.arena;

import io.vlaarena.core.VoteChoice;
import java.time.Instant;
import java.util.Objects;

/**
 * A person's verdict on a battle, with what leaderboards need to filter and rate it.
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
 */
public record Vote(String voteId, String battleId, String sessionId, VoteChoice choice, String leftModel,
        String rightModel, String robotId, String sceneId, Instant createdAt, VoteNotes notes) {
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
    }

    /** A vote without notes. */
    public Vote(String voteId, String battleId, String sessionId, VoteChoice choice, String leftModel,
            String rightModel, String robotId, String sceneId, Instant createdAt) {
        this(voteId, battleId, sessionId, choice, leftModel, rightModel, robotId, sceneId, createdAt, VoteNotes.none());
    }
}
