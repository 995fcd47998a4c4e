package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;

/**
 * The bounds test before the narrow phase: MuJoCo's bounding-sphere filters, then
 * world-axis-aligned boxes of every geom around its centre. Stateless.
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
