package io.vlaarena.core.arena;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's choice of robot and scene; battles happen within it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sessionId {@code sess_…}
 * @param robotId canonical robot id
 * @param sceneId canonical scene id
 * @param createdAt creation time
 */
public record Session(String sessionId, String robotId, String sceneId, Instant createdAt) {
    /** Validates. */
    public Session {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(sceneId, "sceneId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
