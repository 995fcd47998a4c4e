package io.vlaarena.sim.task;

import java.util.Objects;

/**
 * A rectangle on the table, axis-aligned in the world frame (metres), that a task asks an object to
 * end up in. Tasks draw their regions into the scene as flat, non-colliding squares in the
 * region's colour, so people and camera-based policies see them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name how instructions call it, e.g. {@code "yellow square"}
 * @param xMin lower x bound
 * @param xMax upper x bound, greater than {@code xMin}
 * @param yMin lower y bound
 * @param yMax upper y bound, greater than {@code yMin}
 * @param rgba the colour it is drawn in: 4 values in [0, 1]
 */
public record Region(String name, double xMin, double xMax, double yMin, double yMax, double[] rgba) {

    /** Validates and copies. */
    public Region {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A region needs a name");
        }
        if (!(Double.isFinite(xMin) && Double.isFinite(xMax) && xMin < xMax)
                || !(Double.isFinite(yMin) && Double.isFinite(yMax) && yMin < yMax)) {
            throw new IllegalArgumentException("Region '" + name + "' needs finite bounds with min < max, was x ["
                    + xMin + ", " + xMax + "] y [" + yMin + ", " + yMax + "]");
        }
        Objects.requireNonNull(rgba, "rgba");
        if (rgba.length != 4) {
            throw new IllegalArgumentException("Region '" + name + "' needs 4 rgba values, got " + rgba.length);
        }
        for (double c : rgba) {
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("Region '" + name + "' has an rgba value outside [0, 1]: " + c);
            }
        }
        rgba = rgba.clone();
    }

    /** A yellow square region of this size (metres) centred at (x, y). */
    public static Region square(String name, double x, double y, double size) {
        return new Region(name, x - size / 2, x + size / 2, y - size / 2, y + size / 2, new double[] {0.95, 0.8, 0.1, 1});
    }

    /** The colour (a copy). */
    @Override
    public double[] rgba() {
        return rgba.clone();
    }

    /** Whether the point (x, y) lies inside, bounds included. */
    public boolean contains(double x, double y) {
        return x >= xMin && x <= xMax && y >= yMin && y <= yMax;
    }

    /** The distance from (x, y) to the region, 0 inside. */
    public double distance(double x, double y) {
        double dx = Math.max(0, Math.max(xMin - x, x - xMax));
        double dy = Math.max(0, Math.max(yMin - y, y - yMax));
        return Math.hypot(dx, dy);
    }

    /** The centre's x. */
    public double centerX() {
        return (xMin + xMax) / 2;
    }

    /** The centre's y. */
    public double centerY() {
        return (yMin + yMax) / 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Region r && name.equals(r.name) && xMin == r.xMin && xMax == r.xMax && yMin == r.yMin
                && yMax == r.yMax && java.util.Arrays.equals(rgba, r.rgba);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, xMin, xMax, yMin, yMax, java.util.Arrays.hashCode(rgba));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Region[%s, x %.3f..%.3f, y %.3f..%.3f]", name, xMin, xMax, yMin, yMax);
    }
}
