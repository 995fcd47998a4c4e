package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.model.MjModel;

/**
 * A free camera as MuJoCo's {@code mjvCamera}: it looks at a point from a distance, turned by an
 * azimuth about the world z axis and tilted by an elevation.
 *
 * <p>The viewing direction is {@code (cos el cos az, cos el sin az, sin el)}, so a negative
 * elevation looks down; the camera sits at {@code lookat - distance * direction} with world +z up
 * in the image. Immutable and thread-safe.
 *
 * @param lookatX point looked at, metres
 * @param lookatY point looked at, metres
 * @param lookatZ point looked at, metres
 * @param distance from the camera to the point, metres, positive
 * @param azimuthDeg degrees about world z
 * @param elevationDeg degrees, -89..89
 * @param fovyDeg vertical field of view, degrees, in (0, 180)
 */
public record FreeCamera(double lookatX, double lookatY, double lookatZ, double distance, double azimuthDeg,
        double elevationDeg, double fovyDeg) {
    /** Azimuth of {@link #framing}: from the front-right of a robot at the origin facing +x. */
    public static final double DEFAULT_AZIMUTH = 150;
    /** Elevation of {@link #framing}: looking down a little. */
    public static final double DEFAULT_ELEVATION = -25;
    /** MuJoCo's default free-camera field of view. */
    public static final double DEFAULT_FOVY = 45;

    /** Validates; throws {@link IllegalArgumentException} for a non-positive distance or bad angles. */
    public FreeCamera {
        if (!(distance > 0) || !Double.isFinite(distance)) {
            throw new IllegalArgumentException("Camera distance must be positive and finite, was " + distance);
        }
        if (!(elevationDeg >= -89.9 && elevationDeg <= 89.9)) {
            throw new IllegalArgumentException("Camera elevation must be in -89.9..89.9 degrees, was " + elevationDeg);
        }
        if (!(fovyDeg > 0 && fovyDeg < 180)) {
            throw new IllegalArgumentException("Camera fovy must be in (0, 180) degrees, was " + fovyDeg);
        }
        if (!Double.isFinite(lookatX + lookatY + lookatZ + azimuthDeg)) {
            throw new IllegalArgumentException("Camera lookat and azimuth must be finite");
        }
    }

    /**
     * The default view of a scene: looks at the center of the bounding box of all visible
     * non-plane geoms from {@link #DEFAULT_AZIMUTH}/{@link #DEFAULT_ELEVATION}, far enough back
     * that the box fits the image. A scene without such geoms is viewed around the origin.
     */
    public static FreeCamera framing(MjModel model, RenderFrame frame) {
        double[] box = SceneGeometry.visibleBounds(model, frame.geomXpos(), frame.geomXmat());
        if (box == null) {
            return new FreeCamera(0, 0, 0, 3, DEFAULT_AZIMUTH, DEFAULT_ELEVATION, DEFAULT_FOVY);
        }
        double cx = (box[0] + box[3]) / 2, cy = (box[1] + box[4]) / 2, cz = (box[2] + box[5]) / 2;
        double dx = box[3] - box[0], dy = box[4] - box[1], dz = box[5] - box[2];
        double radius = Math.max(0.05, 0.5 * Math.sqrt(dx * dx + dy * dy + dz * dz));
        // The bounding sphere is conservative for a flat robot-and-table layout; 0.8 fills the frame better.
        double distance = 0.8 * radius / Math.sin(Math.toRadians(DEFAULT_FOVY) / 2);
        return new FreeCamera(cx, cy, cz, distance, DEFAULT_AZIMUTH, DEFAULT_ELEVATION, DEFAULT_FOVY);
    }

    /** A copy turned to the given azimuth and elevation. */
    public FreeCamera withAngles(double azimuth, double elevation) {
        return new FreeCamera(lookatX, lookatY, lookatZ, distance, azimuth, elevation, fovyDeg);
    }

    /** A copy at the given distance. */
    public FreeCamera withDistance(double newDistance) {
        return new FreeCamera(lookatX, lookatY, lookatZ, newDistance, azimuthDeg, elevationDeg, fovyDeg);
    }
}
