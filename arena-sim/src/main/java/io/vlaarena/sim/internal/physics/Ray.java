package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;

/**
 * Ray intersection with the primitive shapes, MuJoCo 2.2.2's {@code mju_rayGeom}
 * ({@code engine_ray}): the distance along the ray {@code p + x·v} (x ≥ 0) to the first surface
 * point, or -1 when the ray misses. Stateless; allocates nothing.
 */
public final class Ray {
    private static final double MINVAL = 1e-15;

    private Ray() {
    }

    /**
     * The ray from {@code pnt[po..]} along {@code vec} against a sphere, capsule, ellipsoid,
     * cylinder or box of half sizes {@code size[so..]} at {@code pos[pa..]} with orientation
     * {@code mat[ma..]}; -1 when it misses.
     */
    public static double rayGeom(double[] pos, int pa, double[] mat, int ma, double[] size, int so, double[] pnt, int po,
            double[] vec, int type) {
        double dx = pnt[po] - pos[pa], dy = pnt[po + 1] - pos[pa + 1], dz = pnt[po + 2] - pos[pa + 2];
        if (type == MjModel.GEOM_SPHERE) {
            return sphere(dx, dy, dz, vec[0], vec[1], vec[2], size[so]);
        }
        // the ray in the shape's frame: mat^T (pnt − pos), mat^T vec
        double lx = mat[ma] * dx + mat[ma + 3] * dy + mat[ma + 6] * dz;
        double ly = mat[ma + 1] * dx + mat[ma + 4] * dy + mat[ma + 7] * dz;
        double lz = mat[ma + 2] * dx + mat[ma + 5] * dy + mat[ma + 8] * dz;
        double vx = mat[ma] * vec[0] + mat[ma + 3] * vec[1] + mat[ma + 6] * vec[2];
        double vy = mat[ma + 1] * vec[0] + mat[ma + 4] * vec[1] + mat[ma + 7] * vec[2];
        double vz = mat[ma + 2] * vec[0] + mat[ma + 5] * vec[1] + mat[ma + 8] * vec[2];
        double s0 = size[so], s1 = size[so + 1], s2 = size[so + 2];
        switch (type) {
            case MjModel.GEOM_CAPSULE: {
                if (sphere(dx, dy, dz, vec[0], vec[1], vec[2], s0 + s1) < 0) {
                    return -1;
                }
                double x = -1;
                double sol = quadFirst(vx * vx + vy * vy, vx * lx + vy * ly, lx * lx + ly * ly - s0 * s0);
                if (sol >= 0 && Math.abs(lz + sol * vz) <= s1) {
                    x = sol;
                }
                double a = vx * vx + vy * vy + vz * vz;
                for (int side = 1; side >= -1; side -= 2) {
                    double cz = lz - side * s1;
                    double b = vx * lx + vy * ly + vz * cz, c = lx * lx + ly * ly + cz * cz - s0 * s0;
                    double det = b * b - a * c;
                    if (det < MINVAL) {
                        continue;
                    }
                    det = Math.sqrt(det);
                    x = capPoint(x, (-b - det) / a, lz, vz, side, s1);
                    x = capPoint(x, (-b + det) / a, lz, vz, side, s1);
                }
                return x;
            }
            case MjModel.GEOM_ELLIPSOID: {
                double i0 = 1 / (s0 * s0), i1 = 1 / (s1 * s1), i2 = 1 / (s2 * s2);
                return quadFirst(i0 * vx * vx + i1 * vy * vy + i2 * vz * vz, i0 * vx * lx + i1 * vy * ly + i2 * vz * lz,
                        i0 * lx * lx + i1 * ly * ly + i2 * lz * lz - 1);
            }
            case MjModel.GEOM_CYLINDER: {
                if (sphere(dx, dy, dz, vec[0], vec[1], vec[2], Math.sqrt(s0 * s0 + s1 * s1)) < 0) {
                    return -1;
                }
                double x = -1;
                if (Math.abs(vz) > MINVAL) {
                    for (int side = -1; side <= 1; side += 2) {
                        double sol = (side * s1 - lz) / vz;
                        if (sol >= 0) {
                            double p0 = lx + sol * vx, p1 = ly + sol * vy;
                            if (p0 * p0 + p1 * p1 <= s0 * s0 && (x < 0 || sol < x)) {
                                x = sol;
                            }
                        }
                    }
                }
                double sol = quadFirst(vx * vx + vy * vy, vx * lx + vy * ly, lx * lx + ly * ly - s0 * s0);
                if (sol >= 0 && Math.abs(lz + sol * vz) <= s1 && (x < 0 || sol < x)) {
                    x = sol;
                }
                return x;
            }
            case MjModel.GEOM_BOX: {
                if (sphere(dx, dy, dz, vec[0], vec[1], vec[2], Math.sqrt(s0 * s0 + s1 * s1 + s2 * s2)) < 0) {
                    return -1;
                }
                double x = -1;
                x = boxAxis(x, lx, vx, s0, ly, vy, s1, lz, vz, s2);
                x = boxAxis(x, ly, vy, s1, lx, vx, s0, lz, vz, s2);
                x = boxAxis(x, lz, vz, s2, lx, vx, s0, ly, vy, s1);
                return x;
            }
            default:
                throw new IllegalArgumentException("A ray meets only spheres, capsules, ellipsoids, cylinders and boxes, not type "
                        + type + ".");
        }
    }

    /** A root on a capsule's cap sphere counts only on that cap's half (beyond the cylinder). */
    private static double capPoint(double x, double xx, double lz, double vz, int side, double half) {
        double z = lz + xx * vz;
        return xx >= 0 && (side > 0 ? z >= half : z <= -half) && (x < 0 || xx < x) ? xx : x;
    }

    /** The box faces normal to one axis (l, v, s), the other two axes bounding the face. */
    private static double boxAxis(double x, double l, double v, double s, double l1, double v1, double s1, double l2,
            double v2, double s2) {
        if (Math.abs(v) > MINVAL) {
            for (int side = -1; side <= 1; side += 2) {
                double sol = (side * s - l) / v;
                if (sol >= 0 && Math.abs(l1 + sol * v1) <= s1 && Math.abs(l2 + sol * v2) <= s2 && (x < 0 || sol < x)) {
                    x = sol;
                }
            }
        }
        return x;
    }

    private static double sphere(double dx, double dy, double dz, double vx, double vy, double vz, double r) {
        return quadFirst(vx * vx + vy * vy + vz * vz, vx * dx + vy * dy + vz * dz, dx * dx + dy * dy + dz * dz - r * r);
    }

    /** The smaller non-negative root of {@code a x² + 2 b x + c = 0}, or -1 (MuJoCo's ray_quad). */
    private static double quadFirst(double a, double b, double c) {
        double det = b * b - a * c;
        if (det < MINVAL) {
            return -1;
        }
        det = Math.sqrt(det);
        double x0 = (-b - det) / a, x1 = (-b + det) / a;
        return x0 >= 0 ? x0 : x1 >= 0 ? x1 : -1;
    }
}
