package io.vlaarena.core;

import java.util.Arrays;

/**
 * Where an MJCF site is in the world: its position and orientation, as MuJoCo's {@code site_xpos}
 * and the quaternion of {@code site_xmat}. Policies read an end-effector pose from it.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out.
 *
 * @param position x, y, z in metres, world frame
 * @param quaternion w, x, y, z (MuJoCo's order), unit length
 */
public record SitePose(double[] position, double[] quaternion) {
    /** Validates lengths and finiteness, normalizes the quaternion, copies. */
    public SitePose {
        position = finite(position, 3, "position");
        quaternion = finite(quaternion, 4, "quaternion");
        double n = Math.sqrt(quaternion[0] * quaternion[0] + quaternion[1] * quaternion[1] + quaternion[2] * quaternion[2]
                + quaternion[3] * quaternion[3]);
        if (!(n > 1e-9)) {
            throw new IllegalArgumentException("A site's quaternion must not be zero");
        }
        for (int i = 0; i < 4; i++) {
            quaternion[i] /= n;
        }
    }

    /**
     * A pose from a position and a rotation vector (axis times angle in radians), the inverse of
     * {@link #axisAngle()}.
     */
    public static SitePose ofAxisAngle(double[] position, double[] axisAngle) {
        double[] r = finite(axisAngle, 3, "axisAngle");
        double angle = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
        if (angle < 1e-12) {
            return new SitePose(position, new double[] {1, 0, 0, 0});
        }
        double s = Math.sin(angle / 2) / angle;
        return new SitePose(position, new double[] {Math.cos(angle / 2), r[0] * s, r[1] * s, r[2] * s});
    }

    @Override
    public double[] position() {
        return position.clone();
    }

    @Override
    public double[] quaternion() {
        return quaternion.clone();
    }

    /**
     * The orientation as a rotation vector (axis times angle, radians), with the angle
     * {@code 2 acos(w)} in [0, 2π] as robosuite's {@code quat2axisangle} computes it (LIBERO's
     * state); zero for the identity.
     */
    public double[] axisAngle() {
        double w = Math.max(-1, Math.min(1, quaternion[0]));
        double den = Math.sqrt(1 - w * w);
        if (den < 1e-9) {
            return new double[3];
        }
        double angle = 2 * Math.acos(w);
        return new double[] {quaternion[1] * angle / den, quaternion[2] * angle / den, quaternion[3] * angle / den};
    }

    /**
     * The orientation as extrinsic x-y-z Euler angles (roll, pitch, yaw in radians), as DROID's
     * {@code cartesian_position} gives it (scipy's {@code as_euler("xyz")}).
     */
    public double[] euler() {
        double w = quaternion[0];
        double x = quaternion[1];
        double y = quaternion[2];
        double z = quaternion[3];
        double roll = Math.atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y));
        double pitch = Math.asin(Math.max(-1, Math.min(1, 2 * (w * y - z * x))));
        double yaw = Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
        return new double[] {roll, pitch, yaw};
    }

    /** A pose from a position and extrinsic x-y-z Euler angles, the inverse of {@link #euler()}. */
    public static SitePose ofEuler(double[] position, double[] euler) {
        double[] e = finite(euler, 3, "euler");
        double cr = Math.cos(e[0] / 2);
        double sr = Math.sin(e[0] / 2);
        double cp = Math.cos(e[1] / 2);
        double sp = Math.sin(e[1] / 2);
        double cy = Math.cos(e[2] / 2);
        double sy = Math.sin(e[2] / 2);
        return new SitePose(position, new double[] {cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy,
                cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy});
    }

    private static double[] finite(double[] v, int n, String name) {
        if (v == null || v.length != n) {
            throw new IllegalArgumentException("A site's " + name + " needs " + n + " values, got "
                    + (v == null ? "none" : String.valueOf(v.length)));
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("A site's " + name + " must be finite, got " + Arrays.toString(v));
            }
        }
        return v.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SitePose p && Arrays.equals(position, p.position) && Arrays.equals(quaternion, p.quaternion);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(position) * 31 + Arrays.hashCode(quaternion);
    }

    @Override
    public String toString() {
        return "SitePose[position=" + Arrays.toString(position) + ", quaternion=" + Arrays.toString(quaternion) + "]";
    }
}
