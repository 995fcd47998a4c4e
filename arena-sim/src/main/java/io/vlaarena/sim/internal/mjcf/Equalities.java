package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.sim.internal.util.Spatial;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.List;

/**
 * Compiles equality constraints into MuJoCo 2.2.2's {@code eq_*} arrays: resolves their bodies,
 * joints and tendons by name, and completes connect and weld anchors at qpos0 as MuJoCo's
 * compiler does (the point or pose of body1 seen from body2 at qpos0, so that the constraint
 * holds there). Stateless.
 */
final class Equalities {
    private Equalities() {
    }

    /** Fills {@code m.eq_*}; needs bodies, joints, tendons and qpos0 compiled. */
    static void fill(MjModel m, List<MjSpec.MjsEquality> equalities) {
        int n = equalities.size();
        double[][] pose = n == 0 ? null : bodyPosesAtQpos0(m);
        for (int i = 0; i < n; i++) {
            MjSpec.MjsEquality eq = equalities.get(i);
            Attrs a = eq.attrs;
            m.eq_name[i] = eq.name;
            m.eq_active[i] = eq.active;
            System.arraycopy(eq.solref, 0, m.eq_solref, 2 * i, 2);
            System.arraycopy(eq.solimp, 0, m.eq_solimp, 5 * i, 5);
            int o = MjModel.NEQDATA * i;
            m.eq_data[o + 10] = 1;
            switch (eq.kind) {
                case "connect" -> {
                    m.eq_type[i] = MjModel.EQ_CONNECT;
                    int b1 = body(m, a, "body1", true), b2 = body(m, a, "body2", false);
                    differentBodies(m, a, b1, b2);
                    if (eq.anchor == null) {
                        throw a.error("anchor", "is missing; a connect constraint needs the point (in body1's frame) it holds.");
                    }
                    double[] anchor = eq.anchor;
                    m.eq_obj1id[i] = b1;
                    m.eq_obj2id[i] = b2;
                    System.arraycopy(anchor, 0, m.eq_data, o, 3);
                    // the anchor point of body1 in body2's frame at qpos0
                    double[] world = add(pose[b1], 0, Spatial.rotVecQuat(anchor, quat(pose[b1])));
                    System.arraycopy(inFrame(pose[b2], world), 0, m.eq_data, o + 3, 3);
                }
                case "weld" -> {
                    m.eq_type[i] = MjModel.EQ_WELD;
                    int b1 = body(m, a, "body1", true), b2 = body(m, a, "body2", false);
                    differentBodies(m, a, b1, b2);
                    double[] anchor = eq.anchor;
                    double[] relpose = eq.relpose;
                    m.eq_obj1id[i] = b1;
                    m.eq_obj2id[i] = b2;
                    System.arraycopy(anchor, 0, m.eq_data, o, 3);
                    double[] q = {relpose[3], relpose[4], relpose[5], relpose[6]};
                    double[] relpos;
                    if (q[0] == 0 && q[1] == 0 && q[2] == 0 && q[3] == 0) {
                        // MuJoCo: an all-zero quaternion asks for the pose that holds at qpos0
                        double[] world = add(pose[b2], 0, Spatial.rotVecQuat(anchor, quat(pose[b2])));
                        relpos = inFrame(pose[b1], world);
                        q = Spatial.mulQuat(conj(quat(pose[b1])), quat(pose[b2]));
                    } else {
                        relpos = new double[] {relpose[0], relpose[1], relpose[2]};
                    }
                    if (Spatial.normalizeQuat(q) < 1e-15) {
                        throw a.error("relpose", "has a quaternion of zero length.");
                    }
                    System.arraycopy(relpos, 0, m.eq_data, o + 3, 3);
                    System.arraycopy(q, 0, m.eq_data, o + 6, 4);
                    m.eq_data[o + 10] = eq.torquescale;
                }
                case "joint" -> {
                    m.eq_type[i] = MjModel.EQ_JOINT;
                    int j1 = joint(m, a, "joint1", true), j2 = joint(m, a, "joint2", false);
                    if (j1 == j2) {
                        throw a.error("joint2", "names the same joint as joint1 ('" + m.jnt_name[j1]
                                + "'); a joint equality couples two different joints (omit joint2 to hold one joint).");
                    }
                    m.eq_obj1id[i] = j1;
                    m.eq_obj2id[i] = j2;
                    System.arraycopy(eq.polycoef, 0, m.eq_data, o, 5);
                }
                default -> {
                    m.eq_type[i] = MjModel.EQ_TENDON;
                    int t1 = tendon(m, a, "tendon1", true), t2 = tendon(m, a, "tendon2", false);
                    if (t1 == t2) {
                        throw a.error("tendon2", "names the same tendon as tendon1 ('" + m.tendon_name[t1]
                                + "'); a tendon equality couples two different tendons (omit tendon2 to hold one tendon).");
                    }
                    m.eq_obj1id[i] = t1;
                    m.eq_obj2id[i] = t2;
                    System.arraycopy(eq.polycoef, 0, m.eq_data, o, 5);
                }
            }
        }
        ModelCompiler.checkUnique(m.eq_name, "equality");
    }

    private static void differentBodies(MjModel m, Attrs a, int b1, int b2) {
        if (b1 == b2) {
            throw a.error(a.has("body2") ? "body2" : "body1", "makes the constraint act between body '" + m.body_name[b1]
                    + "' and itself" + (a.has("body2") ? "" : " (body2 defaults to the world)")
                    + "; body1 and body2 must differ.");
        }
    }

    private static int body(MjModel m, Attrs a, String attr, boolean required) {
        return ref(m.body_name, a, attr, required, "body", "bodies", 0);
    }

    private static int joint(MjModel m, Attrs a, String attr, boolean required) {
        int j = ref(m.jnt_name, a, attr, required, "joint", "joints", -1);
        if (j >= 0 && m.jnt_type[j] != MjModel.JNT_HINGE && m.jnt_type[j] != MjModel.JNT_SLIDE) {
            throw a.error(attr, "names joint '" + m.jnt_name[j] + "', which is not a hinge or slide joint; joint "
                    + "equalities couple scalar joints.");
        }
        return j;
    }

    private static int tendon(MjModel m, Attrs a, String attr, boolean required) {
        return ref(m.tendon_name, a, attr, required, "tendon", "tendons", -1);
    }

    private static int ref(String[] names, Attrs a, String attr, boolean required, String kind, String kinds, int absent) {
        if (!a.has(attr)) {
            if (required) {
                throw a.error(attr, "is missing; it names the " + kind + " the constraint acts on.");
            }
            return absent;
        }
        String name = a.str(attr, "");
        int id = name.isEmpty() ? -1 : MjModel.find(names, name);
        if (id < 0) {
            throw a.error(attr, "refers to unknown " + kind + " '" + name + "'; known " + kinds + ": "
                    + ModelCompiler.named(names == null ? new String[0] : names));
        }
        return id;
    }

    /** World pose (pos[3], quat[4]) of every body at qpos0: the chain of body frames, joints at rest. */
    private static double[][] bodyPosesAtQpos0(MjModel m) {
        double[][] pose = new double[m.nbody][];
        pose[0] = new double[] {0, 0, 0, 1, 0, 0, 0};
        for (int b = 1; b < m.nbody; b++) {
            double[] p = pose[m.body_parentid[b]];
            double[] local = {m.body_pos[3 * b], m.body_pos[3 * b + 1], m.body_pos[3 * b + 2]};
            double[] pos = add(p, 0, Spatial.rotVecQuat(local, quat(p)));
            double[] q = Spatial.mulQuat(quat(p), new double[] {m.body_quat[4 * b], m.body_quat[4 * b + 1],
                    m.body_quat[4 * b + 2], m.body_quat[4 * b + 3]});
            Spatial.normalizeQuat(q);
            pose[b] = new double[] {pos[0], pos[1], pos[2], q[0], q[1], q[2], q[3]};
        }
        return pose;
    }

    private static double[] quat(double[] pose) {
        return new double[] {pose[3], pose[4], pose[5], pose[6]};
    }

    private static double[] conj(double[] q) {
        return new double[] {q[0], -q[1], -q[2], -q[3]};
    }

    private static double[] add(double[] a, int o, double[] b) {
        return new double[] {a[o] + b[0], a[o + 1] + b[1], a[o + 2] + b[2]};
    }

    /** A world point in the frame of a pose. */
    private static double[] inFrame(double[] pose, double[] world) {
        double[] d = {world[0] - pose[0], world[1] - pose[1], world[2] - pose[2]};
        return Spatial.rotVecQuat(d, conj(quat(pose)));
    }
}
