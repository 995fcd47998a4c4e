package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.forward.Step;
import io.vlaarena.sim.internal.model.MjModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the MuJoCo 2.2.2 reference files under {@code io/vlaarena/sim/reference/} (see its
 * README): {@code *.layout.txt} into an {@link MjModel} (without the MJCF loader; geoms get
 * MuJoCo's default contype/conaffinity 1 and friction 1) and {@code *.traj.txt} into rows.
 */
public final class Reference {
    private Reference() {
    }

    static String text(String name) {
        try (InputStream in = Reference.class.getResourceAsStream("/io/vlaarena/sim/reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing reference resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Data lines (numbers) with the name from the last "# kind id name" comment before each. */
    private static List<String[]> lines(String text, List<String> names) {
        List<String[]> out = new ArrayList<>();
        String lastName = "";
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                String[] p = line.substring(1).trim().split("\\s+");
                lastName = p.length >= 3 && p[1].matches("\\d+") ? p[2] : "";
                continue;
            }
            if (line.isEmpty() && out.isEmpty()) {
                continue;
            }
            out.add(line.trim().isEmpty() ? new String[0] : line.trim().split("\\s+"));
            names.add(lastName);
            lastName = "";
        }
        return out;
    }

    private static double[] nums(String[] p) {
        double[] r = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = Double.parseDouble(p[i]);
        }
        return r;
    }

    public static MjModel layout(String model) {
        List<String> names = new ArrayList<>();
        String text = text(model + ".layout.txt");
        List<String[]> ls = lines(text, names);
        int li = 0;
        double[] sz = nums(ls.get(li++));
        MjModel m = MjModel.allocate(MjModel.Sizes.builder().nq((int) sz[0]).nv((int) sz[1]).nu((int) sz[2])
                .nbody((int) sz[3]).njnt((int) sz[4]).ngeom((int) sz[5]).nkey((int) sz[6]).build());
        for (String line : text.split("\n")) {
            if (line.startsWith("# option ")) {
                String[] p = line.substring(9).trim().split("\\s+");
                for (int i = 0; i < p.length; i++) {
                    if (p[i].equals("timestep")) {
                        m.timestep = Double.parseDouble(p[i + 1]);
                    } else if (p[i].equals("gravity")) {
                        for (int k = 0; k < 3; k++) {
                            m.gravity[k] = Double.parseDouble(p[i + 1 + k]);
                        }
                    }
                }
            }
        }
        if (m.nq == 0) {
            li++;
        } else {
            System.arraycopy(nums(ls.get(li++)), 0, m.qpos0, 0, m.nq);
        }
        int nb = m.nbody;
        for (int b = 0; b < nb; b++) {
            m.body_name[b] = names.get(li);
            double[] v = nums(ls.get(li++));
            m.body_mass[b] = v[0];
            System.arraycopy(v, 1, m.body_inertia, 3 * b, 3);
            System.arraycopy(v, 4, m.body_ipos, 3 * b, 3);
            System.arraycopy(v, 7, m.body_iquat, 4 * b, 4);
            System.arraycopy(v, 11, m.body_pos, 3 * b, 3);
            System.arraycopy(v, 14, m.body_quat, 4 * b, 4);
            m.body_parentid[b] = (int) v[18];
        }
        int nj = m.njnt;
        for (int j = 0; j < nj; j++) {
            m.jnt_name[j] = names.get(li);
            double[] v = nums(ls.get(li++));
            m.jnt_type[j] = (int) v[0];
            m.jnt_qposadr[j] = (int) v[1];
            m.jnt_dofadr[j] = (int) v[2];
            m.jnt_bodyid[j] = (int) v[3];
            System.arraycopy(v, 4, m.jnt_axis, 3 * j, 3);
            System.arraycopy(v, 7, m.jnt_pos, 3 * j, 3);
            System.arraycopy(v, 10, m.jnt_range, 2 * j, 2);
            m.jnt_limited[j] = v[12] != 0;
        }
        for (int d = 0; d < m.nv; d++) {
            double[] v = nums(ls.get(li++));
            m.dof_damping[d] = v[0];
            m.dof_armature[d] = v[1];
        }
        int ng = m.ngeom;
        for (int g = 0; g < ng; g++) {
            m.geom_name[g] = names.get(li);
            double[] v = nums(ls.get(li++));
            m.geom_type[g] = (int) v[0];
            m.geom_bodyid[g] = (int) v[1];
            System.arraycopy(v, 2, m.geom_size, 3 * g, 3);
            System.arraycopy(v, 5, m.geom_pos, 3 * g, 3);
            System.arraycopy(v, 8, m.geom_quat, 4 * g, 4);
            m.geom_contype[g] = 1;
            m.geom_conaffinity[g] = 1;
            m.geom_friction[3 * g] = 1;
            m.geom_friction[3 * g + 1] = 0.005;
            m.geom_friction[3 * g + 2] = 0.0001;
            m.geom_condim[g] = 3;
        }
        int nu = m.nu;
        for (int u = 0; u < nu; u++) {
            m.actuator_name[u] = names.get(li);
            double[] v = nums(ls.get(li++));
            m.actuator_trntype[u] = (int) v[0];
            m.actuator_trnid[u] = (int) v[1];
            m.actuator_gear[u] = v[2];
            System.arraycopy(v, 3, m.actuator_gainprm, MjModel.NGAIN * u, 3);
            System.arraycopy(v, 6, m.actuator_biasprm, MjModel.NGAIN * u, 3);
            System.arraycopy(v, 9, m.actuator_ctrlrange, 2 * u, 2);
            System.arraycopy(v, 11, m.actuator_forcerange, 2 * u, 2);
            m.actuator_ctrllimited[u] = v[13] != 0;
            m.actuator_forcelimited[u] = v[14] != 0;
            m.actuator_biastype[u] = v[6] != 0 || v[7] != 0 || v[8] != 0 ? MjModel.BIAS_AFFINE : MjModel.BIAS_NONE;
        }
        for (int k = 0; k < m.nkey; k++) {
            m.key_name[k] = names.get(li);
            double[] v = nums(ls.get(li++));
            m.key_time[k] = v[0];
            System.arraycopy(v, 1, m.key_qpos, k * m.nq, m.nq);
            System.arraycopy(v, 1 + m.nq, m.key_qvel, k * m.nv, m.nv);
            System.arraycopy(v, 1 + m.nq + m.nv, m.key_ctrl, k * nu, nu);
        }
        deriveTree(m);
        SetConst.setConst(m);
        return m;
    }

    /** Fills the body/dof bookkeeping a compiler derives from the joint list. */
    static void deriveTree(MjModel m) {
        int nb = m.nbody;
        for (int j = 0; j < m.njnt; j++) {
            int b = m.jnt_bodyid[j];
            int ndof = m.jnt_type[j] == MjModel.JNT_FREE ? 6 : m.jnt_type[j] == MjModel.JNT_BALL ? 3 : 1;
            if (m.body_jntadr[b] < 0) {
                m.body_jntadr[b] = j;
                m.body_dofadr[b] = m.jnt_dofadr[j];
            }
            m.body_jntnum[b]++;
            m.body_dofnum[b] += ndof;
            for (int i = 0; i < ndof; i++) {
                m.dof_bodyid[m.jnt_dofadr[j] + i] = b;
                m.dof_jntid[m.jnt_dofadr[j] + i] = j;
            }
        }
        TestModels.weldsAndDofParents(m);
        System.arraycopy(m.qpos0, 0, m.qpos_spring, 0, m.nq);
    }

    /** The largest qpos and qvel differences of a run against a reference trajectory, and its last step. */
    public record Deviation(double qpos, double qvel, int steps) {}

    /**
     * Steps {@code d} along the reference trajectory {@code file} (rows: step, time, ncon, qpos,
     * qvel), calls {@code eachRow} with every reference row after stepping to it, prints and
     * returns the largest differences.
     */
    static Deviation follow(MjData d, String file, java.util.function.Consumer<double[]> eachRow) {
        int nq = d.qpos.length, nv = d.qvel.length;
        double qmax = 0, vmax = 0;
        int step = 0;
        for (double[] row : trajectory(file)) {
            Step.step(d.model, d, (int) row[0] - step);
            step = (int) row[0];
            for (int i = 0; i < nq; i++) {
                qmax = Math.max(qmax, Math.abs(d.qpos[i] - row[3 + i]));
            }
            for (int i = 0; i < nv; i++) {
                vmax = Math.max(vmax, Math.abs(d.qvel[i] - row[3 + nq + i]));
            }
            eachRow.accept(row);
        }
        System.out.printf("fidelity %s: qpos max %.3e, qvel max %.3e over %d steps%n", file, qmax, vmax, step);
        return new Deviation(qmax, vmax, step);
    }

    /** Sets the data's qpos, qvel, act and ctrl from the model's keyframe {@code key} (as {@code mj_resetDataKeyframe}). */
    static void startAt(MjData d, String key) {
        MjModel m = d.model.m;
        int k = MjModel.find(m.key_name, key);
        System.arraycopy(m.key_qpos, k * m.nq, d.qpos, 0, m.nq);
        System.arraycopy(m.key_qvel, k * m.nv, d.qvel, 0, m.nv);
        System.arraycopy(m.key_act, k * m.na, d.act, 0, m.na);
        System.arraycopy(m.key_ctrl, k * m.nu, d.ctrl, 0, m.nu);
    }

    /** Kinematics, dof axes, mass matrix and its factorization for the data's current qpos (no collision). */
    public static void positions(MjData d) {
        Smooth.kinematics(d.model, d);
        Smooth.comPos(d.model, d);
        Smooth.crb(d.model, d);
        Smooth.factorM(d.model, d);
    }

    /**
     * The contacts a trajectory printed with {@code mjref traj --contacts} lists for {@code step}:
     * rows of step, index, geom1, geom2, dist, pos[3], frame[9], dim, exclude.
     */
    public static List<double[]> contacts(String file, int step) {
        return commentRows(file, "#c ", step);
    }

    /** The numbers of the comment lines starting with {@code prefix} whose first number is {@code step}. */
    private static List<double[]> commentRows(String file, String prefix, int step) {
        List<double[]> rows = new ArrayList<>();
        for (String line : text(file).split("\n")) {
            if (line.startsWith(prefix)) {
                double[] c = nums(line.substring(prefix.length()).trim().split("\\s+"));
                if ((int) c[0] == step) {
                    rows.add(c);
                }
            }
        }
        return rows;
    }

    /**
     * Checks that {@code d} has the contacts {@code file} lists for {@code step}: as many, and each
     * between the same geoms with the same dimension, in order (every dimension seen goes into
     * {@code dims}); returns MuJoCo's contact rows.
     */
    public static List<double[]> sameContacts(MjData d, String file, int step, java.util.Set<Integer> dims) {
        List<double[]> ref = contacts(file, step);
        org.assertj.core.api.Assertions.assertThat(d.ncon).as("contacts at step %d", step).isEqualTo(ref.size());
        for (int i = 0; i < d.ncon; i++) {
            double[] c = ref.get(i);
            org.assertj.core.api.Assertions.assertThat(new int[] {d.contact_geom1[i], d.contact_geom2[i], d.contact_dim[i]})
                    .as("contact %d at step %d", i, step).containsExactly((int) c[2], (int) c[3], (int) c[17]);
            dims.add(d.contact_dim[i]);
        }
        return ref;
    }

    /**
     * The constraint rows a trajectory printed with {@code mjref traj --efc} lists for
     * {@code step}: rows of step, row, type, id, pos, margin, aref, R, D, force.
     */
    public static List<double[]> rows(String file, int step) {
        return commentRows(file, "#e ", step);
    }

    /**
     * The sensordata a trajectory printed with {@code mjref traj --sensors} lists for
     * {@code step} (its {@code #s} line), or null when it has none.
     */
    public static double[] sensors(String file, int step) {
        for (String line : text(file).split("\n")) {
            if (line.startsWith("#s ")) {
                double[] c = nums(line.substring(3).trim().split("\\s+"));
                if ((int) c[0] == step) {
                    return java.util.Arrays.copyOfRange(c, 2, 2 + (int) c[1]);
                }
            }
        }
        return null;
    }

    /**
     * The tendon paths a trajectory printed with {@code mjref traj --wraps} lists for
     * {@code step}: per tendon (its {@code #w} line) wrapadr, wrapnum, then obj x y z per point.
     */
    public static List<double[]> wraps(String file, int step) {
        List<double[]> rows = new ArrayList<>();
        for (double[] c : commentRows(file, "#w ", step)) {
            rows.add(java.util.Arrays.copyOfRange(c, 2, c.length));
        }
        return rows;
    }

    /** Trajectory rows: step, time, ncon, qpos[nq], qvel[nv]. */
    public static List<double[]> trajectory(String file) {
        List<double[]> rows = new ArrayList<>();
        for (String line : text(file).split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            rows.add(nums(line.trim().split("\\s+")));
        }
        return rows;
    }
}
