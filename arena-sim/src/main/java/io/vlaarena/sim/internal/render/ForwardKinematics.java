package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.model.MjModel;
import java.util.Objects;

/**
 * World poses of a model's geoms, cameras and lights for given joint positions, as MuJoCo's
 * {@code mj_kinematics} computes them: for rendering a model without the dynamics (previews, the
 * CLI, tests). Stateless and thread-safe.
 */
public final class ForwardKinematics {
    private ForwardKinematics() {
    }

    /** The frame at the model's reference configuration {@code qpos0}. */
    public static RenderFrame restFrame(MjModel m) {
        return frame(m, m.qpos0 == null ? new double[m.nq] : m.qpos0);
    }

    /**
     * The frame at joint positions {@code qpos} (MuJoCo layout, {@code nq} values).
     *
     * @throws IllegalArgumentException when {@code qpos} is shorter than {@code nq}
     */
    public static RenderFrame frame(MjModel m, double[] qpos) {
        Objects.requireNonNull(m, "model");
        Objects.requireNonNull(qpos, "qpos");
        if (qpos.length < m.nq) {
            throw new IllegalArgumentException("qpos needs " + m.nq + " values for this model, has " + qpos.length);
        }
        int nb = m.nbody;
        double[] bpos = new double[3 * nb], bquat = new double[4 * nb];
        if (nb > 0) {
            bquat[0] = 1;
        }
        double[] anchor = new double[3], vec = new double[3], qloc = new double[4];
        for (int b = 1; b < nb; b++) {
            int parent = m.body_parentid[b];
            int jnum = m.body_jntnum == null ? 0 : m.body_jntnum[b];
            int jadr = jnum > 0 ? m.body_jntadr[b] : -1;
            if (jnum > 0 && m.jnt_type[jadr] == MjModel.JNT_FREE) {
                int q = m.jnt_qposadr[jadr];
                System.arraycopy(qpos, q, bpos, 3 * b, 3);
                System.arraycopy(qpos, q + 3, bquat, 4 * b, 4);
                normalize4(bquat, 4 * b);
                continue;
            }
            rotate(bquat, 4 * parent, m.body_pos, 3 * b, vec, 0);
            for (int i = 0; i < 3; i++) {
                bpos[3 * b + i] = bpos[3 * parent + i] + vec[i];
            }
            multiply(bquat, 4 * parent, m.body_quat, 4 * b, bquat, 4 * b);
            for (int j = jadr; j >= 0 && j < jadr + jnum; j++) {
                int q = m.jnt_qposadr[j];
                rotate(bquat, 4 * b, m.jnt_pos, 3 * j, anchor, 0);
                for (int i = 0; i < 3; i++) {
                    anchor[i] += bpos[3 * b + i];
                }
                switch (m.jnt_type[j]) {
                    case MjModel.JNT_SLIDE: {
                        rotate(bquat, 4 * b, m.jnt_axis, 3 * j, vec, 0);
                        double d = qpos[q] - ref(m, q);
                        for (int i = 0; i < 3; i++) {
                            bpos[3 * b + i] += vec[i] * d;
                        }
                        break;
                    }
                    case MjModel.JNT_HINGE:
                    case MjModel.JNT_BALL: {
                        if (m.jnt_type[j] == MjModel.JNT_BALL) {
                            System.arraycopy(qpos, q, qloc, 0, 4);
                            normalize4(qloc, 0);
                        } else {
                            double half = 0.5 * (qpos[q] - ref(m, q));
                            double s = Math.sin(half);
                            qloc[0] = Math.cos(half);
                            qloc[1] = m.jnt_axis[3 * j] * s;
                            qloc[2] = m.jnt_axis[3 * j + 1] * s;
                            qloc[3] = m.jnt_axis[3 * j + 2] * s;
                        }
                        multiply(bquat, 4 * b, qloc, 0, bquat, 4 * b);
                        // Rotation about the anchor, not the body origin.
                        rotate(bquat, 4 * b, m.jnt_pos, 3 * j, vec, 0);
                        for (int i = 0; i < 3; i++) {
                            bpos[3 * b + i] = anchor[i] - vec[i];
                        }
                        break;
                    }
                    default:
                        break;
                }
            }
        }
        double[] gpos = new double[3 * m.ngeom], gmat = new double[9 * m.ngeom];
        place(m.ngeom, m.geom_bodyid, m.geom_pos, m.geom_quat, bpos, bquat, gpos, gmat);
        double[] cpos = new double[3 * m.ncam], cmat = new double[9 * m.ncam];
        place(m.ncam, m.cam_bodyid, m.cam_pos, m.cam_quat, bpos, bquat, cpos, cmat);
        double[] lpos = new double[3 * m.nlight], ldir = new double[3 * m.nlight];
        for (int l = 0; l < m.nlight; l++) {
            int b = m.light_bodyid == null ? 0 : m.light_bodyid[l];
            if (m.light_pos != null) {
                rotate(bquat, 4 * b, m.light_pos, 3 * l, lpos, 3 * l);
            }
            for (int i = 0; i < 3; i++) {
                lpos[3 * l + i] += bpos[3 * b + i];
            }
            // MuJoCo's default light direction is straight down.
            rotate(bquat, 4 * b, m.light_dir == null ? new double[] {0, 0, -1} : m.light_dir,
                    m.light_dir == null ? 0 : 3 * l, ldir, 3 * l);
        }
        return RenderFrame.of(gpos, gmat, cpos, cmat, lpos, ldir);
    }

    private static double ref(MjModel m, int q) {
        return m.qpos0 == null ? 0 : m.qpos0[q];
    }

    /** World pose of n objects given by body id and local pose (pos and quat may be null: identity). */
    private static void place(int n, int[] bodyid, double[] pos, double[] quat, double[] bpos, double[] bquat,
            double[] outPos, double[] outMat) {
        double[] q = new double[4];
        for (int k = 0; k < n; k++) {
            int b = bodyid[k];
            if (pos != null) {
                rotate(bquat, 4 * b, pos, 3 * k, outPos, 3 * k);
            }
            for (int i = 0; i < 3; i++) {
                outPos[3 * k + i] += bpos[3 * b + i];
            }
            if (quat == null) {
                System.arraycopy(bquat, 4 * b, q, 0, 4);
            } else {
                multiply(bquat, 4 * b, quat, 4 * k, q, 0);
            }
            toMatrix(q, outMat, 9 * k);
        }
    }

    /** out = a * b (Hamilton product, w x y z); out may alias a or b. */
    static void multiply(double[] a, int ia, double[] b, int ib, double[] out, int io) {
        double aw = a[ia], ax = a[ia + 1], ay = a[ia + 2], az = a[ia + 3];
        double bw = b[ib], bx = b[ib + 1], by = b[ib + 2], bz = b[ib + 3];
        out[io] = aw * bw - ax * bx - ay * by - az * bz;
        out[io + 1] = aw * bx + ax * bw + ay * bz - az * by;
        out[io + 2] = aw * by - ax * bz + ay * bw + az * bx;
        out[io + 3] = aw * bz + ax * by - ay * bx + az * bw;
    }

    /** out = rotation of vector v by unit quaternion q. */
    static void rotate(double[] q, int iq, double[] v, int iv, double[] out, int io) {
        double w = q[iq], x = q[iq + 1], y = q[iq + 2], z = q[iq + 3];
        double vx = v[iv], vy = v[iv + 1], vz = v[iv + 2];
        // t = 2 (q.xyz x v); v' = v + w t + q.xyz x t
        double tx = 2 * (y * vz - z * vy), ty = 2 * (z * vx - x * vz), tz = 2 * (x * vy - y * vx);
        out[io] = vx + w * tx + (y * tz - z * ty);
        out[io + 1] = vy + w * ty + (z * tx - x * tz);
        out[io + 2] = vz + w * tz + (x * ty - y * tx);
    }

    /** Row-major rotation matrix of unit quaternion q. */
    static void toMatrix(double[] q, double[] m, int im) {
        double w = q[0], x = q[1], y = q[2], z = q[3];
        m[im] = 1 - 2 * (y * y + z * z);
        m[im + 1] = 2 * (x * y - w * z);
        m[im + 2] = 2 * (x * z + w * y);
        m[im + 3] = 2 * (x * y + w * z);
        m[im + 4] = 1 - 2 * (x * x + z * z);
        m[im + 5] = 2 * (y * z - w * x);
        m[im + 6] = 2 * (x * z - w * y);
        m[im + 7] = 2 * (y * z + w * x);
        m[im + 8] = 1 - 2 * (x * x + y * y);
    }

    private static void normalize4(double[] q, int i) {
        double n = Math.sqrt(q[i] * q[i] + q[i + 1] * q[i + 1] + q[i + 2] * q[i + 2] + q[i + 3] * q[i + 3]);
        if (n == 0) {
            q[i] = 1;
            return;
        }
        for (int k = 0; k < 4; k++) {
            q[i + k] /= n;
        }
    }
}
