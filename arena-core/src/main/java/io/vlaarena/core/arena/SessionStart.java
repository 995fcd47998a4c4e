package io.vlaarena.core.arena;

/**
 * What starting a session (or a new battle in it) returns: ids only, never the models.
 *
 * @param sessionId {@code sess_…}
 * @param battleId {@code battle_…}
 * @param robotId canonical robot id
 * @param sceneId canonical scene id
 */
public record SessionStart(String sessionId, String battleId, String robotId, String sceneId) {}
