package io.vlaarena.openpi.internal;

import io.vlaarena.core.RgbImage;

/**
 * openpi's client-side image preparation, {@code image_tools.resize_with_pad}: scale an image to fit
 * the target size keeping its aspect ratio, then pad it with black, centred, to the target size
 * (TensorFlow's {@code resize_with_pad}, as openpi's client does it with Pillow). An image already
 * of the target size is returned unchanged.
 *
 * <p>The scaling reproduces Pillow's {@code Image.resize(..., BILINEAR)} for 8-bit RGB exactly,
 * byte for byte: a separable triangle filter whose support widens with the downscaling factor
 * (antialiasing), pixel centres at {@code i + 0.5}, weights normalized and rounded to 22-bit fixed
 * point, the horizontal pass first with its result rounded to 8 bits, then the vertical pass. So
 * a policy served by openpi sees from this client the pixels openpi's own client would send.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResizeWithPad {
    /** Pillow's fixed-point precision for 8-bit resampling: 32 - 8 - 2 bits. */
    private static final int PRECISION_BITS = 22;

    private ResizeWithPad() {}

    /** {@code resize_with_pad(image, height, width)} with bilinear filtering. */
    public static RgbImage apply(RgbImage image, int width, int height) {
        int w = image.width();
        int h = image.height();
        if (w == width && h == height) {
            return image;
        }
        double ratio = Math.max((double) w / width, (double) h / height);
        int rw = (int) (w / ratio);
        int rh = (int) (h / ratio);
        byte[] resized = resize(image.pixels(), w, h, Math.max(1, rw), Math.max(1, rh));
        rw = Math.max(1, rw);
        rh = Math.max(1, rh);
        byte[] out = new byte[width * height * 3];
        int padW = Math.max(0, (int) ((width - rw) / 2.0));
        int padH = Math.max(0, (int) ((height - rh) / 2.0));
        for (int y = 0; y < rh && y + padH < height; y++) {
            int n = Math.min(rw, width - padW) * 3;
            System.arraycopy(resized, y * rw * 3, out, ((y + padH) * width + padW) * 3, n);
        }
        return new RgbImage(width, height, out);
    }

    /** Pillow's bilinear resize of interleaved RGB bytes. */
    static byte[] resize(byte[] in, int w, int h, int outW, int outH) {
        byte[] cur = in;
        int curW = w;
        if (outW != w) {
            Coefficients c = Coefficients.of(w, outW);
            byte[] tmp = new byte[outW * h * 3];
            for (int y = 0; y < h; y++) {
                int row = y * w * 3;
                for (int x = 0; x < outW; x++) {
                    int xmin = c.bounds[2 * x];
                    int n = c.bounds[2 * x + 1];
                    int k0 = x * c.ksize;
                    int r = 1 << (PRECISION_BITS - 1);
                    int g = r;
                    int b = r;
                    for (int i = 0; i < n; i++) {
                        int k = c.kk[k0 + i];
                        int p = row + (xmin + i) * 3;
                        r += (in[p] & 0xff) * k;
                        g += (in[p + 1] & 0xff) * k;
                        b += (in[p + 2] & 0xff) * k;
                    }
                    int o = (y * outW + x) * 3;
                    tmp[o] = clip8(r);
                    tmp[o + 1] = clip8(g);
                    tmp[o + 2] = clip8(b);
                }
            }
            cur = tmp;
            curW = outW;
        }
        if (outH == h) {
            return cur == in ? in.clone() : cur;
        }
        Coefficients c = Coefficients.of(h, outH);
        byte[] out = new byte[curW * outH * 3];
        for (int y = 0; y < outH; y++) {
            int ymin = c.bounds[2 * y];
            int n = c.bounds[2 * y + 1];
            int k0 = y * c.ksize;
            for (int x = 0; x < curW; x++) {
                int r = 1 << (PRECISION_BITS - 1);
                int g = r;
                int b = r;
                for (int i = 0; i < n; i++) {
                    int k = c.kk[k0 + i];
                    int p = ((ymin + i) * curW + x) * 3;
                    r += (cur[p] & 0xff) * k;
                    g += (cur[p + 1] & 0xff) * k;
                    b += (cur[p + 2] & 0xff) * k;
                }
                int o = (y * curW + x) * 3;
                out[o] = clip8(r);
                out[o + 1] = clip8(g);
                out[o + 2] = clip8(b);
            }
        }
        return out;
    }

    private static byte clip8(int v) {
        if (v >= 1 << PRECISION_BITS << 8) {
            return (byte) 255;
        }
        if (v <= 0) {
            return 0;
        }
        return (byte) (v >> PRECISION_BITS);
    }

    /** Per output pixel: the first input pixel, how many follow, and their fixed-point weights. */
    private record Coefficients(int ksize, int[] bounds, int[] kk) {
        static Coefficients of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(1.0, scale);
            double support = filterScale; // the triangle filter's support is 1
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[outSize * 2];
            int[] kk = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max(0, (int) (center - support + 0.5));
                int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
                double ww = 0;
                for (int x = 0; x < xmax; x++) {
                    double t = Math.abs((x + xmin - center + 0.5) * ss);
                    double w = t < 1.0 ? 1.0 - t : 0.0;
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double v = ww != 0.0 ? k[x] / ww : k[x];
                    kk[xx * ksize + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = Math.max(0, xmax);
            }
            return new Coefficients(ksize, bounds, kk);
        }
    }
}
