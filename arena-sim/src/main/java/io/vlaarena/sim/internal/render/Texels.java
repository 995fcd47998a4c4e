package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.model.MjModel;

/**
 * Samples the textures read from files ({@code tex_rgb}): 2d textures at texture coordinates in
 * repetitions (wrapped, bilinear), cube and skybox textures by direction with OpenGL's cube-map
 * rule (the faces in MuJoCo's order +x, −x, +y, −y, +z, −z; a single square face serves all six).
 * Colours come back linear. Stateless; allocates nothing.
 */
final class Texels {
    private static final double[] LINEAR = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            LINEAR[i] = Srgb.toLinear(i / 255.0);
        }
    }

    private Texels() {
    }

    /** Whether texture {@code t} was read from files. */
    static boolean fromFile(MjModel m, int t) {
        return m.tex_adr[t] >= 0;
    }

    /** The 2d texture {@code t} at (u, v) repetitions (u along the image's width, v down its height) into {@code c}. */
    static void sample2d(MjModel m, int t, double u, double v, double[] c) {
        bilinear(m, m.tex_adr[t], m.tex_width[t], m.tex_height[t], u - Math.floor(u), v - Math.floor(v), true, c);
    }

    /**
     * Cube texture {@code t} in direction (x, y, z) into {@code c}: the major axis picks the face,
     * the other two coordinates the texel, as OpenGL's cube maps (which MuJoCo's renderer uses).
     */
    static void sampleCube(MjModel m, int t, double x, double y, double z, double[] c) {
        double ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
        int face;
        double sc, tc, ma;
        if (ax >= ay && ax >= az) {
            face = x > 0 ? 0 : 1;
            sc = x > 0 ? -z : z;
            tc = -y;
            ma = ax;
        } else if (ay >= az) {
            face = y > 0 ? 2 : 3;
            sc = x;
            tc = y > 0 ? z : -z;
            ma = ay;
        } else {
            face = z > 0 ? 4 : 5;
            sc = z > 0 ? x : -x;
            tc = -y;
            ma = az;
        }
        if (ma == 0) {
            face = 0;
            sc = tc = 0;
            ma = 1;
        }
        int w = m.tex_width[t];
        boolean single = m.tex_height[t] == w;
        int adr = m.tex_adr[t] + (single ? 0 : 3 * face * w * w);
        bilinear(m, adr, w, w, 0.5 * (sc / ma + 1), 0.5 * (tc / ma + 1), false, c);
    }

    /** Bilinear texel of a w x h image at (s, t) in [0, 1] (wrapped or clamped at the borders). */
    private static void bilinear(MjModel m, int adr, int w, int h, double s, double t, boolean wrap, double[] c) {
        double fx = s * w - 0.5, fy = t * h - 0.5;
        int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
        double ax = fx - x0, ay = fy - y0;
        c[0] = c[1] = c[2] = 0;
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 2; i++) {
                int x = x0 + i, y = y0 + j;
                x = wrap ? Math.floorMod(x, w) : Math.max(0, Math.min(w - 1, x));
                y = wrap ? Math.floorMod(y, h) : Math.max(0, Math.min(h - 1, y));
                double k = (i == 0 ? 1 - ax : ax) * (j == 0 ? 1 - ay : ay);
                int o = adr + 3 * (y * w + x);
                c[0] += k * LINEAR[m.tex_rgb[o] & 0xff];
                c[1] += k * LINEAR[m.tex_rgb[o + 1] & 0xff];
                c[2] += k * LINEAR[m.tex_rgb[o + 2] & 0xff];
            }
        }
    }

    /** The mean display colour (not linear) of texture {@code t}'s texels, or of one cube face (-1: all). */
    static double[] mean(MjModel m, int t, int face) {
        int w = m.tex_width[t], h = m.tex_height[t];
        int adr = m.tex_adr[t], n = w * h;
        if (face >= 0 && h == 6 * w) {
            adr += 3 * face * w * w;
            n = w * w;
        }
        double[] sum = new double[3];
        for (int p = 0; p < n; p++) {
            for (int k = 0; k < 3; k++) {
                sum[k] += (m.tex_rgb[adr + 3 * p + k] & 0xff) / 255.0;
            }
        }
        for (int k = 0; k < 3; k++) {
            sum[k] /= Math.max(1, n);
        }
        return sum;
    }
}
