package io.vlaarena.sim.internal.render;

/**
 * The hanging shape MuJoCo 2.2.2's {@code mjv_catenary} draws for a slack string: a tendon of two
 * sites, limited to {@code [0, length]}, without stiffness, damping or friction, under gravity.
 * Taut (the sites at least {@code length} apart): the straight line; nearly vertical (length over
 * 100 times the horizontal span): two straight pieces through a hanging bead; otherwise
 * {@link #POINTS} points on the catenary of that length through both sites. Stateless.
 */
final class Catenary {
    /** Points on a curved catenary (MuJoCo's {@code mjNCATENARY}). */
    static final int POINTS = 31;

    private static final double TOLERANCE = 1e-9, MINVAL = 1e-15;

    private Catenary() {
    }

    /**
     * Whether MuJoCo draws tendon t as a catenary rather than along its path (gravity on and not
     * zero, two sites, limited from 0, no stiffness, damping or frictionloss).
     */
    static boolean applies(io.vlaarena.sim.internal.model.MjModel m, int t) {
        double[] g = m.gravity;
        return (m.disableflags & io.vlaarena.sim.internal.model.MjModel.DSBL_GRAVITY) == 0
                && Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]) > MINVAL
                && m.tendon_num[t] == 2 && m.tendon_limited[t] && m.tendon_range[2 * t] == 0
                && m.tendon_stiffness[t] == 0 && m.tendon_damping[t] == 0 && m.tendon_frictionloss[t] == 0;
    }

    /**
     * Writes the points from {@code p[a..a+2]} to {@code p[b..b+2]} of a string of the given
     * length hanging under {@code gravity} into {@code out} (3 per point, room for
     * {@link #POINTS}); returns how many.
     */
    static int points(double[] p, int a, int b, double[] gravity, double length, double[] out) {
        double dx = p[b] - p[a], dy = p[b + 1] - p[a + 1], dz = p[b + 2] - p[a + 2];
        System.arraycopy(p, a, out, 0, 3);
        if (Math.sqrt(dx * dx + dy * dy + dz * dz) > length) {
            System.arraycopy(p, b, out, 3, 3);
            return 2;
        }
        double gl = Math.sqrt(gravity[0] * gravity[0] + gravity[1] * gravity[1] + gravity[2] * gravity[2]);
        double ux = -gravity[0] / gl, uy = -gravity[1] / gl, uz = -gravity[2] / gl;
        // across: the sites' offset without its vertical part, the unit horizontal direction
        double up = ux * dx + uy * dy + uz * dz;
        double ax = dx - up * ux, ay = dy - up * uy, az = dz - up * uz;
        double an = Math.sqrt(ax * ax + ay * ay + az * az);
        if (an < MINVAL) {
            ax = ay = az = 0;
        } else {
            ax /= an;
            ay /= an;
            az /= an;
        }
        double h = dx * ax + dy * ay + dz * az, v = up;
        if (length > 100 * h) {
            // nearly vertical: a bead hanging on the string
            double down = -0.5 * (Math.sqrt(length * length - h * h) - v);
            double across = h * down / (2 * down - v);
            out[3] = p[a] + ux * down + ax * across;
            out[4] = p[a + 1] + uy * down + ay * across;
            out[5] = p[a + 2] + uz * down + az * across;
            System.arraycopy(p, b, out, 6, 3);
            return 3;
        }
        double bh = solve(v, h, length) * h;
        double hOffset = -0.5 * (Math.log((length + v) / (length - v)) * bh - h);
        double vOffset = -Math.cosh(hOffset / bh) * bh;
        for (int i = 1; i < POINTS - 1; i++) {
            double horizontal = i * h / POINTS;
            double vertical = bh * Math.cosh((horizontal - hOffset) / bh) + vOffset;
            out[3 * i] = p[a] + ax * horizontal + ux * vertical;
            out[3 * i + 1] = p[a + 1] + ay * horizontal + uy * vertical;
            out[3 * i + 2] = p[a + 2] + az * horizontal + uz * vertical;
        }
        System.arraycopy(p, b, out, 3 * (POINTS - 1), 3);
        return POINTS;
    }

    /**
     * The catenary's scaled flatness b for vertical offset v, horizontal span h and length: Newton
     * on the change of variables of math.stackexchange.com/a/1002996, from its linear guess, with
     * step halving while the residual does not drop (as MuJoCo).
     */
    private static double solve(double v, double h, double length) {
        double intercept = 1 / Math.sqrt(Math.sqrt(length * length - v * v) / h - 1);
        double b = intercept / Math.sqrt(24);
        for (int i = 0; i < 50; i++) {
            double res = residual(b, intercept);
            if (Math.abs(res) < TOLERANCE) {
                break;
            }
            double a = 0.5 / b, sinh = Math.sinh(a), cosh = Math.cosh(a);
            double grad = (a * cosh - sinh) * Math.pow(2 * b * sinh - 1, -1.5);
            double step = -res / grad;
            for (int j = 0; j < 10 && !(Math.abs(residual(b + step, intercept)) < Math.abs(res)); j++) {
                step *= 0.5;
            }
            b += step;
        }
        return b;
    }

    private static double residual(double b, double intercept) {
        return 1 / Math.sqrt(2 * b * Math.sinh(0.5 / b) - 1) - intercept;
    }
}
