package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link MjModel}s by hand, the way MuJoCo's compiler would lay them out, for tests. */
public final class TestModels {
    private final List<double[]> bodies = new ArrayList<>(); // parent, pos3, quat4, mass, ipos3, inertia3
    private final List<String> bodyNames = new ArrayList<>();
    private final List<double[]> joints = new ArrayList<>(); // body, type, axis3, pos3, limited, lo, hi, damping, armature, stiffness, ref
    private final List<String> jointNames = new ArrayList<>();
    private final List<double[]> geoms = new ArrayList<>(); // body, type, size3, pos3, quat4, contype, conaffinity, friction
    private final List<double[]> actuators = new ArrayList<>(); // joint, gear, gain, b0, b1, b2, ctrllimited, lo, hi
    private final List<double[]> sites = new ArrayList<>(); // body, pos3
    private final List<String> siteNames = new ArrayList<>();
    private final List<int[]> excludes = new ArrayList<>();
    private final List<String> keyNames = new ArrayList<>();
    private final List<double[][]> keys = new ArrayList<>(); // qpos, ctrl
    public double timestep = 0.002;
    public double[] gravity = {0, 0, -9.81};

    public TestModels() {
        bodies.add(new double[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        bodyNames.add("world");
    }

    public int body(String name, int parent, double[] pos, double[] quat, double mass, double[] ipos, double[] inertia) {
        double[] q = quat == null ? new double[] {1, 0, 0, 0} : quat;
        double[] ip = ipos == null ? new double[3] : ipos;
        bodies.add(new double[] {parent, pos[0], pos[1], pos[2], q[0], q[1], q[2], q[3], mass, ip[0], ip[1], ip[2],
            inertia[0], inertia[1], inertia[2]});
        bodyNames.add(name);
        return bodies.size() - 1;
    }

    public int joint(String name, int body, int type, double[] axis, double[] pos) {
        double[] a = axis == null ? new double[] {0, 0, 1} : axis;
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        double[] p = pos == null ? new double[3] : pos;
        joints.add(new double[] {body, type, a[0] / n, a[1] / n, a[2] / n, p[0], p[1], p[2], 0, 0, 0, 0, 0, 0, 0});
        jointNames.add(name);
        return joints.size() - 1;
    }

    public TestModels limit(int joint, double lo, double hi) {
        double[] j = joints.get(joint);
        j[8] = 1;
        j[9] = lo;
        j[10] = hi;
        return this;
    }

    public TestModels damping(int joint, double d) {
        joints.get(joint)[11] = d;
        return this;
    }

    public TestModels armature(int joint, double a) {
        joints.get(joint)[12] = a;
        return this;
    }

    public TestModels stiffness(int joint, double k) {
        joints.get(joint)[13] = k;
        return this;
    }

    public int geom(int body, int type, double[] size, double[] pos, double[] quat) {
        double[] q = quat == null ? new double[] {1, 0, 0, 0} : quat;
        double[] p = pos == null ? new double[3] : pos;
        geoms.add(new double[] {body, type, size[0], size.length > 1 ? size[1] : 0, size.length > 2 ? size[2] : 0,
            p[0], p[1], p[2], q[0], q[1], q[2], q[3], 1, 1, 1});
        return geoms.size() - 1;
    }

    public TestModels contype(int geom, int contype, int conaffinity) {
        geoms.get(geom)[12] = contype;
        geoms.get(geom)[13] = conaffinity;
        return this;
    }

    public int actuator(int joint, double gear, double gain, double b0, double b1, double b2, double lo, double hi) {
        actuators.add(new double[] {joint, gear, gain, b0, b1, b2, Double.isNaN(lo) ? 0 : 1, lo, hi});
        return actuators.size() - 1;
    }

    public int site(String name, int body, double[] pos) {
        sites.add(new double[] {body, pos[0], pos[1], pos[2]});
        siteNames.add(name);
        return sites.size() - 1;
    }

    public TestModels exclude(int b1, int b2) {
        excludes.add(new int[] {b1, b2});
        return this;
    }

    /** A keyframe at time 0 with zero velocity. */
    public TestModels key(String name, double[] qpos, double[] ctrl) {
        keyNames.add(name);
        keys.add(new double[][] {qpos.clone(), ctrl.clone()});
        return this;
    }

    public MjModel build() {
        // joints must be grouped by body in body order (as a compiler emits them)
        List<Integer> order = new ArrayList<>();
        for (int b = 0; b < bodies.size(); b++) {
            for (int j = 0; j < joints.size(); j++) {
                if ((int) joints.get(j)[0] == b) {
                    order.add(j);
                }
            }
        }
        int nq = 0, nv = 0;
        for (double[] j : joints) {
            int type = (int) j[1];
            nq += type == MjModel.JNT_FREE ? 7 : type == MjModel.JNT_BALL ? 4 : 1;
            nv += type == MjModel.JNT_FREE ? 6 : type == MjModel.JNT_BALL ? 3 : 1;
        }
        MjModel m = MjModel.allocate(MjModel.Sizes.builder().nq(nq).nv(nv).nu(actuators.size()).nbody(bodies.size())
                .njnt(joints.size()).ngeom(geoms.size()).nsite(sites.size()).nexclude(excludes.size()).nkey(keys.size()).build());
        m.timestep = timestep;
        System.arraycopy(gravity, 0, m.gravity, 0, 3);
        int nb = bodies.size();
        for (int b = 0; b < nb; b++) {
            double[] d = bodies.get(b);
            m.body_name[b] = bodyNames.get(b);
            m.body_parentid[b] = (int) d[0];
            System.arraycopy(d, 1, m.body_pos, 3 * b, 3);
            System.arraycopy(d, 4, m.body_quat, 4 * b, 4);
            m.body_mass[b] = d[8];
            System.arraycopy(d, 9, m.body_ipos, 3 * b, 3);
            System.arraycopy(d, 12, m.body_inertia, 3 * b, 3);
        }
        int nj = joints.size();
        int[] newIndex = new int[nj];
        int qadr = 0, dadr = 0;
        for (int k = 0; k < nj; k++) {
            double[] d = joints.get(order.get(k));
            newIndex[order.get(k)] = k;
            int type = (int) d[1];
            m.jnt_name[k] = jointNames.get(order.get(k));
            m.jnt_type[k] = type;
            m.jnt_bodyid[k] = (int) d[0];
            System.arraycopy(d, 2, m.jnt_axis, 3 * k, 3);
            System.arraycopy(d, 5, m.jnt_pos, 3 * k, 3);
            m.jnt_limited[k] = d[8] != 0;
            m.jnt_range[2 * k] = d[9];
            m.jnt_range[2 * k + 1] = d[10];
            m.jnt_stiffness[k] = d[13];
            m.jnt_qposadr[k] = qadr;
            m.jnt_dofadr[k] = dadr;
            qadr += type == MjModel.JNT_FREE ? 7 : type == MjModel.JNT_BALL ? 4 : 1;
            dadr += type == MjModel.JNT_FREE ? 6 : type == MjModel.JNT_BALL ? 3 : 1;
        }
        for (int k = 0; k < nj; k++) {
            double[] d = joints.get(order.get(k));
            int b = m.jnt_bodyid[k], type = m.jnt_type[k];
            if (m.body_jntadr[b] < 0) {
                m.body_jntadr[b] = k;
                m.body_dofadr[b] = m.jnt_dofadr[k];
            }
            m.body_jntnum[b]++;
            int ndof = type == MjModel.JNT_FREE ? 6 : type == MjModel.JNT_BALL ? 3 : 1;
            m.body_dofnum[b] += ndof;
            for (int i = 0; i < ndof; i++) {
                int dof = m.jnt_dofadr[k] + i;
                m.dof_bodyid[dof] = b;
                m.dof_jntid[dof] = k;
                m.dof_damping[dof] = d[11];
                m.dof_armature[dof] = d[12];
            }
            int qa = m.jnt_qposadr[k];
            if (type == MjModel.JNT_FREE) {
                System.arraycopy(m.body_pos, 3 * b, m.qpos0, qa, 3);
                System.arraycopy(m.body_quat, 4 * b, m.qpos0, qa + 3, 4);
            } else if (type == MjModel.JNT_BALL) {
                m.qpos0[qa] = 1;
            } else {
                m.qpos0[qa] = d[14];
            }
        }
        weldsAndDofParents(m);
        System.arraycopy(m.qpos0, 0, m.qpos_spring, 0, nq);
        for (int g = 0; g < geoms.size(); g++) {
            double[] d = geoms.get(g);
            m.geom_bodyid[g] = (int) d[0];
            m.geom_type[g] = (int) d[1];
            System.arraycopy(d, 2, m.geom_size, 3 * g, 3);
            System.arraycopy(d, 5, m.geom_pos, 3 * g, 3);
            System.arraycopy(d, 8, m.geom_quat, 4 * g, 4);
            m.geom_contype[g] = (int) d[12];
            m.geom_conaffinity[g] = (int) d[13];
            m.geom_condim[g] = 3;
            m.geom_friction[3 * g] = d[14];
            m.geom_friction[3 * g + 1] = 0.005;
            m.geom_friction[3 * g + 2] = 0.0001;
        }
        for (int s = 0; s < sites.size(); s++) {
            m.site_name[s] = siteNames.get(s);
            m.site_bodyid[s] = (int) sites.get(s)[0];
            System.arraycopy(sites.get(s), 1, m.site_pos, 3 * s, 3);
        }
        for (int u = 0; u < actuators.size(); u++) {
            double[] d = actuators.get(u);
            m.actuator_name[u] = "act" + u;
            m.actuator_trnid[u] = newIndex[(int) d[0]];
            m.actuator_gear[u] = d[1];
            m.actuator_gainprm[MjModel.NGAIN * u] = d[2];
            m.actuator_biasprm[MjModel.NGAIN * u] = d[3];
            m.actuator_biasprm[MjModel.NGAIN * u + 1] = d[4];
            m.actuator_biasprm[MjModel.NGAIN * u + 2] = d[5];
            m.actuator_biastype[u] = d[3] != 0 || d[4] != 0 || d[5] != 0 ? MjModel.BIAS_AFFINE : MjModel.BIAS_NONE;
            m.actuator_ctrllimited[u] = d[6] != 0;
            m.actuator_ctrlrange[2 * u] = d[7];
            m.actuator_ctrlrange[2 * u + 1] = d[8];
        }
        for (int e = 0; e < excludes.size(); e++) {
            m.exclude_body1[e] = excludes.get(e)[0];
            m.exclude_body2[e] = excludes.get(e)[1];
        }
        for (int k = 0; k < keys.size(); k++) {
            m.key_name[k] = keyNames.get(k);
            System.arraycopy(keys.get(k)[0], 0, m.key_qpos, k * nq, nq);
            System.arraycopy(keys.get(k)[1], 0, m.key_ctrl, k * m.nu, m.nu);
        }
        SetConst.setConst(m);
        return m;
    }

    /** Fills body_weldid and dof_parentid from the body tree and the bodies' dofs, as a compiler does. */
    static void weldsAndDofParents(MjModel m) {
        int[] lastDof = new int[m.nbody];
        java.util.Arrays.fill(lastDof, -1);
        for (int b = 1; b < m.nbody; b++) {
            int p = m.body_parentid[b];
            m.body_weldid[b] = m.body_jntnum[b] > 0 ? b : m.body_weldid[p];
            int prev = lastDof[p];
            for (int i = 0; i < m.body_dofnum[b]; i++) {
                m.dof_parentid[m.body_dofadr[b] + i] = prev;
                prev = m.body_dofadr[b] + i;
            }
            lastDof[b] = prev;
        }
    }

    /** Sphere inertia (solid) about its center. */
    public static double[] sphereInertia(double mass, double r) {
        double i = 0.4 * mass * r * r;
        return new double[] {i, i, i};
    }

    /** Box inertia for half-sizes a b c. */
    public static double[] boxInertia(double mass, double a, double b, double c) {
        return new double[] {mass / 3 * (b * b + c * c), mass / 3 * (a * a + c * c), mass / 3 * (a * a + b * b)};
    }

    /** The hinge pendulum of the measurement: 1 kg sphere bob (r 0.05) 0.5 m below a y-axis hinge. */
    public static MjModel pendulum(double damping) {
        TestModels t = new TestModels();
        int b = t.body("pole", 0, new double[] {0, 0, 1}, null, 1.0, new double[] {0, 0, -0.5}, sphereInertia(1, 0.05));
        int j = t.joint("hinge", b, MjModel.JNT_HINGE, new double[] {0, 1, 0}, null);
        t.damping(j, damping);
        t.geom(b, MjModel.GEOM_SPHERE, new double[] {0.05}, new double[] {0, 0, -0.5}, null);
        return t.build();
    }
}
