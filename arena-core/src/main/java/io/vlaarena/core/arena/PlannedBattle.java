package io.vlaarena.core.arena;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A battle fixed in advance, as a tournament plans it: its ids, robot, scene and the two models on
 * their sides. {@link Arena#openBattle} stores it (and its session) once; opening it again is a
 * no-op, so a rerun of the same plan finds its battles again.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sessionId {@code sess_} followed by 1 to 64 letters, digits, {@code _} or {@code -}
 * @param battleId {@code battle_} followed by 1 to 64 letters, digits, {@code _} or {@code -}
 * @param robotId robot id or alias
 * @param sceneId scene id or alias
 * @param leftModel the model on the left
 * @param rightModel the model on the right, another one
 */
public record PlannedBattle(String sessionId, String battleId, String robotId, String sceneId, String leftModel,
        String rightModel) {
    private static final Pattern SESSION = Pattern.compile("sess_[A-Za-z0-9_-]{1,64}");
    private static final Pattern BATTLE = Pattern.compile("battle_[A-Za-z0-9_-]{1,64}");

    /**
     * Validates.
     *
     * @throws IllegalArgumentException for ids of the wrong form or the same model on both sides
     */
    public PlannedBattle {
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(sceneId, "sceneId");
        Objects.requireNonNull(leftModel, "leftModel");
        Objects.requireNonNull(rightModel, "rightModel");
        if (sessionId == null || !SESSION.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("A planned session id is 'sess_' and 1 to 64 letters, digits, '_' or '-', was '"
                    + sessionId + "'");
        }
        if (battleId == null || !BATTLE.matcher(battleId).matches()) {
            throw new IllegalArgumentException("A planned battle id is 'battle_' and 1 to 64 letters, digits, '_' or '-', was '"
                    + battleId + "'");
        }
        if (leftModel.equals(rightModel)) {
            throw new IllegalArgumentException("A battle needs two distinct models, got '" + leftModel + "' twice");
        }
    }
}
