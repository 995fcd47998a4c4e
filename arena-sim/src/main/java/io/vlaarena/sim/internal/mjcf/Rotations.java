package io.vlaarena.sim.internal.mjcf;

/**
 * Quaternion (w x y z) and 3x3 matrix helpers for the MJCF compiler, with MuJoCo's conventions:
 * Hamilton product, row-major matrices, frames that map local vectors to parent vectors.
 */
final class Rotations {
    private Rotations() {
    }

    static double[] identity() {
        return new double[] {1, 0, 0, 0};
    }

    static double[] mul(double[] a, double[] b) {
        return new double[] {
            a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
            a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
            a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
            a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0],
        };
    }

    /** Normalizes in place; returns the norm before normalizing. */
    static double normalize4(double[] q) {
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        if (n > 0) {
            for (int i = 0; i < 4; i++) {
                q[i] /= n;
            }
        }
        return n;
    }

    static double norm3(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static double dot3(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /** Rotation by {@code angle} radians about a unit axis. */
    static double[] axisAngle(double[] unitAxis, double angle) {
        double s = Math.sin(angle / 2);
        return new double[] {Math.cos(angle / 2), unitAxis[0] * s, unitAxis[1] * s, unitAxis[2] * s};
    }

    /** The minimal rotation that takes +z to the direction of {@code vec}; a half turn about x when opposite. */
    static double[] z2quat(double[] vec) {
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
        return axisAngle(axis, angle);
    }

    /** Row-major rotation matrix of a unit quaternion. */
    static double[] toMat(double[] q) {
        double w = q[0], x = q[1], y = q[2], z = q[3];
        return new double[] {
            w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z,
        };
    }

    /** Unit quaternion of a row-major rotation matrix (columns are the frame's axes), largest component first. */
    static double[] fromMat(double[] m) {
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
        normalize4(q);
        return q;
    }

    /** Rotates a 3-vector by a unit quaternion. */
    static double[] rotate(double[] q, double[] v) {
        double[] m = toMat(q);
        return new double[] {
            m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
            m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
            m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
        };
    }

    /**
     * Eigen-decomposition of a symmetric 3x3 matrix (row-major) as a rotation: Jacobi sweeps that
     * always annihilate the largest off-diagonal entry, each rotation accumulated into a quaternion,
     * then eigenvalues sorted in decreasing order by quarter turns of that quaternion. This is the
     * scheme MuJoCo uses for principal axes of inertia, so that {@code body_iquat} comes out with the
     * same axes order and signs. Returns {w, x, y, z, e0, e1, e2}.
     */
    static double[] eigen3(double[] mat) {
        final double eps = 1e-12;
        double[] quat = identity();
        double[] eig = new double[3];
        for (int iter = 0; iter < 500; iter++) {
            double[] r = toMat(quat);
            double[] d = similarity(r, mat);
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
            normalize4(step);
            quat = mul(quat, step);
            normalize4(quat);
        }
        for (int j = 0; j < 3; j++) {
            int lead = j % 2;
            if (eig[lead] < eig[lead + 1]) {
                double tmp = eig[lead];
                eig[lead] = eig[lead + 1];
                eig[lead + 1] = tmp;
                double[] quarter = new double[4];
                quarter[0] = Math.sqrt(0.5);
                quarter[(lead + 2) % 3 + 1] = Math.sqrt(0.5);
                quat = mul(quat, quarter);
                normalize4(quat);
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
}
