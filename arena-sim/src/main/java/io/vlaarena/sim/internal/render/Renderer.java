package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.util.Spatial;
import io.vlaarena.core.RgbImage;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A headless software renderer for MuJoCo-style scenes: draws a model's primitive geoms as seen
 * from one of its cameras, or from a free camera, into an {@link RgbImage}.
 *
 * <p>Technique: primitives are tessellated once per shape and level of detail, rasterized into a
 * depth and geom-id buffer, then shaded per pixel with analytic normals (so coarse meshes still
 * look round); planes are ray-cast per pixel and drawn to the horizon (or to their size when it
 * is positive), visible from their +z side only, as in MuJoCo. Lighting is Lambert plus
 * Blinn-Phong specular in linear light, encoded to sRGB with a soft highlight roll-off: MuJoCo's
 * headlight (ambient 0.1, diffuse 0.4, specular 0.5, always on as in MuJoCo) plus the model's
 * lights, directional or spot (MuJoCo's default cone: cutoff 45 degrees, exponent 10; no
 * attenuation). The first light with {@code castshadow} casts shadows through a filtered shadow
 * map of all solid geoms. Colors: a geom with a material takes the material rgba unless its own
 * rgba differs from MuJoCo's default 0.5 0.5 0.5 1. Builtin checker textures (with an "edge" mark)
 * are drawn on planes with MuJoCo's texture mapping: {@code texrepeat} textures across a sized
 * plane, or one texture per {@code 2 / texrepeat} metres on an infinite plane or with the
 * material's {@code texuniform}; each holds 2x2 squares. They are
 * filtered by the pixel footprint; other geoms take the texture's mean color. A gradient skybox
 * texture colors the background, else a default sky. Translucent geoms are drawn opaque; fully
 * transparent ones are skipped. Spatial tendons are drawn as MuJoCo draws them: capsules along the
 * frame's tendon paths (a slack string as its catenary), shaded and shadowed like geoms, their ids
 * following the geoms' in the buffers. Skins are drawn as MuJoCo draws them ({@link Skins}): posed
 * from the frame's body poses, smooth-shaded with their vertex normals, shadowed, textured by their
 * texture coordinates, their ids following the tendon segments'. With supersampling, pixels are shaded once unless a
 * silhouette crosses them.
 *
 * <p>Not thread-safe: use one renderer per thread (or per episode). It reuses its buffers and
 * mesh cache between frames; the model and frame are only read.
 */
public final class Renderer {
    /** Largest accepted image edge, in pixels. */
    public static final int MAX_SIZE = 8192;

    private static final double HEAD_AMBIENT = 0.1, HEAD_DIFFUSE = 0.4, HEAD_SPECULAR = 0.5;
    private static final int MAX_CACHED_MESHES = 4096;
    private static final double SPOT_COS_CUTOFF = Math.cos(Math.toRadians(45));

    private final RenderSettings settings;
    private final Raster raster = new Raster();
    private final ShadowMap shadow = new ShadowMap();
    private final Map<MeshKey, Mesh> meshes = new HashMap<>();
    private MjModel assetModel;
    private Mesh[] assetMeshes;
    /** Per asset mesh: the unit normal of each triangle from its winding (outward for MuJoCo's counterclockwise faces). */
    /** Per mesh asset: triangle normals, and the smooth shading normals of the triangles' corners. */
    private double[][] faceNormals, cornerNormals;
    private final double[] m34 = new double[12];
    private final double[] rgba = new double[4];

    // Per-frame tendon segments, drawn as capsules whose ids follow the geoms': pose (midpoint, axes
    // with z along the segment), radius and half length, and the tendon each belongs to.
    private int segCount;
    private double[] segPos = new double[0], segMat = new double[0], segSize = new double[0];
    private int[] segTendon = new int[0];
    // Per-frame skins, drawn as meshes in world coordinates whose ids follow the tendon segments':
    // the model's skin, its posed triangles, their face and corner normals, and its size (metres).
    private static final int SKIN = -1;
    private int skinCount;
    private int[] skinOf = new int[0];
    private Mesh[] skinMesh = new Mesh[0];
    private double[][] skinFaceNormals = new double[0][], skinCornerNormals = new double[0][];
    private double[] skinExtent = new double[0];
    private float[] skinVert = new float[0], skinNormal = new float[0];
    // Per drawn id (geoms, tendon segments, then skins): type, size and world pose.
    private int[] types = new int[0];
    private double[] sizes = new double[0];
    private double[] allXpos = new double[0], allXmat = new double[0];
    private final double[] base34 = new double[12];
    private final double[] catenary = new double[3 * Catenary.POINTS];

    // Per-frame geom data.
    private float[] albedo = new float[0];
    private float[] specular = new float[0];
    private float[] shine = new float[0];
    private int[] texture = new int[0];
    private int[] planes = new int[0];
    private int planeCount;

    // Per-frame lights: directional flag, direction the light travels or position, color terms.
    private int lightCount;
    private boolean[] lDirectional = new boolean[0];
    private double[] lVec = new double[0], lDiffuse = new double[0], lSpecular = new double[0];
    private final double[] ambient = new double[3];
    private int shadowLight;
    private double[] lSpecularMax = new double[0];
    private double[] lSpot = new double[0];
    private double shadowTexel;

    // Camera of the current frame.
    private final double[] cPos = new double[3], cRight = new double[3], cUp = new double[3], cFwd = new double[3];
    private double tanX, tanY, near;

    // Background: sky colors (linear) and haze distance.
    private final double[] skyTop = new double[3], skyHorizon = new double[3], skyBottom = new double[3];
    private double hazeStart, hazeScale;

    private final double[] sampleKeys = new double[16];
    private final int[] sampleIds = new int[16];
    private final int[] sampleTris = new int[16];
    private float[] texColors = new float[0];
    private double[] texLine = new double[0];
    /** The texture coordinates of the mesh point being shaded, when its mesh has them. */
    private boolean meshUv;
    private double meshU, meshV;
    /** The smooth normal of the mesh point being shaded (local frame). */
    private final double[] meshNormal = new double[3];
    /** Per texture: whether it is a cube (or skybox) texture rather than a 2d one. */
    private boolean[] texCube = new boolean[0];
    /** The skybox texture read from files (-1: a builtin or the default sky) and its model. */
    private int skyTexture = -1;
    private MjModel skyModel;
    private double[] repeat = new double[0];

    /** A renderer with {@link RenderSettings#defaults()}. */
    public Renderer() {
        this(RenderSettings.defaults());
    }

    /** A renderer with the given settings. */
    public Renderer(RenderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings this renderer was made with. */
    public RenderSettings settings() {
        return settings;
    }

    /**
     * Renders the scene as seen by model camera {@code cameraId}, or by {@link FreeCamera#framing}
     * when {@code cameraId} is -1.
     *
     * @throws IllegalArgumentException for a size outside 1..{@link #MAX_SIZE}, an unknown camera
     *     id, or frame arrays shorter than the model needs
     */
    public RgbImage render(MjModel model, RenderFrame frame, int cameraId, int width, int height) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(frame, "frame");
        checkSize(width, height);
        if (cameraId < -1 || cameraId >= model.ncam) {
            throw new IllegalArgumentException("Unknown camera id " + cameraId + "; valid ids are -1 (free camera)"
                    + (model.ncam > 0 ? " and 0.." + (model.ncam - 1) : "") + cameraNames(model));
        }
        checkFrame(model, frame);
        if (cameraId < 0) {
            return render(model, frame, FreeCamera.framing(model, frame), width, height);
        }
        double[] p = frame.camXpos(), m = frame.camXmat();
        int a = 9 * cameraId;
        double fovy = model.cam_fovy[cameraId];
        Spatial.set3(cPos, p[3 * cameraId], p[3 * cameraId + 1], p[3 * cameraId + 2]);
        Spatial.set3(cRight, m[a], m[a + 3], m[a + 6]);
        Spatial.set3(cUp, m[a + 1], m[a + 4], m[a + 7]);
        Spatial.set3(cFwd, -m[a + 2], -m[a + 5], -m[a + 8]);
        return draw(model, frame, fovy, width, height);
    }

    /**
     * Renders the scene as seen by a free camera.
     *
     * @throws IllegalArgumentException for a size outside 1..{@link #MAX_SIZE} or frame arrays
     *     shorter than the model needs
     */
    public RgbImage render(MjModel model, RenderFrame frame, FreeCamera camera, int width, int height) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(camera, "camera");
        checkSize(width, height);
        checkFrame(model, frame);
        double az = Math.toRadians(camera.azimuthDeg()), el = Math.toRadians(camera.elevationDeg());
        Spatial.set3(cFwd, Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el));
        Spatial.set3(cPos, camera.lookatX() - camera.distance() * cFwd[0], camera.lookatY() - camera.distance() * cFwd[1],
                camera.lookatZ() - camera.distance() * cFwd[2]);
        Spatial.set3(cRight, cFwd[1], -cFwd[0], 0);
        Spatial.normalize3(cRight);
        Spatial.set3(cUp, cRight[1] * cFwd[2] - cRight[2] * cFwd[1], cRight[2] * cFwd[0] - cRight[0] * cFwd[2],
                cRight[0] * cFwd[1] - cRight[1] * cFwd[0]);
        return draw(model, frame, camera.fovyDeg(), width, height);
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1 || width > MAX_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException("Image size must be 1.." + MAX_SIZE + " pixels per side, was "
                    + width + "x" + height);
        }
    }

    private static String cameraNames(MjModel m) {
        return m.ncam == 0 ? "" : " (" + String.join(", ", nonNull(m.cam_name)) + ")";
    }

    private static String[] nonNull(String[] names) {
        String[] out = names.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] == null ? "<unnamed " + i + ">" : out[i];
        }
        return out;
    }

    private static void checkFrame(MjModel m, RenderFrame f) {
        need("geomXpos", f.geomXpos(), 3 * m.ngeom);
        need("geomXmat", f.geomXmat(), 9 * m.ngeom);
        need("camXpos", f.camXpos(), 3 * m.ncam);
        need("camXmat", f.camXmat(), 9 * m.ncam);
        need("lightXpos", f.lightXpos(), 3 * m.nlight);
        need("lightXdir", f.lightXdir(), 3 * m.nlight);
        int[] adr = f.tenWrapadr(), num = f.tenWrapnum();
        if (m.ntendon == 0 || adr == null || num == null || adr.length < m.ntendon) {
            return;
        }
        if (num.length < m.ntendon) {
            throw new IllegalArgumentException("Render frame array tenWrapnum needs at least " + m.ntendon
                    + " values for this model, has " + num.length);
        }
        int obj = f.wrapObj() == null ? 0 : f.wrapObj().length, pts = f.wrapXpos() == null ? 0 : f.wrapXpos().length / 3;
        for (int t = 0; t < m.ntendon; t++) {
            if (adr[t] < 0 || num[t] < 0 || adr[t] + num[t] > Math.min(obj, pts)) {
                throw new IllegalArgumentException("Render frame tendon path " + t + " spans points " + adr[t] + ".."
                        + (adr[t] + num[t] - 1) + ", but the frame holds " + Math.min(obj, pts) + " path points");
            }
        }
    }

    private static void need(String name, double[] a, int n) {
        if (a == null || a.length < n) {
            throw new IllegalArgumentException("Render frame array " + name + " needs at least " + n
                    + " values for this model, has " + (a == null ? "none" : a.length));
        }
    }

    // ------------------------------------------------------------------------------------------

    private RgbImage draw(MjModel model, RenderFrame frame, double fovyDeg, int width, int height) {
        int ss = settings.supersampling();
        int w = width * ss, h = height * ss;
        prepareTendons(model, frame);
        prepareSkins(model, frame);
        double[] xpos = poses(model, frame, true), xmat = poses(model, frame, false);
        double[] bounds = withSegments(model, SceneGeometry.visibleBounds(model, frame.geomXpos(), frame.geomXmat()));

        tanY = Math.tan(Math.toRadians(Math.max(1e-3, Math.min(179, fovyDeg))) / 2);
        tanX = tanY * w / h;
        double extent = bounds == null ? 1 : Math.max(0.1, Math.max(bounds[3] - bounds[0],
                Math.max(bounds[4] - bounds[1], bounds[5] - bounds[2])));
        near = Math.min(0.01, 0.001 * extent);
        hazeStart = 6 * extent;
        hazeScale = 12 * extent;

        prepareGeoms(model);
        prepareTextures(model);
        prepareLights(model, frame);
        prepareSky(model);
        boolean shadows = settings.shadows() && shadowLight >= 0 && bounds != null
                && buildShadowMap(model, xpos, xmat, bounds, height);

        raster.reset(w, h, true);
        raster.perspective(w / 2.0, h / 2.0, w / (2 * tanX), h / (2 * tanY), near);
        double[] view = new double[3];
        for (int g = 0; g < model.ngeom; g++) {
            if (!SceneGeometry.isDrawnSolid(model, g)) {
                continue;
            }
            int type = model.geom_type[g];
            double radius = SceneGeometry.boundingRadius(type, model.geom_size, g);
            int segments = segmentsSeen(xpos, g, radius, radius, h, view);
            if (segments == 0) {
                continue;
            }
            Mesh mesh = mesh(model, g, segments);
            Spatial.frameInFrame(xmat, 9 * g, xpos, 3 * g, cRight, cUp, cFwd, cPos, m34);
            raster.drawMesh(mesh, m34, g, true);
        }
        for (int k = 0; k < segCount; k++) {
            int id = model.ngeom + k;
            int segments = segmentsSeen(xpos, id, sizes[3 * id] + sizes[3 * id + 1], sizes[3 * id], h, view);
            if (segments == 0) {
                continue;
            }
            Spatial.frameInFrame(xmat, 9 * id, xpos, 3 * id, cRight, cUp, cFwd, cPos, base34);
            drawSegment(raster, id, segments, true);
        }
        for (int k = 0; k < skinCount; k++) {
            int id = model.ngeom + segCount + k;
            Spatial.frameInFrame(xmat, 9 * id, xpos, 3 * id, cRight, cUp, cFwd, cPos, m34);
            raster.drawMesh(skinMesh[k], m34, id, true);
        }

        byte[] out = new byte[3 * width * height];
        shade(model, xpos, xmat, width, height, ss, shadows, out);
        return new RgbImage(width, height, out);
    }

    /**
     * The level of detail of drawn id {@code id} (a shape within {@code bound} of its position,
     * round with radius {@code round}) in an image {@code h} samples high, or 0 when it lies
     * outside the view; {@code view} is scratch.
     */
    private int segmentsSeen(double[] xpos, int id, double bound, double round, int h, double[] view) {
        double dx = xpos[3 * id] - cPos[0], dy = xpos[3 * id + 1] - cPos[1], dz = xpos[3 * id + 2] - cPos[2];
        view[0] = dx * cRight[0] + dy * cRight[1] + dz * cRight[2];
        view[1] = dx * cUp[0] + dy * cUp[1] + dz * cUp[2];
        view[2] = dx * cFwd[0] + dy * cFwd[1] + dz * cFwd[2];
        if (outsideFrustum(view, bound)) {
            return 0;
        }
        return segmentsFor(round * (h / (2 * tanY)) / Math.max(view[2], round));
    }

    private boolean outsideFrustum(double[] v, double radius) {
        if (v[2] + radius < near) {
            return true;
        }
        double kx = 1 / Math.sqrt(1 + tanX * tanX), ky = 1 / Math.sqrt(1 + tanY * tanY);
        return (v[0] - v[2] * tanX) * kx > radius || (-v[0] - v[2] * tanX) * kx > radius
                || (v[1] - v[2] * tanY) * ky > radius || (-v[1] - v[2] * tanY) * ky > radius;
    }

    /** Segments around a round shape whose silhouette error stays under about a third of a pixel. */
    private static int segmentsFor(double radiusPixels) {
        int n = (int) Math.ceil(4 * Math.sqrt(Math.max(0, radiusPixels)));
        n = (n + 3) / 4 * 4;
        return Math.max(8, Math.min(64, n));
    }

    private Mesh mesh(MjModel m, int g, int segments) {
        int type = m.geom_type[g];
        if (type == MjModel.GEOM_MESH || type == MjModel.GEOM_HFIELD) {
            assetMeshes(m);
            return assetMeshes[assetIndex(m, g)];
        }
        double[] s = m.geom_size;
        return primitive(type, s[3 * g], s[3 * g + 1], s[3 * g + 2], segments);
    }

    /** The cached triangles of a primitive shape of the given size and level of detail. */
    private Mesh primitive(int type, double s0, double s1, double s2, int segments) {
        MeshKey key = new MeshKey(type, s0, s1, s2, type == MjModel.GEOM_BOX ? 0 : segments);
        Mesh mesh = meshes.get(key);
        if (mesh == null) {
            if (meshes.size() >= MAX_CACHED_MESHES) {
                meshes.clear();
            }
            mesh = Mesh.of(type, key.s0, key.s1, key.s2, Math.max(segments, 4));
            meshes.put(key, mesh);
        }
        return mesh;
    }

    /** The index of geom g's triangles among the asset meshes: its mesh, or after the meshes its height field. */
    private static int assetIndex(MjModel m, int g) {
        return m.geom_type[g] == MjModel.GEOM_HFIELD ? m.nmesh + m.geom_dataid[g] : m.geom_dataid[g];
    }

    /** Triangles and hull planes of the model's mesh assets, built on first use for the model last drawn. */
    private void assetMeshes(MjModel m) {
        if (assetModel == m) {
            return;
        }
        assetMeshes = new Mesh[m.nmesh + m.nhfield];
        faceNormals = new double[m.nmesh + m.nhfield][];
        cornerNormals = new double[m.nmesh + m.nhfield][];
        for (int i = 0; i < m.nmesh + m.nhfield; i++) {
            assetMeshes[i] = i < m.nmesh ? Mesh.ofAsset(m, i) : Mesh.ofHField(m, i - m.nmesh);
            faceNormals[i] = assetMeshes[i].faceNormals();
            cornerNormals[i] = assetMeshes[i].cornerNormals();
        }
        assetModel = m;
    }

    private record MeshKey(int type, double s0, double s1, double s2, int segments) {
    }

    private void prepareGeoms(MjModel m) {
        int n = m.ngeom + segCount + skinCount;
        if (specular.length < n) {
            int cap = Math.max(n, 2 * specular.length);
            albedo = new float[3 * cap];
            specular = new float[cap];
            shine = new float[cap];
            texture = new int[cap];
            planes = new int[cap];
            repeat = new double[2 * cap];
            types = new int[cap];
            sizes = new double[3 * cap];
        }
        System.arraycopy(m.geom_type, 0, types, 0, m.ngeom);
        System.arraycopy(m.geom_size, 0, sizes, 0, 3 * m.ngeom);
        for (int k = 0; k < segCount; k++) {
            int id = m.ngeom + k, t = segTendon[k];
            types[id] = MjModel.GEOM_CAPSULE;
            System.arraycopy(segSize, 3 * k, sizes, 3 * id, 3);
            Materials.tendonRgba(m, t, rgba);
            int mat = Materials.tendonMaterial(m, t);
            setSurface(id, Materials.specularOf(m, mat), Materials.shininessOf(m, mat));
            // a tendon's material texture is not mapped onto its capsules: they take its color
            texture[id] = -1;
            repeat[2 * id] = repeat[2 * id + 1] = 0;
        }
        for (int k = 0; k < skinCount; k++) {
            int id = m.ngeom + segCount + k, s = skinOf[k];
            types[id] = SKIN;
            sizes[3 * id] = sizes[3 * id + 1] = sizes[3 * id + 2] = 0;
            Materials.skinRgba(m, s, rgba);
            int mat = Materials.skinMaterial(m, s);
            setSurface(id, Materials.specularOf(m, mat), Materials.shininessOf(m, mat));
            // a skin's 2d texture is mapped by its texture coordinates; without them it takes its color
            texture[id] = m.skin_texcoordadr[s] >= 0 ? Materials.drawableTextureOf(m, mat) : -1;
            repeat[2 * id] = repeat[2 * id + 1] = 0;
        }
        planeCount = 0;
        for (int g = 0; g < m.ngeom; g++) {
            Materials.rgba(m, g, rgba);
            setSurface(g, Materials.specular(m, g), Materials.shininess(m, g));
            texture[g] = Materials.drawableTexture(m, g);
            for (int i = 0; i < 2; i++) {
                repeat[2 * g + i] = Materials.tilesPerMetre(m, g, i);
            }
            if (m.geom_type[g] == MjModel.GEOM_PLANE && rgba[3] > 0 && SceneGeometry.visibleGroup(m, g)) {
                planes[planeCount++] = g;
            }
        }
    }

    /** Albedo (from {@link #rgba}), specular strength and exponent of drawn id {@code id}. */
    private void setSurface(int id, double sp, double shininess) {
        albedo[3 * id] = (float) Srgb.toLinear(rgba[0]);
        albedo[3 * id + 1] = (float) Srgb.toLinear(rgba[1]);
        albedo[3 * id + 2] = (float) Srgb.toLinear(rgba[2]);
        // MuJoCo's specular strengths are tuned for display values; squared (here and for the
        // lights) they give comparable highlights in linear light instead of washing colors out.
        specular[id] = (float) (sp * sp);
        // MuJoCo maps shininess 0..1 to an OpenGL exponent 0..128.
        shine[id] = (float) Math.max(1, 128 * shininess);
    }

    // ------------------------------------------------------------------------------------------ tendons

    /**
     * Collects the segments of the shown spatial tendons from the frame's paths, as MuJoCo's
     * {@code mjv_addGeoms} draws them: a capsule between consecutive path points unless either is a
     * pulley separator, of the tendon's width, or half of it between the two tangent points on a
     * wrapped geom; a slack string (see {@link Catenary}) hangs as MuJoCo draws it. Tendons in
     * groups 3 to 5, of zero width or fully transparent are not drawn.
     */
    private void prepareTendons(MjModel m, RenderFrame f) {
        segCount = 0;
        int[] adr = f.tenWrapadr(), num = f.tenWrapnum(), obj = f.wrapObj();
        double[] p = f.wrapXpos();
        if (m.ntendon == 0 || adr == null || adr.length < m.ntendon) {
            return;
        }
        for (int t = 0; t < m.ntendon; t++) {
            double width = m.tendon_width[t];
            if (Math.max(0, Math.min(5, m.tendon_group[t])) > 2 || !(width > 0) || !(Materials.tendonAlpha(m, t) > 0)) {
                continue;
            }
            if (num[t] == 2 && Catenary.applies(m, t)) {
                int n = Catenary.points(p, 3 * adr[t], 3 * adr[t] + 3, m.gravity, m.tendon_range[2 * t + 1], catenary);
                for (int i = 0; i < n - 1; i++) {
                    addSegment(t, catenary, 3 * i, 3 * i + 3, width);
                }
                continue;
            }
            for (int j = adr[t]; j < adr[t] + num[t] - 1; j++) {
                if (obj[j] != -2 && obj[j + 1] != -2) {
                    addSegment(t, p, 3 * j, 3 * j + 3, obj[j] >= 0 && obj[j + 1] >= 0 ? 0.5 * width : width);
                }
            }
        }
    }

    private void addSegment(int t, double[] p, int a, int b, double radius) {
        int k = segCount;
        if (segTendon.length <= k) {
            int cap = Math.max(16, 2 * segTendon.length);
            segTendon = java.util.Arrays.copyOf(segTendon, cap);
            segPos = java.util.Arrays.copyOf(segPos, 3 * cap);
            segMat = java.util.Arrays.copyOf(segMat, 9 * cap);
            segSize = java.util.Arrays.copyOf(segSize, 3 * cap);
        }
        double zx = p[b] - p[a], zy = p[b + 1] - p[a + 1], zz = p[b + 2] - p[a + 2];
        double len = Math.sqrt(zx * zx + zy * zy + zz * zz);
        if (!(len > 1e-12)) {
            zx = 0;
            zy = 0;
            zz = 1;
            len = 0;
        } else {
            zx /= len;
            zy /= len;
            zz /= len;
        }
        // x: any unit vector across the segment; y = z x x
        double hx = Math.abs(zx) < 0.6 ? 1 : 0, hy = 1 - hx, d = hx * zx + hy * zy;
        double xx = hx - d * zx, xy = hy - d * zy, xz = -d * zz;
        double xl = Math.sqrt(xx * xx + xy * xy + xz * xz);
        xx /= xl;
        xy /= xl;
        xz /= xl;
        double yx = zy * xz - zz * xy, yy = zz * xx - zx * xz, yz = zx * xy - zy * xx;
        double[] r = segMat;
        int o = 9 * k;
        r[o] = xx;
        r[o + 3] = xy;
        r[o + 6] = xz;
        r[o + 1] = yx;
        r[o + 4] = yy;
        r[o + 7] = yz;
        r[o + 2] = zx;
        r[o + 5] = zy;
        r[o + 8] = zz;
        for (int c = 0; c < 3; c++) {
            segPos[3 * k + c] = 0.5 * (p[a + c] + p[b + c]);
        }
        segSize[3 * k] = radius;
        segSize[3 * k + 1] = 0.5 * len;
        segSize[3 * k + 2] = 0;
        segTendon[k] = t;
        segCount++;
    }

    /**
     * The world positions (or orientations) of every drawn id: the frame's own array when no
     * tendon or skin is drawn; skins (in world coordinates) at the origin, unrotated.
     */
    private double[] poses(MjModel m, RenderFrame f, boolean positions) {
        double[] geoms = positions ? f.geomXpos() : f.geomXmat();
        if (segCount + skinCount == 0) {
            return geoms;
        }
        int per = positions ? 3 : 9, n = per * (m.ngeom + segCount + skinCount);
        double[] all = positions ? allXpos : allXmat;
        if (all.length < n) {
            all = new double[Math.max(n, 2 * all.length)];
            if (positions) {
                allXpos = all;
            } else {
                allXmat = all;
            }
        }
        System.arraycopy(geoms, 0, all, 0, per * m.ngeom);
        System.arraycopy(positions ? segPos : segMat, 0, all, per * m.ngeom, per * segCount);
        int at = per * (m.ngeom + segCount);
        java.util.Arrays.fill(all, at, at + per * skinCount, 0);
        if (!positions) {
            for (int k = 0; k < skinCount; k++) {
                all[at + 9 * k] = all[at + 9 * k + 4] = all[at + 9 * k + 8] = 1;
            }
        }
        return all;
    }

    /** The scene bounds grown to hold the tendon segments and skins (for the shadow map), or null when nothing is drawn. */
    private double[] withSegments(MjModel m, double[] bounds) {
        if (segCount + skinCount == 0) {
            return bounds;
        }
        double[] b = bounds != null ? bounds : new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int k = 0; k < segCount; k++) {
            double e = segSize[3 * k] + segSize[3 * k + 1];
            for (int i = 0; i < 3; i++) {
                b[i] = Math.min(b[i], segPos[3 * k + i] - e);
                b[i + 3] = Math.max(b[i + 3], segPos[3 * k + i] + e);
            }
        }
        for (int k = 0; k < skinCount; k++) {
            double[] v = skinMesh[k].xyz;
            for (int j = 0; j < v.length; j += 3) {
                for (int i = 0; i < 3; i++) {
                    b[i] = Math.min(b[i], v[j + i]);
                    b[i + 3] = Math.max(b[i + 3], v[j + i]);
                }
            }
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------ skins

    /**
     * Poses the shown skins for the frame's body poses as MuJoCo's {@code mjv_updateActiveSkin}
     * does ({@link Skins}): skins in groups 0 to 2 whose alpha is not 0, as MuJoCo shows them by
     * default; none when the frame carries no body poses.
     */
    private void prepareSkins(MjModel m, RenderFrame f) {
        skinCount = 0;
        double[] bx = f.bodyXpos(), bq = f.bodyXquat();
        if (m.nskin == 0 || bx == null || bq == null || bx.length < 3 * m.nbody || bq.length < 4 * m.nbody) {
            return;
        }
        if (skinOf.length < m.nskin) {
            skinOf = new int[m.nskin];
            skinMesh = new Mesh[m.nskin];
            skinFaceNormals = new double[m.nskin][];
            skinCornerNormals = new double[m.nskin][];
            skinExtent = new double[m.nskin];
        }
        for (int s = 0; s < m.nskin; s++) {
            int nv = m.skin_vertnum[s], fadr = m.skin_faceadr[s], nf = m.skin_facenum[s];
            if (!SceneGeometry.isSkinShown(m, s) || nv == 0 || nf == 0) {
                continue;
            }
            if (skinVert.length < 3 * nv) {
                skinVert = new float[3 * nv];
                skinNormal = new float[3 * nv];
            }
            Skins.pose(m, s, bx, bq, skinVert, skinNormal);
            double[] xyz = new double[3 * nv];
            double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < 3 * nv; i++) {
                xyz[i] = skinVert[i];
                lo[i % 3] = Math.min(lo[i % 3], xyz[i]);
                hi[i % 3] = Math.max(hi[i % 3], xyz[i]);
            }
            int[] tris = java.util.Arrays.copyOfRange(m.skin_face, 3 * fadr, 3 * (fadr + nf));
            double[] corners = new double[3 * tris.length];
            for (int c = 0; c < tris.length; c++) {
                for (int i = 0; i < 3; i++) {
                    corners[3 * c + i] = skinNormal[3 * tris[c] + i];
                }
            }
            int k = skinCount++;
            skinOf[k] = s;
            skinMesh[k] = Mesh.of(xyz, tris);
            skinFaceNormals[k] = skinMesh[k].faceNormals();
            skinCornerNormals[k] = corners;
            skinExtent[k] = Math.max(1e-6, Math.sqrt((hi[0] - lo[0]) * (hi[0] - lo[0]) + (hi[1] - lo[1]) * (hi[1] - lo[1])
                    + (hi[2] - lo[2]) * (hi[2] - lo[2])));
        }
    }

    /**
     * Rasterizes tendon segment {@code id} as a capsule: a unit cylinder and two unit spheres
     * scaled into place from its frame's transform in {@link #base34}, so that no mesh depends on
     * the segment's length (the shading is the capsule's, analytic per pixel).
     */
    private void drawSegment(Raster r, int id, int segments, boolean front) {
        double rad = sizes[3 * id], half = sizes[3 * id + 1];
        if (half > 0) {
            scaled(base34, rad, half, 0, m34);
            r.drawMesh(primitive(MjModel.GEOM_CYLINDER, 1, 1, 0, segments), m34, id, front);
        }
        Mesh ball = primitive(MjModel.GEOM_SPHERE, 1, 0, 0, segments);
        scaled(base34, rad, rad, half, m34);
        r.drawMesh(ball, m34, id, front);
        scaled(base34, rad, rad, -half, m34);
        r.drawMesh(ball, m34, id, front);
    }

    /** {@code out = base * diag(radial, radial, axial)}, its origin moved by {@code shift} along the local z axis. */
    private static void scaled(double[] base, double radial, double axial, double shift, double[] out) {
        for (int i = 0; i < 3; i++) {
            out[4 * i] = base[4 * i] * radial;
            out[4 * i + 1] = base[4 * i + 1] * radial;
            out[4 * i + 2] = base[4 * i + 2] * axial;
            out[4 * i + 3] = base[4 * i + 3] + base[4 * i + 2] * shift;
        }
    }

    private void prepareLights(MjModel m, RenderFrame f) {
        int n = m.nlight + 1;
        if (lDirectional.length < n) {
            lDirectional = new boolean[n];
            lVec = new double[3 * n];
            lDiffuse = new double[3 * n];
            lSpecular = new double[3 * n];
            lSpecularMax = new double[n];
            lSpot = new double[3 * n];
        }
        Spatial.set3(ambient, HEAD_AMBIENT, HEAD_AMBIENT, HEAD_AMBIENT);
        // Light 0 is MuJoCo's headlight: directional along the camera's view.
        lDirectional[0] = true;
        lVec[0] = cFwd[0];
        lVec[1] = cFwd[1];
        lVec[2] = cFwd[2];
        for (int i = 0; i < 3; i++) {
            lDiffuse[i] = HEAD_DIFFUSE;
            lSpecular[i] = HEAD_SPECULAR * HEAD_SPECULAR;
        }
        lSpecularMax[0] = HEAD_SPECULAR * HEAD_SPECULAR;
        lightCount = 1;
        shadowLight = -1;
        double[] pos = f.lightXpos(), dir = f.lightXdir();
        for (int l = 0; l < m.nlight; l++) {
            int k = lightCount++;
            boolean directional = m.light_directional[l];
            lDirectional[k] = directional;
            double[] src = directional ? dir : pos;
            double x = src[3 * l], y = src[3 * l + 1], z = src[3 * l + 2];
            if (directional) {
                double len = Math.sqrt(x * x + y * y + z * z);
                if (len == 0) {
                    x = 0;
                    y = 0;
                    z = -1;
                    len = 1;
                }
                x /= len;
                y /= len;
                z /= len;
            }
            lVec[3 * k] = x;
            lVec[3 * k + 1] = y;
            lVec[3 * k + 2] = z;
            double sx = dir[3 * l], sy = dir[3 * l + 1], sz = dir[3 * l + 2];
            double sl = Math.sqrt(sx * sx + sy * sy + sz * sz);
            lSpot[3 * k] = sl == 0 ? 0 : sx / sl;
            lSpot[3 * k + 1] = sl == 0 ? 0 : sy / sl;
            lSpot[3 * k + 2] = sl == 0 ? -1 : sz / sl;
            for (int i = 0; i < 3; i++) {
                lDiffuse[3 * k + i] = m.light_diffuse[3 * l + i];
                double sp = m.light_specular[3 * l + i];
                lSpecular[3 * k + i] = sp * sp;
                ambient[i] += m.light_ambient[3 * l + i];
            }
            lSpecularMax[k] = Math.max(lSpecular[3 * k], Math.max(lSpecular[3 * k + 1], lSpecular[3 * k + 2]));
            boolean casts = m.light_castshadow[l];
            if (casts && shadowLight < 0) {
                shadowLight = k;
            }
        }
    }

    private void prepareSky(MjModel m) {
        int t = Materials.skybox(m);
        skyTexture = t >= 0 && Texels.fromFile(m, t) ? t : -1;
        skyModel = m;
        double[] sky = skyColors(m);
        for (int i = 0; i < 3; i++) {
            skyTop[i] = Srgb.toLinear(sky[i]);
            skyHorizon[i] = Srgb.toLinear(sky[3 + i]);
            skyBottom[i] = Srgb.toLinear(sky[6 + i]);
        }
    }

    /**
     * The background's display colours: top, horizon and bottom (3 each) of the model's gradient
     * skybox, or the default sky.
     */
    static double[] skyColors(MjModel m) {
        int sky = Materials.skybox(m);
        double[] top, bottom;
        if (sky >= 0 && Texels.fromFile(m, sky)) {
            top = Texels.mean(m, sky, 2);
            bottom = Texels.mean(m, sky, 3);
        } else if (sky >= 0) {
            top = new double[] {m.tex_rgb1[3 * sky], m.tex_rgb1[3 * sky + 1], m.tex_rgb1[3 * sky + 2]};
            bottom = m.tex_builtin[sky] == MjModel.TEX_BUILTIN_FLAT ? top
                    : new double[] {m.tex_rgb2[3 * sky], m.tex_rgb2[3 * sky + 1], m.tex_rgb2[3 * sky + 2]};
        } else {
            top = new double[] {0.42, 0.58, 0.78};
            bottom = new double[] {0.45, 0.46, 0.48};
        }
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            out[i] = top[i];
            out[3 + i] = sky >= 0 ? 0.5 * (top[i] + bottom[i]) : Math.min(1, 0.35 * top[i] + 0.65 * 0.9);
            out[6 + i] = bottom[i];
        }
        return out;
    }

    /**
     * About one texel per pixel across the casters as the camera sees them (512 to 1024): close-ups
     * get a finer map, while larger maps for distant views would cost more in cache misses than
     * they add.
     */
    private int autoShadowMapSize(double[] b, int imageHeight) {
        double ex = b[3] - b[0], ey = b[4] - b[1], ez = b[5] - b[2];
        double radius = 0.5 * Math.sqrt(ex * ex + ey * ey + ez * ez);
        double dx = (b[0] + b[3]) / 2 - cPos[0], dy = (b[1] + b[4]) / 2 - cPos[1], dz = (b[2] + b[5]) / 2 - cPos[2];
        double distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double pixelsAcross = distance <= 1.2 * radius ? Double.POSITIVE_INFINITY
                : radius * imageHeight / (distance * tanY);
        return pixelsAcross > 512 ? 1024 : 512;
    }

    private boolean buildShadowMap(MjModel m, double[] xpos, double[] xmat, double[] bounds, int imageHeight) {
        int l = shadowLight;
        int size = settings.shadowMapSize();
        if (size == 0) {
            size = autoShadowMapSize(bounds, imageHeight);
        }
        double[] pos = {lVec[3 * l], lVec[3 * l + 1], lVec[3 * l + 2]};
        double[] dir = pos;
        if (!shadow.aim(lDirectional[l], pos, dir, bounds, size)) {
            return false;
        }
        shadowTexel = shadow.texel(0);
        for (int g = 0; g < m.ngeom; g++) {
            if (!SceneGeometry.isDrawnSolid(m, g)) {
                continue;
            }
            double radius = SceneGeometry.boundingRadius(m.geom_type[g], m.geom_size, g);
            double texel = shadow.texel(shadow.perspective ? distance(xpos, g, shadow.o) : 1);
            Mesh mesh = mesh(m, g, segmentsFor(radius / texel));
            shadow.geomTransform(xmat, g, xpos, m34);
            shadow.raster.drawMesh(mesh, m34, g, false);
        }
        for (int k = 0; k < segCount; k++) {
            int id = m.ngeom + k;
            double texel = shadow.texel(shadow.perspective ? distance(xpos, id, shadow.o) : 1);
            shadow.geomTransform(xmat, id, xpos, base34);
            drawSegment(shadow.raster, id, segmentsFor(sizes[3 * id] / texel), false);
        }
        for (int k = 0; k < skinCount; k++) {
            int id = m.ngeom + segCount + k;
            shadow.geomTransform(xmat, id, xpos, m34);
            shadow.raster.drawMesh(skinMesh[k], m34, id, false);
        }
        return true;
    }

    private static double distance(double[] xpos, int g, double[] o) {
        double dx = xpos[3 * g] - o[0], dy = xpos[3 * g + 1] - o[1], dz = xpos[3 * g + 2] - o[2];
        return Math.max(1e-3, Math.sqrt(dx * dx + dy * dy + dz * dz));
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Shades every output pixel from its {@code ss x ss} depth/id samples. Where all samples see
     * the same geom (or all see the sky), the pixel is shaded once at its center, so supersampling
     * costs extra shading only along silhouettes; textures and shadows are filtered anyway.
     */
    private void shade(MjModel m, double[] xpos, double[] xmat, int width, int height, int ss, boolean shadows, byte[] out) {
        float[] depth = raster.depth;
        int[] ids = raster.ids;
        int[] tris = raster.tris;
        int w = width * ss, h = height * ss, n = ss * ss;
        double[] color = new double[3];
        double[] ray = new double[3];
        double pixelAngle = 2 * tanY / height;
        double[] keys = sampleKeys;
        int[] sids = sampleIds;
        float norm = 1f / n;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean uniform = true;
                double keySum = 0;
                for (int k = 0; k < ss; k++) {
                    int sy = y * ss + k;
                    for (int j = 0; j < ss; j++) {
                        int sx = x * ss + j;
                        int s = k * ss + j;
                        int i = sy * w + sx;
                        ray(sx + 0.5, sy + 0.5, w, h, ray);
                        resolvePlanes(m, xpos, xmat, ray, depth[i], ids[i], tris[i], s);
                        keySum += keys[s];
                        uniform &= sids[s] == sids[0];
                    }
                }
                int o = 3 * (y * width + x);
                if (uniform) {
                    if (ss > 1) {
                        ray((x + 0.5) * ss, (y + 0.5) * ss, w, h, ray);
                    }
                    sample(m, xpos, xmat, sids[0], sampleTris[0], keySum / n, ray, pixelAngle, shadows, color);
                    out[o] = Srgb.encode(color[0]);
                    out[o + 1] = Srgb.encode(color[1]);
                    out[o + 2] = Srgb.encode(color[2]);
                } else {
                    float r = 0, g = 0, b = 0;
                    for (int s = 0; s < n; s++) {
                        ray(x * ss + s % ss + 0.5, y * ss + s / ss + 0.5, w, h, ray);
                        sample(m, xpos, xmat, sids[s], sampleTris[s], keys[s], ray, pixelAngle, shadows, color);
                        r += Srgb.toneMap(color[0]);
                        g += Srgb.toneMap(color[1]);
                        b += Srgb.toneMap(color[2]);
                    }
                    out[o] = Srgb.encodeMapped(r * norm);
                    out[o + 1] = Srgb.encodeMapped(g * norm);
                    out[o + 2] = Srgb.encodeMapped(b * norm);
                }
            }
        }
    }

    /** The view ray through sample position (px, py) of a w x h sample grid, with forward component 1. */
    private void ray(double px, double py, int w, int h, double[] d) {
        double sx = (px * 2 / w - 1) * tanX, sy = (1 - py * 2 / h) * tanY;
        d[0] = cFwd[0] + sx * cRight[0] + sy * cUp[0];
        d[1] = cFwd[1] + sx * cRight[1] + sy * cUp[1];
        d[2] = cFwd[2] + sx * cRight[2] + sy * cUp[2];
    }

    /** Intersects the ray with every plane; stores the nearest hit (plane or rasterized) in sample s. */
    private void resolvePlanes(MjModel m, double[] xpos, double[] xmat, double[] d, double key, int id, int tri, int s) {
        double dx = d[0], dy = d[1], dz = d[2];
        double[] size = m.geom_size;
        for (int p = 0; p < planeCount; p++) {
            int g = planes[p];
            int a = 9 * g;
            double nx = xmat[a + 2], ny = xmat[a + 5], nz = xmat[a + 8];
            double denom = nx * dx + ny * dy + nz * dz;
            if (denom >= 0) {
                continue; // Planes are one-sided, as in MuJoCo: invisible from below.
            }
            double ox = xpos[3 * g] - cPos[0], oy = xpos[3 * g + 1] - cPos[1], oz = xpos[3 * g + 2] - cPos[2];
            double z = (nx * ox + ny * oy + nz * oz) / denom;
            if (z <= near || 1 / z <= key) {
                continue;
            }
            double sx0 = size[3 * g], sy0 = size[3 * g + 1];
            if (sx0 > 0 || sy0 > 0) {
                double qx = dx * z - ox, qy = dy * z - oy, qz = dz * z - oz;
                double u = xmat[a] * qx + xmat[a + 3] * qy + xmat[a + 6] * qz;
                double v = xmat[a + 1] * qx + xmat[a + 4] * qy + xmat[a + 7] * qz;
                if ((sx0 > 0 && Math.abs(u) > sx0) || (sy0 > 0 && Math.abs(v) > sy0)) {
                    continue;
                }
            }
            key = 1 / z;
            id = g;
            tri = -1;
        }
        sampleKeys[s] = key;
        sampleIds[s] = id;
        sampleTris[s] = tri;
    }

    private void sample(MjModel m, double[] xpos, double[] xmat, int id, int tri, double key, double[] d, double pixelAngle,
            boolean shadows, double[] color) {
        if (id < 0) {
            sky(d[0], d[1], d[2], color);
        } else {
            double z = 1 / key;
            shadePoint(m, id, tri, xpos, xmat, cPos[0] + d[0] * z, cPos[1] + d[1] * z, cPos[2] + d[2] * z,
                    d[0], d[1], d[2], z, pixelAngle, shadows, color);
        }
    }

    private void sky(double dx, double dy, double dz, double[] c) {
        if (skyTexture >= 0) {
            // MuJoCo's skybox mapping: cube-map coordinates (x, z, -y), so the "up" face is above
            Texels.sampleCube(skyModel, skyTexture, dx, dz, -dy, c);
            return;
        }
        double t = dz / Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (t >= 0) {
            double k = Math.sqrt(t);
            for (int i = 0; i < 3; i++) {
                c[i] = skyHorizon[i] + (skyTop[i] - skyHorizon[i]) * k;
            }
        } else {
            double k = Math.min(1, Math.sqrt(-t) * 1.5);
            for (int i = 0; i < 3; i++) {
                c[i] = skyHorizon[i] + (skyBottom[i] - skyHorizon[i]) * k;
            }
        }
    }

    /** Shades world point P of geom g hit by view ray d (unnormalized, forward component 1) at depth z. */
    private void shadePoint(MjModel m, int g, int tri, double[] xpos, double[] xmat, double px, double py, double pz,
            double dx, double dy, double dz, double z, double pixelAngle, boolean shadows, double[] c) {
        int a = 9 * g;
        double qx0 = px - xpos[3 * g], qy0 = py - xpos[3 * g + 1], qz0 = pz - xpos[3 * g + 2];
        // Local coordinates of the hit point.
        double lx = xmat[a] * qx0 + xmat[a + 3] * qy0 + xmat[a + 6] * qz0;
        double ly = xmat[a + 1] * qx0 + xmat[a + 4] * qy0 + xmat[a + 7] * qz0;
        double lz = xmat[a + 2] * qx0 + xmat[a + 5] * qy0 + xmat[a + 8] * qz0;
        double s0 = sizes[3 * g], s1 = sizes[3 * g + 1], s2 = sizes[3 * g + 2];
        double nx, ny, nz;
        int type = types[g];
        switch (type) {
            case MjModel.GEOM_PLANE:
                nx = 0;
                ny = 0;
                nz = 1;
                break;
            case MjModel.GEOM_SPHERE:
                nx = lx;
                ny = ly;
                nz = lz;
                break;
            case MjModel.GEOM_ELLIPSOID:
                nx = lx / (s0 * s0);
                ny = ly / (s1 * s1);
                nz = lz / (s2 * s2);
                break;
            case MjModel.GEOM_CAPSULE:
                nx = lx;
                ny = ly;
                nz = lz - Math.max(-s1, Math.min(s1, lz));
                break;
            case SKIN: {
                int k = g - m.ngeom - segCount;
                smoothNormal(skinMesh[k], skinFaceNormals[k], skinCornerNormals[k], tri, lx, ly, lz, m.skin_texcoord,
                        m.skin_texcoordadr[skinOf[k]]);
                nx = meshNormal[0];
                ny = meshNormal[1];
                nz = meshNormal[2];
                break;
            }
            case MjModel.GEOM_MESH:
            case MjModel.GEOM_HFIELD: {
                assetMeshes(m);
                int mesh = assetIndex(m, g);
                int ta = type == MjModel.GEOM_MESH ? m.mesh_texcoordadr[m.geom_dataid[g]] : -1;
                smoothNormal(assetMeshes[mesh], faceNormals[mesh], cornerNormals[mesh], tri, lx, ly, lz, m.mesh_texcoord, ta);
                nx = meshNormal[0];
                ny = meshNormal[1];
                nz = meshNormal[2];
                break;
            }
            case MjModel.GEOM_CYLINDER: {
                double radial = Math.sqrt(lx * lx + ly * ly);
                if (Math.abs(lz) - s1 > radial - s0) {
                    nx = 0;
                    ny = 0;
                    nz = lz;
                } else {
                    nx = lx;
                    ny = ly;
                    nz = 0;
                }
                break;
            }
            default: {
                double ax = Math.abs(lx) / s0, ay = Math.abs(ly) / s1, az = Math.abs(lz) / s2;
                nx = ax >= ay && ax >= az ? lx : 0;
                ny = nx == 0 && ay >= az ? ly : 0;
                nz = nx == 0 && ny == 0 ? lz : 0;
                break;
            }
        }
        double wx = xmat[a] * nx + xmat[a + 1] * ny + xmat[a + 2] * nz;
        double wy = xmat[a + 3] * nx + xmat[a + 4] * ny + xmat[a + 5] * nz;
        double wz = xmat[a + 6] * nx + xmat[a + 7] * ny + xmat[a + 8] * nz;
        double nl = Math.sqrt(wx * wx + wy * wy + wz * wz);
        if (nl == 0) {
            wx = -dx;
            wy = -dy;
            wz = -dz;
            nl = Math.sqrt(wx * wx + wy * wy + wz * wz);
        }
        double inl = 1 / nl;
        wx *= inl;
        wy *= inl;
        wz *= inl;
        double dl = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double idl = -1 / dl;
        double vx = dx * idl, vy = dy * idl, vz = dz * idl;

        double ar = albedo[3 * g], ag = albedo[3 * g + 1], ab = albedo[3 * g + 2];
        int tex = texture[g];
        if (tex >= 0) {
            double cos = Math.max(0.02, Math.abs(wx * vx + wy * vy + wz * vz));
            double footprint = z * dl * pixelAngle / cos;
            double rx = repeat[2 * g], ry = repeat[2 * g + 1];
            // MuJoCo's texture-coordinate planes: s = 0.5 scale x - 0.5, t = -0.5 scale y - 0.5;
            // cube textures by the direction in the geom frame
            if (type == SKIN && !Texels.fromFile(m, tex)) {
                // a builtin texture's image spans the skin's texture coordinates 0..1
                texture(tex, true, meshU, meshV, footprint / skinExtent[g - m.ngeom - segCount], c);
            } else if (!Texels.fromFile(m, tex)) {
                texture(tex, type == MjModel.GEOM_PLANE, lx * rx - 0.5, -ly * ry - 0.5, footprint * Math.max(rx, ry), c);
            } else if (texCube[tex]) {
                Texels.sampleCube(m, tex, lx, ly, lz, c);
            } else if ((type == MjModel.GEOM_MESH || type == SKIN) && meshUv) {
                // the mesh's (skin's) own texture coordinates, as MuJoCo draws meshes that have them
                Texels.sample2d(m, tex, meshU, meshV, c);
            } else {
                Texels.sample2d(m, tex, lx * rx - 0.5, -ly * ry - 0.5, c);
            }
            ar *= c[0];
            ag *= c[1];
            ab *= c[2];
        }

        double dr = ambient[0], dg = ambient[1], db = ambient[2];
        double sr = 0, sg = 0, sb = 0;
        double spec = specular[g], exp = shine[g];
        for (int l = 0; l < lightCount; l++) {
            double lx2, ly2, lz2;
            if (lDirectional[l]) {
                lx2 = -lVec[3 * l];
                ly2 = -lVec[3 * l + 1];
                lz2 = -lVec[3 * l + 2];
            } else {
                lx2 = lVec[3 * l] - px;
                ly2 = lVec[3 * l + 1] - py;
                lz2 = lVec[3 * l + 2] - pz;
                double len2 = lx2 * lx2 + ly2 * ly2 + lz2 * lz2;
                if (len2 == 0) {
                    continue;
                }
                double inv = 1 / Math.sqrt(len2);
                lx2 *= inv;
                ly2 *= inv;
                lz2 *= inv;
            }
            double ndl = wx * lx2 + wy * ly2 + wz * lz2;
            if (ndl <= 0) {
                continue;
            }
            double vis = 1;
            if (!lDirectional[l]) {
                // MuJoCo spotlight with its default cone: cutoff 45 degrees, exponent 10.
                double cos = -(lx2 * lSpot[3 * l] + ly2 * lSpot[3 * l + 1] + lz2 * lSpot[3 * l + 2]);
                if (cos < SPOT_COS_CUTOFF) {
                    continue;
                }
                double c2 = cos * cos, c4 = c2 * c2, c8 = c4 * c4;
                vis = c8 * c2;
            }
            if (shadows && l == shadowLight) {
                double texel = shadowTexel;
                if (shadow.perspective) {
                    texel = shadow.texel(distance3(px, py, pz, shadow.o));
                }
                double tan = Math.sqrt(Math.max(0, 1 - ndl * ndl)) / Math.max(ndl, 0.1);
                vis *= shadow.visibility(px, py, pz, texel * (0.5 + tan) + 0.0005);
                if (vis == 0) {
                    continue;
                }
            }
            double diff = ndl * vis;
            dr += lDiffuse[3 * l] * diff;
            dg += lDiffuse[3 * l + 1] * diff;
            db += lDiffuse[3 * l + 2] * diff;
            // Highlights below about one 8-bit step are not worth their cost.
            if (spec * lSpecularMax[l] > 0.004) {
                double hx = lx2 + vx, hy = ly2 + vy, hz = lz2 + vz;
                double hl2 = hx * hx + hy * hy + hz * hz;
                double ndh = hl2 == 0 ? 0 : (wx * hx + wy * hy + wz * hz) / Math.sqrt(hl2);
                if (ndh > 0) {
                    // Schlick's rational approximation of ndh^exp: cheap and close enough for highlights.
                    double s = ndh / (exp - exp * ndh + ndh) * spec * vis;
                    sr += lSpecular[3 * l] * s;
                    sg += lSpecular[3 * l + 1] * s;
                    sb += lSpecular[3 * l + 2] * s;
                }
            }
        }
        double r = ar * dr + sr, gg = ag * dg + sg, b = ab * db + sb;
        if (z > hazeStart && type == MjModel.GEOM_PLANE) {
            double k = 1 - Math.exp(-(z * dl - hazeStart) / hazeScale);
            r += (skyHorizon[0] - r) * k;
            gg += (skyHorizon[1] - gg) * k;
            b += (skyHorizon[2] - b) * k;
        }
        c[0] = r;
        c[1] = gg;
        c[2] = b;
    }

    /**
     * Smooth shading of a triangle mesh: the corner normals of triangle {@code tri} (the one the
     * rasterizer found at this pixel) interpolated at the barycentric coordinates of the local hit
     * point into {@link #meshNormal} (the face normal where they point away from it), and the
     * texture coordinates ({@code tc} from vertex {@code ta}; none when {@code ta < 0}) into
     * {@link #meshU}, {@link #meshV}.
     */
    private void smoothNormal(Mesh asset, double[] normals, double[] cn, int tri, double lx, double ly, double lz, float[] tc,
            int ta) {
        int t = Math.max(0, Math.min(tri, normals.length / 3 - 1));
        int ia = asset.tris[3 * t], ib = asset.tris[3 * t + 1], ic = asset.tris[3 * t + 2];
        double[] v = asset.xyz;
        double e1x = v[3 * ib] - v[3 * ia], e1y = v[3 * ib + 1] - v[3 * ia + 1], e1z = v[3 * ib + 2] - v[3 * ia + 2];
        double e2x = v[3 * ic] - v[3 * ia], e2y = v[3 * ic + 1] - v[3 * ia + 1], e2z = v[3 * ic + 2] - v[3 * ia + 2];
        double px0 = lx - v[3 * ia], py0 = ly - v[3 * ia + 1], pz0 = lz - v[3 * ia + 2];
        double d11 = e1x * e1x + e1y * e1y + e1z * e1z, d12 = e1x * e2x + e1y * e2y + e1z * e2z;
        double d22 = e2x * e2x + e2y * e2y + e2z * e2z;
        double p1 = px0 * e1x + py0 * e1y + pz0 * e1z, p2 = px0 * e2x + py0 * e2y + pz0 * e2z;
        double den = d11 * d22 - d12 * d12;
        double wb = den > 0 ? (d22 * p1 - d12 * p2) / den : 0, wc = den > 0 ? (d11 * p2 - d12 * p1) / den : 0;
        wb = Math.max(0, Math.min(1, wb));
        wc = Math.max(0, Math.min(1 - wb, wc));
        double wa = 1 - wb - wc;
        int c0 = 9 * t;
        meshUv = ta >= 0;
        if (meshUv) {
            meshU = wa * tc[2 * (ta + ia)] + wb * tc[2 * (ta + ib)] + wc * tc[2 * (ta + ic)];
            meshV = wa * tc[2 * (ta + ia) + 1] + wb * tc[2 * (ta + ib) + 1] + wc * tc[2 * (ta + ic) + 1];
        }
        double nx = wa * cn[c0] + wb * cn[c0 + 3] + wc * cn[c0 + 6];
        double ny = wa * cn[c0 + 1] + wb * cn[c0 + 4] + wc * cn[c0 + 7];
        double nz = wa * cn[c0 + 2] + wb * cn[c0 + 5] + wc * cn[c0 + 8];
        if (nx * normals[3 * t] + ny * normals[3 * t + 1] + nz * normals[3 * t + 2] <= 0) {
            nx = normals[3 * t];
            ny = normals[3 * t + 1];
            nz = normals[3 * t + 2];
        }
        meshNormal[0] = nx;
        meshNormal[1] = ny;
        meshNormal[2] = nz;
    }

    private static double distance3(double x, double y, double z, double[] o) {
        double dx = x - o[0], dy = y - o[1], dz = z - o[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /**
     * Texture color (linear) at texture coordinates (u, v) in texture repetitions, box-filtered
     * over a footprint {@code fw} (also in repetitions) so distant checkers fade to their mean
     * instead of shimmering.
     */
    private void texture(int tex, boolean planar, double u, double v, double fw, double[] c) {
        float[] t3 = texColors;
        int a = 10 * tex;
        double t = 0;
        if (t3[a + 9] == MjModel.TEX_BUILTIN_CHECKER) {
            if (planar) {
                // A builtin checker texture holds 2x2 squares; in square units the footprint doubles.
                double w = 2 * fw + 1e-6;
                t = 0.5 - 0.5 * filteredSquareWave(2 * u, w) * filteredSquareWave(2 * v, w);
            } else {
                t = 0.5;
            }
        }
        c[0] = t3[a] + (t3[a + 3] - t3[a]) * t;
        c[1] = t3[a + 1] + (t3[a + 4] - t3[a + 1]) * t;
        c[2] = t3[a + 2] + (t3[a + 5] - t3[a + 2]) * t;
        double line = texLine[tex];
        if (planar && line > 0) {
            double cover = Math.max(lineCoverage(u, line, fw), lineCoverage(v, line, fw));
            if (cover > 0) {
                for (int i = 0; i < 3; i++) {
                    c[i] += (t3[a + 6 + i] - c[i]) * cover;
                }
            }
        }
    }

    /** Caches per texture: linear rgb1, rgb2, markrgb, builtin; and the edge-mark line width (0 = none). */
    private void prepareTextures(MjModel m) {
        int n = m.ntex;
        if (texLine.length < n) {
            texColors = new float[10 * n];
            texLine = new double[n];
            texCube = new boolean[n];
        }
        for (int t = 0; t < n; t++) {
            int a = 10 * t;
            for (int i = 0; i < 3; i++) {
                texColors[a + i] = (float) Srgb.toLinear(m.tex_rgb1[3 * t + i]);
                texColors[a + 3 + i] = (float) Srgb.toLinear(m.tex_rgb2[3 * t + i]);
                texColors[a + 6 + i] = (float) Srgb.toLinear(m.tex_markrgb[3 * t + i]);
            }
            texColors[a + 9] = m.tex_builtin[t];
            texLine[t] = Materials.edgeMarkWidth(m, t);
            texCube[t] = !"2d".equals(m.tex_type[t]);
        }
    }

    /** Box-filtered +-1 square wave (+1 on even unit intervals) over width w centred on p. */
    private static double filteredSquareWave(double p, double w) {
        double fl = Math.floor(p);
        double f = p - fl;
        if (w < 1 && f > 0.5 * w && 1 - f > 0.5 * w) {
            // The footprint lies inside one square: no filtering needed.
            return ((long) fl & 1) == 0 ? 1 : -1;
        }
        double a = p - 0.5 * w, b = p + 0.5 * w;
        return 2 * (Math.abs(frac(a * 0.5) - 0.5) - Math.abs(frac(b * 0.5) - 0.5)) / w;
    }

    private static double frac(double x) {
        return x - Math.floor(x);
    }

    /** Fraction of a footprint of width fw at u covered by lines of width lw at the integers. */
    private static double lineCoverage(double u, double lw, double fw) {
        double d = Math.abs(u - Math.rint(u));
        double half = 0.5 * Math.max(fw, lw);
        if (d - half >= 0.5 * lw) {
            return 0;
        }
        double overlap = Math.min(d + half, 0.5 * lw) - Math.max(d - half, -0.5 * lw);
        return overlap <= 0 ? 0 : Math.min(1, overlap / (2 * half));
    }
}
