package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;

/**
 * Ray intersection, MuJoCo 2.2.2's {@code engine_ray}: with the primitive shapes
 * ({@code mju_rayGeom}), meshes ({@code mj_rayMesh}), height fields ({@code mj_rayHfield}) and
 * every visible geom of a model ({@code mj_ray}, what rangefinders read): the distance along the
 * ray {@code p + x·v} (x ≥ 0) to the first surface point, or -1 when the ray misses. Stateless;
 * allocates nothing.
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
        return rayGeom(pos, pa, mat, ma, size, so, pnt, po, vec[0], vec[1], vec[2], type);
    }

    private static double rayGeom(double[] pos, int pa, double[] mat, int ma, double[] size, int so, double[] pnt, int po,
            double wx, double wy, double wz, int type) {
        double dx = pnt[po] - pos[pa], dy = pnt[po + 1] - pos[pa + 1], dz = pnt[po + 2] - pos[pa + 2];
        if (type == MjModel.GEOM_SPHERE) {
            return sphere(dx, dy, dz, wx, wy, wz, size[so]);
        }
        // the ray in the shape's frame: mat^T (pnt − pos), mat^T vec
        double lx = mat[ma] * dx + mat[ma + 3] * dy + mat[ma + 6] * dz;
        double ly = mat[ma + 1] * dx + mat[ma + 4] * dy + mat[ma + 7] * dz;
        double lz = mat[ma + 2] * dx + mat[ma + 5] * dy + mat[ma + 8] * dz;
        double vx = mat[ma] * wx + mat[ma + 3] * wy + mat[ma + 6] * wz;
        double vy = mat[ma + 1] * wx + mat[ma + 4] * wy + mat[ma + 7] * wz;
        double vz = mat[ma + 2] * wx + mat[ma + 5] * wy + mat[ma + 8] * wz;
        double s0 = size[so], s1 = size[so + 1], s2 = size[so + 2];
        switch (type) {
            case MjModel.GEOM_CAPSULE: {
                if (sphere(dx, dy, dz, wx, wy, wz, s0 + s1) < 0) {
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
                if (sphere(dx, dy, dz, wx, wy, wz, Math.sqrt(s0 * s0 + s1 * s1)) < 0) {
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
                if (sphere(dx, dy, dz, wx, wy, wz, Math.sqrt(s0 * s0 + s1 * s1 + s2 * s2)) < 0) {
                    return -1;
                }
                double x = -1;
                x = boxAxis(x, lx, vx, s0, ly, vy, s1, lz, vz, s2);
                x = boxAxis(x, ly, vy, s1, lx, vx, s0, lz, vz, s2);
                x = boxAxis(x, lz, vz, s2, lx, vx, s0, ly, vy, s1);
                return x;
            }
            case MjModel.GEOM_PLANE: {
                // only the front face, within the rendered rectangle (a size of 0 is infinite)
                if (vz > -MINVAL) {
                    return -1;
                }
                double x = -lz / vz;
                if (x < 0) {
                    return -1;
                }
                double p0 = lx + x * vx, p1 = ly + x * vy;
                return (s0 <= 0 || Math.abs(p0) <= s0) && (s1 <= 0 || Math.abs(p1) <= s1) ? x : -1;
            }
            default:
                throw new IllegalArgumentException("A ray meets only planes, spheres, capsules, ellipsoids, cylinders and boxes, "
                        + "not type " + type + ".");
        }
    }

    /**
     * MuJoCo's {@code mj_ray}: the ray from {@code pnt[po..]} along (vx, vy, vz) against every
     * geom that is visible (alpha of its rgba, or of its material's, not 0) and not on body
     * {@code bodyexclude}; the distance to the nearest, or -1. {@code scratch} holds at least
     * {@link #SCRATCH} values.
     */
    public static double ray(MjModel m, MjData d, double[] pnt, int po, double vx, double vy, double vz, int bodyexclude,
            double[] scratch) {
        double dist = -1;
        for (int g = 0; g < m.ngeom; g++) {
            if (m.geom_bodyid[g] == bodyexclude) {
                continue;
            }
            int mat = m.geom_matid[g];
            if (mat < 0 ? m.geom_rgba[4 * g + 3] == 0 : m.mat_rgba[4 * mat + 3] == 0) {
                continue;
            }
            double x = switch (m.geom_type[g]) {
                case MjModel.GEOM_MESH -> mesh(m, d, g, pnt, po, vx, vy, vz, scratch);
                case MjModel.GEOM_HFIELD -> hfield(m, d, g, pnt, po, vx, vy, vz, scratch);
                default -> rayGeom(d.geom_xpos, 3 * g, d.geom_xmat, 9 * g, m.geom_size, 3 * g, pnt, po, vx, vy, vz,
                        m.geom_type[g]);
            };
            if (x >= 0 && (x < dist || dist < 0)) {
                dist = x;
            }
        }
        return dist;
    }

    /** Scratch values {@link #ray} needs: a box's six face distances, the local ray and the triangle basis. */
    public static final int SCRATCH = 18;
    private static final int ALL = 0, LP = 6, LV = 9, B0 = 12, B1 = 15;

    /**
     * A box of half sizes (s0, s1, s2) at (px, py, pz) with orientation {@code mat}, the ray in world
     * coordinates, as MuJoCo's {@code ray_box}; with {@code all} set, {@code w[0..5]} receive the
     * distance to each face hit inside the face, -x, +x, -y, +y, -z, +z (-1 where none).
     */
    private static double box(double px, double py, double pz, double[] mat, int ma, double s0, double s1, double s2,
            double[] pnt, int po, double vx, double vy, double vz, boolean all, double[] w) {
        if (all) {
            java.util.Arrays.fill(w, ALL, ALL + 6, -1);
        }
        double dx = pnt[po] - px, dy = pnt[po + 1] - py, dz = pnt[po + 2] - pz;
        if (sphere(dx, dy, dz, vx, vy, vz, Math.sqrt(s0 * s0 + s1 * s1 + s2 * s2)) < 0) {
            return -1;
        }
        double lx = mat[ma] * dx + mat[ma + 3] * dy + mat[ma + 6] * dz;
        double ly = mat[ma + 1] * dx + mat[ma + 4] * dy + mat[ma + 7] * dz;
        double lz = mat[ma + 2] * dx + mat[ma + 5] * dy + mat[ma + 8] * dz;
        double ux = mat[ma] * vx + mat[ma + 3] * vy + mat[ma + 6] * vz;
        double uy = mat[ma + 1] * vx + mat[ma + 4] * vy + mat[ma + 7] * vz;
        double uz = mat[ma + 2] * vx + mat[ma + 5] * vy + mat[ma + 8] * vz;
        double x = boxFaces(-1, lx, ux, s0, ly, uy, s1, lz, uz, s2, all ? w : null, ALL);
        x = boxFaces(x, ly, uy, s1, lx, ux, s0, lz, uz, s2, all ? w : null, ALL + 2);
        return boxFaces(x, lz, uz, s2, lx, ux, s0, ly, uy, s1, all ? w : null, ALL + 4);
    }

    /** {@link #boxAxis}, also recording each face's hit in {@code all[at]} (the − face) and {@code all[at + 1]}. */
    private static double boxFaces(double x, double l, double v, double s, double l1, double v1, double s1, double l2,
            double v2, double s2, double[] all, int at) {
        if (Math.abs(v) > MINVAL) {
            for (int side = -1; side <= 1; side += 2) {
                double sol = (side * s - l) / v;
                if (sol >= 0 && Math.abs(l1 + sol * v1) <= s1 && Math.abs(l2 + sol * v2) <= s2) {
                    if (x < 0 || sol < x) {
                        x = sol;
                    }
                    if (all != null) {
                        all[at + (side + 1) / 2] = sol;
                    }
                }
            }
        }
        return x;
    }

    /** MuJoCo's {@code mj_rayMesh}: the bounding box (the geom's size), then every triangle of the mesh. */
    private static double mesh(MjModel m, MjData d, int g, double[] pnt, int po, double vx, double vy, double vz,
            double[] w) {
        int pa = 3 * g, ma = 9 * g;
        double[] pos = d.geom_xpos, mat = d.geom_xmat;
        if (box(pos[pa], pos[pa + 1], pos[pa + 2], mat, ma, m.geom_size[pa], m.geom_size[pa + 1], m.geom_size[pa + 2], pnt,
                po, vx, vy, vz, false, w) < 0) {
            return -1;
        }
        local(pos, pa, mat, ma, pnt, po, vx, vy, vz, w);
        int mesh = m.geom_dataid[g], vadr = m.mesh_vertadr[mesh];
        double[] vert = m.mesh_vert;
        double x = -1;
        for (int f = m.mesh_faceadr[mesh], end = f + m.mesh_facenum[mesh]; f < end; f++) {
            int a = 3 * (vadr + m.mesh_face[3 * f]), b = 3 * (vadr + m.mesh_face[3 * f + 1]), c = 3 * (vadr + m.mesh_face[3 * f + 2]);
            double sol = triangle(w, vert[a], vert[a + 1], vert[a + 2], vert[b], vert[b + 1], vert[b + 2], vert[c], vert[c + 1],
                    vert[c + 2]);
            if (sol >= 0 && (x < 0 || sol < x)) {
                x = sol;
            }
        }
        return x;
    }

    /**
     * MuJoCo's {@code mj_rayHfield}: the base box, then, where the ray crosses the box above the
     * base, the two triangles of every cell under that stretch of the ray, and the four sides.
     */
    private static double hfield(MjModel m, MjData d, int g, double[] pnt, int po, double vx, double vy, double vz,
            double[] w) {
        int h = m.geom_dataid[g], nrow = m.hfield_nrow[h], ncol = m.hfield_ncol[h], adr = m.hfield_adr[h];
        double sx = m.hfield_size[4 * h], sy = m.hfield_size[4 * h + 1], sz = m.hfield_size[4 * h + 2];
        double base = m.hfield_size[4 * h + 3];
        float[] data = m.hfield_data;
        double[] pos = d.geom_xpos, mat = d.geom_xmat;
        int pa = 3 * g, ma = 9 * g;
        double zx = mat[ma + 2], zy = mat[ma + 5], zz = mat[ma + 8];
        double x = box(pos[pa] - zx * base * 0.5, pos[pa + 1] - zy * base * 0.5, pos[pa + 2] - zz * base * 0.5, mat, ma, sx, sy,
                base * 0.5, pnt, po, vx, vy, vz, false, w);
        double top = box(pos[pa] + zx * sz * 0.5, pos[pa + 1] + zy * sz * 0.5, pos[pa + 2] + zz * sz * 0.5, mat, ma, sx, sy,
                sz * 0.5, pnt, po, vx, vy, vz, true, w);
        if (top < 0) {
            return x;
        }
        local(pos, pa, mat, ma, pnt, po, vx, vy, vz, w);
        double lpx = w[LP], lpy = w[LP + 1], lpz = w[LP + 2], lvx = w[LV], lvy = w[LV + 1], lvz = w[LV + 2];
        // the stretch of the ray inside the top box
        double seg0 = 0, seg1 = top;
        for (int i = 0; i < 6; i++) {
            if (w[ALL + i] > seg1) {
                seg0 = top;
                seg1 = w[ALL + i];
            }
        }
        double dx = 2 * sx / (ncol - 1), dy = 2 * sy / (nrow - 1);
        double x0 = (lpx + seg0 * lvx + sx) / dx, x1 = (lpx + seg1 * lvx + sx) / dx;
        double y0 = (lpy + seg0 * lvy + sy) / dy, y1 = (lpy + seg1 * lvy + sy) / dy;
        int cmin = Math.max(0, (int) Math.floor(Math.min(x0, x1)) - 1), cmax = Math.min(ncol - 1, (int) Math.ceil(Math.max(x0, x1)) + 1);
        int rmin = Math.max(0, (int) Math.floor(Math.min(y0, y1)) - 1), rmax = Math.min(nrow - 1, (int) Math.ceil(Math.max(y0, y1)) + 1);
        for (int row = rmin; row < rmax; row++) {
            for (int c = cmin; c < cmax; c++) {
                double ax = dx * c - sx, ay = dy * row - sy, az = data[adr + row * ncol + c] * sz;
                double bx = dx * (c + 1) - sx, by = dy * (row + 1) - sy, bz = data[adr + (row + 1) * ncol + c + 1] * sz;
                double sol = triangle(w, ax, ay, az, bx, by, bz, bx, ay, data[adr + row * ncol + c + 1] * sz);
                if (sol >= 0 && (x < 0 || sol < x)) {
                    x = sol;
                }
                sol = triangle(w, ax, ay, az, bx, by, bz, ax, by, data[adr + (row + 1) * ncol + c] * sz);
                if (sol >= 0 && (x < 0 || sol < x)) {
                    x = sol;
                }
            }
        }
        // the four sides of the top box, below the field's edge
        for (int i = 0; i < 4; i++) {
            double hit = w[ALL + i];
            if (hit >= 0 && (hit < x || x < 0)) {
                double z = (lpz + hit * lvz) / sz;
                double y, f0, z0, z1;
                if (i < 2) {
                    y = (lpy + hit * lvy + sy) / dy;
                    f0 = Math.max(0, Math.min(nrow - 2, Math.floor(y)));
                    // MuJoCo 2.2.2 steps rows by nrow here; kept (within the data)
                    z0 = data[edge(adr, data.length, (int) Math.rint(f0) * nrow + (i == 1 ? ncol - 1 : 0))];
                    z1 = data[edge(adr, data.length, (int) Math.rint(f0 + 1) * nrow + (i == 1 ? ncol - 1 : 0))];
                } else {
                    y = (lpx + hit * lvx + sx) / dx;
                    f0 = Math.max(0, Math.min(ncol - 2, Math.floor(y)));
                    z0 = data[edge(adr, data.length, (int) Math.rint(f0) + (i == 3 ? (nrow - 1) * ncol : 0))];
                    z1 = data[edge(adr, data.length, (int) Math.rint(f0 + 1) + (i == 3 ? (nrow - 1) * ncol : 0))];
                }
                if (z < z0 * (f0 + 1 - y) + z1 * (y - f0)) {
                    x = hit;
                }
            }
        }
        return x;
    }

    private static int edge(int adr, int length, int offset) {
        return Math.min(length - 1, adr + offset);
    }

    /**
     * The ray in a geom's frame ({@code w[LP..]}, {@code w[LV..]}) and MuJoCo's basis (b0, b1) of the
     * plane normal to it ({@code w[B0..]}, {@code w[B1..]}) for triangle tests.
     */
    private static void local(double[] pos, int pa, double[] mat, int ma, double[] pnt, int po, double wx, double wy,
            double wz, double[] w) {
        double dx = pnt[po] - pos[pa], dy = pnt[po + 1] - pos[pa + 1], dz = pnt[po + 2] - pos[pa + 2];
        w[LP] = mat[ma] * dx + mat[ma + 3] * dy + mat[ma + 6] * dz;
        w[LP + 1] = mat[ma + 1] * dx + mat[ma + 4] * dy + mat[ma + 7] * dz;
        w[LP + 2] = mat[ma + 2] * dx + mat[ma + 5] * dy + mat[ma + 8] * dz;
        double vx = mat[ma] * wx + mat[ma + 3] * wy + mat[ma + 6] * wz;
        double vy = mat[ma + 1] * wx + mat[ma + 4] * wy + mat[ma + 7] * wz;
        double vz = mat[ma + 2] * wx + mat[ma + 5] * wy + mat[ma + 8] * wz;
        w[LV] = vx;
        w[LV + 1] = vy;
        w[LV + 2] = vz;
        // b0 = (1, 1, 1) without the ray's largest component; b1 = b0 minus its part along the ray
        double c0 = 1, c1 = 1, c2 = 1;
        if (Math.abs(vx) >= Math.abs(vy) && Math.abs(vx) >= Math.abs(vz)) {
            c0 = 0;
        } else if (Math.abs(vy) >= Math.abs(vz)) {
            c1 = 0;
        } else {
            c2 = 0;
        }
        double t = -(vx * c0 + vy * c1 + vz * c2) / (vx * vx + vy * vy + vz * vz);
        w[B1] = c0 + t * vx;
        w[B1 + 1] = c1 + t * vy;
        w[B1 + 2] = c2 + t * vz;
        normalize(w, B1);
        w[B0] = w[B1 + 1] * vz - w[B1 + 2] * vy;
        w[B0 + 1] = w[B1 + 2] * vx - w[B1] * vz;
        w[B0 + 2] = w[B1] * vy - w[B1 + 1] * vx;
        normalize(w, B0);
    }

    /** MuJoCo's {@code mju_normalize3}: a vector of norm below 1e-15 becomes (1, 0, 0). */
    private static void normalize(double[] w, int o) {
        double norm = Math.sqrt(w[o] * w[o] + w[o + 1] * w[o + 1] + w[o + 2] * w[o + 2]);
        if (norm < MINVAL) {
            w[o] = 1;
            w[o + 1] = 0;
            w[o + 2] = 0;
        } else {
            double k = 1 / norm;
            w[o] *= k;
            w[o + 1] *= k;
            w[o + 2] *= k;
        }
    }

    /** MuJoCo's {@code ray_triangle} for the triangle (a, b, c) and the local ray in {@code w}; -1 when it misses. */
    private static double triangle(double[] w, double ax, double ay, double az, double bx, double by, double bz, double cx,
            double cy, double cz) {
        double px = w[LP], py = w[LP + 1], pz = w[LP + 2];
        double b0x = w[B0], b0y = w[B0 + 1], b0z = w[B0 + 2], b1x = w[B1], b1y = w[B1 + 1], b1z = w[B1 + 2];
        double dax = ax - px, day = ay - py, daz = az - pz;
        double dbx = bx - px, dby = by - py, dbz = bz - pz;
        double dcx = cx - px, dcy = cy - py, dcz = cz - pz;
        double a0 = b0x * dax + b0y * day + b0z * daz, a1 = b1x * dax + b1y * day + b1z * daz;
        double p0 = b0x * dbx + b0y * dby + b0z * dbz, p1 = b1x * dbx + b1y * dby + b1z * dbz;
        double q0 = b0x * dcx + b0y * dcy + b0z * dcz, q1 = b1x * dcx + b1y * dcy + b1z * dcz;
        if (a0 > 0 && p0 > 0 && q0 > 0 || a0 < 0 && p0 < 0 && q0 < 0 || a1 > 0 && p1 > 0 && q1 > 0
                || a1 < 0 && p1 < 0 && q1 < 0) {
            return -1;
        }
        // (a - c, b - c) t = -c in the plane's coordinates
        double m0 = a0 - q0, m1 = p0 - q0, m2 = a1 - q1, m3 = p1 - q1;
        double det = m0 * m3 - m1 * m2;
        if (Math.abs(det) < MINVAL) {
            return -1;
        }
        double t0 = (m3 * -q0 - m1 * -q1) / det, t1 = (-m2 * -q0 + m0 * -q1) / det;
        if (t0 < 0 || t1 < 0 || t0 + t1 > 1) {
            return -1;
        }
        double e0x = ax - cx, e0y = ay - cy, e0z = az - cz, e1x = bx - cx, e1y = by - cy, e1z = bz - cz;
        double nx = e0y * e1z - e0z * e1y, ny = e0z * e1x - e0x * e1z, nz = e0x * e1y - e0y * e1x;
        double denom = w[LV] * nx + w[LV + 1] * ny + w[LV + 2] * nz;
        if (Math.abs(denom) < MINVAL) {
            return -1;
        }
        return -((px - cx) * nx + (py - cy) * ny + (pz - cz) * nz) / denom;
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
