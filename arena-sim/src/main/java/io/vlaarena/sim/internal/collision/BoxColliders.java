package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * MuJoCo 2.2.2's colliders with boxes ({@code engine_collision_box}): sphere–box (the sphere
 * against the nearest point of the box), capsule–box (the nearest point of the capsule's segment
 * and, when the segment lies along a face or an edge, a second point, each collided as a sphere)
 * and box–box ({@link BoxBox}). Holds scratch; one per rollout, not thread-safe.
 */
final class BoxColliders {
    private static final double MINVAL = Spatial.MINVAL;

    private final double[] center = new double[3], clamped = new double[3], tmp = new double[3], pos = new double[3],
            nearest = new double[3];
    private final double[] cpos = new double[3], axis = new double[3], halfaxis = new double[3], t1 = new double[3],
            t2 = new double[3], t3 = new double[3], dif = new double[3], sphere = new double[3], boxSize = new double[3];
    final BoxBox boxBox = new BoxBox();

    /**
     * A sphere of radius r at {@code c} against box g2 (MuJoCo's _SphereBox): the nearest point
     * of the box; a centre inside the box pushes out through the nearest face.
     */
    int sphereBox(PhysicsModel pm, MjData d, PairContacts con, int k, double margin, double[] c, double r, int g2) {
        double[] p2 = d.geom_xpos, mat = d.geom_xmat, size = pm.m.geom_size;
        int m2 = 9 * g2, s2 = 3 * g2;
        for (int i = 0; i < 3; i++) {
            tmp[i] = c[i] - p2[3 * g2 + i];
        }
        Spatial.mulMatTVec(mat, m2, tmp, 0, center, 0);
        for (int i = 0; i < 3; i++) {
            double lim = size[s2 + i];
            double v = center[i];
            clamped[i] = lim > 0 ? (v < -lim ? -lim : v > lim ? lim : v) : v;
            tmp[i] = clamped[i] - center[i];
        }
        double dist = Spatial.normalize3(tmp, 0);
        if (dist - r > margin) {
            return 0;
        }
        int f = 9 * k;
        if (dist <= MINVAL) {
            // centre inside the box: out through the nearest face
            double closest = (size[s2] + size[s2 + 1] + size[s2 + 2]) * 2;
            int face = 0;
            for (int i = 0; i < 6; i++) {
                double dface = Math.abs((i % 2 != 0 ? 1 : -1) * size[s2 + i / 2] - center[i / 2]);
                if (closest > dface) {
                    closest = dface;
                    face = i;
                }
            }
            nearest[0] = nearest[1] = nearest[2] = 0;
            nearest[face / 2] = face % 2 != 0 ? -1 : 1;
            double s = (r - closest) / 2;
            for (int i = 0; i < 3; i++) {
                pos[i] = center[i] + nearest[i] * s;
            }
            Spatial.mulMatVec(mat, m2, nearest, 0, con.frame, f);
        } else {
            for (int i = 0; i < 3; i++) {
                double deepest = center[i] + tmp[i] * r;
                pos[i] = 0 + clamped[i] * 0.5;
                pos[i] += deepest * 0.5;
            }
            Spatial.mulMatVec(mat, m2, tmp, 0, con.frame, f);
        }
        Spatial.mulMatVec(mat, m2, pos, 0, tmp, 0);
        for (int i = 0; i < 3; i++) {
            con.pos[3 * k + i] = tmp[i] + p2[3 * g2 + i];
        }
        con.dist[k] = dist - r;
        con.frame[f + 3] = 0;
        con.frame[f + 4] = 0;
        con.frame[f + 5] = 0;
        return 1;
    }

    /** Sphere g1, box g2. */
    int sphereBox(PhysicsModel pm, MjData d, PairContacts con, int k, int g1, int g2, double margin) {
        sphere[0] = d.geom_xpos[3 * g1];
        sphere[1] = d.geom_xpos[3 * g1 + 1];
        sphere[2] = d.geom_xpos[3 * g1 + 2];
        return sphereBox(pm, d, con, k, margin, sphere, pm.m.geom_size[3 * g1], g2);
    }

    /**
     * Capsule g1, box g2 (mjc_CapsuleBox): finds the point of the capsule's segment nearest the
     * box (an end against a face, or the segment against one of the 12 edges), collides the
     * capsule's sphere there, and when the segment runs along a face or crosses an edge, a
     * second sphere as far along the segment as it stays over the box.
     */
    int capsuleBox(PhysicsModel pm, MjData d, PairContacts con, int k, int g1, int g2, double margin) {
        double[] p = d.geom_xpos, mat = d.geom_xmat, size = pm.m.geom_size;
        int s1 = 3 * g1, s2 = 3 * g2, m1 = 9 * g1, m2 = 9 * g2;
        double radius = size[s1], halflength = size[s1 + 1];
        double[] bs = this.boxSize;
        bs[0] = size[s2];
        bs[1] = size[s2 + 1];
        bs[2] = size[s2 + 2];
        double secondpos = -4;
        for (int i = 0; i < 3; i++) {
            t1[i] = p[3 * g1 + i] - p[3 * g2 + i];
        }
        Spatial.mulMatTVec(mat, m2, t1, 0, cpos, 0);
        t1[0] = mat[m1 + 2];
        t1[1] = mat[m1 + 5];
        t1[2] = mat[m1 + 8];
        Spatial.mulMatTVec(mat, m2, t1, 0, axis, 0);
        for (int i = 0; i < 3; i++) {
            halfaxis[i] = axis[i] * halflength;
        }
        int axisdir = (halfaxis[0] > 0 ? 1 : 0) + (halfaxis[1] > 0 ? 2 : 0) + (halfaxis[2] > 0 ? 4 : 0);
        double bestdistmax = margin + 2 * (radius + halflength + bs[0] + bs[1] + bs[2]);
        double bestdist = bestdistmax;
        double bestsegmentpos = 0;
        double bestboxpos = 0;
        int cltype = -4, clface = -1, clcorner = 0, cledge = 0;

        // an end of the segment nearest a face of the box
        for (int i = -1; i <= 1; i += 2) {
            for (int j = 0; j < 3; j++) {
                t1[j] = cpos[j] + halfaxis[j] * i;
                t2[j] = t1[j];
            }
            int c1 = 0, c2 = -1;
            for (int j = 0; j < 3; j++) {
                if (t1[j] < -bs[j]) {
                    c1++;
                    c2 = j;
                    t1[j] = -bs[j];
                } else if (t1[j] > bs[j]) {
                    c1++;
                    c2 = j;
                    t1[j] = bs[j];
                }
            }
            if (c1 > 1) {
                continue;
            }
            for (int j = 0; j < 3; j++) {
                t1[j] -= t2[j];
            }
            double dist = t1[0] * t1[0] + t1[1] * t1[1] + t1[2] * t1[2];
            if (dist < bestdist) {
                bestdist = dist;
                bestsegmentpos = i;
                cltype = -2 + i;
                clface = c2;
            }
        }

        // the segment nearest one of the box's edges (edge j from corner i)
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 8; i++) {
                if ((i & (1 << j)) != 0) {
                    continue;
                }
                t3[0] = ((i & 1) != 0 ? 1 : -1) * bs[0];
                t3[1] = ((i & 2) != 0 ? 1 : -1) * bs[1];
                t3[2] = ((i & 4) != 0 ? 1 : -1) * bs[2];
                t3[j] = 0;
                for (int q = 0; q < 3; q++) {
                    dif[q] = t3[q] - cpos[q];
                }
                double ma = bs[j] * bs[j];
                double mb = -bs[j] * halfaxis[j];
                double mc = halflength * halflength;
                double u = -bs[j] * dif[j];
                double v = halfaxis[0] * dif[0] + halfaxis[1] * dif[1] + halfaxis[2] * dif[2];
                double det = ma * mc - mb * mb;
                if (Math.abs(det) < MINVAL) {
                    continue;
                }
                double idet = 1 / det;
                double x1 = (mc * u - mb * v) * idet;
                double x2 = (ma * v - mb * u) * idet;
                int e1 = 1, e2 = 1;
                if (x1 > 1) {
                    x1 = 1;
                    e1 = 2;
                    x2 = (v - mb) * (1 / mc);
                } else if (x1 < -1) {
                    x1 = -1;
                    e1 = 0;
                    x2 = (v + mb) * (1 / mc);
                }
                if (x2 > 1 || x2 < -1) {
                    // the segment's end: the box edge's point nearest it, clamped to the edge
                    boolean high = x2 > 1;
                    x2 = high ? 1 : -1;
                    e2 = high ? 2 : 0;
                    x1 = (u + (high ? -mb : mb)) * (1 / ma);
                    if (x1 > 1 || x1 < -1) {
                        e1 = x1 > 1 ? 2 : 0;
                        x1 = x1 > 1 ? 1 : -1;
                    }
                }
                for (int q = 0; q < 3; q++) {
                    dif[q] = t3[q] - cpos[q];
                    dif[q] += halfaxis[q] * -x2;
                }
                dif[j] += bs[j] * x1;
                double dist = dif[0] * dif[0] + dif[1] * dif[1] + dif[2] * dif[2];
                int code = e1 * 3 + e2;
                // -MINVAL guards against an axis numerically parallel to the box
                if (dist < bestdist - MINVAL) {
                    bestdist = dist;
                    bestsegmentpos = x2;
                    bestboxpos = x1;
                    clcorner = i + (1 << j) * (code / 6);
                    cledge = j;
                    cltype = code;
                }
            }
        }
        if (cltype == -4) {
            return 0;
        }

        // a second point along the segment, where it runs along the box
        if (cltype >= 0 && cltype / 3 != 1) {
            // nearest to a corner of the box
            secondpos = cornerSecondPoint(axisdir ^ clcorner, bestsegmentpos, bs);
        } else if (cltype >= 0) {
            // nearest to the middle of an edge: a second point only when crossing it
            int c1 = (axisdir ^ clcorner) & (7 - (1 << cledge));
            if (c1 == 1 || c1 == 2 || c1 == 4) {
                int ax = cledge;
                int ax1 = cledge == 0 ? 1 : cledge == 1 ? 2 : 0;
                int ax2 = cledge == 0 ? 2 : cledge == 1 ? 0 : 1;
                if (Math.abs(axis[ax1]) > Math.abs(axis[ax2])) {
                    ax1 = ax2;
                }
                ax2 = 3 - ax - ax1;
                double mul;
                if ((c1 & (1 << ax2)) != 0) {
                    mul = 1;
                    secondpos = 1 - bestsegmentpos;
                } else {
                    mul = -1;
                    secondpos = 1 + bestsegmentpos;
                }
                double e1 = 2 * bs[ax2] / Math.abs(halfaxis[ax2]);
                if (e1 < secondpos) {
                    secondpos = e1;
                }
                double e2 = ((axisdir & (1 << ax)) != 0) == ((c1 & (1 << ax2)) != 0) ? 1 - bestboxpos : 1 + bestboxpos;
                e1 = bs[ax] * e2 / Math.abs(halfaxis[ax]);
                if (e1 < secondpos) {
                    secondpos = e1;
                }
                secondpos *= mul;
            }
        } else if (clface != -1) {
            // an end nearest a face: the other end clamped to where the segment leaves the box
            double mul = cltype == -3 ? 1 : -1;
            secondpos = 2;
            for (int q = 0; q < 3; q++) {
                t1[q] = cpos[q] + halfaxis[q] * -mul;
            }
            for (int i = 0; i < 3; i++) {
                if (i != clface) {
                    double e1 = (bs[i] - t1[i]) / halfaxis[i] * mul;
                    if (e1 > 0 && e1 < secondpos) {
                        secondpos = e1;
                    }
                    e1 = (-bs[i] - t1[i]) / halfaxis[i] * mul;
                    if (e1 > 0 && e1 < secondpos) {
                        secondpos = e1;
                    }
                }
            }
            secondpos *= mul;
        }

        int n = sphereAt(pm, d, con, k, margin, g2, bestsegmentpos, radius);
        if (secondpos > -3) {
            n += sphereAt(pm, d, con, k + n, margin, g2, secondpos + bestsegmentpos, radius);
        }
        return n;
    }

    /** The second point when the segment's nearest point is a corner of the box; -4 for none. */
    private double cornerSecondPoint(int c1, double bestsegmentpos, double[] bs) {
        if (c1 == 0 || c1 == 7) {
            return -4; // pointing to or away from the corner: no other contact
        }
        double mul, de, dp;
        if (c1 == 1 || c1 == 2 || c1 == 4) {
            mul = 1;
            de = 1 - bestsegmentpos;
            dp = 1 + bestsegmentpos;
        } else {
            mul = -1;
            c1 = 7 - c1;
            dp = 1 - bestsegmentpos;
            de = 1 + bestsegmentpos;
        }
        int ax = c1 == 1 ? 0 : c1 == 2 ? 1 : 2;
        int ax1 = c1 == 1 ? 1 : c1 == 2 ? 2 : 0;
        int ax2 = c1 == 1 ? 2 : c1 == 2 ? 0 : 1;
        double secondpos;
        if (axis[ax] * axis[ax] > 0.5) {
            // along the edge of the box
            secondpos = de;
            double e1 = 2 * bs[ax] / Math.abs(halfaxis[ax]);
            if (e1 < secondpos) {
                secondpos = e1;
            }
            secondpos *= mul;
        } else {
            // along a face of the box
            secondpos = dp;
            double e1 = 2 * bs[ax1] / Math.abs(halfaxis[ax1]);
            if (e1 < secondpos) {
                secondpos = e1;
            }
            e1 = 2 * bs[ax2] / Math.abs(halfaxis[ax2]);
            if (e1 < secondpos) {
                secondpos = e1;
            }
            secondpos *= -mul;
        }
        return secondpos;
    }

    /** Collides the capsule's sphere at segment position s (in half-lengths from its centre) with box g2. */
    private int sphereAt(PhysicsModel pm, MjData d, PairContacts con, int k, double margin, int g2, double s, double radius) {
        for (int q = 0; q < 3; q++) {
            t1[q] = cpos[q] + halfaxis[q] * s;
        }
        Spatial.mulMatVec(d.geom_xmat, 9 * g2, t1, 0, t2, 0);
        for (int q = 0; q < 3; q++) {
            t2[q] += d.geom_xpos[3 * g2 + q];
        }
        System.arraycopy(t2, 0, sphere, 0, 3);
        return sphereBox(pm, d, con, k, margin, sphere, radius, g2);
    }
}
