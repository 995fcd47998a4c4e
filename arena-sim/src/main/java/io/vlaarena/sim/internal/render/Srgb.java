package io.vlaarena.sim.internal.render;

/** Conversions between display (sRGB) values and linear light, with a soft highlight roll-off. */
final class Srgb {
    private static final int LUT_SIZE = 4096;
    private static final byte[] ENCODE = new byte[LUT_SIZE + 1];
    private static final double KNEE = 0.8;
    /** Linear values 0..MAX_LINEAR map through tone mapping and sRGB encoding in one table lookup. */
    private static final double MAX_LINEAR = 4;
    private static final int TONE_SIZE = 8192;
    private static final byte[] TONE_ENCODE = new byte[TONE_SIZE + 1];

    static {
        for (int i = 0; i <= TONE_SIZE; i++) {
            double v = MAX_LINEAR * i / TONE_SIZE;
            double t = toneMap(v);
            double s = t <= 0.0031308 ? 12.92 * t : 1.055 * Math.pow(t, 1 / 2.4) - 0.055;
            TONE_ENCODE[i] = (byte) Math.round(Math.max(0, Math.min(1, s)) * 255);
        }
    }

    static {
        for (int i = 0; i <= LUT_SIZE; i++) {
            double v = (double) i / LUT_SIZE;
            double s = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
            ENCODE[i] = (byte) Math.round(Math.max(0, Math.min(1, s)) * 255);
        }
    }

    private Srgb() {
    }

    static double toLinear(double s) {
        s = Math.max(0, Math.min(1, s));
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    /** Compresses values above the knee smoothly towards 1 instead of clipping them. */
    static float toneMap(double v) {
        if (v <= KNEE) {
            return (float) Math.max(0, v);
        }
        return (float) (KNEE + (1 - KNEE) * (1 - Math.exp(-(v - KNEE) / (1 - KNEE))));
    }

    /** Linear light to an sRGB byte, with tone mapping. */
    static byte encode(double v) {
        // The table is fine near black, where sRGB steps are steepest: 4096 entries per unit of light.
        if (v < 0.25) {
            return encodeMapped(v);
        }
        int i = (int) (v * (TONE_SIZE / MAX_LINEAR) + 0.5);
        return TONE_ENCODE[i > TONE_SIZE ? TONE_SIZE : i];
    }

    /** An already tone-mapped linear value in 0..1 to an sRGB byte. */
    static byte encodeMapped(double v) {
        int i = (int) (v * LUT_SIZE + 0.5);
        return ENCODE[i < 0 ? 0 : i > LUT_SIZE ? LUT_SIZE : i];
    }
}
