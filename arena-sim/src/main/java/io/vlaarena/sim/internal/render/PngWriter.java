package io.vlaarena.sim.internal.render;

import io.vlaarena.core.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes an {@link RgbImage} as a PNG (8-bit truecolor, no interlace) with only the JDK: no
 * AWT, so it works headless. Stateless and thread-safe.
 */
public final class PngWriter {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngWriter() {
    }

    /**
     * Writes the image as a complete PNG file to {@code out}, which is neither flushed nor closed.
     *
     * @throws IOException when writing to {@code out} fails
     */
    public static void write(RgbImage image, OutputStream out) throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(out, "out");
        int w = image.width(), h = image.height();
        byte[] pixels = image.pixels();
        out.write(SIGNATURE);

        byte[] header = new byte[13];
        putInt(header, 0, w);
        putInt(header, 4, h);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolor
        chunk(out, "IHDR", header, header.length);

        // Each row is prefixed by its filter; "Up" (2) compresses rendered images well and costs little.
        int stride = 3 * w;
        byte[] raw = new byte[(stride + 1) * h];
        for (int y = 0; y < h; y++) {
            int o = y * (stride + 1);
            raw[o] = (byte) (y == 0 ? 0 : 2);
            int row = y * stride;
            for (int x = 0; x < stride; x++) {
                int up = y == 0 ? 0 : pixels[row - stride + x];
                raw[o + 1 + x] = (byte) (pixels[row + x] - up);
            }
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(raw.length / 4 + 64);
        try {
            deflater.setInput(raw);
            deflater.finish();
            byte[] buf = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                compressed.write(buf, 0, n);
            }
        } finally {
            deflater.end();
        }
        byte[] data = compressed.toByteArray();
        chunk(out, "IDAT", data, data.length);
        chunk(out, "IEND", new byte[0], 0);
    }

    /** The image as PNG bytes. */
    public static byte[] toBytes(RgbImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(image, out);
        } catch (IOException e) {
            throw new AssertionError("A byte array stream does not fail", e);
        }
        return out.toByteArray();
    }

    private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] len = new byte[4];
        putInt(len, 0, length);
        out.write(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.write(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
