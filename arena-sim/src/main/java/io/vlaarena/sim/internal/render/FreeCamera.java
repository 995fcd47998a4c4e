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
        return framing(model, frame, 1);
    }

    /**
     * As {@link #framing(MjModel, RenderFrame)}, for an image {@code aspect} times as wide as it is
     * high: the box fits the wider view, so the scene fills more of it.
     */
    public static FreeCamera framing(MjModel model, RenderFrame frame, double aspect) {
        if (!(aspect > 0) || !Double.isFinite(aspect)) {
            throw new IllegalArgumentException("Aspect ratio must be positive and finite, was " + aspect);
        }
        double[] box = SceneGeometry.visibleBounds(model, frame.geomXpos(), frame.geomXmat());
        if (box == null) {
            return new FreeCamera(0, 0, 0, 3, DEFAULT_AZIMUTH, DEFAULT_ELEVATION, DEFAULT_FOVY);
        }
        double cx = (box[0] + box[3]) / 2, cy = (box[1] + box[4]) / 2, cz = (box[2] + box[5]) / 2;
        double az = Math.toRadians(DEFAULT_AZIMUTH), el = Math.toRadians(DEFAULT_ELEVATION);
        double[] f = {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
        double[] r = {f[1], -f[0], 0};
        double rn = Math.hypot(r[0], r[1]);
        r[0] /= rn;
        r[1] /= rn;
        double[] u = {r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]};
        // Back off until every corner of the box is inside the view (5% margin).
        double tan = Math.tan(Math.toRadians(DEFAULT_FOVY) / 2) * 0.95;
        double distance = 0.05;
        for (int c = 0; c < 8; c++) {
            double px = ((c & 1) != 0 ? box[3] : box[0]) - cx, py = ((c & 2) != 0 ? box[4] : box[1]) - cy,
                    pz = ((c & 4) != 0 ? box[5] : box[2]) - cz;
            double x = r[0] * px + r[1] * py, y = u[0] * px + u[1] * py + u[2] * pz,
                    z = f[0] * px + f[1] * py + f[2] * pz;
            distance = Math.max(distance, Math.max(Math.abs(x) / aspect, Math.abs(y)) / tan - z);
        }
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
