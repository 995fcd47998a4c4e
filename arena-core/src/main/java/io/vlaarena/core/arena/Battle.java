package io.vlaarena.core.arena;

import java.time.Instant;
import java.util.Objects;

/**
 * Two distinct models on the left and right side of a session's scene. This record names the
 * models: the arena never returns it to a caller before the battle's vote (see {@link BattleView}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param battleId {@code battle_…}
 * @param sessionId the session
 * @param seqInSession 0 for the session's first battle
 * @param robotId canonical robot id
 * @param sceneId canonical scene id
 * @param leftModel model id on the left
 * @param rightModel model id on the right
 * @param createdAt creation time
 */
public record Battle(String battleId, String sessionId, int seqInSession, String robotId, String sceneId,
        String leftModel, String rightModel, Instant createdAt) {
    /** Validates; the two models must differ. */
    public Battle {
        Objects.requireNonNull(battleId, "battleId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(sceneId, "sceneId");
        Objects.requireNonNull(leftModel, "leftModel");
        Objects.requireNonNull(rightModel, "rightModel");
        Objects.requireNonNull(createdAt, "createdAt");
        if (leftModel.equals(rightModel)) {
            throw new IllegalArgumentException("A battle needs two distinct models, got '" + leftModel + "' twice");
        }
        if (seqInSession < 0) {
            throw new IllegalArgumentException("seqInSession must not be negative, was " + seqInSession);
        }
    }

    /** The model on {@code side}. */
    public String model(Side side) {
        return side == Side.LEFT ? leftModel : rightModel;
    }
}
