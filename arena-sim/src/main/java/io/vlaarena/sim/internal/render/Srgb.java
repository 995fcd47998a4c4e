package io.vlaarena.sim.internal.render;

/** Conversions between display (sRGB) values and linear light, with a soft highlight roll-off. */
final class Srgb {
    private static final int LUT_SIZE = 4096;
    private static final byte[] ENCODE = new byte[LUT_SIZE + 1];
    private static final double KNEE = 0.8;

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
        return encodeMapped(toneMap(v));
    }

    /** An already tone-mapped linear value in 0..1 to an sRGB byte. */
    static byte encodeMapped(double v) {
        int i = (int) (v * LUT_SIZE + 0.5);
        return ENCODE[i < 0 ? 0 : i > LUT_SIZE ? LUT_SIZE : i];
    }
}
