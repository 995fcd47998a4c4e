package io.vlaarena.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The one PNG codec of VLA Arena, pure JDK (no AWT, so it works headless): encodes
 * {@link RgbImage}s (rendered frames, observations sent to a VLA service, {@code arena render}'s
 * files) and decodes the PNG images a service receives, bounded before it allocates.
 *
 * <p>Stateless and thread-safe.
 */
public final class Png {
    /** Refuses images above 64 Mpx before allocating for them. */
    private static final long MAX_PIXELS = 64L * 1024 * 1024;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {}

    /**
     * Encodes an RGB8 image as a non-interlaced truecolour PNG. Every row but the first uses the
     * "Up" filter, which costs little and compresses rendered frames well; deflate runs at its
     * fastest level, since frames are encoded per step and sent over the network.
     */
    public static byte[] encode(RgbImage image) {
        java.util.Objects.requireNonNull(image, "image");
        int w = image.width();
        int h = image.height();
        byte[] pixels = image.pixels();
        int stride = 3 * w;
        byte[] raw = new byte[h * (stride + 1)];
        for (int y = 0; y < h; y++) {
            int o = y * (stride + 1);
            int row = y * stride;
            if (y == 0) {
                System.arraycopy(pixels, 0, raw, 1, stride);
                continue;
            }
            raw[o] = 2;
            for (int x = 0; x < stride; x++) {
                raw[o + 1 + x] = (byte) (pixels[row + x] - pixels[row - stride + x]);
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream idat = new ByteArrayOutputStream(raw.length / 2 + 64);
        try {
            deflater.setInput(raw);
            deflater.finish();
            byte[] buf = new byte[16384];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                idat.write(buf, 0, n);
            }
        } finally {
            deflater.end();
        }
        return ofDeflatedRows(w, h, idat.toByteArray());
    }

    /**
     * An 8-bit truecolour PNG of {@code width}×{@code height} whose image data is
     * {@code deflatedRows}: the rows, each with its filter byte, already deflated. The header says
     * what the data claims; nothing checks that they agree (which is what a test of a service's
     * limits needs, e.g. a small file that declares a huge image).
     */
    public static byte[] ofDeflatedRows(int width, int height, byte[] deflatedRows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(deflatedRows.length + 64);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", deflatedRows);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * The width and height a PNG declares in its header, read without decoding anything: so that a
     * service can refuse an image by its size before it spends memory on it.
     *
     * @throws IllegalArgumentException when the bytes do not start with a PNG signature and header
     */
    public static int[] size(byte[] png) {
        if (png.length < 24 || !Arrays.equals(Arrays.copyOf(png, 8), SIGNATURE)) {
            throw new IllegalArgumentException("The image is not a PNG (bad signature)");
        }
        if (!new String(png, 12, 4, StandardCharsets.US_ASCII).equals("IHDR")) {
            throw new IllegalArgumentException("The PNG does not start with its IHDR header");
        }
        return new int[] {getInt(png, 16), getInt(png, 20)};
    }

    /**
     * Writes {@link #encode}'s PNG of {@code image} to {@code out}, which is neither flushed nor closed.
     *
     * @throws IOException when writing to {@code out} fails
     */
    public static void write(RgbImage image, OutputStream out) throws IOException {
        java.util.Objects.requireNonNull(out, "out");
        out.write(encode(image));
    }

    /**
     * Decodes a non-interlaced 8-bit PNG (greyscale, RGB, grey+alpha or RGBA; alpha is dropped)
     * into an RGB8 image. Pure JDK ({@link Inflater}), so the service needs no desktop module.
     *
     * @throws IllegalArgumentException when the bytes are not such a PNG
     */
    public static RgbImage decode(byte[] png) {
        if (png.length < 8 || !Arrays.equals(Arrays.copyOf(png, 8), SIGNATURE)) {
            throw new IllegalArgumentException("The image is not a PNG (bad signature)");
        }
        int width = -1;
        int height = -1;
        int channels = 0;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        int pos = 8;
        boolean ended = false;
        while (!ended) {
            if (pos + 8 > png.length) {
                throw new IllegalArgumentException("The PNG is truncated");
            }
            int len = getInt(png, pos);
            String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
            if (len < 0 || pos + 12L + len > png.length) {
                throw new IllegalArgumentException("The PNG is truncated in chunk " + type);
            }
            int data = pos + 8;
            switch (type) {
                case "IHDR" -> {
                    width = getInt(png, data);
                    height = getInt(png, data + 4);
                    int depth = png[data + 8];
                    int colour = png[data + 9];
                    int interlace = png[data + 12];
                    channels = switch (colour) {
                        case 0 -> 1;
                        case 2 -> 3;
                        case 4 -> 2;
                        case 6 -> 4;
                        default -> 0;
                    };
                    if (depth != 8 || channels == 0 || interlace != 0) {
                        throw new IllegalArgumentException("Only non-interlaced 8-bit grey, RGB and RGBA PNGs are "
                                + "supported, got depth " + depth + ", colour type " + colour + ", interlace " + interlace);
                    }
                    if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                        throw new IllegalArgumentException("Unsupported PNG size " + width + "x" + height);
                    }
                }
                case "IDAT" -> idat.write(png, data, len);
                case "IEND" -> ended = true;
                default -> { }
            }
            pos = data + len + 4;
        }
        if (channels == 0) {
            throw new IllegalArgumentException("The PNG has no IHDR chunk");
        }
        int stride = width * channels;
        byte[] raw = new byte[(stride + 1) * height];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(idat.toByteArray());
            int n = 0;
            while (n < raw.length) {
                int got = inflater.inflate(raw, n, raw.length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n < raw.length) {
                throw new IllegalArgumentException("The PNG's image data is truncated");
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("The PNG's image data is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        byte[] cur = new byte[stride];
        byte[] prev = new byte[stride];
        byte[] px = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            int row = y * (stride + 1);
            int filter = raw[row];
            for (int i = 0; i < stride; i++) {
                int x = raw[row + 1 + i] & 0xff;
                int a = i >= channels ? cur[i - channels] & 0xff : 0;
                int b = prev[i] & 0xff;
                int c = i >= channels ? prev[i - channels] & 0xff : 0;
                int v = switch (filter) {
                    case 0 -> x;
                    case 1 -> x + a;
                    case 2 -> x + b;
                    case 3 -> x + ((a + b) >>> 1);
                    case 4 -> x + paeth(a, b, c);
                    default -> throw new IllegalArgumentException("Unknown PNG filter type " + filter + " in row " + y);
                };
                cur[i] = (byte) v;
            }
            for (int xPix = 0; xPix < width; xPix++) {
                int o = (y * width + xPix) * 3;
                int in = xPix * channels;
                if (channels < 3) {
                    px[o] = px[o + 1] = px[o + 2] = cur[in];
                } else {
                    px[o] = cur[in];
                    px[o + 1] = cur[in + 1];
                    px[o + 2] = cur[in + 2];
                }
            }
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        return new RgbImage(width, height, px);
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
