package io.vlaarena.sim.internal.util;

/**
 * Vector, matrix, quaternion and spatial-algebra helpers, MuJoCo's {@code engine_util_spatial}
 * (and its {@code mju_eig3}): the one math helper of the simulator, used by the MJCF compiler,
 * the physics stages and the renderer.
 *
 * <p>Conventions are MuJoCo's: quaternions {@code w x y z}, 3x3 matrices row-major, frames that
 * map local vectors to parent vectors, spatial vectors {@code [angular; linear]}. The methods that
 * take arrays with offsets never allocate (the physics stages call them every step); the few that
 * return new arrays are for the compiler. Stateless and thread-safe.
 */
public final class Spatial {
    /** MuJoCo's mjMINVAL: norms below it count as zero. */
    public static final double MINVAL = 1e-15;

    private Spatial() {
    }

    // ------------------------------------------------------------------ 3-vectors

    /** Sets the 3-vector {@code v} to (x, y, z). */
    public static void set3(double[] v, double x, double y, double z) {
        v[0] = x;
        v[1] = y;
        v[2] = z;
    }

    /** Scales the 3-vector {@code v} to unit length; a zero vector stays zero. Returns the norm before. */
    public static double normalize3(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (n > 0) {
            v[0] /= n;
            v[1] /= n;
            v[2] /= n;
        }
        return n;
    }

    /**
     * Normalizes the 3-vector at {@code v[o..]} in place as {@code mju_normalize3} does: a vector
     * shorter than {@link #MINVAL} becomes (1, 0, 0). Returns the norm before.
     */
    public static double normalize3(double[] v, int o) {
        double n = Math.sqrt(v[o] * v[o] + v[o + 1] * v[o + 1] + v[o + 2] * v[o + 2]);
        if (n < MINVAL) {
            v[o] = 1;
            v[o + 1] = 0;
            v[o + 2] = 0;
        } else {
            double inv = 1 / n;
            v[o] *= inv;
            v[o + 1] *= inv;
            v[o + 2] *= inv;
        }
        return n;
    }

    /** {@code out = a x b} for 3-vectors at offsets; {@code out} must not alias the inputs. */
    public static void cross(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        double x = a[ao + 1] * b[bo + 2] - a[ao + 2] * b[bo + 1];
        double y = a[ao + 2] * b[bo] - a[ao] * b[bo + 2];
        double z = a[ao] * b[bo + 1] - a[ao + 1] * b[bo];
        out[oo] = x;
        out[oo + 1] = y;
        out[oo + 2] = z;
    }

    /** The dot product of the 3-vectors at {@code a[ao..]} and {@code b[bo..]}. */
    public static double dot3(double[] a, int ao, double[] b, int bo) {
        return a[ao] * b[bo] + a[ao + 1] * b[bo + 1] + a[ao + 2] * b[bo + 2];
    }

    /**
     * Completes a contact frame in place ({@code mju_makeFrame}): the normal (first row) is
     * normalized; a second row shorter than 0.5 is replaced by (0, 1, 0), or (0, 0, 1) when the
     * normal is near y; the second row is made orthogonal to the normal and normalized, the third
     * is their cross product.
     */
    public static void makeFrame(double[] f, int o) {
        normalize3(f, o);
        if (Math.sqrt(f[o + 3] * f[o + 3] + f[o + 4] * f[o + 4] + f[o + 5] * f[o + 5]) < 0.5) {
            f[o + 3] = 0;
            f[o + 4] = 0;
            f[o + 5] = 0;
            if (f[o + 1] < 0.5 && f[o + 1] > -0.5) {
                f[o + 4] = 1;
            } else {
                f[o + 5] = 1;
            }
        }
        double dot = f[o] * f[o + 3] + f[o + 1] * f[o + 4] + f[o + 2] * f[o + 5];
        double tx = f[o] * dot, ty = f[o + 1] * dot, tz = f[o + 2] * dot;
        f[o + 3] -= tx;
        f[o + 4] -= ty;
        f[o + 5] -= tz;
        normalize3(f, o + 3);
        cross(f, o, f, o + 3, f, o + 6);
    }

    /** The Euclidean norm of a 3-vector. */
    public static double norm3(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    /** The dot product of two 3-vectors. */
    public static double dot3(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /** The cross product {@code a x b} (a new array). */
    public static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    // ------------------------------------------------------------------ 3x3 matrices

    /** {@code out = R v} for a row-major 3x3 {@code R}; {@code out} must not alias {@code v}. */
    public static void mulMatVec(double[] r, int ro, double[] v, int vo, double[] out, int oo) {
        double x = v[vo], y = v[vo + 1], z = v[vo + 2];
        out[oo] = r[ro] * x + r[ro + 1] * y + r[ro + 2] * z;
        out[oo + 1] = r[ro + 3] * x + r[ro + 4] * y + r[ro + 5] * z;
        out[oo + 2] = r[ro + 6] * x + r[ro + 7] * y + r[ro + 8] * z;
    }

    /** {@code out = R^T v}. */
    public static void mulMatTVec(double[] r, int ro, double[] v, int vo, double[] out, int oo) {
        double x = v[vo], y = v[vo + 1], z = v[vo + 2];
        out[oo] = r[ro] * x + r[ro + 3] * y + r[ro + 6] * z;
        out[oo + 1] = r[ro + 1] * x + r[ro + 4] * y + r[ro + 7] * z;
        out[oo + 2] = r[ro + 2] * x + r[ro + 5] * y + r[ro + 8] * z;
    }

    /** {@code out = A B} for row-major 3x3 matrices; {@code out} must not alias the inputs. */
    public static void mulMatMat(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[oo + 3 * i + j] = a[ao + 3 * i] * b[bo + j] + a[ao + 3 * i + 1] * b[bo + 3 + j]
                        + a[ao + 3 * i + 2] * b[bo + 6 + j];
            }
        }
    }

    /**
     * Writes into {@code out} (3x4 row-major) the map from a frame (rotation {@code xmat} at
     * {@code ma}, origin {@code xpos} at {@code pa}) into the frame whose axes are the rows
     * {@code r}, {@code u}, {@code f} and whose origin is {@code o}: a camera's or a light's view.
     */
    public static void frameInFrame(double[] xmat, int ma, double[] xpos, int pa, double[] r, double[] u, double[] f,
            double[] o, double[] out) {
        double tx = xpos[pa] - o[0], ty = xpos[pa + 1] - o[1], tz = xpos[pa + 2] - o[2];
        for (int i = 0; i < 3; i++) {
            double[] a = i == 0 ? r : i == 1 ? u : f;
            for (int j = 0; j < 3; j++) {
                out[4 * i + j] = a[0] * xmat[ma + j] + a[1] * xmat[ma + 3 + j] + a[2] * xmat[ma + 6 + j];
            }
            out[4 * i + 3] = a[0] * tx + a[1] * ty + a[2] * tz;
        }
    }

    // ------------------------------------------------------------------ quaternions

    /** The identity quaternion (a new array). */
    public static double[] identityQuat() {
        return new double[] {1, 0, 0, 0};
    }

    /** Writes the rotation matrix of the unit quaternion {@code q[qo..]} into {@code r[ro..]} ({@code mju_quat2Mat}). */
    public static void quat2Mat(double[] q, int qo, double[] r, int ro) {
        double w = q[qo], x = q[qo + 1], y = q[qo + 2], z = q[qo + 3];
        double ww = w * w, xx = x * x, yy = y * y, zz = z * z;
        double xy = x * y, xz = x * z, yz = y * z, wx = w * x, wy = w * y, wz = w * z;
        r[ro] = ww + xx - yy - zz;
        r[ro + 1] = 2 * (xy - wz);
        r[ro + 2] = 2 * (xz + wy);
        r[ro + 3] = 2 * (xy + wz);
        r[ro + 4] = ww - xx + yy - zz;
        r[ro + 5] = 2 * (yz - wx);
        r[ro + 6] = 2 * (xz - wy);
        r[ro + 7] = 2 * (yz + wx);
        r[ro + 8] = ww - xx - yy + zz;
    }

    /** The rotation matrix of a unit quaternion (a new array). */
    public static double[] quat2Mat(double[] q) {
        double[] r = new double[9];
        quat2Mat(q, 0, r, 0);
        return r;
    }

    /** {@code out = a * b} ({@code mju_mulQuat}); {@code out} may alias either input. */
    public static void mulQuat(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        double aw = a[ao], ax = a[ao + 1], ay = a[ao + 2], az = a[ao + 3];
        double bw = b[bo], bx = b[bo + 1], by = b[bo + 2], bz = b[bo + 3];
        out[oo] = aw * bw - ax * bx - ay * by - az * bz;
        out[oo + 1] = aw * bx + ax * bw + ay * bz - az * by;
        out[oo + 2] = aw * by - ax * bz + ay * bw + az * bx;
        out[oo + 3] = aw * bz + ax * by - ay * bx + az * bw;
    }

    /** {@code a * b} (a new array). */
    public static double[] mulQuat(double[] a, double[] b) {
        double[] q = new double[4];
        mulQuat(a, 0, b, 0, q, 0);
        return q;
    }

    /**
     * Normalizes a quaternion in place ({@code mju_normalize4}); one whose norm is below
     * {@link #MINVAL} becomes the identity. Returns the norm before normalizing.
     */
    public static double normalizeQuat(double[] q, int o) {
        double n = Math.sqrt(q[o] * q[o] + q[o + 1] * q[o + 1] + q[o + 2] * q[o + 2] + q[o + 3] * q[o + 3]);
        if (n < MINVAL) {
            q[o] = 1;
            q[o + 1] = 0;
            q[o + 2] = 0;
            q[o + 3] = 0;
            return n;
        }
        q[o] /= n;
        q[o + 1] /= n;
        q[o + 2] /= n;
        q[o + 3] /= n;
        return n;
    }

    /** {@link #normalizeQuat(double[], int)} at offset 0. */
    public static double normalizeQuat(double[] q) {
        return normalizeQuat(q, 0);
    }

    /** The quaternion of a rotation by {@code angle} about the unit axis {@code a[ao..]} ({@code mju_axisAngle2Quat}). */
    public static void axisAngle2Quat(double[] a, int ao, double angle, double[] q, int qo) {
        double s = Math.sin(0.5 * angle);
        q[qo] = Math.cos(0.5 * angle);
        q[qo + 1] = a[ao] * s;
        q[qo + 2] = a[ao + 1] * s;
        q[qo + 3] = a[ao + 2] * s;
    }

    /** The rotation by {@code angle} radians about a unit axis (a new array). */
    public static double[] axisAngle2Quat(double[] unitAxis, double angle) {
        double[] q = new double[4];
        axisAngle2Quat(unitAxis, 0, angle, q, 0);
        return q;
    }

    /** {@code v} rotated by the unit quaternion {@code q} (a new array; {@code mju_rotVecQuat}). */
    public static double[] rotVecQuat(double[] v, double[] q) {
        double[] r = quat2Mat(q);
        double[] out = new double[3];
        mulMatVec(r, 0, v, 0, out, 0);
        return out;
    }

    /**
     * The minimal rotation that takes +z to the direction of {@code vec} ({@code mju_quatZ2Vec});
     * a half turn about x when they are opposite (a new array).
     */
    public static double[] quatZ2Vec(double[] vec) {
        double[] axis = cross(new double[] {0, 0, 1}, vec);
        double s = norm3(axis);
        if (s < 1e-10) {
            axis = new double[] {1, 0, 0};
        } else {
            for (int i = 0; i < 3; i++) {
                axis[i] /= s;
            }
        }
        double angle = Math.atan2(s, vec[2]);
        return axisAngle2Quat(axis, angle);
    }

    /**
     * The unit quaternion of a row-major rotation matrix whose columns are a frame's axes
     * ({@code mju_mat2Quat}: the largest component first), a new array.
     */
    public static double[] mat2Quat(double[] m) {
        double[] q = new double[4];
        if (m[0] + m[4] + m[8] > 0) {
            q[0] = 0.5 * Math.sqrt(1 + m[0] + m[4] + m[8]);
            q[1] = 0.25 * (m[7] - m[5]) / q[0];
            q[2] = 0.25 * (m[2] - m[6]) / q[0];
            q[3] = 0.25 * (m[3] - m[1]) / q[0];
        } else if (m[0] > m[4] && m[0] > m[8]) {
            q[1] = 0.5 * Math.sqrt(1 + m[0] - m[4] - m[8]);
            q[0] = 0.25 * (m[7] - m[5]) / q[1];
            q[2] = 0.25 * (m[1] + m[3]) / q[1];
            q[3] = 0.25 * (m[2] + m[6]) / q[1];
        } else if (m[4] > m[8]) {
            q[2] = 0.5 * Math.sqrt(1 - m[0] + m[4] - m[8]);
            q[0] = 0.25 * (m[2] - m[6]) / q[2];
            q[1] = 0.25 * (m[1] + m[3]) / q[2];
            q[3] = 0.25 * (m[5] + m[7]) / q[2];
        } else {
            q[3] = 0.5 * Math.sqrt(1 - m[0] - m[4] + m[8]);
            q[0] = 0.25 * (m[3] - m[1]) / q[3];
            q[1] = 0.25 * (m[2] + m[6]) / q[3];
            q[2] = 0.25 * (m[5] + m[7]) / q[3];
        }
        normalizeQuat(q);
        return q;
    }

    /** Rotates {@code q[qo..]} (in place) by the body-frame angular velocity {@code w[wo..]} over {@code h} ({@code mju_quatIntegrate}). */
    public static void quatIntegrate(double[] q, int qo, double[] w, int wo, double h, double[] tmp4) {
        double wx = w[wo], wy = w[wo + 1], wz = w[wo + 2];
        double n = Math.sqrt(wx * wx + wy * wy + wz * wz);
        if (n < 1e-300) {
            return;
        }
        double angle = n * h;
        double s = Math.sin(0.5 * angle) / n;
        tmp4[0] = Math.cos(0.5 * angle);
        tmp4[1] = wx * s;
        tmp4[2] = wy * s;
        tmp4[3] = wz * s;
        mulQuat(q, qo, tmp4, 0, q, qo);
        normalizeQuat(q, qo);
    }

    // ------------------------------------------------------------------ spatial algebra

    /** Spatial motion cross product {@code out = a x b} ({@code [w; v]} 6-vectors, {@code mju_crossMotion}); out must not alias. */
    public static void crossMotion(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        double aw0 = a[ao], aw1 = a[ao + 1], aw2 = a[ao + 2], av0 = a[ao + 3], av1 = a[ao + 4], av2 = a[ao + 5];
        double bw0 = b[bo], bw1 = b[bo + 1], bw2 = b[bo + 2], bv0 = b[bo + 3], bv1 = b[bo + 4], bv2 = b[bo + 5];
        out[oo] = aw1 * bw2 - aw2 * bw1;
        out[oo + 1] = aw2 * bw0 - aw0 * bw2;
        out[oo + 2] = aw0 * bw1 - aw1 * bw0;
        out[oo + 3] = aw1 * bv2 - aw2 * bv1 + av1 * bw2 - av2 * bw1;
        out[oo + 4] = aw2 * bv0 - aw0 * bv2 + av2 * bw0 - av0 * bw2;
        out[oo + 5] = aw0 * bv1 - aw1 * bv0 + av0 * bw1 - av1 * bw0;
    }

    /** Spatial force cross product {@code out += a x* f} ({@code mju_crossForce}, accumulated). */
    public static void addCrossForce(double[] a, int ao, double[] f, int fo, double[] out, int oo) {
        double aw0 = a[ao], aw1 = a[ao + 1], aw2 = a[ao + 2], av0 = a[ao + 3], av1 = a[ao + 4], av2 = a[ao + 5];
        double fa0 = f[fo], fa1 = f[fo + 1], fa2 = f[fo + 2], fl0 = f[fo + 3], fl1 = f[fo + 4], fl2 = f[fo + 5];
        out[oo] += aw1 * fa2 - aw2 * fa1 + av1 * fl2 - av2 * fl1;
        out[oo + 1] += aw2 * fa0 - aw0 * fa2 + av2 * fl0 - av0 * fl2;
        out[oo + 2] += aw0 * fa1 - aw1 * fa0 + av0 * fl1 - av1 * fl0;
        out[oo + 3] += aw1 * fl2 - aw2 * fl1;
        out[oo + 4] += aw2 * fl0 - aw0 * fl2;
        out[oo + 5] += aw0 * fl1 - aw1 * fl0;
    }

    /**
     * Spatial inertia times motion ({@code mju_mulInertVec}): {@code out = I v}, with {@code I}
     * packed as 10 numbers (rotational inertia about the origin xx yy zz xy xz yz, h = m c, m).
     */
    public static void mulInertVec(double[] in, int io, double[] v, int vo, double[] out, int oo) {
        double ixx = in[io], iyy = in[io + 1], izz = in[io + 2], ixy = in[io + 3], ixz = in[io + 4], iyz = in[io + 5];
        double hx = in[io + 6], hy = in[io + 7], hz = in[io + 8], m = in[io + 9];
        double w0 = v[vo], w1 = v[vo + 1], w2 = v[vo + 2], l0 = v[vo + 3], l1 = v[vo + 4], l2 = v[vo + 5];
        // angular: I w + h x v; linear: m v + w x h
        out[oo] = ixx * w0 + ixy * w1 + ixz * w2 + hy * l2 - hz * l1;
        out[oo + 1] = ixy * w0 + iyy * w1 + iyz * w2 + hz * l0 - hx * l2;
        out[oo + 2] = ixz * w0 + iyz * w1 + izz * w2 + hx * l1 - hy * l0;
        out[oo + 3] = m * l0 + w1 * hz - w2 * hy;
        out[oo + 4] = m * l1 + w2 * hx - w0 * hz;
        out[oo + 5] = m * l2 + w0 * hy - w1 * hx;
    }

    /** 6-vector dot product. */
    public static double dot6(double[] a, int ao, double[] b, int bo) {
        return a[ao] * b[bo] + a[ao + 1] * b[bo + 1] + a[ao + 2] * b[bo + 2] + a[ao + 3] * b[bo + 3]
                + a[ao + 4] * b[bo + 4] + a[ao + 5] * b[bo + 5];
    }

    // ------------------------------------------------------------------ eigen-decomposition

    /**
     * Eigen-decomposition of a symmetric 3x3 matrix (row-major) as a rotation ({@code mju_eig3}):
     * Jacobi sweeps that always annihilate the largest off-diagonal entry, each rotation
     * accumulated into a quaternion, then eigenvalues sorted in decreasing order by quarter turns
     * of that quaternion. This is the scheme MuJoCo uses for principal axes of inertia, so that
     * {@code body_iquat} comes out with the same axes order and signs. Returns
     * {@code {w, x, y, z, e0, e1, e2}}.
     */
    public static double[] eig3(double[] mat) {
        final double eps = 1e-12;
        double[] quat = identityQuat();
        double[] eig = new double[3];
        for (int iter = 0; iter < 500; iter++) {
            double[] d = similarity(quat2Mat(quat), mat);
            eig[0] = d[0];
            eig[1] = d[4];
            eig[2] = d[8];
            int row;
            int col;
            int axis;
            double a01 = Math.abs(d[1]);
            double a02 = Math.abs(d[2]);
            double a12 = Math.abs(d[5]);
            if (a01 > a02 && a01 > a12) {
                row = 0;
                col = 1;
                axis = 2;
            } else if (a02 > a12) {
                row = 0;
                col = 2;
                axis = 1;
            } else {
                row = 1;
                col = 2;
                axis = 0;
            }
            double off = d[3 * row + col];
            if (Math.abs(off) < eps) {
                break;
            }
            double tau = (d[4 * col] - d[4 * row]) / (2 * off);
            double t = tau >= 0 ? 1 / (tau + Math.sqrt(1 + tau * tau)) : -1 / (-tau + Math.sqrt(1 + tau * tau));
            double c = 1 / Math.sqrt(1 + t * t);
            if (c > 1 - eps) {
                break;
            }
            double half = Math.sqrt(0.5 - 0.5 * c);
            double comp = tau >= 0 ? -half : half;
            if (axis == 1) {
                comp = -comp;
            }
            double[] step = new double[4];
            step[axis + 1] = comp;
            step[0] = Math.sqrt(1 - comp * comp);
            normalizeQuat(step);
            quat = mulQuat(quat, step);
            normalizeQuat(quat);
        }
        for (int j = 0; j < 3; j++) {
            int lead = j % 2;
            if (eig[lead] < eig[lead + 1]) {
                double tmp = eig[lead];
                eig[lead] = eig[lead + 1];
                eig[lead + 1] = tmp;
                double[] quarter = new double[4];
                // MuJoCo's constant for cos(pi/4), one digit short of the double nearest sqrt(1/2)
                quarter[0] = 0.707106781186548;
                quarter[(lead + 2) % 3 + 1] = 0.707106781186548;
                quat = mulQuat(quat, quarter);
                normalizeQuat(quat);
            }
        }
        return new double[] {quat[0], quat[1], quat[2], quat[3], eig[0], eig[1], eig[2]};
    }

    /** R' A R for row-major 3x3 matrices. */
    private static double[] similarity(double[] r, double[] a) {
        double[] tmp = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += r[3 * k + i] * a[3 * k + j];
                }
                tmp[3 * i + j] = s;
            }
        }
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += tmp[3 * i + k] * r[3 * k + j];
                }
                out[3 * i + j] = s;
            }
        }
        return out;
    }

    /** MuJoCo's {@code mju_quat2Vel(res, q, 1)}: the rotation vector of the quaternion at {@code q[o..]}. */
    public static void quat2Vel(double[] q, int o, double[] out) {
        out[0] = q[o + 1];
        out[1] = q[o + 2];
        out[2] = q[o + 3];
        double sinA2 = normalize3(out, 0);
        double speed = 2 * Math.atan2(sinA2, q[o]);
        if (speed > Math.PI) {
            speed -= 2 * Math.PI;
        }
        out[0] *= speed;
        out[1] *= speed;
        out[2] *= speed;
    }
}
