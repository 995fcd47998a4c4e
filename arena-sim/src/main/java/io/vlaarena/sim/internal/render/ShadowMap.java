package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.util.Spatial;

/**
 * A depth map seen from one light, holding the back faces of every solid geom (which keeps lit
 * surfaces free of self-shadowing acne). Directional lights get an orthographic map fitted to the
 * casters' bounding box; positional lights a perspective map aimed at it. Confined to one thread.
 */
final class ShadowMap {
    final Raster raster = new Raster();
    // Light view basis: right, up, forward (the direction light travels), and origin.
    final double[] r = new double[3], u = new double[3], f = new double[3], o = new double[3];
    boolean perspective;
    double fx, fy, cx, cy;
    double near;
    int size;

    /**
     * Sets up the light view over the world box {minx..maxz}; returns false when no useful map
     * can be made (the light sits inside the casters' bounds).
     */
    boolean aim(boolean directional, double[] pos, double[] dir, double[] box, int mapSize) {
        size = mapSize;
        double bx = (box[0] + box[3]) / 2, by = (box[1] + box[4]) / 2, bz = (box[2] + box[5]) / 2;
        double ex = (box[3] - box[0]) / 2, ey = (box[4] - box[1]) / 2, ez = (box[5] - box[2]) / 2;
        double radius = Math.sqrt(ex * ex + ey * ey + ez * ez) + 1e-6;
        if (directional) {
            Spatial.set3(f, dir[0], dir[1], dir[2]);
            basis();
            Spatial.set3(o, bx, by, bz);
            double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
            double ymin = xmin, ymax = xmax;
            for (int c = 0; c < 8; c++) {
                double px = ((c & 1) != 0 ? ex : -ex), py = ((c & 2) != 0 ? ey : -ey), pz = ((c & 4) != 0 ? ez : -ez);
                double x = r[0] * px + r[1] * py + r[2] * pz, y = u[0] * px + u[1] * py + u[2] * pz;
                xmin = Math.min(xmin, x);
                xmax = Math.max(xmax, x);
                ymin = Math.min(ymin, y);
                ymax = Math.max(ymax, y);
            }
            perspective = false;
            fx = (size - 4) / Math.max(1e-6, xmax - xmin);
            fy = (size - 4) / Math.max(1e-6, ymax - ymin);
            cx = 2 - xmin * fx;
            cy = 2 + ymax * fy;
            raster.reset(size, size, false);
            raster.orthographic(cx, cy, fx, fy);
            return true;
        }
        double dx = bx - pos[0], dy = by - pos[1], dz = bz - pos[2];
        double dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (dist <= radius * 1.05) {
            return false;
        }
        Spatial.set3(f, dx, dy, dz);
        basis();
        Spatial.set3(o, pos[0], pos[1], pos[2]);
        perspective = true;
        double tanHalf = Math.tan(Math.asin(radius / dist)) * 1.02;
        fx = fy = (size / 2.0 - 2) / tanHalf;
        cx = cy = size / 2.0;
        near = Math.max(1e-3, (dist - radius) * 0.5);
        raster.reset(size, size, false);
        raster.perspective(cx, cy, fx, fy, near);
        return true;
    }

    /** Local-to-light-view transform of a geom into m (3x4). */
    void geomTransform(double[] xmat, int g, double[] xpos, double[] m) {
        Spatial.frameInFrame(xmat, 9 * g, xpos, 3 * g, r, u, f, o, m);
    }

    /** World-space size of one texel at a receiver at light depth z. */
    double texel(double z) {
        return perspective ? z / fx : 1 / Math.min(fx, fy);
    }

    /**
     * Fraction of light reaching world point p, bilinearly filtered over four texels.
     * {@code bias} is in metres along the light.
     */
    double visibility(double px, double py, double pz, double bias) {
        double x = px - o[0], y = py - o[1], z = pz - o[2];
        double vx = r[0] * x + r[1] * y + r[2] * z, vy = u[0] * x + u[1] * y + u[2] * z,
                vz = f[0] * x + f[1] * y + f[2] * z;
        double sx, sy;
        if (perspective) {
            if (vz <= near) {
                return 1;
            }
            sx = cx + fx * vx / vz;
            sy = cy - fy * vy / vz;
        } else {
            sx = cx + fx * vx;
            sy = cy - fy * vy;
        }
        sx -= 0.5;
        sy -= 0.5;
        int ix = (int) Math.floor(sx), iy = (int) Math.floor(sy);
        if (ix < 0 || iy < 0 || ix + 1 >= size || iy + 1 >= size) {
            return 1;
        }
        double ax = sx - ix, ay = sy - iy;
        double limit = vz - bias;
        int i = iy * size + ix;
        double l00 = lit(raster.depth[i], limit), l10 = lit(raster.depth[i + 1], limit);
        double l01 = lit(raster.depth[i + size], limit), l11 = lit(raster.depth[i + size + 1], limit);
        return (l00 * (1 - ax) + l10 * ax) * (1 - ay) + (l01 * (1 - ax) + l11 * ax) * ay;
    }

    private double lit(float key, double limit) {
        if (key == Float.NEGATIVE_INFINITY) {
            return 1;
        }
        double occluder = perspective ? 1 / key : -key;
        return occluder < limit ? 0 : 1;
    }

    private void basis() {
        Spatial.normalize3(f);
        // Any right vector perpendicular to f; prefer one in the world xy plane.
        if (Math.abs(f[2]) < 0.99) {
            Spatial.set3(r, f[1], -f[0], 0);
        } else {
            Spatial.set3(r, 1, 0, 0);
            double d = r[0] * f[0];
            Spatial.set3(r, 1 - d * f[0], -d * f[1], -d * f[2]);
        }
        Spatial.normalize3(r);
        // u = r x f keeps the same handedness as a camera (right x up = backwards).
        Spatial.set3(u, r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]);
    }
}
