package io.vlaarena.sim;

import io.vlaarena.core.RgbImage;
import io.vlaarena.sim.internal.render.PngWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes rendered images as PNG (8-bit RGB, no AWT needed). Stateless and thread-safe.
 */
public final class Png {
    private Png() {}

    /** Writes {@code image} as a PNG to {@code out}, which stays open. */
    public static void write(RgbImage image, OutputStream out) throws IOException {
        PngWriter.write(image, out);
    }

    /** The PNG encoding of {@code image}. */
    public static byte[] toBytes(RgbImage image) {
        return PngWriter.toBytes(image);
    }
}
