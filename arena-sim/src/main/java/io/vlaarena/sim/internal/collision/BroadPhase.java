package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;

/**
 * The broad phase: a sweep over the bodies' world-axis-aligned bounds finds the body pairs that may
 * touch (MuJoCo's {@code mj_broadphase} also prunes by bodies), then each geom pair of those passes
 * MuJoCo's bounding-sphere filters and the geoms' own world-axis-aligned boxes. The pairs that
 * reach the narrow phase, and their order, are those of testing every candidate pair: the body
 * bounds hold every geom box grown by its margin. Stateless.
 */
final class BroadPhase {
    private BroadPhase() {
    }

    /** World-axis-aligned half extents of every geom around its centre (planes: unused) into {@code d.geom_aabb}. */
    static void computeAabbs(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] xmat = d.geom_xmat, aabb = d.geom_aabb;
        for (int g = 0; g < m.ngeom; g++) {
            int o9 = 9 * g, o3 = 3 * g;
            double a = m.geom_size[o3], b = m.geom_size[o3 + 1], c = m.geom_size[o3 + 2];
            for (int k = 0; k < 3; k++) {
                double r0 = Math.abs(xmat[o9 + 3 * k]), r1 = Math.abs(xmat[o9 + 3 * k + 1]),
                        r2 = Math.abs(xmat[o9 + 3 * k + 2]);
                aabb[o3 + k] = switch (m.geom_type[g]) {
                    case MjModel.GEOM_SPHERE -> a;
                    case MjModel.GEOM_CAPSULE -> r2 * b + a;
                    case MjModel.GEOM_CYLINDER -> r2 * b + a * Math.sqrt(Math.max(0, 1 - r2 * r2));
                    case MjModel.GEOM_BOX, MjModel.GEOM_ELLIPSOID, MjModel.GEOM_MESH -> r0 * a + r1 * b + r2 * c;
                    default -> m.geom_rbound[g];
                };
            }
        }
    }

    /**
     * Marks in {@code d.range_found} the body pairs (PhysicsModel's ranges) whose bounds overlap: a
     * sweep along x over the bounded bodies, kept sorted from step to step, then y and z; body pairs
     * with a plane or height field are always marked. Needs {@link #computeAabbs} of this state.
     */
    static void bodyPairs(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] bb = d.body_bounds, xpos = d.geom_xpos, aabb = d.geom_aabb;
        int[] order = d.sweep_order, active = d.sweep_active;
        int n = order.length;
        for (int i = 0; i < n; i++) {
            int o = 6 * order[i];
            bb[o] = bb[o + 1] = bb[o + 2] = Double.POSITIVE_INFINITY;
            bb[o + 3] = bb[o + 4] = bb[o + 5] = Double.NEGATIVE_INFINITY;
        }
        for (int g = 0; g < m.ngeom; g++) {
            int o = 6 * m.geom_bodyid[g];
            double r = m.geom_margin[g];
            for (int k = 0; k < 3; k++) {
                double c = xpos[3 * g + k], h = aabb[3 * g + k] + r;
                bb[o + k] = Math.min(bb[o + k], c - h);
                bb[o + 3 + k] = Math.max(bb[o + 3 + k], c + h);
            }
        }
        // insertion sort by the lower x bound: the order of the last step is nearly right
        for (int i = 1; i < n; i++) {
            int b = order[i];
            double key = bb[6 * b];
            int j = i - 1;
            while (j >= 0 && bb[6 * order[j]] > key) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = b;
        }
        int na = 0;
        for (int i = 0; i < n; i++) {
            int b = order[i], ob = 6 * b;
            double lo = bb[ob];
            int kept = 0;
            for (int j = 0; j < na; j++) {
                int a = active[j], oa = 6 * a;
                if (!(bb[oa + 3] < lo)) {
                    active[kept++] = a;
                    if (bb[oa + 1] <= bb[ob + 4] && bb[ob + 1] <= bb[oa + 4] && bb[oa + 2] <= bb[ob + 5]
                            && bb[ob + 2] <= bb[oa + 5]) {
                        mark(pm, d, a, b);
                    }
                }
            }
            na = kept;
            active[na++] = b;
        }
        for (int r : pm.unboundedRanges) {
            d.range_found[r >>> 6] |= 1L << (r & 63);
        }
    }

    /** Marks the body pair of bodies a and b, if it has candidate geom pairs. */
    private static void mark(PhysicsModel pm, MjData d, int a, int b) {
        int lo = Math.min(a, b), hi = Math.max(a, b);
        int[] other = pm.rangeBody2;
        int from = pm.bodyRangeAdr[lo], to = pm.bodyRangeAdr[lo + 1] - 1;
        while (from <= to) {
            int mid = (from + to) >>> 1;
            if (other[mid] < hi) {
                from = mid + 1;
            } else if (other[mid] > hi) {
                to = mid - 1;
            } else {
                d.range_found[mid >>> 6] |= 1L << (mid & 63);
                return;
            }
        }
    }

    /**
     * Whether geoms g1 and g2 may touch within {@code margin}: MuJoCo's bounding-sphere filters
     * (a plane against the other geom's bounding sphere), then the axis-aligned boxes.
     */
    static boolean boundsOverlap(PhysicsModel pm, MjData d, int g1, int g2, double margin) {
        MjModel m = pm.m;
        double[] xpos = d.geom_xpos, xmat = d.geom_xmat, aabb = d.geom_aabb;
        if (m.geom_type[g1] == MjModel.GEOM_HFIELD || m.geom_type[g2] == MjModel.GEOM_HFIELD) {
            return true; // no bounding sphere (rbound 0): the height-field collider tests its own bounds
        }
        boolean plane1 = m.geom_type[g1] == MjModel.GEOM_PLANE, plane2 = m.geom_type[g2] == MjModel.GEOM_PLANE;
        if (plane1 || plane2) {
            int pl = plane1 ? g1 : g2, other = plane1 ? g2 : g1;
            double dist = 0;
            for (int k = 0; k < 3; k++) {
                dist += (xpos[3 * other + k] - xpos[3 * pl + k]) * xmat[9 * pl + 3 * k + 2];
            }
            return !(m.geom_rbound[other] > 0 && dist > margin + m.geom_rbound[other]);
        }
        double dx = xpos[3 * g1] - xpos[3 * g2], dy = xpos[3 * g1 + 1] - xpos[3 * g2 + 1],
                dz = xpos[3 * g1 + 2] - xpos[3 * g2 + 2];
        double r1 = m.geom_rbound[g1], r2 = m.geom_rbound[g2];
        if (r1 > 0 && r2 > 0 && Math.sqrt(dx * dx + dy * dy + dz * dz) > r1 + r2 + margin) {
            return false;
        }
        return Math.abs(dx) <= aabb[3 * g1] + aabb[3 * g2] + margin
                && Math.abs(dy) <= aabb[3 * g1 + 1] + aabb[3 * g2 + 1] + margin
                && Math.abs(dz) <= aabb[3 * g1 + 2] + aabb[3 * g2 + 2] + margin;
    }
}
