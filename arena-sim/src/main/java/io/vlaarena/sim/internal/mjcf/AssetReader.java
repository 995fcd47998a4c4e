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
                    throw new SceneException("<hfield> at line " + c.line + " is not supported: height fields (MuJoCo's "
                            + "prism-by-prism collisions against them, their rendering) are not implemented.");
                case "skin":
                    throw new SceneException("<skin> at line " + c.line + " is not supported: skins (deformable "
                            + "surfaces drawn over bodies) are not implemented.");
                default:
                    throw unknownChild(c, "asset", List.of("texture", "material", "mesh"));
            }
        }
    }

    private MjSpec.MjsTexture texture(XmlElement e) {
        Attrs a = new Attrs(e, Map.of());
        MjSpec.MjsTexture t = new MjSpec.MjsTexture();
        t.name = a.str("name", "");
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
            // MuJoCo names a file mesh after its file: no directories, no extension.
            String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
            int dot = base.lastIndexOf('.');
            name = dot > 0 ? base.substring(0, dot) : base;
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
