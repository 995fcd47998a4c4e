package io.vlaarena.sim;

import io.vlaarena.sim.internal.physics.Smooth;
import io.vlaarena.sim.internal.physics.MjData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the ctrl schedule of the grasp reference ({@code franka_table_grasp.ctrl.txt}): the franka
 * in the composed franka/table scene moves above the red cube, descends, closes the gripper, holds,
 * lifts the cube 10 cm and holds it. Joint targets come from inverse kinematics on our own
 * kinematics (hand pointing down with the home keyframe's orientation); the motion between
 * waypoints is a smooth (cosine) interpolation of the joint targets. The servos' steady-state sag
 * at the grasp waypoint is measured once with the gripper open (no contact: the arm matches MuJoCo
 * to round-off there) and compensated, so the pads close around the cube's upper half as planned.
 *
 * <p>Not a test: run {@code main} (test classpath) with the output path to regenerate the file,
 * then regenerate MuJoCo's trajectory with {@code tools/mujoco-reference/regenerate.sh}.
 */
public final class GraspSchedule {
    /** Physics steps (2 ms) each schedule line is held for: 50 Hz control. */
    public static final int STEPS_PER_LINE = 10;
    static final String SITE = "ee_site";
    /** Red cube centre (key home) and the ee_site height that puts the palm 5 mm above its top. */
    static final double CUBE_X = 0.5, CUBE_Y = -0.1, GRASP_Z = 0.3096, LIFT = 0.10;

    /** Phase boundaries in schedule lines (20 ms each). */
    static final int HOLD_HOME = 10, TO_PRE = 60, DESCEND = 40, SETTLE = 15, CLOSE = 10, HOLD_CLOSED = 25, LIFTING = 50,
            HOLD_LIFTED = 50;

    private GraspSchedule() {}

    public static void main(String[] args) throws IOException {
        String xml = FrankaFidelityTest.resource("/io/vlaarena/sim/reference/franka_table.xml");
        SimModel model = SimModel.load(xml);
        List<double[]> lines = build(model);
        StringBuilder sb = new StringBuilder();
        sb.append("# ctrl schedule of the grasp reference: franka_table.xml from key home, ")
                .append(lines.size()).append(" lines of 8 ctrl (7 arm joint targets, gripper), each held for ")
                .append(STEPS_PER_LINE).append(" steps of 2 ms\n");
        sb.append("# written by io.vlaarena.sim.GraspSchedule (arena-sim test sources); phases in lines: hold home ")
                .append(HOLD_HOME).append(", to pre-grasp ").append(TO_PRE).append(", descend ").append(DESCEND)
                .append(", settle ").append(SETTLE).append(", close ").append(CLOSE).append(", hold ").append(HOLD_CLOSED)
                .append(", lift ").append(LIFTING).append(", hold lifted ").append(HOLD_LIFTED).append('\n');
        for (double[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.10f", l[i]));
            }
            sb.append('\n');
        }
        Path out = Path.of(args.length > 0 ? args[0] : "franka_table_grasp.ctrl.txt");
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote " + lines.size() + " lines to " + out);
    }

    static List<double[]> build(SimModel model) {
        Simulation sim = model.newSimulation();
        sim.resetToKey("home");
        double[] home = sim.ctrl();
        double[] rDes = siteMat(sim);
        double[] qHome = java.util.Arrays.copyOf(sim.qpos(), 7);
        double[] qPre = ik(model, qHome, new double[] {CUBE_X, CUBE_Y, GRASP_Z + LIFT}, rDes);
        double[] qGrasp = ik(model, qPre, new double[] {CUBE_X, CUBE_Y, GRASP_Z}, rDes);
        // compensate the servos' sag at the grasp pose: aim the IK past the goal by the measured error
        double[] goal = {CUBE_X, CUBE_Y, GRASP_Z};
        double[] aim = goal.clone();
        for (int pass = 0; pass < 3; pass++) {
            double[] site = replay(model, schedule(home, qPre, qGrasp, HOLD_HOME + TO_PRE + DESCEND + SETTLE));
            System.out.printf(Locale.ROOT, "sag pass %d: ee_site %.6f %.6f %.6f (goal %.4f %.4f %.4f)%n", pass, site[0], site[1],
                    site[2], goal[0], goal[1], goal[2]);
            for (int i = 0; i < 3; i++) {
                aim[i] += goal[i] - site[i];
            }
            qGrasp = ik(model, qGrasp, aim, rDes);
        }
        return schedule(home, qPre, qGrasp, Integer.MAX_VALUE);
    }

    /** The whole schedule (or its first {@code limit} lines). The lift returns to the pre-grasp targets. */
    static List<double[]> schedule(double[] home, double[] qPre, double[] qGrasp, int limit) {
        List<double[]> out = new ArrayList<>();
        double open = home[7];
        double[] qHome = java.util.Arrays.copyOf(home, 7);
        segment(out, qHome, qHome, open, open, HOLD_HOME);
        segment(out, qHome, qPre, open, open, TO_PRE);
        segment(out, qPre, qGrasp, open, open, DESCEND);
        segment(out, qGrasp, qGrasp, open, open, SETTLE);
        segment(out, qGrasp, qGrasp, open, 0, CLOSE);
        segment(out, qGrasp, qGrasp, 0, 0, HOLD_CLOSED);
        segment(out, qGrasp, qPre, 0, 0, LIFTING);
        segment(out, qPre, qPre, 0, 0, HOLD_LIFTED);
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    private static void segment(List<double[]> out, double[] qa, double[] qb, double ga, double gb, int n) {
        for (int k = 1; k <= n; k++) {
            double s = 0.5 - 0.5 * Math.cos(Math.PI * k / n);
            double[] c = new double[8];
            for (int j = 0; j < 7; j++) {
                c[j] = qa[j] + s * (qb[j] - qa[j]);
            }
            c[7] = ga + s * (gb - ga);
            out.add(c);
        }
    }

    /** Runs the lines from key home and returns the final ee_site position. */
    static double[] replay(SimModel model, List<double[]> lines) {
        Simulation sim = model.newSimulation();
        sim.resetToKey("home");
        for (double[] l : lines) {
            sim.setCtrl(l);
            sim.step(STEPS_PER_LINE);
        }
        return sim.sitePosition(SITE);
    }

    private static double[] siteMat(Simulation sim) {
        MjData d = sim.data;
        Smooth.kinematics(d.model, d);
        int s = sim.siteId(SITE);
        return java.util.Arrays.copyOfRange(d.site_xmat, 9 * s, 9 * s + 9);
    }

    /** Damped least squares on position and orientation of ee_site, numerical Jacobian. */
    static double[] ik(SimModel model, double[] qStart, double[] pos, double[] rDes) {
        Simulation sim = model.newSimulation();
        sim.resetToKey("home");
        double[] q = sim.qpos();
        System.arraycopy(qStart, 0, q, 0, 7);
        for (int it = 0; it < 200; it++) {
            double[] e = error(sim, q, pos, rDes);
            double norm = 0;
            for (double v : e) {
                norm += v * v;
            }
            if (Math.sqrt(norm) < 1e-12) {
                break;
            }
            double[][] jac = new double[6][7];
            double h = 1e-7;
            for (int j = 0; j < 7; j++) {
                double keep = q[j];
                q[j] = keep + h;
                double[] ep = error(sim, q, pos, rDes);
                q[j] = keep;
                for (int r = 0; r < 6; r++) {
                    jac[r][j] = (ep[r] - e[r]) / h;
                }
            }
            // dq = -J^T (J J^T + lambda^2 I)^-1 e
            double[][] a = new double[6][6];
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 6; c++) {
                    double sum = r == c ? 1e-8 : 0;
                    for (int j = 0; j < 7; j++) {
                        sum += jac[r][j] * jac[c][j];
                    }
                    a[r][c] = sum;
                }
            }
            double[] y = solve(a, e);
            for (int j = 0; j < 7; j++) {
                double dq = 0;
                for (int r = 0; r < 6; r++) {
                    dq += jac[r][j] * y[r];
                }
                q[j] -= dq;
            }
        }
        double[] e = error(sim, q, pos, rDes);
        double norm = 0;
        for (double v : e) {
            norm += v * v;
        }
        if (Math.sqrt(norm) > 1e-9) {
            throw new IllegalStateException("IK did not converge: residual " + Math.sqrt(norm));
        }
        return java.util.Arrays.copyOf(q, 7);
    }

    private static double[] error(Simulation sim, double[] q, double[] pos, double[] rDes) {
        sim.setQpos(q);
        double[] p = sim.sitePosition(SITE);
        double[] r = siteMat(sim);
        double[] e = new double[6];
        for (int i = 0; i < 3; i++) {
            e[i] = p[i] - pos[i];
        }
        // orientation error: 0.5 * sum_i (r_i x rDes_i) over the columns, as a rotation vector from rDes to r
        for (int c = 0; c < 3; c++) {
            double ax = r[c], ay = r[3 + c], az = r[6 + c];
            double bx = rDes[c], by = rDes[3 + c], bz = rDes[6 + c];
            e[3] -= 0.5 * (ay * bz - az * by);
            e[4] -= 0.5 * (az * bx - ax * bz);
            e[5] -= 0.5 * (ax * by - ay * bx);
        }
        return e;
    }

    private static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] tr = a[c];
            a[c] = a[p];
            a[p] = tr;
            double tb = b[c];
            b[c] = b[p];
            b[p] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
