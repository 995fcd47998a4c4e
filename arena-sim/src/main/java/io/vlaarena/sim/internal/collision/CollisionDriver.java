package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * Collision detection, MuJoCo 2.2.2's {@code mj_collision} and {@code mj_collideGeoms}: the
 * candidate geom pairs of the static filter ({@link PhysicsModel#pairGeom1}, in MuJoCo's order of
 * body pairs) and the explicit {@code <pair>}s, merged by body-pair signature as MuJoCo merges
 * them, go through the {@link BroadPhase} bounds test and MuJoCo's bounding-sphere filters (with
 * the margin) to the collider of their type pair (geom1 the lower type). Each contact is completed
 * as {@code mj_collideGeoms} completes it: box–box duplicates removed, condim, friction (5),
 * solref and solimp from priority or mixing (explicit pairs: their own), margin − gap as the
 * contact's margin (beyond it the contact is kept but excluded from the constraints), and the
 * frame finished by {@link Spatial#makeFrame}. Stateless; the colliders' scratch is per rollout.
 */
public final class CollisionDriver {
    /** MuJoCo's mjMINMU: the least friction coefficient. */
    private static final double MINMU = 1e-5;
    /** MuJoCo's bounds on the impedance (mjMINIMP, mjMAXIMP). */
    private static final double MINIMP = 0.0001, MAXIMP = 0.9999;

    private CollisionDriver() {
    }

    /** Per-rollout collider scratch, created on first use. */
    static final class Narrow {
        final PairContacts con = new PairContacts();
        final BoxColliders box = new BoxColliders();
        final ConvexColliders convex = new ConvexColliders();
        final double[] friction = new double[5], solref = new double[2], solimp = new double[5];
    }

    private static Narrow narrow(MjData d) {
        if (!(d.narrowPhase instanceof Narrow)) {
            d.narrowPhase = new Narrow();
        }
        return (Narrow) d.narrowPhase;
    }

    /** Finds this state's contacts ({@code d.ncon}, {@code d.contact_*}); needs the geom poses. */
    public static void collision(PhysicsModel pm, MjData d) {
        d.ncon = 0;
        if ((pm.m.disableflags & (MjModel.DSBL_CONSTRAINT | MjModel.DSBL_CONTACT)) != 0) {
            return;
        }
        Narrow np = narrow(d);
        BroadPhase.computeAabbs(pm, d);
        BroadPhase.bodyPairs(pm, d);
        MjModel m = pm.m;
        int[] p1 = pm.pairGeom1, p2 = pm.pairGeom2, start = pm.pairRangeStart;
        long[] found = d.range_found;
        int next = 0;
        // the body pairs whose bounds overlap, in order (ascending signatures)
        for (int w = 0; w < found.length; w++) {
            long bits = found[w];
            found[w] = 0;
            while (bits != 0) {
                int r = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                for (int p = start[r], end = start[r + 1]; p < end; p++) {
                    // explicit pairs come first up to this body pair's signature, as MuJoCo merges them
                    int sig = pm.pairSignature[p];
                    while (next < m.npair && pm.explicitSignature[next] <= sig) {
                        collideGeoms(pm, d, np, m.pair_geom1[next], m.pair_geom2[next], next);
                        next++;
                    }
                    if (!pm.pairCovered[p]) {
                        collideGeoms(pm, d, np, p1[p], p2[p], -1);
                    }
                }
            }
        }
        while (next < m.npair) {
            collideGeoms(pm, d, np, m.pair_geom1[next], m.pair_geom2[next], next);
            next++;
        }
    }

    /** Collides one geom pair (explicit pair {@code ipair}, or -1) and appends its completed contacts. */
    private static void collideGeoms(PhysicsModel pm, MjData d, Narrow np, int g1, int g2, int ipair) {
        MjModel m = pm.m;
        if (m.geom_type[g1] > m.geom_type[g2]) {
            int t = g1;
            g1 = g2;
            g2 = t;
        }
        int type1 = m.geom_type[g1], type2 = m.geom_type[g2];
        if ((type1 == MjModel.GEOM_PLANE || type1 == MjModel.GEOM_HFIELD)
                && (type2 == MjModel.GEOM_PLANE || type2 == MjModel.GEOM_HFIELD)) {
            return; // MuJoCo has no plane-plane, plane-hfield or hfield-hfield collider
        }
        double margin, gap;
        int condim;
        if (ipair < 0) {
            margin = Math.max(m.geom_margin[g1], m.geom_margin[g2]);
            gap = Math.max(m.geom_gap[g1], m.geom_gap[g2]);
            condim = m.geom_priority[g1] != m.geom_priority[g2]
                    ? m.geom_condim[m.geom_priority[g1] > m.geom_priority[g2] ? g1 : g2]
                    : Math.max(m.geom_condim[g1], m.geom_condim[g2]);
        } else {
            margin = m.pair_margin[ipair];
            gap = m.pair_gap[ipair];
            condim = m.pair_dim[ipair];
        }
        if (!BroadPhase.boundsOverlap(pm, d, g1, g2, margin)) {
            return;
        }
        PairContacts con = np.con;
        int num = switch (type1) {
            case MjModel.GEOM_PLANE -> switch (type2) {
                case MjModel.GEOM_SPHERE -> Primitive.planeSphere(pm, d, con, 0, g1, g2, margin);
                case MjModel.GEOM_CAPSULE -> Primitive.planeCapsule(pm, d, con, 0, g1, g2, margin);
                case MjModel.GEOM_CYLINDER -> Primitive.planeCylinder(pm, d, con, 0, g1, g2, margin);
                case MjModel.GEOM_BOX -> Primitive.planeBox(pm, d, con, 0, g1, g2, margin);
                default -> np.convex.planeConvex(pm, d, con, 0, g1, g2, margin);
            };
            case MjModel.GEOM_HFIELD -> np.convex.hfield(pm, d, con, 0, g1, g2, margin);
            case MjModel.GEOM_SPHERE -> switch (type2) {
                case MjModel.GEOM_SPHERE -> Primitive.sphereSphere(pm, d, con, 0, g1, g2, margin);
                case MjModel.GEOM_CAPSULE -> Primitive.sphereCapsule(pm, d, con, 0, g1, g2, margin);
                case MjModel.GEOM_BOX -> np.box.sphereBox(pm, d, con, 0, g1, g2, margin);
                default -> np.convex.convex(pm, d, con, 0, g1, g2, margin);
            };
            case MjModel.GEOM_CAPSULE -> switch (type2) {
                case MjModel.GEOM_CAPSULE -> Primitive.capsuleCapsule(pm, d, con, 0, g1, g2, margin);
                case MjModel.GEOM_BOX -> np.box.capsuleBox(pm, d, con, 0, g1, g2, margin);
                default -> np.convex.convex(pm, d, con, 0, g1, g2, margin);
            };
            case MjModel.GEOM_BOX -> type2 == MjModel.GEOM_BOX ? np.box.boxBox.collide(pm, d, con, 0, g1, g2, margin)
                    : np.convex.convex(pm, d, con, 0, g1, g2, margin);
            default -> np.convex.convex(pm, d, con, 0, g1, g2, margin);
        };
        if (num == 0) {
            return;
        }
        if (type1 == MjModel.GEOM_BOX && type2 == MjModel.GEOM_BOX) {
            num = removeRepeated(con, num);
        }
        double[] friction = np.friction, solref = np.solref, solimp = np.solimp;
        contactParameters(m, g1, g2, ipair, friction, solref, solimp);
        for (int i = 0; i < num; i++) {
            d.ensureContacts(d.ncon + 1);
            int c = d.ncon++;
            d.contact_geom1[c] = g1;
            d.contact_geom2[c] = g2;
            d.contact_index[c] = i;
            d.contact_dim[c] = condim;
            d.contact_dist[c] = con.dist[i];
            System.arraycopy(con.pos, 3 * i, d.contact_pos, 3 * c, 3);
            System.arraycopy(con.frame, 9 * i, d.contact_frame, 9 * c, 9);
            Spatial.makeFrame(d.contact_frame, 9 * c);
            System.arraycopy(friction, 0, d.contact_friction, 5 * c, 5);
            System.arraycopy(solref, 0, d.contact_solref, 2 * c, 2);
            System.arraycopy(solimp, 0, d.contact_solimp, 5 * c, 5);
            double include = margin - gap;
            d.contact_includemargin[c] = include;
            d.contact_exclude[c] = con.dist[i] < include ? 0 : 1;
        }
    }

    /** Drops box–box contacts at the same position as a later one (MuJoCo marks and consolidates them). */
    private static int removeRepeated(PairContacts con, int num) {
        int kept = 0;
        for (int j = 0; j < num; j++) {
            boolean repeated = false;
            for (int i = j + 1; i < num && !repeated; i++) {
                repeated = con.pos[3 * j] == con.pos[3 * i] && con.pos[3 * j + 1] == con.pos[3 * i + 1]
                        && con.pos[3 * j + 2] == con.pos[3 * i + 2];
            }
            if (!repeated) {
                if (kept < j) {
                    con.copy(j, kept);
                }
                kept++;
            }
        }
        return kept;
    }

    /**
     * A contact's friction (5), solref and solimp: an explicit pair's own; for a dynamic pair the
     * higher-priority geom's, else friction the larger of each and solref/solimp mixed by solmix
     * (a direct-form solref the smaller of each); friction at least mjMINMU.
     */
    private static void contactParameters(MjModel m, int g1, int g2, int ipair, double[] friction, double[] solref,
            double[] solimp) {
        if (ipair >= 0) {
            System.arraycopy(m.pair_friction, 5 * ipair, friction, 0, 5);
            System.arraycopy(m.pair_solref, 2 * ipair, solref, 0, 2);
            System.arraycopy(m.pair_solimp, 5 * ipair, solimp, 0, 5);
        } else if (m.geom_priority[g1] != m.geom_priority[g2]) {
            int gp = m.geom_priority[g1] > m.geom_priority[g2] ? g1 : g2;
            for (int i = 0; i < 3; i++) {
                friction[2 * i] = m.geom_friction[3 * gp + i];
            }
            System.arraycopy(m.geom_solref, 2 * gp, solref, 0, 2);
            System.arraycopy(m.geom_solimp, 5 * gp, solimp, 0, 5);
            friction[1] = friction[0];
            friction[3] = friction[4];
        } else {
            for (int i = 0; i < 3; i++) {
                friction[2 * i] = Math.max(m.geom_friction[3 * g1 + i], m.geom_friction[3 * g2 + i]);
            }
            double s1 = m.geom_solmix[g1], s2 = m.geom_solmix[g2], mix;
            if (s1 >= Spatial.MINVAL && s2 >= Spatial.MINVAL) {
                mix = s1 / (s1 + s2);
            } else if (s1 < Spatial.MINVAL && s2 < Spatial.MINVAL) {
                mix = 0.5;
            } else if (s1 < Spatial.MINVAL) {
                mix = 0.0;
            } else {
                mix = 1.0;
            }
            if (m.geom_solref[2 * g1] > 0 && m.geom_solref[2 * g2] > 0) {
                for (int i = 0; i < 2; i++) {
                    solref[i] = mix * m.geom_solref[2 * g1 + i] + (1 - mix) * m.geom_solref[2 * g2 + i];
                }
            } else {
                for (int i = 0; i < 2; i++) {
                    solref[i] = Math.min(m.geom_solref[2 * g1 + i], m.geom_solref[2 * g2 + i]);
                }
            }
            for (int i = 0; i < 5; i++) {
                solimp[i] = m.geom_solimp[5 * g1 + i] * mix;
                solimp[i] += m.geom_solimp[5 * g2 + i] * (1 - mix);
            }
            friction[1] = friction[0];
            friction[3] = friction[4];
        }
        for (int i = 0; i < 5; i++) {
            friction[i] = Math.max(MINMU, friction[i]);
        }
        // MuJoCo's limits on solimp (getsolparam)
        solimp[0] = Math.min(MAXIMP, Math.max(MINIMP, solimp[0]));
        solimp[1] = Math.min(MAXIMP, Math.max(MINIMP, solimp[1]));
        solimp[2] = Math.max(0, solimp[2]);
        solimp[3] = Math.min(MAXIMP, Math.max(MINIMP, solimp[3]));
        solimp[4] = Math.max(1, solimp[4]);
    }
}
