package io.vlaarena.sim.internal.render;

/** Small linear-algebra helpers shared by the camera and shadow passes. */
final class Transforms {
    private Transforms() {
    }

    /**
     * Writes into m (3x4 row-major) the map from a geom's local frame (rotation xmat at ma,
     * position xpos at pa) to a view with axes r, u, f (rows) and origin o.
     */
    static void toView(double[] xmat, int ma, double[] xpos, int pa, double[] r, double[] u, double[] f,
            double[] o, double[] m) {
        double tx = xpos[pa] - o[0], ty = xpos[pa + 1] - o[1], tz = xpos[pa + 2] - o[2];
        double[][] rows = {r, u, f};
        for (int i = 0; i < 3; i++) {
            double[] a = rows[i];
            for (int j = 0; j < 3; j++) {
                m[4 * i + j] = a[0] * xmat[ma + j] + a[1] * xmat[ma + 3 + j] + a[2] * xmat[ma + 6 + j];
            }
            m[4 * i + 3] = a[0] * tx + a[1] * ty + a[2] * tz;
        }
    }

    /** Sets the 3-vector v to (x, y, z). */
    static void set(double[] v, double x, double y, double z) {
        v[0] = x;
        v[1] = y;
        v[2] = z;
    }

    /** Scales the 3-vector v to unit length; a zero vector stays zero. */
    static void normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (n > 0) {
            v[0] /= n;
            v[1] /= n;
            v[2] /= n;
        }
    }
}
