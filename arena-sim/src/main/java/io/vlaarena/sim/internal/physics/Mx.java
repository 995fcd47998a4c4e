package io.vlaarena.sim.internal.physics;

/**
 * Allocation-free vector, matrix and quaternion helpers on flat arrays with offsets, in MuJoCo's
 * conventions: quaternions w x y z, 3x3 matrices row-major.
 */
public final class Mx {
    private Mx() {
    }

    /** Writes the rotation matrix of the unit quaternion {@code q[qo..]} into {@code r[ro..]}. */
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

    /** {@code out = a * b}; {@code out} may alias either input. */
    public static void mulQuat(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        double aw = a[ao], ax = a[ao + 1], ay = a[ao + 2], az = a[ao + 3];
        double bw = b[bo], bx = b[bo + 1], by = b[bo + 2], bz = b[bo + 3];
        out[oo] = aw * bw - ax * bx - ay * by - az * bz;
        out[oo + 1] = aw * bx + ax * bw + ay * bz - az * by;
        out[oo + 2] = aw * by - ax * bz + ay * bw + az * bx;
        out[oo + 3] = aw * bz + ax * by - ay * bx + az * bw;
    }

    /** Normalizes a quaternion in place; a zero quaternion becomes the identity. */
    public static void normalizeQuat(double[] q, int o) {
        double n = Math.sqrt(q[o] * q[o] + q[o + 1] * q[o + 1] + q[o + 2] * q[o + 2] + q[o + 3] * q[o + 3]);
        if (n < 1e-15) {
            q[o] = 1;
            q[o + 1] = 0;
            q[o + 2] = 0;
            q[o + 3] = 0;
            return;
        }
        q[o] /= n;
        q[o + 1] /= n;
        q[o + 2] /= n;
        q[o + 3] /= n;
    }

    /** The quaternion of a rotation by {@code angle} about the unit axis {@code a[ao..]}. */
    public static void axisAngle2Quat(double[] a, int ao, double angle, double[] q, int qo) {
        double s = Math.sin(0.5 * angle);
        q[qo] = Math.cos(0.5 * angle);
        q[qo + 1] = a[ao] * s;
        q[qo + 2] = a[ao + 1] * s;
        q[qo + 3] = a[ao + 2] * s;
    }

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

    /** Rotates {@code q[qo..]} (in place) by the body-frame angular velocity {@code w[wo..]} over {@code h}. */
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

    /** Spatial motion cross product {@code out = a x b} ({@code [w; v]} 6-vectors); out must not alias. */
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

    /** Spatial force cross product {@code out += a x* f}. */
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
     * Spatial inertia times motion: {@code out = I v}, with {@code I} packed as 10 numbers
     * (rotational inertia about the origin xx yy zz xy xz yz, h = m c, m).
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
}
