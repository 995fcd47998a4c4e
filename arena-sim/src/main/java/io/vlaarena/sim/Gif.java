package io.vlaarena.sim;

import io.vlaarena.core.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes frames as a looping animated GIF. Colours are mapped to a fixed 252-colour palette
 * (6 red × 7 green × 6 blue levels) with 4×4 ordered dithering: fast, deterministic, and good
 * enough to watch a robot move. Uses the JDK's GIF writer (headless).
 *
 * <p>Stateless and thread-safe.
 */
public final class Gif {
    private static final int[] BAYER = {0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5};
    private static final IndexColorModel PALETTE = palette();

    private Gif() {}

    /**
     * Writes {@code frames} (all the same size) as an animated GIF that loops forever, showing each
     * frame for {@code frameDelayMs} (rounded to the GIF's 10 ms unit). {@code out} stays open.
     */
    public static void write(List<RgbImage> frames, int frameDelayMs, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("An animation needs at least one frame");
        }
        if (frameDelayMs < 0) {
            throw new IllegalArgumentException("frameDelayMs must not be negative, was " + frameDelayMs);
        }
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(new NonClosing(out))) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            boolean first = true;
            for (RgbImage frame : frames) {
                if (frame.width() != w || frame.height() != h) {
                    throw new IllegalArgumentException("Every frame must be " + w + "x" + h + ", got " + frame.width() + "x"
                            + frame.height());
                }
                BufferedImage indexed = toIndexed(frame);
                IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(indexed), null);
                configure(meta, frameDelayMs / 10, first);
                writer.writeToSequence(new IIOImage(indexed, null, meta), null);
                first = false;
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /** Places {@code left} and {@code right} (same height) side by side with a 4-pixel dark gap. */
    public static RgbImage sideBySide(RgbImage left, RgbImage right) {
        if (left.height() != right.height()) {
            throw new IllegalArgumentException("Side-by-side images need the same height, got " + left.height() + " and "
                    + right.height());
        }
        int gap = 4;
        int w = left.width() + gap + right.width();
        int h = left.height();
        byte[] px = new byte[w * h * 3];
        byte[] l = left.pixels();
        byte[] r = right.pixels();
        for (int y = 0; y < h; y++) {
            System.arraycopy(l, y * left.width() * 3, px, y * w * 3, left.width() * 3);
            for (int x = 0; x < gap; x++) {
                int i = (y * w + left.width() + x) * 3;
                px[i] = px[i + 1] = px[i + 2] = (byte) 40;
            }
            System.arraycopy(r, y * right.width() * 3, px, (y * w + left.width() + gap) * 3, right.width() * 3);
        }
        return new RgbImage(w, h, px);
    }

    private static BufferedImage toIndexed(RgbImage frame) {
        int w = frame.width();
        int h = frame.height();
        byte[] rgb = frame.pixels();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, PALETTE);
        WritableRaster raster = out.getRaster();
        byte[] idx = new byte[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                double t = (BAYER[(y & 3) * 4 + (x & 3)] + 0.5) / 16.0;
                int r = level(rgb[i] & 0xff, 6, t);
                int g = level(rgb[i + 1] & 0xff, 7, t);
                int b = level(rgb[i + 2] & 0xff, 6, t);
                idx[x] = (byte) ((r * 7 + g) * 6 + b);
            }
            raster.setDataElements(0, y, w, 1, idx);
        }
        return out;
    }

    private static int level(int value, int levels, double threshold) {
        double scaled = value / 255.0 * (levels - 1);
        int base = (int) scaled;
        return Math.min(levels - 1, base + (scaled - base > threshold ? 1 : 0));
    }

    private static IndexColorModel palette() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int ri = 0; ri < 6; ri++) {
            for (int gi = 0; gi < 7; gi++) {
                for (int bi = 0; bi < 6; bi++) {
                    int i = (ri * 7 + gi) * 6 + bi;
                    r[i] = (byte) Math.round(ri * 255.0 / 5);
                    g[i] = (byte) Math.round(gi * 255.0 / 6);
                    b[i] = (byte) Math.round(bi * 255.0 / 5);
                }
            }
        }
        return new IndexColorModel(8, 256, r, g, b);
    }

    private static void configure(IIOMetadata meta, int delayCs, boolean first) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCs));
        gce.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // loop forever
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /** Keeps the caller's stream open when the image stream closes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
