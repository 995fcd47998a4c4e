package io.vlaarena.sim.task;

import java.util.Objects;

/**
 * Where an object may start: the ranges its position (world x and y, metres) and its yaw about the
 * vertical axis (radians) are drawn from, uniformly, for each episode. The height and the other
 * rotations stay those of the scene's {@code home} keyframe, so the object starts resting on the
 * table.
 *
 * <p>Immutable and thread-safe.
 *
 * @param object the body, which must have a free joint
 * @param xMin lower x bound
 * @param xMax upper x bound, not below {@code xMin}
 * @param yMin lower y bound
 * @param yMax upper y bound, not below {@code yMin}
 * @param yawMin lower yaw bound
 * @param yawMax upper yaw bound, not below {@code yawMin}
 */
public record Placement(String object, double xMin, double xMax, double yMin, double yMax, double yawMin, double yawMax) {

    /** Validates. */
    public Placement {
        Objects.requireNonNull(object, "object");
        check(object, "x", xMin, xMax);
        check(object, "y", yMin, yMax);
        check(object, "yaw", yawMin, yawMax);
    }

    /** An object drawn from a box of positions with a yaw in [-yaw, yaw]. */
    public static Placement of(String object, double xMin, double xMax, double yMin, double yMax, double yaw) {
        return new Placement(object, xMin, xMax, yMin, yMax, -yaw, yaw);
    }

    private static void check(String object, String what, double lo, double hi) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi)) {
            throw new IllegalArgumentException("The " + what + " range of '" + object + "' must be finite with min <= max, was ["
                    + lo + ", " + hi + "]");
        }
    }
}
