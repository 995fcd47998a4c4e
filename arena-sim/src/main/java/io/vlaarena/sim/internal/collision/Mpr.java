package io.vlaarena.sim.internal.collision;

import io.vlaarena.sim.internal.util.Spatial;

/**
 * Minkowski Portal Refinement, the penetration query MuJoCo 2.2.2 runs through libccd
 * ({@code ccdMPRPenetration}): a portal (a triangle of support points of the Minkowski
 * difference, seen from an interior point) is discovered towards the origin, refined until it
 * contains the origin, then expanded until it reaches the boundary within a tolerance; the depth
 * is the origin's distance to the final portal, the direction its normal, the position the
 * barycentric combination of the support points on both shapes. Holds its scratch; one per
 * rollout, not thread-safe.
 */
final class Mpr {
    /** Support points of two convex shapes in world coordinates. */
    interface Shapes {
        /** The centre (an interior point) of shape 1 or 2 into {@code out}. */
        void center(int shape, double[] out, int o);

        /** The support point of shape 1 or 2 in direction (x, y, z) into {@code out}. */
        void support(int shape, double x, double y, double z, double[] out, int o);
    }

    private static final double EPS = Math.ulp(1.0);

    // portal points 0..3 and a candidate 4: v (difference), v1 (shape 1), v2 (shape 2), 3 each
    private final double[] v = new double[15], v1 = new double[15], v2 = new double[15];
    private final double[] dir = new double[3], va = new double[3], vb = new double[3], bary = new double[4];
    /** Results: depth, direction (unit, from shape 1 towards shape 2 for a penetration), position. */
    double depth;
    final double[] resultDir = new double[3], resultPos = new double[3];

    private int maxIterations = 50;
    private double tolerance = 1e-6;

    /** Sets MuJoCo's mpr_iterations and mpr_tolerance. */
    void configure(int iterations, double tol) {
        this.maxIterations = iterations;
        this.tolerance = tol;
    }

    /** Runs the penetration query; false when the shapes do not intersect. */
    boolean penetration(Shapes s) {
        int res = discoverPortal(s);
        if (res < 0) {
            return false;
        } else if (res == 1) {
            // touching at portal point 1
            depth = 0;
            resultDir[0] = resultDir[1] = resultDir[2] = 0;
            for (int i = 0; i < 3; i++) {
                resultPos[i] = (v1[3 + i] + v2[3 + i]) * 0.5;
            }
        } else if (res == 2) {
            // origin on segment v0-v1
            for (int i = 0; i < 3; i++) {
                resultPos[i] = (v1[3 + i] + v2[3 + i]) * 0.5;
                resultDir[i] = v[3 + i];
            }
            depth = Math.sqrt(Spatial.dot3(resultDir, 0, resultDir, 0));
            normalize(resultDir, 0);
        } else {
            if (refinePortal(s) < 0) {
                return false;
            }
            findPenetration(s);
        }
        return true;
    }

    private void support(Shapes s, double x, double y, double z, int slot) {
        s.support(1, x, y, z, v1, 3 * slot);
        s.support(2, -x, -y, -z, v2, 3 * slot);
        for (int i = 0; i < 3; i++) {
            v[3 * slot + i] = v1[3 * slot + i] - v2[3 * slot + i];
        }
    }

    private void copyPoint(int from, int to) {
        System.arraycopy(v, 3 * from, v, 3 * to, 3);
        System.arraycopy(v1, 3 * from, v1, 3 * to, 3);
        System.arraycopy(v2, 3 * from, v2, 3 * to, 3);
    }

    private void swapPoints(int a, int b) {
        for (int i = 0; i < 3; i++) {
            double t = v[3 * a + i];
            v[3 * a + i] = v[3 * b + i];
            v[3 * b + i] = t;
            t = v1[3 * a + i];
            v1[3 * a + i] = v1[3 * b + i];
            v1[3 * b + i] = t;
            t = v2[3 * a + i];
            v2[3 * a + i] = v2[3 * b + i];
            v2[3 * b + i] = t;
        }
    }

    /** -1: origin outside; 1: origin on point 1; 2: origin on segment 0-1; 0: portal found. */
    private int discoverPortal(Shapes s) {
        s.center(1, v1, 0);
        s.center(2, v2, 0);
        for (int i = 0; i < 3; i++) {
            v[i] = v1[i] - v2[i];
        }
        if (eq(v[0], 0) && eq(v[1], 0) && eq(v[2], 0)) {
            // the centres coincide: move a little so the direction to the origin is defined
            v[0] += EPS * 10;
        }
        dir[0] = -v[0];
        dir[1] = -v[1];
        dir[2] = -v[2];
        normalize(dir, 0);
        support(s, dir[0], dir[1], dir[2], 1);
        double d = Spatial.dot3(v, 3, dir, 0);
        if (isZero(d) || d < 0) {
            return -1;
        }
        Spatial.cross(v, 0, v, 3, dir, 0);
        if (isZero(Spatial.dot3(dir, 0, dir, 0))) {
            if (eq(v[3], 0) && eq(v[4], 0) && eq(v[5], 0)) {
                return 1;
            }
            return 2;
        }
        normalize(dir, 0);
        support(s, dir[0], dir[1], dir[2], 2);
        d = Spatial.dot3(v, 6, dir, 0);
        if (isZero(d) || d < 0) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            va[i] = v[3 + i] - v[i];
            vb[i] = v[6 + i] - v[i];
        }
        Spatial.cross(va, 0, vb, 0, dir, 0);
        normalize(dir, 0);
        if (Spatial.dot3(dir, 0, v, 0) > 0) {
            swapPoints(1, 2);
            dir[0] = -dir[0];
            dir[1] = -dir[1];
            dir[2] = -dir[2];
        }
        while (true) {
            support(s, dir[0], dir[1], dir[2], 3);
            d = Spatial.dot3(v, 9, dir, 0);
            if (isZero(d) || d < 0) {
                return -1;
            }
            boolean cont = false;
            // origin outside (v1, v0, v3): replace v2 by v3
            Spatial.cross(v, 3, v, 9, va, 0);
            d = Spatial.dot3(va, 0, v, 0);
            if (d < 0 && !isZero(d)) {
                copyPoint(3, 2);
                cont = true;
            }
            if (!cont) {
                // origin outside (v3, v0, v2): replace v1 by v3
                Spatial.cross(v, 9, v, 6, va, 0);
                d = Spatial.dot3(va, 0, v, 0);
                if (d < 0 && !isZero(d)) {
                    copyPoint(3, 1);
                    cont = true;
                }
            }
            if (!cont) {
                return 0;
            }
            for (int i = 0; i < 3; i++) {
                va[i] = v[3 + i] - v[i];
                vb[i] = v[6 + i] - v[i];
            }
            Spatial.cross(va, 0, vb, 0, dir, 0);
            normalize(dir, 0);
        }
    }

    private int refinePortal(Shapes s) {
        while (true) {
            portalDir();
            if (portalEncapsulesOrigin()) {
                return 0;
            }
            support(s, dir[0], dir[1], dir[2], 4);
            if (!portalCanEncapsuleOrigin() || portalReachTolerance()) {
                return -1;
            }
            expandPortal();
        }
    }

    private void findPenetration(Shapes s) {
        long iterations = 0;
        while (true) {
            portalDir();
            support(s, dir[0], dir[1], dir[2], 4);
            if (portalReachTolerance() || iterations > maxIterations) {
                depth = Math.sqrt(pointTriDist2(resultDir));
                if (isZero(depth)) {
                    resultDir[0] = resultDir[1] = resultDir[2] = 0;
                } else {
                    normalize(resultDir, 0);
                }
                findPos();
                return;
            }
            expandPortal();
            iterations++;
        }
    }

    /** dir = the unit normal of portal face v1-v2-v3. */
    private void portalDir() {
        for (int i = 0; i < 3; i++) {
            va[i] = v[6 + i] - v[3 + i];
            vb[i] = v[9 + i] - v[3 + i];
        }
        Spatial.cross(va, 0, vb, 0, dir, 0);
        normalize(dir, 0);
    }

    private boolean portalEncapsulesOrigin() {
        double d = Spatial.dot3(dir, 0, v, 3);
        return isZero(d) || d > 0;
    }

    private boolean portalCanEncapsuleOrigin() {
        double d = Spatial.dot3(v, 12, dir, 0);
        return isZero(d) || d > 0;
    }

    private boolean portalReachTolerance() {
        double dv1 = Spatial.dot3(v, 3, dir, 0), dv2 = Spatial.dot3(v, 6, dir, 0), dv3 = Spatial.dot3(v, 9, dir, 0), dv4 = Spatial.dot3(v, 12, dir, 0);
        double d1 = dv4 - dv1, d2 = dv4 - dv2, d3 = dv4 - dv3;
        d1 = Math.min(d1, d2);
        d1 = Math.min(d1, d3);
        return eq(d1, tolerance) || d1 < tolerance;
    }

    private void expandPortal() {
        Spatial.cross(v, 12, v, 0, va, 0);
        double d = Spatial.dot3(v, 3, va, 0);
        if (d > 0) {
            d = Spatial.dot3(v, 6, va, 0);
            copyPoint(4, d > 0 ? 1 : 3);
        } else {
            d = Spatial.dot3(v, 9, va, 0);
            copyPoint(4, d > 0 ? 2 : 1);
        }
    }

    /** The barycentric position of the origin in the final portal, on both shapes, averaged. */
    private void findPos() {
        portalDir();
        double[] b = bary;
        Spatial.cross(v, 3, v, 6, va, 0);
        b[0] = Spatial.dot3(va, 0, v, 9);
        Spatial.cross(v, 9, v, 6, va, 0);
        b[1] = Spatial.dot3(va, 0, v, 0);
        Spatial.cross(v, 0, v, 3, va, 0);
        b[2] = Spatial.dot3(va, 0, v, 9);
        Spatial.cross(v, 6, v, 3, va, 0);
        b[3] = Spatial.dot3(va, 0, v, 0);
        double sum = b[0] + b[1] + b[2] + b[3];
        if (isZero(sum) || sum < 0) {
            b[0] = 0;
            Spatial.cross(v, 6, v, 9, va, 0);
            b[1] = Spatial.dot3(va, 0, dir, 0);
            Spatial.cross(v, 9, v, 3, va, 0);
            b[2] = Spatial.dot3(va, 0, dir, 0);
            Spatial.cross(v, 3, v, 6, va, 0);
            b[3] = Spatial.dot3(va, 0, dir, 0);
            sum = b[1] + b[2] + b[3];
        }
        double inv = 1.0 / sum;
        double p1x = 0, p1y = 0, p1z = 0, p2x = 0, p2y = 0, p2z = 0;
        for (int i = 0; i < 4; i++) {
            p1x += v1[3 * i] * b[i];
            p1y += v1[3 * i + 1] * b[i];
            p1z += v1[3 * i + 2] * b[i];
            p2x += v2[3 * i] * b[i];
            p2y += v2[3 * i + 1] * b[i];
            p2z += v2[3 * i + 2] * b[i];
        }
        p1x *= inv;
        p1y *= inv;
        p1z *= inv;
        p2x *= inv;
        p2y *= inv;
        p2z *= inv;
        resultPos[0] = (p1x + p2x) * 0.5;
        resultPos[1] = (p1y + p2y) * 0.5;
        resultPos[2] = (p1z + p2z) * 0.5;
    }

    /** Squared distance of the origin to triangle v1-v2-v3 of the portal; its nearest point into {@code w}. */
    private double pointTriDist2(double[] w) {
        double d1x = v[6] - v[3], d1y = v[7] - v[4], d1z = v[8] - v[5];
        double d2x = v[9] - v[3], d2y = v[10] - v[4], d2z = v[11] - v[5];
        double ax = v[3], ay = v[4], az = v[5];
        double vv = d1x * d1x + d1y * d1y + d1z * d1z;
        double ww = d2x * d2x + d2y * d2y + d2z * d2z;
        double p = ax * d1x + ay * d1y + az * d1z;
        double q = ax * d2x + ay * d2y + az * d2z;
        double r = d1x * d2x + d1y * d2y + d1z * d2z;
        double det = ww * vv - r * r;
        double s, t;
        if (isZero(det)) {
            s = t = -1;
        } else {
            s = (q * r - ww * p) / det;
            t = (-s * r - q) / ww;
        }
        if ((isZero(s) || s > 0) && (eq(s, 1) || s < 1) && (isZero(t) || t > 0) && (eq(t, 1) || t < 1)
                && (eq(t + s, 1) || t + s < 1)) {
            w[0] = ax + d1x * s + d2x * t;
            w[1] = ay + d1y * s + d2y * t;
            w[2] = az + d1z * s + d2z * t;
            return w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
        }
        double dist = segmentDist2(3, 6, w);
        double wx = w[0], wy = w[1], wz = w[2];
        double dist2 = segmentDist2(3, 9, w);
        if (dist2 < dist) {
            dist = dist2;
            wx = w[0];
            wy = w[1];
            wz = w[2];
        }
        dist2 = segmentDist2(6, 9, w);
        if (dist2 < dist) {
            dist = dist2;
            wx = w[0];
            wy = w[1];
            wz = w[2];
        }
        w[0] = wx;
        w[1] = wy;
        w[2] = wz;
        return dist;
    }

    /** Squared distance of the origin to the segment between portal coordinates at a and b; nearest point into w. */
    private double segmentDist2(int a, int b, double[] w) {
        double dx = v[b] - v[a], dy = v[b + 1] - v[a + 1], dz = v[b + 2] - v[a + 2];
        double ax = v[a], ay = v[a + 1], az = v[a + 2];
        double t = -1.0 * (ax * dx + ay * dy + az * dz);
        t /= dx * dx + dy * dy + dz * dz;
        if (t < 0 || isZero(t)) {
            w[0] = ax;
            w[1] = ay;
            w[2] = az;
        } else if (t > 1 || eq(t, 1)) {
            w[0] = v[b];
            w[1] = v[b + 1];
            w[2] = v[b + 2];
        } else {
            w[0] = dx * t + ax;
            w[1] = dy * t + ay;
            w[2] = dz * t + az;
        }
        return w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
    }

    private static boolean isZero(double x) {
        return Math.abs(x) < EPS;
    }

    private static boolean eq(double a, double b) {
        double ab = Math.abs(a - b);
        if (ab < EPS) {
            return true;
        }
        double fa = Math.abs(a), fb = Math.abs(b);
        return fb > fa ? ab < EPS * fb : ab < EPS * fa;
    }

    private static void normalize(double[] a, int o) {
        double k = 1.0 / Math.sqrt(a[o] * a[o] + a[o + 1] * a[o + 1] + a[o + 2] * a[o + 2]);
        a[o] *= k;
        a[o + 1] *= k;
        a[o + 2] *= k;
    }
}
