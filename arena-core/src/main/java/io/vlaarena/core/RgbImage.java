package io.vlaarena.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * An RGB image with 8 bits per channel, rows top to bottom, pixels left to right, channels R, G, B
 * interleaved ({@code width * height * 3} bytes).
 *
 * <p>Immutable and thread-safe; the pixel array is copied in and out.
 *
 * @param width width in pixels, positive
 * @param height height in pixels, positive
 * @param pixels {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] pixels) {
    /** Validates and copies; throws {@link IllegalArgumentException} when the sizes disagree. */
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image size must be positive, was " + width + "x" + height);
        }
        Objects.requireNonNull(pixels, "pixels");
        if ((long) width * height * 3 != pixels.length) {
            throw new IllegalArgumentException("A " + width + "x" + height + " RGB image needs "
                    + ((long) width * height * 3) + " bytes, got " + pixels.length);
        }
        pixels = pixels.clone();
    }

    /** Returns a copy of the pixels. */
    @Override
    public byte[] pixels() {
        return pixels.clone();
    }

    /** Copies the pixels into {@code dest} at {@code offset}. */
    public void copyTo(byte[] dest, int offset) {
        System.arraycopy(pixels, 0, dest, offset, pixels.length);
    }

    /** The pixel at (x, y) packed as {@code 0xRRGGBB}. */
    public int rgb(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        int i = (y * width + x) * 3;
        return (pixels[i] & 0xff) << 16 | (pixels[i + 1] & 0xff) << 8 | (pixels[i + 2] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage r && width == r.width && height == r.height && Arrays.equals(pixels, r.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height) * 31 + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
