package io.vlaarena.sim.internal.mjcf;

import static io.vlaarena.sim.internal.mjcf.MjcfSchema.*;

import io.vlaarena.core.SceneException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code <asset>} sections into the {@link MjSpec}: builtin textures, materials and meshes
 * (inline, or from files when the caller granted an {@link AssetAccess}, which confines every
 * path), part of MuJoCo's {@code xml_native_reader}. One per document; not thread-safe.
 */
final class AssetReader {
    private final MjcfReader reader;
    private final AssetAccess assets;
    private final String meshdir;
    private final String assetdir;
    private final boolean strippath;
    /** The directory texture files are named from: texturedir, else assetdir, else the model directory. */
    String texturedir = "";
    /** MuJoCo's cube faces, in its order (right, left, up, down, front, back): the separate-file attributes. */
    private static final List<String> CUBE_FILES = List.of("fileright", "fileleft", "fileup", "filedown", "filefront",
            "fileback");

    AssetReader(MjcfReader reader, AssetAccess assets, String meshdir, String assetdir, boolean strippath) {
        this.reader = reader;
        this.assets = assets;
        this.meshdir = meshdir;
        this.assetdir = assetdir;
        this.strippath = strippath;
    }

    /** Whether the caller granted file access (else every file attribute is refused). */
    boolean filesGranted() {
        return assets.granted();
    }

    /** Reads a texture file from texturedir (strippath applied), confined as mesh files are. */
    byte[] readTexture(String label, String file) {
        String path = strippath ? file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) : file;
        return assets.read(label, texturedir, path);
    }

    /**
     * A height field as MuJoCo 2.2.2 reads it ({@code mjCHField}): from a PNG file (its grey
     * level, the image's top row at +y; files named from meshdir, confined as mesh files), or
     * {@code nrow} x {@code ncol} zeros; the elevations then scaled to [0, 1]; {@code size}
     * (x, y, top, base) all positive.
     */
    private MjSpec.MjsHField hfield(XmlElement e) {
        Attrs a = new Attrs(e, Map.of());
        MjSpec.MjsHField h = new MjSpec.MjsHField();
        // unnamed: named after its file, as MuJoCo does
        h.name = a.str("name", a.has("file") ? fileStem(a.str("file", "")) : "");
        MjcfSchema.requireAttr(e, "size");
        h.size = a.vector("size", 4, null);
        for (double v : h.size) {
            if (!(v > 0)) {
                throw a.error("size", "must be four positive numbers (x and y half extents, top height, base depth).");
            }
        }
        String file = a.has("file") ? a.str("file", "") : null;
        if (file != null) {
            if (a.has("nrow") || a.has("ncol")) {
                throw a.error("file", "is given together with nrow/ncol; a height field comes from a file or from its size.");
            }
            if (!assets.granted()) {
                throw a.error("file", "is refused: the loader never reads files named by the XML (it may come from an "
                        + "untrusted source); give nrow and ncol, or load a local scene through an API that grants an "
                        + "asset directory (SimModel.load(Path)).");
            }
            if (!file.toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
                throw a.error("file", "is '" + file + "'; only PNG height fields are supported (MuJoCo's custom binary "
                        + "format is not).");
            }
            String label = "Height field '" + (h.name.isEmpty() ? file : h.name) + "'";
            String path = strippath ? file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) : file;
            String dir = meshdir != null ? meshdir : assetdir != null ? assetdir : "";
            byte[] bytes = assets.read(label, dir, path);
            io.vlaarena.core.RgbImage img;
            try {
                int[] wh = io.vlaarena.core.Png.size(bytes);
                if ((long) wh[0] * wh[1] > TextureFiles.MAX_TEXELS || wh[0] < 1 || wh[1] < 1) {
                    throw new SceneException(label + ": the file '" + file + "' is a " + wh[0] + "x" + wh[1]
                            + " image; height fields have 1 to " + TextureFiles.MAX_TEXELS + " samples.");
                }
                img = io.vlaarena.core.Png.decode(bytes);
            } catch (IllegalArgumentException ex) {
                throw new SceneException(label + ": the file '" + file + "' is not a PNG this loader reads: "
                        + ex.getMessage() + ".", ex);
            }
            h.ncol = img.width();
            h.nrow = img.height();
            if (h.ncol < 2 || h.nrow < 2) {
                throw new SceneException(label + ": the file '" + file + "' is a " + h.ncol + "x" + h.nrow
                        + " image; a height field needs at least 2 x 2 samples.");
            }
            h.data = new float[h.nrow * h.ncol];
            byte[] px = img.pixels();
            for (int r = 0; r < h.nrow; r++) {
                for (int c = 0; c < h.ncol; c++) {
                    // the grey level (a grey PNG's one channel; the red channel of a colour one, as
                    // lodepng converts), the image's top row last
                    h.data[c + (h.nrow - 1 - r) * h.ncol] = px[3 * (c + r * h.ncol)] & 0xff;
                }
            }
        } else {
            h.nrow = a.integer("nrow", 0);
            h.ncol = a.integer("ncol", 0);
            if (h.nrow < 2 || h.ncol < 2 || (long) h.nrow * h.ncol > TextureFiles.MAX_TEXELS) {
                throw new SceneException("<hfield> at line " + e.line + " needs a 'file', or 'nrow' and 'ncol' of at least 2 "
                        + "(at most " + TextureFiles.MAX_TEXELS + " samples); got " + h.nrow + " x " + h.ncol + ".");
            }
            h.data = new float[h.nrow * h.ncol];
        }
        float emin = 1e10f, emax = -1e10f;
        for (float v : h.data) {
            emin = Math.min(emin, v);
            emax = Math.max(emax, v);
        }
        for (int i = 0; i < h.data.length; i++) {
            h.data[i] -= emin;
            if (emax - emin > 1e-15) {
                h.data[i] /= emax - emin;
            }
        }
        return h;
    }

    /** Reads one {@code <asset>} section. */
    void assetSection(XmlElement s) {
        checkAttrs(s, Set.of(), Set.of());
        for (XmlElement c : s.children()) {
            switch (c.name) {
                case "texture":
                    checkAttrs(c, TEXTURE_ATTRS, TEXTURE_IGNORED);
                    noChildren(c);
                    reader.spec.textures.add(texture(c));
                    break;
                case "material":
                    checkAttrs(c, MATERIAL_ATTRS, MATERIAL_IGNORED);
                    noChildren(c);
                    reader.spec.materials.add(material(reader.defaults.attrs(c, null)));
                    break;
                case "mesh":
                    checkAttrs(c, MESH_ATTRS, MESH_IGNORED);
                    noChildren(c);
                    mesh(c);
                    break;
                case "hfield":
                    checkAttrs(c, MjcfSchema.HFIELD_ATTRS, Set.of());
                    noChildren(c);
                    reader.spec.hfields.add(hfield(c));
                    break;
                case "skin":
                    throw new SceneException("<skin> at line " + c.line + " is not supported: skins (deformable "
                            + "surfaces drawn over bodies) are not implemented.");
                default:
                    throw unknownChild(c, "asset", List.of("texture", "material", "mesh", "hfield"));
            }
        }
    }

    /**
     * The name MuJoCo 2.2.2 gives an asset without one ({@code mjCModel::SetDefaultNames}): its
     * file's name without directories and extension.
     */
    static String fileStem(String file) {
        String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private MjSpec.MjsTexture texture(XmlElement e) {
        Attrs a = new Attrs(e, Map.of());
        MjSpec.MjsTexture t = new MjSpec.MjsTexture();
        // unnamed: named after its file, as MuJoCo does
        t.name = a.str("name", a.has("file") ? fileStem(a.str("file", "")) : "");
        t.type = a.keyword("type", "cube", List.of("2d", "cube", "skybox"));
        String builtin = a.keyword("builtin", "none", List.of("none", "gradient", "checker", "flat"));
        t.builtin = List.of("none", "gradient", "checker", "flat").indexOf(builtin);
        t.rgb1 = a.vector("rgb1", 3, new double[] {0.8, 0.8, 0.8});
        if (builtin.equals("none")) {
            TextureFiles.read(this, e, a, t);
            t.rgb2 = a.vector("rgb2", 3, new double[] {0.5, 0.5, 0.5});
            t.markrgb = a.vector("markrgb", 3, new double[3]);
            return t;
        }
        for (String f : TextureFiles.FILE_ATTRS) {
            if (a.has(f)) {
                throw a.error(f, "names a file for a builtin texture; give either 'builtin' or texture files.");
            }
        }
        t.width = a.integer("width", 0);
        // As MuJoCo: cube and skybox textures are six square faces stacked vertically (height = 6 width).
        t.height = t.type.equals("2d") ? a.integer("height", 0) : 6 * Math.min(t.width, 1 << 20);
        if (t.width <= 0 || t.height <= 0 || (long) t.width * t.height > 16L * 1024 * 1024) {
            throw new SceneException("Texture at line " + e.line + " needs a positive 'width' (and 'height' for 2d) with at most 16M texels, got "
                    + t.width + "x" + t.height + ".");
        }
        t.rgb2 = a.vector("rgb2", 3, new double[] {0.5, 0.5, 0.5});
        t.mark = List.of("none", "edge", "cross", "random").indexOf(a.keyword("mark", "none", List.of("none", "edge", "cross", "random")));
        t.markrgb = a.vector("markrgb", 3, new double[3]);
        return t;
    }

    private static MjSpec.MjsMaterial material(Attrs a) {
        MjSpec.MjsMaterial mt = new MjSpec.MjsMaterial();
        mt.attrs = a;
        mt.name = a.str("name", "");
        mt.texture = a.str("texture", null);
        mt.rgba = a.vector("rgba", 4, new double[] {1, 1, 1, 1});
        mt.texrepeat = a.vector("texrepeat", 2, new double[] {1, 1});
        mt.texuniform = a.bool("texuniform", false);
        mt.specular = a.number("specular", 0.5);
        mt.shininess = a.number("shininess", 0.5);
        mt.reflectance = a.number("reflectance", 0);
        return mt;
    }

    private void mesh(XmlElement c) {
        Attrs a = reader.defaults.attrs(c, null);
        String file = a.has("file") ? a.str("file", "") : null;
        if (file != null && !assets.granted()) {
            throw a.error("file", "is refused: the loader never reads files named by the XML (it may come from an "
                    + "untrusted source); give the mesh inline with 'vertex' and optionally 'face', or load a local "
                    + "scene through an API that grants an asset directory (SimModel.load(Path)).");
        }
        if (file != null && file.isEmpty()) {
            throw a.error("file", "is empty; it names a .stl or .obj file.");
        }
        String name = a.str("name", "");
        if (name.isEmpty() && file != null) {
            name = fileStem(file);
        }
        if (name.isEmpty()) {
            throw new SceneException("<mesh> at line " + c.line + " needs a 'name' (geoms refer to meshes by name).");
        }
        onlyDefault(a, "refpos", "0 0 0", "mesh reference frames are not supported");
        onlyDefault(a, "refquat", "1 0 0 0", "mesh reference frames are not supported");
        if (reader.meshIds.containsKey(name)) {
            throw new SceneException("Repeated mesh name '" + name + "' at line " + c.line + ".");
        }
        double density = new Attrs(c, reader.defaults.classFor(c, null).of("geom")).number("density", 1000);
        MeshAsset mesh;
        if (file == null) {
            mesh = MeshAsset.compile(a, name, density);
        } else {
            String path = strippath ? file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) : file;
            MeshFiles.format(name, path);
            // assetdir as MuJoCo 2.3 defines it (2.2.2 does not know it): meshdir wins when both are given.
            String dir = meshdir != null ? meshdir : assetdir != null ? assetdir : "";
            byte[] bytes = assets.read("Mesh '" + name + "'", dir, path);
            mesh = MeshAsset.fromFile(a, name, path, MeshFiles.read(name, path, bytes, MeshAsset.MAX_FACES), density);
        }
        reader.meshIds.put(name, reader.spec.meshes.size());
        reader.spec.meshes.add(mesh);
    }
}
