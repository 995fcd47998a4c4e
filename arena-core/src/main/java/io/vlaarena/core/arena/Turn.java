package io.vlaarena.core.arena;

import java.time.Instant;
import java.util.Objects;

/**
 * One instruction given in a battle and the two episodes it produced.
 *
 * <p>Immutable and thread-safe.
 *
 * @param turnId {@code turn_…}
 * @param battleId the battle
 * @param sessionId the battle's session
 * @param seq 0 for the battle's first turn
 * @param instruction the instruction
 * @param leftEpisodeId the left episode ({@code ep_…})
 * @param rightEpisodeId the right episode
 * @param createdAt creation time
 */
public record Turn(String turnId, String battleId, String sessionId, int seq, String instruction,
        String leftEpisodeId, String rightEpisodeId, Instant createdAt) {
    /** Validates. */
    public Turn {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(battleId, "battleId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(leftEpisodeId, "leftEpisodeId");
        Objects.requireNonNull(rightEpisodeId, "rightEpisodeId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative, was " + seq);
        }
    }
}
