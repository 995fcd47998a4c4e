package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsBody;
import io.vlaarena.sim.internal.mjcf.MjSpec.MjsGeom;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.ArrayList;
import java.util.List;

/**
 * Body inertias as MuJoCo 2.x's compiler derives them: the {@code <inertial>} when given (unless
 * {@code inertiafromgeom="true"}), otherwise the geoms of the inertia groups combined (mass,
 * centre of mass, the summed inertia tensor diagonalized with {@code mju_eig3}); and the check
 * that every moving body has mass and rotational inertia. Stateless.
 */
final class BodyInertia {
    private static final double MINVAL = Spatial.MINVAL;

    private BodyInertia() {
    }

    /** Body b's mass, centre of mass, principal frame and moments: from its {@code <inertial>} or its geoms, as the compiler settings say. */
    static void compute(MjSpec spec, MjsBody b) {
        fromInertialOrGeoms(spec, b);
        bound(spec, b);
    }

    /**
     * MuJoCo 2.2.2's check of a body's mass and moments: raised to the compiler's boundmass and
     * boundinertia, then refused when negative, and where they violate A + B >= C either refused
     * or (balanceinertia) replaced by their mean.
     */
    private static void bound(MjSpec spec, MjsBody b) {
        b.mass = Math.max(b.mass, spec.boundmass);
        double[] i = b.inertia = b.inertia.clone();
        for (int k = 0; k < 3; k++) {
            i[k] = Math.max(i[k], spec.boundinertia);
        }
        if (b.mass < 0 || i[0] < 0 || i[1] < 0 || i[2] < 0) {
            throw new SceneException("Body '" + b.name + "' at line " + b.line + " has a negative mass or inertia ("
                    + b.mass + "; " + i[0] + " " + i[1] + " " + i[2] + ").");
        }
        if (i[0] + i[1] < i[2] || i[0] + i[2] < i[1] || i[1] + i[2] < i[0]) {
            if (!spec.balanceinertia) {
                throw new SceneException("Body '" + b.name + "' at line " + b.line + " has principal moments " + i[0] + " "
                        + i[1] + " " + i[2] + " that violate A + B >= C; no rigid body has such an inertia (the compiler's "
                        + "balanceinertia=\"true\" replaces them by their mean, as MuJoCo does).");
            }
            i[0] = i[1] = i[2] = (i[0] + i[1] + i[2]) / 3.0;
        }
    }

    private static void fromInertialOrGeoms(MjSpec spec, MjsBody b) {
        boolean useInertial = b.inertial != null && !spec.inertiaFromGeom.equals("true");
        if (useInertial) {
            b.mass = b.inertial.mass;
            b.ipos = b.inertial.pos;
            b.iquat = b.inertial.quat;
            b.inertia = b.inertial.inertia;
            return;
        }
        if (spec.inertiaFromGeom.equals("false")) {
            massless(b);
            return;
        }
        List<MjsGeom> sel = new ArrayList<>();
        for (MjsGeom g : b.geoms) {
            if (g.group >= spec.inertiaGroupRange[0] && g.group <= spec.inertiaGroupRange[1]) {
                sel.add(g);
            }
        }
        if (sel.isEmpty()) {
            massless(b);
        } else if (sel.size() == 1) {
            MjsGeom g = sel.get(0);
            b.mass = g.mass;
            b.ipos = g.pos.clone();
            b.iquat = g.quat.clone();
            b.inertia = g.inertia.clone();
        } else if (sel.size() > 1) {
            double mass = 0;
            double[] com = new double[3];
            for (MjsGeom g : sel) {
                mass += g.mass;
                for (int i = 0; i < 3; i++) {
                    com[i] += g.mass * g.pos[i];
                }
            }
            if (mass < MINVAL) {
                throw new SceneException("Body '" + b.name + "' at line " + b.line
                        + " has geoms of zero total mass, so its center of mass is undefined; give its geoms a size/density or an <inertial> mass");
            }
            for (int i = 0; i < 3; i++) {
                com[i] /= mass;
            }
            // Accumulated as MuJoCo does (upper triangle xx yy zz xy xz yz, same operation order), so that
            // even nearly degenerate tensors diagonalize to the same principal frame.
            double[] tot = new double[6];
            for (MjsGeom g : sel) {
                double[] r = Spatial.quat2Mat(g.quat);
                double[] local = new double[6];
                int[][] idx = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
                for (int n = 0; n < 6; n++) {
                    int i = idx[n][0];
                    int j = idx[n][1];
                    double acc = 0;
                    for (int k = 0; k < 3; k++) {
                        acc += r[3 * i + k] * g.inertia[k] * r[3 * j + k];
                    }
                    local[n] = acc;
                }
                double[] d = {g.pos[0] - com[0], g.pos[1] - com[1], g.pos[2] - com[2]};
                double[] off = {
                    g.mass * (d[1] * d[1] + d[2] * d[2]),
                    g.mass * (d[0] * d[0] + d[2] * d[2]),
                    g.mass * (d[0] * d[0] + d[1] * d[1]),
                    -g.mass * d[0] * d[1],
                    -g.mass * d[0] * d[2],
                    -g.mass * d[1] * d[2],
                };
                for (int n = 0; n < 6; n++) {
                    tot[n] = tot[n] + local[n] + off[n];
                }
            }
            double[] full = {tot[0], tot[3], tot[4], tot[3], tot[1], tot[5], tot[4], tot[5], tot[2]};
            double[] eig = Spatial.eig3(full);
            b.mass = mass;
            b.ipos = com;
            b.iquat = new double[] {eig[0], eig[1], eig[2], eig[3]};
            b.inertia = new double[] {eig[4], eig[5], eig[6]};
            if (b.inertia[2] < 0) {
                throw new SceneException("Body '" + b.name + "' at line " + b.line
                        + " has an inertia from its geoms that is not positive.");
            }
        }
    }

    /**
     * A body with neither an inertial nor mass-bearing geoms: MuJoCo 2.x leaves its inertial frame
     * at the body's own frame as written (pos and quat relative to the parent), with zero mass.
     */
    private static void massless(MjsBody b) {
        b.ipos = b.pos.clone();
        b.iquat = b.quat.clone();
    }

    /** MuJoCo refuses a moving body whose welded group has no mass or no rotational inertia. */
    static void checkMovingMass(MjSpec spec) {
        // One pass: the mass and inertia of each welded group, summed at the group's root body.
        double[] groupMass = new double[spec.bodies.size()];
        double[] groupInertia = new double[spec.bodies.size()];
        for (MjsBody o : spec.bodies) {
            groupMass[o.weldid] += o.mass;
            groupInertia[o.weldid] += o.inertia[0] + o.inertia[1] + o.inertia[2];
        }
        for (MjsBody b : spec.bodies) {
            if (b.id == 0 || b.joints.isEmpty()) {
                continue;
            }
            double mass = groupMass[b.id];
            double inertia = groupInertia[b.id];
            if (mass < MINVAL || inertia < MINVAL) {
                int type = b.joints.get(0).type;
                String kind = type == MjModel.JNT_FREE ? "Free" : "Moving";
                throw new SceneException(kind + " body '" + b.name + "' at line " + b.line + " has zero "
                        + (mass < MINVAL ? "mass" : "inertia")
                        + "; give its geoms a size/density or an <inertial> mass");
            }
        }
    }
}
