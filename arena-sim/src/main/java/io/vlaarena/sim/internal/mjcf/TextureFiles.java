package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.Png;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SceneException;
import java.util.List;
import java.util.Locale;

/**
 * Texture files as MuJoCo 2.2.2 reads them ({@code mjCTexture::Load2D}, {@code LoadCubeSingle},
 * {@code LoadCubeSeparate}, {@code LoadFlip}): PNG only, read through the caller's
 * {@link AssetAccess} (confined to the granted directory exactly like mesh files), flipped by
 * {@code hflip}/{@code vflip}; a 2d texture is the image; a cube or skybox texture is one square
 * image for all faces ({@code gridsize} 1 1), a grid of faces named by {@code gridlayout}
 * ({@code R L U D F B} or {@code .}), or six separate square files; faces not given take
 * {@code rgb1}. Stateless.
 */
final class TextureFiles {
    private TextureFiles() {
    }

    /** The attributes that name texture files: {@code file}, then the cube faces in MuJoCo's order. */
    static final List<String> FILE_ATTRS = List.of("file", "fileright", "fileleft", "fileup", "filedown", "filefront",
            "fileback");
    /** The most texels of one texture (16M, as for builtin textures). */
    static final long MAX_TEXELS = 16L * 1024 * 1024;

    /** Reads the files of texture {@code t} (its builtin is none) into {@code t.rgb}, {@code t.width}, {@code t.height}. */
    static void read(AssetReader reader, XmlElement e, Attrs a, MjSpec.MjsTexture t) {
        String label = "Texture" + (t.name.isEmpty() ? "" : " '" + t.name + "'") + " at line " + e.line;
        boolean any = false;
        for (String f : FILE_ATTRS) {
            any |= a.has(f);
        }
        if (!any) {
            throw a.error("builtin", "is missing or 'none' and no texture file is given; give 'builtin' (checker, "
                    + "flat, gradient) or 'file'.");
        }
        boolean hflip = a.bool("hflip", false), vflip = a.bool("vflip", false);
        if (a.has("file")) {
            for (String f : FILE_ATTRS.subList(1, 7)) {
                if (a.has(f)) {
                    throw a.error(f, "is given together with 'file'; give one file or the separate cube faces.");
                }
            }
            RgbImage img = image(reader, a, "file", t, hflip, vflip);
            if (t.type.equals("2d")) {
                t.width = img.width();
                t.height = img.height();
                t.rgb = img.pixels();
                return;
            }
            double[] grid = a.vector("gridsize", 2, new double[] {1, 1});
            int rows = (int) grid[0], cols = (int) grid[1];
            if (grid[0] != rows || grid[1] != cols || rows < 1 || cols < 1 || rows * cols > 12) {
                throw a.error("gridsize", "must be two whole numbers of at least 1 with at most 12 squares in all.");
            }
            int w = img.width(), h = img.height();
            if (w / cols != h / rows || w % cols != 0 || h % rows != 0) {
                throw new SceneException(label + ": the image is " + w + "x" + h + " pixels, not a grid of " + rows
                        + "x" + cols + " equal squares (gridsize).");
            }
            if (rows == 1 && cols == 1) {
                // one square image shown on every face
                t.width = t.height = w;
                t.rgb = img.pixels();
                return;
            }
            String layout = a.str("gridlayout", "............");
            if (layout.length() < rows * cols) {
                throw a.error("gridlayout", "has " + layout.length() + " symbols; the grid has " + rows * cols + " squares.");
            }
            int side = w / cols;
            byte[] rgb = faces(side, t.rgb1);
            for (int k = 0; k < rows * cols; k++) {
                int face = "RLUDFB".indexOf(layout.charAt(k));
                if (face < 0 && layout.charAt(k) != '.') {
                    throw a.error("gridlayout", "has '" + layout.charAt(k) + "'; its symbols are R, L, U, D, F, B and '.'.");
                }
                if (face >= 0) {
                    int r0 = side * (k / cols), c0 = side * (k % cols);
                    for (int j = 0; j < side; j++) {
                        System.arraycopy(img.pixels(), 3 * ((r0 + j) * w + c0), rgb, 3 * (face * side * side + j * side),
                                3 * side);
                    }
                }
            }
            t.width = side;
            t.height = 6 * side;
            t.rgb = rgb;
            return;
        }
        if (t.type.equals("2d")) {
            throw a.error(FILE_ATTRS.stream().skip(1).filter(a::has).findFirst().orElseThrow(),
                    "names a cube face, but a 2d texture is one image: give 'file'.");
        }
        byte[] rgb = null;
        int side = 0;
        for (int f = 0; f < 6; f++) {
            String attr = FILE_ATTRS.get(f + 1);
            if (!a.has(attr)) {
                continue;
            }
            RgbImage img = image(reader, a, attr, t, hflip, vflip);
            if (img.width() != img.height()) {
                throw a.error(attr, "names a " + img.width() + "x" + img.height() + " image; cube faces are square.");
            }
            if (rgb == null) {
                side = img.width();
                rgb = faces(side, t.rgb1);
            } else if (img.width() != side) {
                throw a.error(attr, "names a " + img.width() + "-pixel face; the other faces have " + side + ".");
            }
            System.arraycopy(img.pixels(), 0, rgb, 3 * f * side * side, 3 * side * side);
        }
        t.width = side;
        t.height = 6 * side;
        t.rgb = rgb;
    }

    /** Six faces of {@code side} pixels filled with {@code rgb1}, as MuJoCo fills the faces no file gives. */
    private static byte[] faces(int side, double[] rgb1) {
        byte[] rgb = new byte[3 * 6 * side * side];
        for (int p = 0; p < 6 * side * side; p++) {
            for (int c = 0; c < 3; c++) {
                rgb[3 * p + c] = (byte) (int) (255 * rgb1[c]);
            }
        }
        return rgb;
    }

    private static RgbImage image(AssetReader reader, Attrs a, String attr, MjSpec.MjsTexture t, boolean hflip,
            boolean vflip) {
        String file = a.str(attr, "");
        if (!reader.filesGranted()) {
            throw a.error(attr, "is refused: the loader never reads files named by the XML (it may come from an "
                    + "untrusted source); use a builtin texture, or load a local scene through an API that grants an "
                    + "asset directory (SimModel.load(Path)).");
        }
        if (file.isEmpty()) {
            throw a.error(attr, "is empty; it names a .png file.");
        }
        if (!file.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw a.error(attr, "is '" + file + "'; only PNG texture files are supported (MuJoCo's custom texture "
                    + "format is not).");
        }
        String label = "Texture '" + (t.name.isEmpty() ? file : t.name) + "'";
        byte[] bytes = reader.readTexture(label, file);
        RgbImage img;
        try {
            int[] size = Png.size(bytes);
            if (size[0] < 1 || size[1] < 1 || (long) size[0] * size[1] > MAX_TEXELS) {
                throw new SceneException(label + ": the file '" + file + "' is a " + size[0] + "x" + size[1]
                        + " image; textures have 1 to " + MAX_TEXELS + " texels.");
            }
            img = Png.decode(bytes);
        } catch (IllegalArgumentException ex) {
            throw new SceneException(label + ": the file '" + file + "' is not a PNG this loader reads: "
                    + ex.getMessage() + ".", ex);
        }
        if (!hflip && !vflip) {
            return img;
        }
        int w = img.width(), h = img.height();
        byte[] src = img.pixels(), out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = hflip ? w - 1 - x : x, sy = vflip ? h - 1 - y : y;
                System.arraycopy(src, 3 * (sy * w + sx), out, 3 * (y * w + x), 3);
            }
        }
        return new RgbImage(w, h, out);
    }
}
