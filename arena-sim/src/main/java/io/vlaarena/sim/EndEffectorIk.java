package io.vlaarena.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Inverse kinematics on an end-effector site: the joint positions that put the site at a world
 * position with a world orientation, by damped least squares on the position and orientation
 * error with a finite-difference Jacobian over the model's own kinematics.
 *
 * <p>Solutions start from a given configuration (the last solution, for smooth motion), move
 * every joint by at most {@link #MAX_JOINT_STEP} radians per iteration and stay inside the joints'
 * ranges. Scripted policies use it to turn end-effector targets into joint targets (the
 * {@code scripted-expert} model does). Not thread-safe: it owns a {@link Simulation} for the
 * kinematics; one per rollout.
 */
public final class EndEffectorIk {
    /** The largest joint change of one iteration, radians. */
    public static final double MAX_JOINT_STEP = 0.2;
    private static final int MAX_ITERATIONS = 20;
    private static final double DAMPING = 1e-3;
    private static final double H = 1e-6;
    /** Orientation errors weigh like this many metres per radian, so a few millimetres and a degree or so matter alike. */
    private static final double ROTATION_WEIGHT = 0.2;

    private final Simulation kinematics;
    private final String site;
    private final int[] qposAddress;
    private final double[] lower;
    private final double[] upper;
    private final double[] qpos;

    /**
     * An IK solver for {@code site} over {@code joints} (hinge or slide joints of {@code model}); the
     * other joints stay where {@link #solve} finds them in the configuration it is given.
     *
     * @throws IllegalArgumentException for an unknown site or joint
     */
    public EndEffectorIk(SimModel model, String site, List<String> joints) {
        Objects.requireNonNull(model, "model");
        if (!model.siteNames().contains(site)) {
            throw new IllegalArgumentException("Unknown site '" + site + "'; the scene's sites: " + model.siteNames());
        }
        this.kinematics = model.newSimulation();
        this.site = site;
        int n = joints.size();
        this.qposAddress = new int[n];
        this.lower = new double[n];
        this.upper = new double[n];
        for (int i = 0; i < n; i++) {
            qposAddress[i] = model.jointQposAddress(joints.get(i));
            double[] range = model.jointRange(joints.get(i)).orElse(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
            lower[i] = range[0];
            upper[i] = range[1];
        }
        this.qpos = new double[model.nq()];
    }

    /** The number of joints solved for. */
    public int joints() {
        return qposAddress.length;
    }

    /** The site's world position with the whole configuration {@code q} (length nq). */
    public double[] position(double[] q) {
        kinematics.setQpos(q);
        return kinematics.sitePosition(site);
    }

    /** The site's world rotation matrix (row-major) with the whole configuration {@code q}. */
    public double[] rotation(double[] q) {
        kinematics.setQpos(q);
        return kinematics.siteRotation(site);
    }

    /**
     * Joint positions (one per joint, in the constructor's order) that bring the site to
     * {@code position} with rotation {@code rotation} (row-major 3x3), starting from {@code start}
     * (the solved joints' values) with the rest of the configuration from {@code context} (length nq).
     * Returns the best configuration found, also when the target is out of reach.
     */
    public double[] solve(double[] context, double[] start, double[] position, double[] rotation) {
        System.arraycopy(context, 0, qpos, 0, qpos.length);
        int n = qposAddress.length;
        double[] q = start.clone();
        double[] e = new double[6];
        double[] ep = new double[6];
        double[][] jac = new double[6][n];
        double[] a = new double[36];
        double[] y = new double[6];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            error(q, position, rotation, e);
            if (norm(e) < 2e-5) {
                break;
            }
            for (int j = 0; j < n; j++) {
                double keep = q[j];
                q[j] = keep + H;
                error(q, position, rotation, ep);
                q[j] = keep;
                for (int r = 0; r < 6; r++) {
                    jac[r][j] = (ep[r] - e[r]) / H;
                }
            }
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 6; c++) {
                    double s = r == c ? DAMPING * DAMPING : 0;
                    for (int j = 0; j < n; j++) {
                        s += jac[r][j] * jac[c][j];
                    }
                    a[6 * r + c] = s;
                }
                y[r] = e[r];
            }
            solve6(a, y);
            double biggest = 0;
            double[] dq = new double[n];
            for (int j = 0; j < n; j++) {
                for (int r = 0; r < 6; r++) {
                    dq[j] -= jac[r][j] * y[r];
                }
                biggest = Math.max(biggest, Math.abs(dq[j]));
            }
            double scale = biggest > MAX_JOINT_STEP ? MAX_JOINT_STEP / biggest : 1;
            for (int j = 0; j < n; j++) {
                q[j] = Math.max(lower[j], Math.min(upper[j], q[j] + scale * dq[j]));
            }
        }
        return q;
    }

    private void error(double[] q, double[] position, double[] rotation, double[] e) {
        for (int j = 0; j < qposAddress.length; j++) {
            qpos[qposAddress[j]] = q[j];
        }
        kinematics.setQpos(qpos);
        double[] p = kinematics.sitePosition(site);
        double[] r = kinematics.siteRotation(site);
        for (int i = 0; i < 3; i++) {
            e[i] = p[i] - position[i];
        }
        // rotation error as a rotation vector, 0.5 * sum over columns of (r_c x target_c), negated
        e[3] = e[4] = e[5] = 0;
        for (int c = 0; c < 3; c++) {
            double ax = r[c], ay = r[3 + c], az = r[6 + c];
            double bx = rotation[c], by = rotation[3 + c], bz = rotation[6 + c];
            e[3] -= 0.5 * (ay * bz - az * by) * ROTATION_WEIGHT;
            e[4] -= 0.5 * (az * bx - ax * bz) * ROTATION_WEIGHT;
            e[5] -= 0.5 * (ax * by - ay * bx) * ROTATION_WEIGHT;
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * Solves a symmetric positive definite 6x6 system {@code a x = b} in place (Cholesky; {@code b}
     * receives {@code x}, {@code a} its factor): the damped normal equations of both this solver and
     * the environment's end-effector action space.
     */
    static void solve6(double[] a, double[] b) {
        for (int j = 0; j < 6; j++) {
            double s = a[j * 6 + j];
            for (int k = 0; k < j; k++) {
                s -= a[j * 6 + k] * a[j * 6 + k];
            }
            double l = Math.sqrt(s);
            a[j * 6 + j] = l;
            for (int i = j + 1; i < 6; i++) {
                double t = a[i * 6 + j];
                for (int k = 0; k < j; k++) {
                    t -= a[i * 6 + k] * a[j * 6 + k];
                }
                a[i * 6 + j] = t / l;
            }
        }
        for (int i = 0; i < 6; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= a[i * 6 + k] * b[k];
            }
            b[i] = s / a[i * 6 + i];
        }
        for (int i = 5; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < 6; k++) {
                s -= a[k * 6 + i] * b[k];
            }
            b[i] = s / a[i * 6 + i];
        }
    }

    @Override
    public String toString() {
        return "EndEffectorIk[" + site + ", " + Arrays.toString(qposAddress) + "]";
    }
}
