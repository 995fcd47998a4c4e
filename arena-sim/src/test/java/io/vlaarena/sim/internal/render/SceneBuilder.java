package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.model.MjModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only: fills an {@link MjModel}'s rendering arrays and the matching world poses by hand,
 * standing in for the MJCF compiler and forward kinematics.
 */
final class SceneBuilder {
    static final double[] WHITE = {0.92, 0.92, 0.95, 1};
    static final double[] DARK = {0.2, 0.2, 0.22, 1};
    static final double[] RED = {0.85, 0.12, 0.10, 1};
    static final double[] BLUE = {0.10, 0.25, 0.85, 1};
    static final double[] GREEN = {0.15, 0.75, 0.20, 1};
    static final double[] WOOD = {0.62, 0.45, 0.30, 1};
    static final double[] DEFAULT_RGBA = {0.5, 0.5, 0.5, 1};

    /** A model and the world poses to render it in. */
    record Scene(MjModel model, RenderFrame frame) {
    }

    private record Geom(String name, int type, double[] size, double[] pos, double[] mat, double[] rgba, int matid) {
    }

    private record Material(double[] rgba, int texid, double[] repeat, double specular, double shininess) {
    }

    private record Texture(int builtin, String type, double[] rgb1, double[] rgb2, int mark, double[] markrgb) {
    }

    private record Camera(String name, double[] pos, double[] mat, double fovy) {
    }

    private record Light(boolean directional, boolean castshadow, double[] pos, double[] dir, double[] diffuse,
            double[] specular) {
    }

    private final List<Geom> geoms = new ArrayList<>();
    private final List<Material> materials = new ArrayList<>();
    private final List<Texture> textures = new ArrayList<>();
    private final List<Camera> cameras = new ArrayList<>();
    private final List<Light> lights = new ArrayList<>();

    static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    /** An infinite checker floor with squares {@code 1 / repeat} metres wide. */
    int checkerFloor(double[] rgb1, double[] rgb2, double repeat, boolean edgeMark) {
        return checkerFloor(rgb1, rgb2, repeat, edgeMark, 0);
    }

    /** A checker floor; with a positive half size it holds {@code repeat} textures (2x2 squares each) per side. */
    int checkerFloor(double[] rgb1, double[] rgb2, double repeat, boolean edgeMark, double halfSize) {
        textures.add(new Texture(MjModel.TEX_BUILTIN_CHECKER, "2d", rgb1, rgb2, edgeMark ? 1 : 0,
                new double[] {0.3, 0.3, 0.3}));
        materials.add(new Material(new double[] {1, 1, 1, 1}, textures.size() - 1, new double[] {repeat, repeat},
                0.3, 0.5));
        return add("floor", MjModel.GEOM_PLANE, new double[] {halfSize, halfSize, 0.05}, new double[] {0, 0, 0}, IDENTITY,
                DEFAULT_RGBA, materials.size() - 1);
    }

    int plane(double[] pos, double[] mat, double halfX, double halfY, double[] rgba) {
        return add("plane", MjModel.GEOM_PLANE, new double[] {halfX, halfY, 0.05}, pos, mat, rgba, -1);
    }

    int skybox(double[] top, double[] bottom) {
        textures.add(new Texture(MjModel.TEX_BUILTIN_GRADIENT, "skybox", top, bottom, 0, new double[3]));
        return textures.size() - 1;
    }

    int box(double[] pos, double[] half, double[] rgba) {
        return add("box", MjModel.GEOM_BOX, half, pos, IDENTITY, rgba, -1);
    }

    int box(double[] pos, double[] half, double yawDeg, double[] rgba) {
        double a = Math.toRadians(yawDeg), c = Math.cos(a), s = Math.sin(a);
        return add("box", MjModel.GEOM_BOX, half, pos, new double[] {c, -s, 0, s, c, 0, 0, 0, 1}, rgba, -1);
    }

    int sphere(double[] pos, double radius, double[] rgba) {
        return add("sphere", MjModel.GEOM_SPHERE, new double[] {radius, 0, 0}, pos, IDENTITY, rgba, -1);
    }

    int ellipsoid(double[] pos, double[] radii, double[] rgba) {
        return add("ellipsoid", MjModel.GEOM_ELLIPSOID, radii, pos, IDENTITY, rgba, -1);
    }

    int capsule(double[] from, double[] to, double radius, double[] rgba) {
        return fromTo(MjModel.GEOM_CAPSULE, from, to, radius, rgba);
    }

    int cylinder(double[] from, double[] to, double radius, double[] rgba) {
        return fromTo(MjModel.GEOM_CYLINDER, from, to, radius, rgba);
    }

    /** Uses a material for the geom color (with the geom rgba left at MuJoCo's default). */
    int withMaterial(int geom, double[] rgba) {
        materials.add(new Material(rgba, -1, new double[] {1, 1}, 0.5, 0.5));
        Geom g = geoms.get(geom);
        geoms.set(geom, new Geom(g.name, g.type, g.size, g.pos, g.mat, DEFAULT_RGBA, materials.size() - 1));
        return geom;
    }

    int camera(String name, double[] pos, double[] lookat, double fovy) {
        double[] f = normalize(sub(lookat, pos));
        double[] right = cross(f, new double[] {0, 0, 1});
        if (norm(right) < 1e-9) {
            right = new double[] {0, -1, 0};
        }
        right = normalize(right);
        double[] up = cross(right, f);
        cameras.add(new Camera(name, pos, columns(right, up, scale(f, -1)), fovy));
        return cameras.size() - 1;
    }

    /** A camera with an explicit orientation (columns: image right, image up, backwards). */
    int camera(String name, double[] pos, double[] right, double[] up, double fovy) {
        right = normalize(right);
        up = normalize(up);
        cameras.add(new Camera(name, pos, columns(right, up, cross(right, up)), fovy));
        return cameras.size() - 1;
    }

    int light(double[] pos, double[] dir, boolean directional, boolean castshadow, double diffuse, double specular) {
        lights.add(new Light(directional, castshadow, pos, dir, new double[] {diffuse, diffuse, diffuse},
                new double[] {specular, specular, specular}));
        return lights.size() - 1;
    }

    /** Turns every light into a spotlight at its position, keeping its direction. */
    void spotlightsInstead() {
        lights.replaceAll(l -> new Light(false, l.castshadow, l.pos, l.dir, l.diffuse, l.specular));
    }

    /** Moves an already added geom. */
    void move(int geom, double[] pos) {
        Geom g = geoms.get(geom);
        geoms.set(geom, new Geom(g.name, g.type, g.size, pos, g.mat, g.rgba, g.matid));
    }

    private int fromTo(int type, double[] from, double[] to, double radius, double[] rgba) {
        double[] axis = sub(to, from);
        double half = norm(axis) / 2;
        double[] z = normalize(axis);
        double[] x = Math.abs(z[2]) < 0.9 ? cross(new double[] {0, 0, 1}, z) : cross(new double[] {1, 0, 0}, z);
        x = normalize(x);
        double[] y = cross(z, x);
        double[] center = scale(add(from, to), 0.5);
        return add(type == MjModel.GEOM_CAPSULE ? "capsule" : "cylinder", type, new double[] {radius, half, 0},
                center, columns(x, y, z), rgba, -1);
    }

    private int add(String name, int type, double[] size, double[] pos, double[] mat, double[] rgba, int matid) {
        geoms.add(new Geom(name + geoms.size(), type, size.clone(), pos.clone(), mat.clone(), rgba.clone(), matid));
        return geoms.size() - 1;
    }

    Scene build() {
        MjModel m = MjModel.allocate(MjModel.Sizes.builder().ngeom(geoms.size()).nmat(materials.size())
                .ntex(textures.size()).ncam(cameras.size()).nlight(lights.size()).build());
        m.modelName = "hand-built";
        int ng = geoms.size();
        double[] xpos = new double[3 * ng], xmat = new double[9 * ng];
        for (int i = 0; i < ng; i++) {
            Geom g = geoms.get(i);
            m.geom_name[i] = g.name;
            m.geom_type[i] = g.type;
            m.geom_matid[i] = g.matid;
            System.arraycopy(g.size, 0, m.geom_size, 3 * i, 3);
            System.arraycopy(g.rgba, 0, m.geom_rgba, 4 * i, 4);
            System.arraycopy(g.pos, 0, xpos, 3 * i, 3);
            System.arraycopy(g.mat, 0, xmat, 9 * i, 9);
        }
        int nm = materials.size();
        for (int i = 0; i < nm; i++) {
            Material mt = materials.get(i);
            System.arraycopy(mt.rgba, 0, m.mat_rgba, 4 * i, 4);
            m.mat_texid[i] = mt.texid;
            System.arraycopy(mt.repeat, 0, m.mat_texrepeat, 2 * i, 2);
            m.mat_specular[i] = mt.specular;
            m.mat_shininess[i] = mt.shininess;
        }
        int nt = textures.size();
        for (int i = 0; i < nt; i++) {
            Texture t = textures.get(i);
            m.tex_builtin[i] = t.builtin;
            m.tex_type[i] = t.type;
            m.tex_width[i] = 512;
            m.tex_height[i] = 512;
            System.arraycopy(t.rgb1, 0, m.tex_rgb1, 3 * i, 3);
            System.arraycopy(t.rgb2, 0, m.tex_rgb2, 3 * i, 3);
            m.tex_mark[i] = t.mark;
            System.arraycopy(t.markrgb, 0, m.tex_markrgb, 3 * i, 3);
        }
        int nc = cameras.size();
        double[] cpos = new double[3 * nc], cmat = new double[9 * nc];
        for (int i = 0; i < nc; i++) {
            Camera c = cameras.get(i);
            m.cam_name[i] = c.name;
            m.cam_fovy[i] = c.fovy;
            System.arraycopy(c.pos, 0, cpos, 3 * i, 3);
            System.arraycopy(c.mat, 0, cmat, 9 * i, 9);
        }
        int nl = lights.size();
        double[] lpos = new double[3 * nl], ldir = new double[3 * nl];
        for (int i = 0; i < nl; i++) {
            Light l = lights.get(i);
            m.light_directional[i] = l.directional;
            m.light_castshadow[i] = l.castshadow;
            System.arraycopy(l.diffuse, 0, m.light_diffuse, 3 * i, 3);
            System.arraycopy(l.specular, 0, m.light_specular, 3 * i, 3);
            System.arraycopy(l.pos, 0, lpos, 3 * i, 3);
            System.arraycopy(l.dir, 0, ldir, 3 * i, 3);
        }
        return new Scene(m, RenderFrame.of(xpos, xmat, cpos, cmat, lpos, ldir));
    }

    /**
     * A Panda-like arm of capsules and cylinders at the origin reaching over a wooden table
     * (top at z = 0.3, x 0.25..0.85), a red and a blue cube and a green sphere on it, a checker
     * floor, a directional sun that casts shadows and a fill light; cameras "front" and "overhead".
     */
    static SceneBuilder robotOnTable() {
        SceneBuilder b = new SceneBuilder();
        // As the bundled table scene: a 6 m floor with texrepeat 8 (0.375 m squares).
        b.checkerFloor(new double[] {0.82, 0.82, 0.80}, new double[] {0.62, 0.64, 0.66}, 8, true, 3);
        // Table: top and four legs.
        b.withMaterial(b.box(p(0.55, 0, 0.28), p(0.3, 0.45, 0.02), WOOD), WOOD);
        for (int sx = -1; sx <= 1; sx += 2) {
            for (int sy = -1; sy <= 1; sy += 2) {
                b.withMaterial(b.box(p(0.55 + sx * 0.26, sy * 0.41, 0.14), p(0.025, 0.025, 0.14), WOOD), WOOD);
            }
        }
        // Objects on the table.
        b.withMaterial(b.box(p(0.5, -0.1, 0.325), p(0.025, 0.025, 0.025), 20, RED), RED);
        b.withMaterial(b.box(p(0.62, 0.12, 0.325), p(0.025, 0.025, 0.025), -10, BLUE), BLUE);
        b.withMaterial(b.sphere(p(0.42, 0.16, 0.325), 0.025, GREEN), GREEN);
        // Arm: base, column, shoulder, upper arm, elbow, forearm, wrist, hand and fingers.
        b.cylinder(p(0, 0, 0), p(0, 0, 0.06), 0.09, DARK);
        b.capsule(p(0, 0, 0.06), p(0, 0, 0.30), 0.07, WHITE);
        b.cylinder(p(0, -0.075, 0.333), p(0, 0.075, 0.333), 0.065, WHITE);
        double[] shoulder = p(0, 0, 0.333), elbow = p(0.18, 0, 0.62), wrist = p(0.46, 0, 0.52);
        b.capsule(shoulder, elbow, 0.06, WHITE);
        b.cylinder(p(0.18, -0.07, 0.62), p(0.18, 0.07, 0.62), 0.06, DARK);
        b.capsule(elbow, wrist, 0.055, WHITE);
        b.cylinder(p(0.46, -0.06, 0.52), p(0.46, 0.06, 0.52), 0.05, WHITE);
        b.capsule(p(0.48, 0, 0.50), p(0.48, 0, 0.44), 0.04, WHITE);
        b.cylinder(p(0.48, 0, 0.44), p(0.48, 0, 0.42), 0.045, DARK);
        b.box(p(0.48, 0, 0.405), p(0.02, 0.07, 0.02), WHITE);
        b.box(p(0.48, -0.045, 0.36), p(0.01, 0.008, 0.03), DARK);
        b.box(p(0.48, 0.045, 0.36), p(0.01, 0.008, 0.03), DARK);
        b.light(p(0, 0, 3), p(0.2, 0.1, -1), true, true, 0.7, 0.2);
        b.light(p(1.5, -1.0, 2.0), p(-0.6, 0.4, -0.7), false, false, 0.35, 0);
        b.camera("front", p(1.6, 0, 1.0), p(0, 1, 0), p(-0.65, 0, 1.25), 55);
        b.camera("overhead", p(0.55, 0, 1.6), p(0, 1, 0), p(-1, 0, 0), 60);
        return b;
    }

    static double[] p(double x, double y, double z) {
        return new double[] {x, y, z};
    }

    private static double[] columns(double[] x, double[] y, double[] z) {
        return new double[] {x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]};
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    private static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }

    private static double norm(double[] a) {
        return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    }

    private static double[] normalize(double[] a) {
        double n = norm(a);
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
