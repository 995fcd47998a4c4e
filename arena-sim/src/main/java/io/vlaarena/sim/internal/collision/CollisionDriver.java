package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;

/**
 * Collision detection, MuJoCo's {@code mj_collision}: every candidate geom pair of the static
 * filter ({@link PhysicsModel#pairGeom1}) that passes the {@link BroadPhase} bounds test goes to
 * the narrow phase, which appends its contacts ({@link #addContact}) in pair order, so the
 * contact order is deterministic. Stateless.
 */
public final class CollisionDriver {
    private CollisionDriver() {
    }

    /** Finds this state's contacts ({@code d.ncon}, {@code d.contact_*}); needs the geom poses. */
    public static void collision(PhysicsModel pm, MjData d) {
        d.ncon = 0;
        BroadPhase.computeAabbs(pm, d);
        OdeNarrowPhase narrow = OdeNarrowPhase.of(pm, d);
        int[] p1 = pm.pairGeom1, p2 = pm.pairGeom2;
        for (int p = 0; p < p1.length; p++) {
            int g1 = p1[p], g2 = p2[p];
            if (narrow.handles(g1, g2) && BroadPhase.boundsOverlap(pm, d, g1, g2)) {
                narrow.collide(pm, d, g1, g2);
            }
        }
    }

    /**
     * Appends a contact between geoms g1 and g2 (the k-th point of their pair) at distance
     * {@code dist} and position p, with the larger sliding friction of the two; returns its
     * index. The caller sets its frame with {@link #makeFrame}.
     */
    static int addContact(PhysicsModel pm, MjData d, int g1, int g2, int k, double dist, double px, double py, double pz) {
        MjModel m = pm.m;
        d.ensureContacts(d.ncon + 1);
        int i = d.ncon++;
        d.contact_geom1[i] = g1;
        d.contact_geom2[i] = g2;
        d.contact_index[i] = k;
        d.contact_dist[i] = dist;
        d.contact_mu[i] = Math.max(m.geom_friction[3 * g1], m.geom_friction[3 * g2]);
        d.contact_pos[3 * i] = px;
        d.contact_pos[3 * i + 1] = py;
        d.contact_pos[3 * i + 2] = pz;
        return i;
    }

    /** Contact i's frame: the unit normal (from geom1 to geom2), then two tangents. */
    static void makeFrame(MjData d, int i, double nx, double ny, double nz) {
        double n = Math.sqrt(nx * nx + ny * ny + nz * nz);
        nx /= n;
        ny /= n;
        nz /= n;
        // first tangent: normal x (the world axis least aligned with the normal)
        double ax = 0, ay = 0, az = 0;
        if (Math.abs(nx) <= Math.abs(ny) && Math.abs(nx) <= Math.abs(nz)) {
            ax = 1;
        } else if (Math.abs(ny) <= Math.abs(nz)) {
            ay = 1;
        } else {
            az = 1;
        }
        double t1x = ny * az - nz * ay, t1y = nz * ax - nx * az, t1z = nx * ay - ny * ax;
        double tn = Math.sqrt(t1x * t1x + t1y * t1y + t1z * t1z);
        t1x /= tn;
        t1y /= tn;
        t1z /= tn;
        int o = 9 * i;
        double[] f = d.contact_frame;
        f[o] = nx;
        f[o + 1] = ny;
        f[o + 2] = nz;
        f[o + 3] = t1x;
        f[o + 4] = t1y;
        f[o + 5] = t1z;
        f[o + 6] = ny * t1z - nz * t1y;
        f[o + 7] = nz * t1x - nx * t1z;
        f[o + 8] = nx * t1y - ny * t1x;
    }
}
