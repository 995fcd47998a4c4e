package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.sim.internal.util.Spatial;
import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.SetConst;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a parsed MJCF tree into an {@link MjModel} the way MuJoCo 2.x's compiler does for the
 * supported subset. One instance compiles one tree once; not thread-safe (instances are never shared).
 */
final class MjcfCompiler {
    private static final double MINVAL = 1e-15;

    // ---------------------------------------------------------------- element and attribute tables

    private static final List<String> TOP_LEVEL = List.of("compiler", "option", "size", "visual", "statistic",
            "default", "asset", "worldbody", "tendon", "equality", "actuator", "contact", "keyframe");

    private static final Set<String> ORIENTATION = Set.of("quat", "axisangle", "xyaxes", "zaxis", "euler");

    private static final Set<String> JOINT_ATTRS = set("name", "class", "type", "pos", "axis", "limited", "range",
            "damping", "armature", "stiffness", "ref", "springref");
    private static final Set<String> JOINT_IGNORED = set("group", "user");
    private static final Set<String> GEOM_ATTRS = set("name", "class", "type", "size", "fromto", "pos", "quat",
            "axisangle", "xyaxes", "zaxis", "euler", "rgba", "material", "mass", "density", "friction", "contype",
            "conaffinity", "group", "condim", "mesh");
    private static final Set<String> GEOM_IGNORED = set("user");
    private static final Set<String> SITE_ATTRS = set("name", "class", "type", "size", "pos", "quat", "axisangle",
            "xyaxes", "zaxis", "euler", "rgba");
    private static final Set<String> SITE_IGNORED = set("group", "material", "user");
    private static final Set<String> CAMERA_ATTRS = set("name", "class", "mode", "pos", "quat", "axisangle",
            "xyaxes", "zaxis", "euler", "fovy");
    private static final Set<String> CAMERA_IGNORED = set("ipd", "user");
    private static final Set<String> LIGHT_ATTRS = set("name", "class", "mode", "pos", "dir", "directional",
            "castshadow", "diffuse", "ambient", "specular");
    private static final Set<String> LIGHT_IGNORED = set("active", "attenuation", "cutoff", "exponent");
    private static final Set<String> MATERIAL_ATTRS = set("name", "class", "texture", "texrepeat", "specular",
            "shininess", "reflectance", "rgba");
    private static final Set<String> MATERIAL_IGNORED = set("texuniform", "emission");
    private static final Set<String> MESH_ATTRS = set("name", "class", "vertex", "face", "scale", "file", "refpos",
            "refquat");
    private static final Set<String> MESH_IGNORED = set("normal", "texcoord", "smoothnormal");
    private static final Set<String> TEXTURE_ATTRS = set("name", "type", "builtin", "rgb1", "rgb2", "mark",
            "markrgb", "width", "height");
    private static final Set<String> TEXTURE_IGNORED = set("random");
    private static final Set<String> BODY_ATTRS = set("name", "childclass", "pos", "quat", "axisangle", "xyaxes",
            "zaxis", "euler", "mocap", "gravcomp");
    private static final Set<String> BODY_IGNORED = set("user");
    private static final Set<String> INERTIAL_ATTRS = set("pos", "quat", "axisangle", "xyaxes", "zaxis", "euler",
            "mass", "diaginertia", "fullinertia");
    private static final Set<String> ACTUATOR_COMMON = set("name", "class", "joint", "tendon", "gear", "ctrllimited",
            "ctrlrange", "forcelimited", "forcerange");
    private static final Set<String> ACTUATOR_IGNORED = set("group", "user");
    private static final Map<String, Set<String>> ACTUATOR_ATTRS = Map.of(
            "motor", ACTUATOR_COMMON,
            "position", union(ACTUATOR_COMMON, set("kp", "kv")),
            "velocity", union(ACTUATOR_COMMON, set("kv")),
            "general", union(ACTUATOR_COMMON, set("gaintype", "biastype", "dyntype", "gainprm", "biasprm")));
    private static final Set<String> COMPILER_ATTRS = set("angle", "autolimits", "eulerseq", "inertiafromgeom",
            "inertiagrouprange", "coordinate", "boundmass", "boundinertia", "settotalmass", "balanceinertia",
            "fusestatic", "discardvisual", "meshdir", "assetdir", "strippath");
    private static final Set<String> COMPILER_IGNORED = set("texturedir", "convexhull", "usethread", "fitaabb", "exactmeshinertia");
    private static final Set<String> OPTION_ATTRS = set("timestep", "gravity", "integrator", "cone", "jacobian",
            "solver", "collision", "impratio", "density", "viscosity", "wind", "noslip_iterations");
    private static final Set<String> OPTION_IGNORED = set("apirate", "magnetic", "iterations", "tolerance",
            "ls_iterations", "ls_tolerance", "noslip_tolerance", "mpr_iterations", "mpr_tolerance", "o_margin",
            "o_solref", "o_solimp");

    private static final List<String> GEOM_TYPES = List.of("plane", "sphere", "capsule", "ellipsoid", "cylinder", "box", "mesh");
    private static final List<String> SITE_TYPES = List.of("sphere", "capsule", "ellipsoid", "cylinder", "box");
    private static final List<String> JOINT_TYPES = List.of("free", "ball", "slide", "hinge");
    private static final List<String> LIMITED = List.of("false", "true", "auto");

    private static Set<String> set(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }

    // ---------------------------------------------------------------- compile-time state

    private final XmlElement root;
    private final AssetAccess assets;
    private String meshdir;
    private String assetdir;
    private boolean strippath;
    private boolean degree = true;
    private boolean autolimits = true;
    private String eulerseq = "xyz";
    private String inertiaFromGeom = "auto";
    private int[] inertiaGroupRange = {0, 5};
    private double timestep = 0.002;
    private double[] gravity = {0, 0, -9.81};

    private final Map<String, DefaultClass> classes = new LinkedHashMap<>();
    private final List<Body> bodies = new ArrayList<>();
    private final List<XmlElement> textures = new ArrayList<>();
    private final List<Attrs> materials = new ArrayList<>();
    private final List<MeshAsset> meshes = new ArrayList<>();
    private final Map<String, Integer> meshIds = new HashMap<>();
    private final List<Tendon> tendons = new ArrayList<>();
    private final List<Actuator> actuators = new ArrayList<>();
    private final Equalities equalities = new Equalities();
    private final List<XmlElement> excludes = new ArrayList<>();
    private final List<XmlElement> keys = new ArrayList<>();

    MjcfCompiler(XmlElement root) {
        this(root, AssetAccess.none());
    }

    /** A compiler that reads {@code <mesh file=...>} through {@code assets} (which confines every path). */
    MjcfCompiler(XmlElement root, AssetAccess assets) {
        this.root = root;
        this.assets = assets;
    }

    // ---------------------------------------------------------------- holders

    private static final class DefaultClass {
        final String name;
        final Map<String, Map<String, List<Attrs.Value>>> byTag = new HashMap<>();
        ActState actuator;

        DefaultClass(String name, DefaultClass parent) {
            this.name = name;
            if (parent != null) {
                parent.byTag.forEach((k, v) -> {
                    Map<String, List<Attrs.Value>> copy = new LinkedHashMap<>();
                    v.forEach((a, layers) -> copy.put(a, new ArrayList<>(layers)));
                    byTag.put(k, copy);
                });
                actuator = parent.actuator.copy();
            } else {
                actuator = new ActState();
            }
        }

        Map<String, List<Attrs.Value>> of(String tag) {
            return byTag.getOrDefault(tag, Map.of());
        }
    }

    /** An actuator's defaultable state; MuJoCo shares one per class among motor, position, velocity and general. */
    private static final class ActState {
        int gaintype = MjModel.GAIN_FIXED;
        int biastype = MjModel.BIAS_NONE;
        double[] gain = {1, 0, 0};
        double[] bias = {0, 0, 0};
        double gear = 1;
        String ctrllimited = "auto";
        double[] ctrlrange = {0, 0};
        String forcelimited = "auto";
        double[] forcerange = {0, 0};
        double positionKv = 0;

        ActState copy() {
            ActState s = new ActState();
            s.gaintype = gaintype;
            s.biastype = biastype;
            s.gain = gain.clone();
            s.bias = bias.clone();
            s.gear = gear;
            s.ctrllimited = ctrllimited;
            s.ctrlrange = ctrlrange.clone();
            s.forcelimited = forcelimited;
            s.forcerange = forcerange.clone();
            s.positionKv = positionKv;
            return s;
        }
    }

    private static final class Body {
        String name = "";
        int id;
        int parent;
        XmlElement element;
        double[] pos = new double[3];
        double[] quat = Spatial.identityQuat();
        final List<Joint> joints = new ArrayList<>();
        final List<Geom> geoms = new ArrayList<>();
        final List<Site> sites = new ArrayList<>();
        final List<Camera> cameras = new ArrayList<>();
        final List<Light> lights = new ArrayList<>();
        XmlElement inertial;
        boolean mocap;
        double mass;
        double[] ipos = new double[3];
        double[] iquat = Spatial.identityQuat();
        double[] inertia = new double[3];
        int weldid;
    }

    private static final class Joint {
        String name;
        XmlElement element;
        int type;
        double[] pos;
        double[] axis;
        boolean limited;
        double[] range;
        double damping;
        double armature;
        double stiffness;
        double ref;
        double springref;
    }

    private static final class Geom {
        String name;
        XmlElement element;
        Attrs attrs;
        int type;
        double[] size;
        double[] pos;
        double[] quat;
        double[] rgba;
        String material;
        /** The mesh asset's id for mesh geoms, else -1. */
        int mesh = -1;
        double mass;
        double[] inertia;
        int contype;
        int conaffinity;
        int group;
        int condim;
        double[] friction;
    }

    private static final class Site {
        String name;
        int type;
        double[] size;
        double[] pos;
        double[] quat;
        double[] rgba;
    }

    private static final class Camera {
        String name;
        double[] pos;
        double[] quat;
        double fovy;
    }

    private static final class Light {
        String name;
        double[] pos;
        double[] dir;
        boolean directional;
        boolean castshadow;
        double[] diffuse;
        double[] ambient;
        double[] specular;
    }

    private static final class Tendon {
        String name;
        XmlElement element;
        final List<XmlElement> joints = new ArrayList<>();
        final List<Double> coefs = new ArrayList<>();
        boolean limited;
        double[] range = new double[2];
        double margin;
        double[] solref = Equalities.SOLREF, solimp = Equalities.SOLIMP;
        double stiffness, damping, springlength;
    }

    private static final class Actuator {
        String name;
        XmlElement element;
        ActState state;
        String joint;
        String tendon;
    }

    // ---------------------------------------------------------------- driver

    MjModel compile() {
        if (!root.name.equals("mujoco")) {
            throw new SceneException("The root element is " + root.where() + "; an MJCF model starts with <mujoco>.");
        }
        checkAttrs(root, set("model"), Set.of());
        for (XmlElement section : root.children()) {
            if (!TOP_LEVEL.contains(section.name)) {
                throw new SceneException("Unknown element <" + section.name + "> at line " + section.line
                        + "; supported elements under <mujoco>: " + TOP_LEVEL + unsupportedHint(section.name));
            }
        }
        // size, visual and statistic only tune memory and rendering: accepted and skipped whole.
        // Settings first: they apply to the whole document whatever the order of sections.
        for (XmlElement s : children(root, "compiler")) {
            compilerSection(s);
        }
        for (XmlElement s : children(root, "option")) {
            optionSection(s);
        }
        DefaultClass main = new DefaultClass("main", null);
        classes.put("main", main);
        for (XmlElement s : children(root, "default")) {
            defaultSection(s, null);
        }
        for (XmlElement s : children(root, "asset")) {
            assetSection(s);
        }
        Body world = new Body();
        world.name = "world";
        world.id = 0;
        bodies.add(world);
        for (XmlElement s : children(root, "worldbody")) {
            checkAttrs(s, Set.of(), Set.of());
            world.element = world.element == null ? s : world.element;
            bodyContents(s, world, null, true);
        }
        for (XmlElement s : children(root, "tendon")) {
            tendonSection(s);
        }
        for (XmlElement s : children(root, "equality")) {
            equalities.section(s);
        }
        for (XmlElement s : children(root, "actuator")) {
            actuatorSection(s);
        }
        for (XmlElement s : children(root, "contact")) {
            contactSection(s);
        }
        for (XmlElement s : children(root, "keyframe")) {
            checkAttrs(s, Set.of(), Set.of());
            for (XmlElement k : s.children()) {
                if (!k.name.equals("key")) {
                    throw unknownChild(k, "keyframe", List.of("key"));
                }
                checkAttrs(k, set("name", "time", "qpos", "qvel", "ctrl", "act"), Set.of());
                keys.add(k);
            }
        }
        return build();
    }

    private static String unsupportedHint(String name) {
        switch (name) {
            case "include":
                return " (<include> is refused: the loader never reads files)";
            case "sensor":
            case "custom":
            case "extension":
            case "deformable":
                return " (<" + name + "> is not supported by this simulator)";
            default:
                return "";
        }
    }

    private static List<XmlElement> children(XmlElement e, String name) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement c : e.children()) {
            if (c.name.equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    private static SceneException unknownChild(XmlElement child, String parent, List<String> supported) {
        return new SceneException("Unknown element <" + child.name + "> at line " + child.line
                + "; supported elements under <" + parent + ">: " + supported + unsupportedHint(child.name));
    }

    private static void checkAttrs(XmlElement e, Set<String> supported, Set<String> ignored) {
        for (String a : e.attributes().keySet()) {
            if (!supported.contains(a) && !ignored.contains(a)) {
                throw new SceneException("Unsupported attribute '" + a + "' on " + e.where() + "; supported attributes: "
                        + supported + (ignored.isEmpty() ? "" : "; accepted and ignored: " + ignored));
            }
        }
    }

    private static void noChildren(XmlElement e) {
        if (!e.children().isEmpty()) {
            XmlElement c = e.children().get(0);
            throw new SceneException("Unknown element <" + c.name + "> at line " + c.line + " inside " + e.where()
                    + ", which takes no child elements.");
        }
    }

    /** Accepts an attribute only at MuJoCo's default value, so that nothing the simulator ignores changes the model. */
    private static void onlyDefault(Attrs a, String name, String defaultValue, String why) {
        if (!a.has(name)) {
            return;
        }
        String v = a.str(name, defaultValue).strip();
        boolean same = v.equals(defaultValue);
        if (!same) {
            try {
                double[] got = a.list(name);
                String[] want = defaultValue.split("\\s+");
                if (got != null && got.length == want.length) {
                    same = true;
                    for (int i = 0; i < want.length; i++) {
                        same &= got[i] == Double.parseDouble(want[i]);
                    }
                }
            } catch (SceneException | NumberFormatException notNumeric) {
                same = false;
            }
        }
        if (!same) {
            throw a.error(name, "is '" + v + "'; only the default '" + defaultValue + "' is supported (" + why + ").");
        }
    }

    // ---------------------------------------------------------------- settings

    private void compilerSection(XmlElement e) {
        checkAttrs(e, COMPILER_ATTRS, COMPILER_IGNORED);
        if (!e.children().isEmpty()) {
            throw unknownChild(e.children().get(0), "compiler", List.of());
        }
        Attrs a = new Attrs(e, Map.of());
        degree = a.keyword("angle", degree ? "degree" : "radian", List.of("degree", "radian")).equals("degree");
        autolimits = a.bool("autolimits", autolimits);
        if (a.has("eulerseq")) {
            String seq = a.str("eulerseq", "xyz");
            if (!seq.matches("[xyzXYZ]{3}")) {
                throw a.error("eulerseq", "is '" + seq + "'; it must be three letters from x, y, z (moving axes) or X, Y, Z (fixed axes).");
            }
            eulerseq = seq;
        }
        inertiaFromGeom = a.keyword("inertiafromgeom", inertiaFromGeom, List.of("false", "true", "auto"));
        meshdir = a.str("meshdir", meshdir);
        assetdir = a.str("assetdir", assetdir);
        strippath = a.bool("strippath", strippath);
        if (a.has("inertiagrouprange")) {
            double[] r = a.vector("inertiagrouprange", 2, new double[2]);
            inertiaGroupRange = new int[] {(int) r[0], (int) r[1]};
        }
        onlyDefault(a, "coordinate", "local", "global coordinates were removed from MuJoCo");
        onlyDefault(a, "boundmass", "0", "mass bounds are not applied");
        onlyDefault(a, "boundinertia", "0", "inertia bounds are not applied");
        onlyDefault(a, "settotalmass", "-1", "mass rescaling is not applied");
        onlyDefault(a, "balanceinertia", "false", "inertia balancing is not applied");
        onlyDefault(a, "fusestatic", "false", "static bodies are never fused");
        onlyDefault(a, "discardvisual", "false", "visual geoms are never discarded");
    }

    private void optionSection(XmlElement e) {
        checkAttrs(e, OPTION_ATTRS, OPTION_IGNORED);
        if (!e.children().isEmpty()) {
            XmlElement c = e.children().get(0);
            throw new SceneException("Unknown element <" + c.name + "> at line " + c.line
                    + " under <option>; flags and overrides are not supported (only the MuJoCo defaults are simulated).");
        }
        Attrs a = new Attrs(e, Map.of());
        timestep = a.number("timestep", timestep);
        if (timestep <= 0) {
            throw a.error("timestep", "must be positive, got " + timestep + ".");
        }
        gravity = a.vector("gravity", 3, gravity);
        String why = "the simulator implements only this setting";
        onlyDefault(a, "integrator", "Euler", why);
        onlyDefault(a, "cone", "pyramidal", why);
        onlyDefault(a, "jacobian", "auto", why);
        onlyDefault(a, "solver", "Newton", why);
        onlyDefault(a, "collision", "all", why);
        onlyDefault(a, "impratio", "1", why);
        onlyDefault(a, "density", "0", "no fluid forces are simulated");
        onlyDefault(a, "viscosity", "0", "no fluid forces are simulated");
        onlyDefault(a, "wind", "0 0 0", "no fluid forces are simulated");
        onlyDefault(a, "noslip_iterations", "0", why);
    }

    // ---------------------------------------------------------------- defaults

    private void defaultSection(XmlElement e, DefaultClass parent) {
        checkAttrs(e, set("class"), Set.of());
        String name = e.attribute("class");
        if (name == null) {
            if (parent != null) {
                throw new SceneException("Missing required attribute 'class' on nested " + e.where() + ".");
            }
            name = "main";
        }
        DefaultClass dc;
        if (parent == null && name.equals("main")) {
            dc = classes.get("main");
        } else {
            if (classes.containsKey(name)) {
                throw new SceneException("Repeated default class '" + name + "' at line " + e.line + ".");
            }
            dc = new DefaultClass(name, parent == null ? classes.get("main") : parent);
            classes.put(name, dc);
        }
        List<XmlElement> nested = new ArrayList<>();
        Set<String> seenTags = new java.util.HashSet<>();
        for (XmlElement c : e.children()) {
            if (!c.name.equals("default") && !seenTags.add(c.name)) {
                throw new SceneException("Repeated <" + c.name + "> at line " + c.line + " in default class '" + dc.name
                        + "'; a class holds at most one of each element.");
            }
            switch (c.name) {
                case "joint":
                    defaultAttrs(dc, c, JOINT_ATTRS, JOINT_IGNORED);
                    break;
                case "geom":
                    defaultAttrs(dc, c, GEOM_ATTRS, GEOM_IGNORED);
                    break;
                case "site":
                    defaultAttrs(dc, c, SITE_ATTRS, SITE_IGNORED);
                    break;
                case "camera":
                    defaultAttrs(dc, c, CAMERA_ATTRS, CAMERA_IGNORED);
                    break;
                case "light":
                    defaultAttrs(dc, c, LIGHT_ATTRS, LIGHT_IGNORED);
                    break;
                case "material":
                    defaultAttrs(dc, c, MATERIAL_ATTRS, MATERIAL_IGNORED);
                    break;
                case "mesh":
                    defaultAttrs(dc, c, set("scale"), Set.of());
                    break;
                case "motor":
                case "position":
                case "velocity":
                case "general":
                    noChildren(c);
                    checkAttrs(c, without(ACTUATOR_ATTRS.get(c.name), "name", "class", "joint", "tendon"), ACTUATOR_IGNORED);
                    readActuator(c, dc.actuator);
                    break;
                case "default":
                    nested.add(c);
                    break;
                default:
                    throw unknownChild(c, "default", List.of("joint", "geom", "site", "camera", "light", "material", "mesh",
                            "motor", "position", "velocity", "general", "default"));
            }
        }
        // Nested classes inherit this class's complete state, whatever their position among the children.
        for (XmlElement c : nested) {
            defaultSection(c, dc);
        }
    }

    private static Set<String> without(Set<String> s, String... names) {
        Set<String> out = new LinkedHashSet<>(s);
        out.removeAll(List.of(names));
        return out;
    }

    private static void defaultAttrs(DefaultClass dc, XmlElement c, Set<String> supported, Set<String> ignored) {
        noChildren(c);
        checkAttrs(c, without(supported, "name", "class"), ignored);
        Map<String, List<Attrs.Value>> map = dc.byTag.computeIfAbsent(c.name, k -> new LinkedHashMap<>());
        c.attributes().forEach((k, v) -> map.computeIfAbsent(k, x -> new ArrayList<>()).add(new Attrs.Value(v, c, dc.name)));
    }

    private DefaultClass classFor(XmlElement e, String childclass) {
        String name = e.attribute("class");
        if (name == null) {
            name = childclass == null ? "main" : childclass;
        }
        DefaultClass dc = classes.get(name);
        if (dc == null) {
            throw new SceneException(e.where() + " refers to unknown default class '" + name + "'; known classes: "
                    + classes.keySet());
        }
        return dc;
    }

    private Attrs attrs(XmlElement e, String childclass) {
        return new Attrs(e, classFor(e, childclass).of(e.name));
    }

    // ---------------------------------------------------------------- assets

    private void assetSection(XmlElement s) {
        checkAttrs(s, Set.of(), Set.of());
        for (XmlElement c : s.children()) {
            switch (c.name) {
                case "texture":
                    checkAttrs(c, TEXTURE_ATTRS, TEXTURE_IGNORED);
                    noChildren(c);
                    textures.add(c);
                    break;
                case "material":
                    checkAttrs(c, MATERIAL_ATTRS, MATERIAL_IGNORED);
                    noChildren(c);
                    materials.add(attrs(c, null));
                    break;
                case "mesh":
                    checkAttrs(c, MESH_ATTRS, MESH_IGNORED);
                    noChildren(c);
                    mesh(c);
                    break;
                case "hfield":
                case "skin":
                    throw new SceneException("<" + c.name + "> at line " + c.line
                            + " is not supported: this simulator has primitive and inline mesh geoms only.");
                default:
                    throw unknownChild(c, "asset", List.of("texture", "material", "mesh"));
            }
        }
    }

    private void mesh(XmlElement c) {
        Attrs a = attrs(c, null);
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
        if (meshIds.containsKey(name)) {
            throw new SceneException("Repeated mesh name '" + name + "' at line " + c.line + ".");
        }
        MeshAsset mesh;
        if (file == null) {
            mesh = MeshAsset.compile(a, name);
        } else {
            String path = strippath ? file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) : file;
            MeshFiles.format(name, path);
            // assetdir as MuJoCo 2.3 defines it (2.2.2 does not know it): meshdir wins when both are given.
            String dir = meshdir != null ? meshdir : assetdir != null ? assetdir : "";
            byte[] bytes = assets.read(name, dir, path);
            mesh = MeshAsset.fromFile(a, name, path, MeshFiles.read(name, path, bytes, MeshAsset.MAX_FACES));
        }
        meshIds.put(name, meshes.size());
        meshes.add(mesh);
    }

    // ---------------------------------------------------------------- bodies

    private void bodyContents(XmlElement e, Body body, String childclass, boolean world) {
        List<String> allowed = world ? List.of("body", "geom", "site", "camera", "light")
                : List.of("body", "inertial", "joint", "freejoint", "geom", "site", "camera", "light");
        for (XmlElement c : e.children()) {
            if (!allowed.contains(c.name)) {
                throw unknownChild(c, e.name, allowed);
            }
            switch (c.name) {
                case "body":
                    childBody(c, body, childclass);
                    break;
                case "inertial":
                    if (body.inertial != null) {
                        throw new SceneException("Second <inertial> at line " + c.line + " in body '" + body.name
                                + "'; a body has at most one.");
                    }
                    checkAttrs(c, INERTIAL_ATTRS, Set.of());
                    noChildren(c);
                    body.inertial = c;
                    break;
                case "joint":
                    body.joints.add(joint(c, childclass));
                    break;
                case "freejoint":
                    body.joints.add(freejoint(c));
                    break;
                case "geom":
                    body.geoms.add(geom(c, childclass));
                    break;
                case "site":
                    body.sites.add(site(c, childclass));
                    break;
                case "camera":
                    body.cameras.add(camera(c, childclass));
                    break;
                case "light":
                    body.lights.add(light(c, childclass));
                    break;
                default:
                    throw unknownChild(c, e.name, allowed);
            }
        }
    }

    private void childBody(XmlElement e, Body parent, String inheritedClass) {
        checkAttrs(e, BODY_ATTRS, BODY_IGNORED);
        Attrs a = new Attrs(e, Map.of());
        Body b = new Body();
        b.id = bodies.size();
        b.parent = parent.id;
        b.element = e;
        b.name = a.str("name", "");
        b.pos = a.vector("pos", 3, new double[3]);
        b.quat = orientation(a);
        b.mocap = a.bool("mocap", false);
        if (b.mocap && parent.id != 0) {
            throw a.error("mocap", "is true on body '" + b.name + "' inside body '" + parent.name + "'; a mocap body must be a "
                    + "child of the worldbody (MuJoCo: mocap body is not a fixed child of world).");
        }
        onlyDefault(a, "gravcomp", "0", "gravity compensation is not supported");
        String childclass = inheritedClass;
        if (e.has("childclass")) {
            childclass = e.attribute("childclass");
            if (!classes.containsKey(childclass)) {
                throw new SceneException(e.where() + " has childclass '" + childclass + "', which is not a default class; known classes: "
                        + classes.keySet());
            }
        }
        bodies.add(b);
        bodyContents(e, b, childclass, false);
        if (b.mocap && !b.joints.isEmpty()) {
            throw a.error("mocap", "is true on body '" + b.name + "', which has joints; a mocap body cannot move by joints "
                    + "(MuJoCo: mocap body is not a fixed child of world).");
        }
    }

    /** A body or element frame's orientation: {@code quat} or one alternative form, converted like MuJoCo. */
    private double[] orientation(Attrs a) {
        String alt = null;
        for (String k : List.of("axisangle", "xyaxes", "zaxis", "euler")) {
            if (a.has(k)) {
                if (alt != null) {
                    throw a.error(k, "conflicts with '" + alt + "'; give at most one alternative orientation.");
                }
                alt = k;
            }
        }
        if (alt != null && a.has("quat")) {
            throw a.error(alt, "conflicts with 'quat'; multiple orientation specifiers are not allowed.");
        }
        if (alt == null) {
            double[] q = a.vector("quat", 4, Spatial.identityQuat());
            if (Spatial.normalizeQuat(q) < MINVAL) {
                throw a.error("quat", "is a zero quaternion.");
            }
            return q;
        }
        switch (alt) {
            case "axisangle": {
                double[] v = a.vector("axisangle", 4, null);
                double[] axis = {v[0], v[1], v[2]};
                double n = Spatial.norm3(axis);
                if (n < MINVAL) {
                    throw a.error("axisangle", "has a zero axis.");
                }
                for (int i = 0; i < 3; i++) {
                    axis[i] /= n;
                }
                return Spatial.axisAngle2Quat(axis, angle(v[3]));
            }
            case "xyaxes": {
                double[] v = a.vector("xyaxes", 6, null);
                double[] x = {v[0], v[1], v[2]};
                double[] y = {v[3], v[4], v[5]};
                double nx = Spatial.norm3(x);
                if (nx < MINVAL) {
                    throw a.error("xyaxes", "has a zero x axis.");
                }
                for (int i = 0; i < 3; i++) {
                    x[i] /= nx;
                }
                double d = Spatial.dot3(x, y);
                for (int i = 0; i < 3; i++) {
                    y[i] -= d * x[i];
                }
                double ny = Spatial.norm3(y);
                if (ny < MINVAL) {
                    throw a.error("xyaxes", "has a y axis parallel to its x axis.");
                }
                for (int i = 0; i < 3; i++) {
                    y[i] /= ny;
                }
                double[] z = Spatial.cross(x, y);
                double nz = Spatial.norm3(z);
                for (int i = 0; i < 3; i++) {
                    z[i] /= nz;
                }
                double[] m = {x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]};
                return Spatial.mat2Quat(m);
            }
            case "zaxis": {
                double[] z = a.vector("zaxis", 3, null);
                double n = Spatial.norm3(z);
                if (n < MINVAL) {
                    throw a.error("zaxis", "is a zero vector.");
                }
                for (int i = 0; i < 3; i++) {
                    z[i] /= n;
                }
                return Spatial.quatZ2Vec(z);
            }
            default: {
                double[] v = a.vector("euler", 3, null);
                double[] q = Spatial.identityQuat();
                for (int i = 0; i < 3; i++) {
                    char c = eulerseq.charAt(i);
                    double[] axis = new double[3];
                    axis[Character.toLowerCase(c) - 'x'] = 1;
                    double[] r = Spatial.axisAngle2Quat(axis, angle(v[i]));
                    q = Character.isLowerCase(c) ? Spatial.mulQuat(q, r) : Spatial.mulQuat(r, q);
                    // Normalized after every step and once more at the end, as MuJoCo does (bit for bit).
                    Spatial.normalizeQuat(q);
                }
                Spatial.normalizeQuat(q);
                return q;
            }
        }
    }

    private double angle(double value) {
        return degree ? value / 180 * Math.PI : value;
    }

    private Joint joint(XmlElement e, String childclass) {
        checkAttrs(e, JOINT_ATTRS, JOINT_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        Joint j = new Joint();
        j.element = e;
        j.name = a.str("name", "");
        j.type = JOINT_TYPES.indexOf(a.keyword("type", "hinge", JOINT_TYPES));
        j.pos = a.vector("pos", 3, new double[3]);
        j.axis = a.vector("axis", 3, new double[] {0, 0, 1});
        double n = Spatial.norm3(j.axis);
        if (n < MINVAL) {
            throw a.error("axis", "is a zero vector.");
        }
        for (int i = 0; i < 3; i++) {
            j.axis[i] /= n;
        }
        if (j.type == MjModel.JNT_BALL || j.type == MjModel.JNT_FREE) {
            // MuJoCo ignores the axis of ball and free joints and reports +z.
            j.axis = new double[] {0, 0, 1};
        }
        double[] range = a.vector("range", 2, new double[2]);
        String limited = a.keyword("limited", "auto", LIMITED);
        j.limited = limited(a, limited, "range", range);
        boolean angular = j.type == MjModel.JNT_HINGE || j.type == MjModel.JNT_BALL;
        // As MuJoCo: the degree conversion of a range happens only when the joint is limited.
        j.range = angular && j.limited ? new double[] {angle(range[0]), angle(range[1])} : range;
        if (j.limited && j.type != MjModel.JNT_BALL && !(j.range[0] < j.range[1])) {
            throw a.error("range", "must have range[0] < range[1] for a limited joint, got '" + a.str("range", "0 0") + "'.");
        }
        if (j.limited && j.type == MjModel.JNT_BALL && (range[0] != 0 || !(range[1] > 0))) {
            throw a.error("range", "of a limited ball joint must be '0 max-angle' with a positive max angle, got '"
                    + a.str("range", "0 0") + "'.");
        }
        if (j.limited && j.type == MjModel.JNT_FREE) {
            throw a.error("limited", "cannot be true on a free joint.");
        }
        j.damping = nonNegative(a, "damping");
        j.armature = nonNegative(a, "armature");
        j.stiffness = nonNegative(a, "stiffness");
        double ref = a.number("ref", 0);
        double springref = a.number("springref", 0);
        j.ref = j.type == MjModel.JNT_HINGE ? angle(ref) : ref;
        j.springref = j.type == MjModel.JNT_HINGE ? angle(springref) : springref;
        return j;
    }

    private Joint freejoint(XmlElement e) {
        checkAttrs(e, set("name"), set("group"));
        noChildren(e);
        Joint j = new Joint();
        j.element = e;
        j.name = e.has("name") ? e.attribute("name") : "";
        j.type = MjModel.JNT_FREE;
        j.pos = new double[3];
        j.axis = new double[] {0, 0, 1};
        j.range = new double[2];
        return j;
    }

    /** Resolves limited="auto" as MuJoCo does: with autolimits, limited exactly when a nonzero range is given. */
    private boolean limited(Attrs a, String limited, String rangeName, double[] range) {
        boolean hasRange = !(range[0] == 0 && range[1] == 0);
        switch (limited) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                if (autolimits) {
                    return hasRange;
                }
                if (hasRange) {
                    throw a.error(rangeName, "is given without '" + (rangeName.equals("range") ? "limited"
                            : rangeName.replace("range", "limited")) + "' while autolimits is false; set the limited attribute or enable autolimits.");
                }
                return false;
        }
    }

    private static double nonNegative(Attrs a, String name) {
        double v = a.number(name, 0);
        if (v < 0) {
            throw a.error(name, "must not be negative, got " + v + ".");
        }
        return v;
    }

    private Geom geom(XmlElement e, String childclass) {
        checkAttrs(e, GEOM_ATTRS, GEOM_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        Geom g = new Geom();
        g.element = e;
        g.attrs = a;
        g.name = a.str("name", "");
        String typeName = a.str("type", "sphere");
        if (typeName.equals("hfield") || typeName.equals("sdf")) {
            throw a.error("type", "is '" + typeName + "', which is not supported; supported geom types: " + GEOM_TYPES);
        }
        g.type = geomType(a.keyword("type", "sphere", GEOM_TYPES));
        g.size = a.numbers("size", 1, 3, new double[3]);
        g.rgba = a.vector("rgba", 4, new double[] {0.5, 0.5, 0.5, 1});
        g.friction = a.numbers("friction", 1, 3, new double[] {1, 0.005, 0.0001});
        g.contype = a.integer("contype", 1);
        g.conaffinity = a.integer("conaffinity", 1);
        g.group = a.integer("group", 0);
        g.condim = a.integer("condim", 3);
        if (g.condim != 1 && g.condim != 3 && g.condim != 4 && g.condim != 6) {
            throw a.error("condim", "is " + g.condim + "; allowed values: [1, 3, 4, 6]");
        }
        g.material = a.str("material", null);
        if (g.type == MjModel.GEOM_MESH) {
            return meshGeom(a, g);
        }
        if (a.has("mesh")) {
            throw a.error("mesh", "is only used by geoms of type 'mesh', not '" + typeName + "'.");
        }
        if (a.has("fromto")) {
            if (g.type != MjModel.GEOM_CAPSULE && g.type != MjModel.GEOM_CYLINDER && g.type != MjModel.GEOM_BOX
                    && g.type != MjModel.GEOM_ELLIPSOID) {
                throw a.error("fromto", "is only allowed on capsule, cylinder, box and ellipsoid geoms, not on '" + typeName + "'.");
            }
            if (a.has("pos")) {
                throw a.error("fromto", "conflicts with 'pos'; fromto already places the geom.");
            }
            double[] ft = a.vector("fromto", 6, null);
            double[] vec = {ft[0] - ft[3], ft[1] - ft[4], ft[2] - ft[5]};
            double len = Spatial.norm3(vec);
            if (len < MINVAL) {
                throw a.error("fromto", "has identical end points.");
            }
            g.pos = new double[] {(ft[0] + ft[3]) / 2, (ft[1] + ft[4]) / 2, (ft[2] + ft[5]) / 2};
            g.quat = Spatial.quatZ2Vec(vec);
            if (g.type == MjModel.GEOM_CAPSULE || g.type == MjModel.GEOM_CYLINDER) {
                g.size[1] = len / 2;
            } else {
                // Box and ellipsoid: a square (circular) cross-section of half-size size[0], as MuJoCo does.
                g.size[1] = g.size[0];
                g.size[2] = len / 2;
            }
        } else {
            g.pos = a.vector("pos", 3, new double[3]);
            g.quat = orientation(a);
        }
        checkGeomSize(a, g, typeName);
        g.mass = geomMass(a, GeomInertia.volume(g.type, g.size));
        g.inertia = GeomInertia.inertia(g.type, g.size, g.mass);
        return g;
    }

    /** A geom's {@code mass}, else {@code density} (default 1000) times {@code volume}; neither may be negative. */
    private static double geomMass(Attrs a, double volume) {
        double density = a.number("density", 1000);
        if (density < 0) {
            throw a.error("density", "must not be negative, got " + density + ".");
        }
        if (!a.has("mass")) {
            return density * volume;
        }
        double mass = a.number("mass", 0);
        if (mass < 0) {
            throw a.error("mass", "must not be negative, got " + mass + ".");
        }
        return mass;
    }

    /**
     * A mesh geom as MuJoCo 2.2.2 compiles it: its frame moves to the mesh's principal frame, its
     * size is the mesh's extent along those axes, and its density-based mass uses the mesh's
     * equivalent inertia box (see {@link MeshAsset}).
     */
    private Geom meshGeom(Attrs a, Geom g) {
        String name = a.str("mesh", null);
        if (name == null) {
            throw a.error("mesh", "is missing; a geom of type 'mesh' names one of the model's meshes.");
        }
        Integer id = meshIds.get(name);
        if (id == null) {
            throw a.error("mesh", "refers to unknown mesh '" + name + "'; known meshes: " + meshIds.keySet().stream().sorted().toList());
        }
        if (a.has("fromto")) {
            throw a.error("fromto", "is not allowed on mesh geoms; place them with 'pos' and an orientation.");
        }
        MeshAsset mesh = meshes.get(id);
        g.mesh = id;
        double[] pos = a.vector("pos", 3, new double[3]);
        double[] quat = orientation(a);
        double[] offset = Spatial.rotVecQuat(mesh.pos, quat);
        g.pos = new double[] {pos[0] + offset[0], pos[1] + offset[1], pos[2] + offset[2]};
        g.quat = Spatial.mulQuat(quat, mesh.quat);
        Spatial.normalizeQuat(g.quat);
        g.size = mesh.size.clone();
        g.mass = geomMass(a, mesh.boxVolume);
        g.inertia = new double[] {g.mass * mesh.inertiaPerMass[0], g.mass * mesh.inertiaPerMass[1], g.mass * mesh.inertiaPerMass[2]};
        return g;
    }

    private static void checkGeomSize(Attrs a, Geom g, String typeName) {
        int needed;
        switch (g.type) {
            case MjModel.GEOM_PLANE:
                for (int i = 0; i < 3; i++) {
                    if (g.size[i] < 0) {
                        throw a.error("size", "must not be negative for a plane.");
                    }
                }
                return;
            case MjModel.GEOM_SPHERE:
                needed = 1;
                break;
            case MjModel.GEOM_CAPSULE:
            case MjModel.GEOM_CYLINDER:
                needed = 2;
                break;
            default:
                needed = 3;
                break;
        }
        for (int i = 0; i < needed; i++) {
            if (!(g.size[i] > 0)) {
                throw a.error("size", "needs " + needed + " positive value" + (needed > 1 ? "s" : "") + " for a "
                        + typeName + " geom" + (needed > 1 && !a.has("fromto") && g.type != MjModel.GEOM_BOX
                                && g.type != MjModel.GEOM_ELLIPSOID ? " (or a radius and 'fromto')" : "")
                        + "; size[" + i + "] is " + g.size[i] + ".");
            }
        }
    }

    private static int geomType(String name) {
        switch (name) {
            case "plane":
                return MjModel.GEOM_PLANE;
            case "sphere":
                return MjModel.GEOM_SPHERE;
            case "capsule":
                return MjModel.GEOM_CAPSULE;
            case "ellipsoid":
                return MjModel.GEOM_ELLIPSOID;
            case "cylinder":
                return MjModel.GEOM_CYLINDER;
            case "mesh":
                return MjModel.GEOM_MESH;
            default:
                return MjModel.GEOM_BOX;
        }
    }

    private Site site(XmlElement e, String childclass) {
        checkAttrs(e, SITE_ATTRS, SITE_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        Site s = new Site();
        s.name = a.str("name", "");
        s.type = geomType(a.keyword("type", "sphere", SITE_TYPES));
        s.size = a.numbers("size", 1, 3, new double[] {0.005, 0.005, 0.005});
        s.pos = a.vector("pos", 3, new double[3]);
        s.quat = orientation(a);
        s.rgba = a.vector("rgba", 4, new double[] {0.5, 0.5, 0.5, 1});
        return s;
    }

    private Camera camera(XmlElement e, String childclass) {
        checkAttrs(e, CAMERA_ATTRS, CAMERA_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        Camera c = new Camera();
        c.name = a.str("name", "");
        String mode = a.str("mode", "fixed");
        if (!mode.equals("fixed")) {
            throw a.error("mode", "is '" + mode + "'; only 'fixed' cameras are supported.");
        }
        c.pos = a.vector("pos", 3, new double[3]);
        c.quat = orientation(a);
        c.fovy = a.number("fovy", 45);
        if (!(c.fovy > 0 && c.fovy < 180)) {
            throw a.error("fovy", "must be between 0 and 180 degrees, got " + c.fovy + ".");
        }
        return c;
    }

    private Light light(XmlElement e, String childclass) {
        checkAttrs(e, LIGHT_ATTRS, LIGHT_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        Light l = new Light();
        l.name = a.str("name", "");
        String mode = a.str("mode", "fixed");
        if (!mode.equals("fixed")) {
            throw a.error("mode", "is '" + mode + "'; only 'fixed' lights are supported.");
        }
        l.pos = a.vector("pos", 3, new double[3]);
        l.dir = a.vector("dir", 3, new double[] {0, 0, -1});
        double n = Spatial.norm3(l.dir);
        if (n < MINVAL) {
            throw a.error("dir", "is a zero vector.");
        }
        for (int i = 0; i < 3; i++) {
            l.dir[i] /= n;
        }
        l.directional = a.bool("directional", false);
        l.castshadow = a.bool("castshadow", true);
        l.diffuse = a.vector("diffuse", 3, new double[] {0.7, 0.7, 0.7});
        l.ambient = a.vector("ambient", 3, new double[3]);
        l.specular = a.vector("specular", 3, new double[] {0.3, 0.3, 0.3});
        return l;
    }

    // ---------------------------------------------------------------- tendons, actuators, contacts

    private void tendonSection(XmlElement s) {
        checkAttrs(s, Set.of(), Set.of());
        for (XmlElement c : s.children()) {
            if (c.name.equals("spatial")) {
                throw new SceneException("<spatial> tendon at line " + c.line + " is not supported; only <fixed> tendons are.");
            }
            if (!c.name.equals("fixed")) {
                throw unknownChild(c, "tendon", List.of("fixed"));
            }
            checkAttrs(c, set("name", "limited", "range", "margin", "solreflimit", "solimplimit", "stiffness", "damping",
                    "springlength"),
                    set("rgba", "width", "group", "material", "user"));
            Tendon t = new Tendon();
            t.element = c;
            t.name = c.has("name") ? c.attribute("name") : "";
            Attrs a = new Attrs(c, Map.of());
            // a tendon's range is a length: never converted from degrees, even over hinges
            t.range = a.vector("range", 2, new double[2]);
            t.limited = limited(a, a.keyword("limited", "auto", LIMITED), "range", t.range);
            if (t.limited && !(t.range[0] < t.range[1])) {
                throw a.error("range", "must have range[0] < range[1] for a limited tendon, got '" + a.str("range", "0 0")
                        + "' (MuJoCo: invalid limits in tendon).");
            }
            t.margin = nonNegative(a, "margin");
            t.solref = a.numbers("solreflimit", 2, 2, Equalities.SOLREF);
            t.solimp = a.numbers("solimplimit", 3, 5, Equalities.SOLIMP);
            Equalities.checkSolref(a, "solreflimit", t.solref);
            Equalities.checkSolimp(a, "solimplimit", t.solimp);
            t.stiffness = nonNegative(a, "stiffness");
            t.damping = nonNegative(a, "damping");
            // MuJoCo: a negative springlength (the default -1) means the length at the spring pose
            t.springlength = a.number("springlength", -1);
            for (XmlElement j : c.children()) {
                if (!j.name.equals("joint")) {
                    throw unknownChild(j, "fixed", List.of("joint"));
                }
                checkAttrs(j, set("joint", "coef"), Set.of());
                noChildren(j);
                requireAttr(j, "joint");
                requireAttr(j, "coef");
                t.joints.add(j);
                t.coefs.add(new Attrs(j, Map.of()).number("coef", 0));
            }
            if (t.joints.isEmpty()) {
                throw new SceneException("Fixed tendon at line " + c.line + " has no <joint> entries.");
            }
            tendons.add(t);
        }
    }

    private static void requireAttr(XmlElement e, String name) {
        if (!e.has(name)) {
            throw new SceneException("Missing required attribute '" + name + "' on <" + e.name + "> at line " + e.line);
        }
    }

    private void actuatorSection(XmlElement s) {
        checkAttrs(s, Set.of(), Set.of());
        for (XmlElement c : s.children()) {
            Set<String> supported = ACTUATOR_ATTRS.get(c.name);
            if (supported == null) {
                throw unknownChild(c, "actuator", List.of("motor", "position", "velocity", "general"));
            }
            checkAttrs(c, supported, ACTUATOR_IGNORED);
            noChildren(c);
            Actuator act = new Actuator();
            act.element = c;
            act.name = c.has("name") ? c.attribute("name") : "";
            act.state = classFor(c, null).actuator.copy();
            readActuator(c, act.state);
            act.joint = c.attribute("joint");
            act.tendon = c.attribute("tendon");
            if (act.joint == null && act.tendon == null) {
                throw new SceneException("Missing required attribute 'joint' on <" + c.name + "> at line " + c.line
                        + " (give 'joint' or 'tendon')");
            }
            if (act.joint != null && act.tendon != null) {
                throw new SceneException("<" + c.name + "> at line " + c.line + " has both 'joint' and 'tendon'; give exactly one.");
            }
            actuators.add(act);
        }
    }

    /** Applies an actuator element (in a default class or the actuator section) to a state, as MuJoCo's shortcuts do. */
    private static void readActuator(XmlElement c, ActState s) {
        Attrs a = new Attrs(c, Map.of());
        if (a.has("ctrllimited")) {
            s.ctrllimited = a.keyword("ctrllimited", "auto", LIMITED);
        }
        if (a.has("forcelimited")) {
            s.forcelimited = a.keyword("forcelimited", "auto", LIMITED);
        }
        s.ctrlrange = a.vector("ctrlrange", 2, s.ctrlrange);
        s.forcerange = a.vector("forcerange", 2, s.forcerange);
        if (a.has("gear")) {
            double[] gear = a.numbers("gear", 1, 6, new double[6]);
            for (int i = 1; i < 6; i++) {
                if (gear[i] != 0) {
                    throw a.error("gear", "has a nonzero component " + (i + 1)
                            + "; only the first gear component is used by joint and tendon transmissions.");
                }
            }
            s.gear = gear[0];
        }
        switch (c.name) {
            case "motor":
                // As MuJoCo 2.x: only the first gain is set; the (unused) bias parameters are left as they were.
                s.gaintype = MjModel.GAIN_FIXED;
                s.biastype = MjModel.BIAS_NONE;
                s.gain[0] = 1;
                break;
            case "position": {
                double kp = a.number("kp", s.gain[0]);
                double kv = a.number("kv", s.positionKv);
                if (kp < 0 || kv < 0) {
                    throw a.error(kp < 0 ? "kp" : "kv", "must not be negative.");
                }
                s.positionKv = kv;
                s.gaintype = MjModel.GAIN_FIXED;
                s.biastype = MjModel.BIAS_AFFINE;
                s.gain[0] = kp;
                s.bias = new double[] {0, -kp, kv == 0 ? 0 : -kv};
                break;
            }
            case "velocity": {
                double kv = a.number("kv", s.gain[0]);
                if (kv < 0) {
                    throw a.error("kv", "must not be negative.");
                }
                s.gaintype = MjModel.GAIN_FIXED;
                s.biastype = MjModel.BIAS_AFFINE;
                s.gain[0] = kv;
                s.bias = new double[] {0, 0, -kv};
                break;
            }
            default: {
                a.keyword("gaintype", "fixed", List.of("fixed"));
                a.keyword("dyntype", "none", List.of("none"));
                if (a.has("biastype")) {
                    s.biastype = a.keyword("biastype", "none", List.of("none", "affine")).equals("none")
                            ? MjModel.BIAS_NONE : MjModel.BIAS_AFFINE;
                }
                s.gaintype = MjModel.GAIN_FIXED;
                if (a.has("gainprm")) {
                    s.gain = firstThree(a, "gainprm");
                }
                if (a.has("biasprm")) {
                    s.bias = firstThree(a, "biasprm");
                }
                break;
            }
        }
    }

    private static double[] firstThree(Attrs a, String name) {
        double[] v = a.numbers(name, 1, 10, new double[10]);
        for (int i = 3; i < 10; i++) {
            if (v[i] != 0) {
                throw a.error(name, "has a nonzero parameter " + (i + 1) + "; fixed gains and affine biases use only the first three.");
            }
        }
        return new double[] {v[0], v[1], v[2]};
    }

    private void contactSection(XmlElement s) {
        checkAttrs(s, Set.of(), Set.of());
        for (XmlElement c : s.children()) {
            if (c.name.equals("pair")) {
                throw new SceneException("<pair> at line " + c.line + " is not supported; only <exclude> is.");
            }
            if (!c.name.equals("exclude")) {
                throw unknownChild(c, "contact", List.of("exclude"));
            }
            checkAttrs(c, set("name", "body1", "body2"), Set.of());
            noChildren(c);
            requireAttr(c, "body1");
            requireAttr(c, "body2");
            excludes.add(c);
        }
    }

    // ---------------------------------------------------------------- inertia

    private void bodyInertia(Body b) {
        boolean useInertial = b.inertial != null && !inertiaFromGeom.equals("true");
        if (useInertial) {
            explicitInertia(b);
            return;
        }
        if (inertiaFromGeom.equals("false")) {
            massless(b);
            return;
        }
        List<Geom> sel = new ArrayList<>();
        for (Geom g : b.geoms) {
            if (g.group >= inertiaGroupRange[0] && g.group <= inertiaGroupRange[1]) {
                sel.add(g);
            }
        }
        if (sel.isEmpty()) {
            massless(b);
        } else if (sel.size() == 1) {
            Geom g = sel.get(0);
            b.mass = g.mass;
            b.ipos = g.pos.clone();
            b.iquat = g.quat.clone();
            b.inertia = g.inertia.clone();
        } else if (sel.size() > 1) {
            double mass = 0;
            double[] com = new double[3];
            for (Geom g : sel) {
                mass += g.mass;
                for (int i = 0; i < 3; i++) {
                    com[i] += g.mass * g.pos[i];
                }
            }
            if (mass < MINVAL) {
                throw new SceneException("Body '" + b.name + "' at line " + b.element.line
                        + " has geoms of zero total mass, so its center of mass is undefined; give its geoms a size/density or an <inertial> mass");
            }
            for (int i = 0; i < 3; i++) {
                com[i] /= mass;
            }
            // Accumulated as MuJoCo does (upper triangle xx yy zz xy xz yz, same operation order), so that
            // even nearly degenerate tensors diagonalize to the same principal frame.
            double[] tot = new double[6];
            for (Geom g : sel) {
                double[] r = Spatial.quat2Mat(g.quat);
                double[] local = new double[6];
                int[][] idx = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
                for (int n = 0; n < 6; n++) {
                    int i = idx[n][0];
                    int j = idx[n][1];
                    double acc = 0;
                    for (int k = 0; k < 3; k++) {
                        acc += r[3 * i + k] * g.inertia[k] * r[3 * j + k];
                    }
                    local[n] = acc;
                }
                double[] d = {g.pos[0] - com[0], g.pos[1] - com[1], g.pos[2] - com[2]};
                double[] off = {
                    g.mass * (d[1] * d[1] + d[2] * d[2]),
                    g.mass * (d[0] * d[0] + d[2] * d[2]),
                    g.mass * (d[0] * d[0] + d[1] * d[1]),
                    -g.mass * d[0] * d[1],
                    -g.mass * d[0] * d[2],
                    -g.mass * d[1] * d[2],
                };
                for (int n = 0; n < 6; n++) {
                    tot[n] = tot[n] + local[n] + off[n];
                }
            }
            double[] full = {tot[0], tot[3], tot[4], tot[3], tot[1], tot[5], tot[4], tot[5], tot[2]};
            double[] eig = Spatial.eig3(full);
            b.mass = mass;
            b.ipos = com;
            b.iquat = new double[] {eig[0], eig[1], eig[2], eig[3]};
            b.inertia = new double[] {eig[4], eig[5], eig[6]};
            if (b.inertia[2] < 0) {
                throw new SceneException("Body '" + b.name + "' at line " + b.element.line
                        + " has an inertia from its geoms that is not positive.");
            }
        }
    }

    /**
     * A body with neither an inertial nor mass-bearing geoms: MuJoCo 2.x leaves its inertial frame
     * at the body's own frame as written (pos and quat relative to the parent), with zero mass.
     */
    private static void massless(Body b) {
        b.ipos = b.pos.clone();
        b.iquat = b.quat.clone();
    }

    private void explicitInertia(Body b) {
        XmlElement e = b.inertial;
        requireAttr(e, "pos");
        requireAttr(e, "mass");
        Attrs a = new Attrs(e, Map.of());
        b.ipos = a.vector("pos", 3, null);
        b.mass = a.number("mass", 0);
        if (b.mass < 0) {
            throw a.error("mass", "must not be negative, got " + b.mass + ".");
        }
        if (a.has("fullinertia")) {
            if (a.has("diaginertia")) {
                throw a.error("fullinertia", "conflicts with 'diaginertia'; give one of them.");
            }
            for (String k : ORIENTATION) {
                if (a.has(k)) {
                    throw a.error(k, "cannot be combined with 'fullinertia', which defines the principal axes itself.");
                }
            }
            double[] f = a.vector("fullinertia", 6, null);
            double[] m = {f[0], f[3], f[4], f[3], f[1], f[5], f[4], f[5], f[2]};
            double[] eig = Spatial.eig3(m);
            if (eig[6] < 0) {
                throw a.error("fullinertia", "is not positive semi-definite.");
            }
            b.iquat = new double[] {eig[0], eig[1], eig[2], eig[3]};
            b.inertia = new double[] {eig[4], eig[5], eig[6]};
        } else {
            b.inertia = a.vector("diaginertia", 3, new double[3]);
            for (double v : b.inertia) {
                if (v < 0) {
                    throw a.error("diaginertia", "must not be negative.");
                }
            }
            b.iquat = orientation(a);
        }
        double[] in = b.inertia;
        if (in[0] + in[1] < in[2] || in[0] + in[2] < in[1] || in[1] + in[2] < in[0]) {
            throw new SceneException("<inertial> at line " + e.line + " of body '" + b.name
                    + "' has principal moments " + in[0] + " " + in[1] + " " + in[2]
                    + " that violate A + B >= C; no rigid body has such an inertia.");
        }
    }

    // ---------------------------------------------------------------- model assembly

    private MjModel build() {
        // Welding and per-body inertia.
        for (Body b : bodies) {
            if (b.id == 0) {
                b.weldid = 0;
                continue;
            }
            b.weldid = b.joints.isEmpty() ? bodies.get(b.parent).weldid : b.id;
            bodyInertia(b);
        }

        int nbody = bodies.size();

        List<Joint> joints = new ArrayList<>();
        List<Integer> jointBody = new ArrayList<>();
        List<Geom> geoms = new ArrayList<>();
        List<Integer> geomBody = new ArrayList<>();
        List<Site> sites = new ArrayList<>();
        List<Integer> siteBody = new ArrayList<>();
        List<Camera> cams = new ArrayList<>();
        List<Integer> camBody = new ArrayList<>();
        List<Light> lights = new ArrayList<>();
        List<Integer> lightBody = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        int nmocap = 0;
        for (Body b : bodies) {
            if (!b.name.isEmpty() && !seen.add(b.name)) {
                throw new SceneException("Repeated body name '" + b.name + "' at line " + b.element.line + ".");
            }
            nmocap += b.mocap ? 1 : 0;
            for (Joint j : b.joints) {
                joints.add(j);
                jointBody.add(b.id);
            }
            for (Geom g : b.geoms) {
                if (g.type == MjModel.GEOM_PLANE && b.weldid != 0) {
                    throw new SceneException("Plane geom at line " + g.element.line + " is in moving body '" + b.name
                            + "'; planes are only allowed in the world or in bodies welded to it.");
                }
                geoms.add(g);
                geomBody.add(b.id);
            }
            for (Site s : b.sites) {
                sites.add(s);
                siteBody.add(b.id);
            }
            for (Camera c : b.cameras) {
                cams.add(c);
                camBody.add(b.id);
            }
            for (Light l : b.lights) {
                lights.add(l);
                lightBody.add(b.id);
            }
        }
        checkMovingMass();

        int nq = 0;
        int nv = 0;
        for (Joint j : joints) {
            nq += qposSize(j.type);
            nv += dofSize(j.type);
        }
        int nvert = 0, nface = 0, nhull = 0;
        for (MeshAsset mesh : meshes) {
            nvert += mesh.vert.length / 3;
            nface += mesh.face.length / 3;
            nhull += mesh.hull.length / 3;
        }
        int nwrap = 0;
        for (Tendon t : tendons) {
            nwrap += t.joints.size();
        }
        MjModel m = MjModel.allocate(MjModel.Sizes.builder().nq(nq).nv(nv).nu(actuators.size()).nbody(nbody)
                .njnt(joints.size()).ngeom(geoms.size()).nsite(sites.size()).ncam(cams.size()).nlight(lights.size())
                .nmat(materials.size()).ntex(textures.size()).nmesh(meshes.size(), nvert, nface, nhull)
                .ntendon(tendons.size(), nwrap).nexclude(excludes.size()).neq(equalities.count()).nkey(keys.size())
                .nmocap(nmocap).build());
        m.modelName = root.has("model") ? root.attribute("model") : "MuJoCo Model";
        m.timestep = timestep;
        System.arraycopy(gravity, 0, m.gravity, 0, 3);
        int mocapId = 0;
        for (Body b : bodies) {
            int i = b.id;
            m.body_name[i] = b.name;
            m.body_parentid[i] = b.parent;
            m.body_weldid[i] = b.weldid;
            m.body_mocapid[i] = b.mocap ? mocapId++ : -1;
            put(m.body_pos, i, b.pos);
            put(m.body_quat, i, b.quat);
            put(m.body_ipos, i, b.ipos);
            put(m.body_iquat, i, b.iquat);
            put(m.body_inertia, i, b.inertia);
            m.body_mass[i] = b.mass;
        }

        // Joints, dofs and qpos.
        int njnt = joints.size();
        int[] lastDofOfBody = new int[nbody];
        java.util.Arrays.fill(lastDofOfBody, -1);
        int qadr = 0;
        int dadr = 0;
        uniqueNames(joints.stream().map(j -> j.name).toList(), joints.stream().map(j -> j.element).toList(), "joint");
        for (int jid = 0; jid < njnt; jid++) {
            Joint j = joints.get(jid);
            int bid = jointBody.get(jid);
            Body b = bodies.get(bid);
            if (j.type == MjModel.JNT_FREE && b.parent != 0) {
                throw new SceneException("Free joint at line " + j.element.line + " is in body '" + b.name
                        + "', which is not a child of the world; free joints can only be used on top-level bodies.");
            }
            if (m.body_jntnum[bid] > 0) {
                boolean afterBall = false;
                for (int k = m.body_jntadr[bid]; k < jid; k++) {
                    afterBall |= m.jnt_type[k] == MjModel.JNT_BALL;
                }
                if (afterBall && (j.type == MjModel.JNT_BALL || j.type == MjModel.JNT_HINGE)) {
                    throw new SceneException("Joint at line " + j.element.line + " in body '" + b.name
                            + "' is a rotation following a ball joint, which MuJoCo does not allow.");
                }
                if (m.body_dofnum[bid] + dofSize(j.type) > 6) {
                    throw new SceneException("Joint at line " + j.element.line + " gives body '" + b.name
                            + "' more than 6 degrees of freedom.");
                }
            }
            if (m.body_jntnum[bid] == 0) {
                m.body_jntadr[bid] = jid;
                m.body_dofadr[bid] = dadr;
            }
            m.body_jntnum[bid]++;
            m.body_dofnum[bid] += dofSize(j.type);
            m.jnt_name[jid] = j.name;
            m.jnt_type[jid] = j.type;
            m.jnt_qposadr[jid] = qadr;
            m.jnt_dofadr[jid] = dadr;
            m.jnt_bodyid[jid] = bid;
            put(m.jnt_pos, jid, j.pos);
            put(m.jnt_axis, jid, j.axis);
            m.jnt_limited[jid] = j.limited;
            m.jnt_range[2 * jid] = j.range[0];
            m.jnt_range[2 * jid + 1] = j.range[1];
            m.jnt_stiffness[jid] = j.stiffness;
            switch (j.type) {
                case MjModel.JNT_FREE:
                    System.arraycopy(b.pos, 0, m.qpos0, qadr, 3);
                    System.arraycopy(b.quat, 0, m.qpos0, qadr + 3, 4);
                    System.arraycopy(m.qpos0, qadr, m.qpos_spring, qadr, 7);
                    break;
                case MjModel.JNT_BALL:
                    m.qpos0[qadr] = 1;
                    m.qpos_spring[qadr] = 1;
                    break;
                default:
                    m.qpos0[qadr] = j.ref;
                    m.qpos_spring[qadr] = j.springref;
                    break;
            }
            // The parent of a body's first dof is the last dof of the nearest ancestor that has any.
            int parentDof = -1;
            if (m.body_jntnum[bid] == 1) {
                for (int p = b.parent; p != 0; p = bodies.get(p).parent) {
                    if (lastDofOfBody[p] >= 0) {
                        parentDof = lastDofOfBody[p];
                        break;
                    }
                }
            } else {
                parentDof = lastDofOfBody[bid];
            }
            for (int k = 0; k < dofSize(j.type); k++) {
                m.dof_bodyid[dadr] = bid;
                m.dof_jntid[dadr] = jid;
                m.dof_parentid[dadr] = parentDof;
                m.dof_damping[dadr] = j.damping;
                m.dof_armature[dadr] = j.armature;
                parentDof = dadr;
                dadr++;
            }
            lastDofOfBody[bid] = dadr - 1;
            qadr += qposSize(j.type);
        }
        for (int i = 0; i < nbody; i++) {
            if (m.body_jntnum[i] == 0) {
                m.body_jntadr[i] = -1;
                m.body_dofadr[i] = -1;
            }
        }

        // Materials and textures (before geoms, which refer to materials).
        fillTextures(m);
        fillMaterials(m);
        fillMeshes(m);

        int ngeom = geoms.size();
        uniqueNames(geoms.stream().map(g -> g.name).toList(), geoms.stream().map(g -> g.element).toList(), "geom");
        for (int i = 0; i < ngeom; i++) {
            Geom g = geoms.get(i);
            m.geom_name[i] = g.name;
            m.geom_type[i] = g.type;
            m.geom_bodyid[i] = geomBody.get(i);
            m.geom_contype[i] = g.contype;
            m.geom_conaffinity[i] = g.conaffinity;
            m.geom_group[i] = g.group;
            m.geom_condim[i] = g.condim;
            m.geom_matid[i] = -1;
            m.geom_dataid[i] = g.mesh;
            if (g.material != null) {
                int id = lookup(m.mat_name, g.material);
                if (id < 0) {
                    throw g.attrs.error("material", "refers to unknown material '" + g.material + "'; known materials: "
                            + named(m.mat_name));
                }
                m.geom_matid[i] = id;
            }
            put(m.geom_size, i, g.size);
            put(m.geom_pos, i, g.pos);
            put(m.geom_quat, i, g.quat);
            put(m.geom_rgba, i, g.rgba);
            put(m.geom_friction, i, g.friction);
        }

        int nsite = sites.size();
        for (int i = 0; i < nsite; i++) {
            Site s = sites.get(i);
            m.site_name[i] = s.name;
            m.site_bodyid[i] = siteBody.get(i);
            m.site_type[i] = s.type;
            put(m.site_size, i, s.size);
            put(m.site_pos, i, s.pos);
            put(m.site_quat, i, s.quat);
            put(m.site_rgba, i, s.rgba);
        }
        checkUnique(m.site_name, "site");

        int ncam = cams.size();
        for (int i = 0; i < ncam; i++) {
            Camera c = cams.get(i);
            m.cam_name[i] = c.name;
            m.cam_bodyid[i] = camBody.get(i);
            put(m.cam_pos, i, c.pos);
            put(m.cam_quat, i, c.quat);
            m.cam_fovy[i] = c.fovy;
        }
        checkUnique(m.cam_name, "camera");

        int nlight = lights.size();
        for (int i = 0; i < nlight; i++) {
            Light l = lights.get(i);
            m.light_name[i] = l.name;
            m.light_bodyid[i] = lightBody.get(i);
            m.light_directional[i] = l.directional;
            m.light_castshadow[i] = l.castshadow;
            put(m.light_pos, i, l.pos);
            put(m.light_dir, i, l.dir);
            put(m.light_diffuse, i, l.diffuse);
            put(m.light_ambient, i, l.ambient);
            put(m.light_specular, i, l.specular);
        }
        checkUnique(m.light_name, "light");

        fillTendons(m);
        equalities.fill(m);
        fillActuators(m);
        fillExcludes(m);
        fillKeys(m);
        SetConst.setConst(m);
        return m;
    }

    /** MuJoCo refuses a moving body whose welded group has no mass or no rotational inertia. */
    private void checkMovingMass() {
        // One pass: the mass and inertia of each welded group, summed at the group's root body.
        double[] groupMass = new double[bodies.size()];
        double[] groupInertia = new double[bodies.size()];
        for (Body o : bodies) {
            groupMass[o.weldid] += o.mass;
            groupInertia[o.weldid] += o.inertia[0] + o.inertia[1] + o.inertia[2];
        }
        for (Body b : bodies) {
            if (b.id == 0 || b.joints.isEmpty()) {
                continue;
            }
            double mass = groupMass[b.id];
            double inertia = groupInertia[b.id];
            if (mass < MINVAL || inertia < MINVAL) {
                int type = b.joints.get(0).type;
                String kind = type == MjModel.JNT_FREE ? "Free" : "Moving";
                throw new SceneException(kind + " body '" + b.name + "' at line " + b.element.line + " has zero "
                        + (mass < MINVAL ? "mass" : "inertia")
                        + "; give its geoms a size/density or an <inertial> mass");
            }
        }
    }

    private static int qposSize(int type) {
        return type == MjModel.JNT_FREE ? 7 : type == MjModel.JNT_BALL ? 4 : 1;
    }

    private static int dofSize(int type) {
        return type == MjModel.JNT_FREE ? 6 : type == MjModel.JNT_BALL ? 3 : 1;
    }

    private static void put(double[] dst, int index, double[] v) {
        System.arraycopy(v, 0, dst, index * v.length, v.length);
    }

    private static void uniqueNames(List<String> names, List<XmlElement> elements, String kind) {
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!n.isEmpty() && !seen.add(n)) {
                throw new SceneException("Repeated " + kind + " name '" + n + "' at line " + elements.get(i).line + ".");
            }
        }
    }

    static void checkUnique(String[] names, String kind) {
        Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!n.isEmpty() && !seen.add(n)) {
                throw new SceneException("Repeated " + kind + " name '" + n + "'.");
            }
        }
    }

    private final Map<String[], Map<String, Integer>> nameIndex = new java.util.IdentityHashMap<>();

    /** Id of a named object, or -1; hashed once per name array so that big scenes stay linear. */
    private int lookup(String[] names, String name) {
        Map<String, Integer> index = nameIndex.computeIfAbsent(names, n -> {
            Map<String, Integer> map = new HashMap<>();
            for (int i = 0; i < n.length; i++) {
                if (n[i] != null && !n[i].isEmpty()) {
                    map.putIfAbsent(n[i], i);
                }
            }
            return map;
        });
        Integer id = name == null ? null : index.get(name);
        return id == null ? -1 : id;
    }

    /** The names for a "known ...:" list in a message, at most 20 of them. */
    static String named(String[] names) {
        List<String> out = new ArrayList<>();
        int total = 0;
        for (String n : names) {
            if (n != null && !n.isEmpty()) {
                if (out.size() < 20) {
                    out.add(n);
                }
                total++;
            }
        }
        String list = out.toString();
        return total > out.size() ? list.substring(0, list.length() - 1) + ", ... (" + (total - out.size()) + " more)]" : list;
    }

    private void fillTextures(MjModel m) {
        int n = textures.size();
        for (int i = 0; i < n; i++) {
            XmlElement e = textures.get(i);
            Attrs a = new Attrs(e, Map.of());
            m.tex_name[i] = a.str("name", "");
            m.tex_type[i] = a.keyword("type", "cube", List.of("2d", "cube", "skybox"));
            String builtin = a.keyword("builtin", "none", List.of("none", "gradient", "checker", "flat"));
            if (builtin.equals("none")) {
                throw a.error("builtin", "is missing or 'none'; only builtin textures (checker, flat, gradient) are supported, texture files are not.");
            }
            m.tex_builtin[i] = List.of("none", "gradient", "checker", "flat").indexOf(builtin);
            m.tex_width[i] = a.integer("width", 0);
            // As MuJoCo: cube and skybox textures are six square faces stacked vertically (height = 6 width).
            m.tex_height[i] = m.tex_type[i].equals("2d") ? a.integer("height", 0) : 6 * Math.min(m.tex_width[i], 1 << 20);
            if (m.tex_width[i] <= 0 || m.tex_height[i] <= 0 || (long) m.tex_width[i] * m.tex_height[i] > 16L * 1024 * 1024) {
                throw new SceneException("Texture at line " + e.line + " needs a positive 'width' (and 'height' for 2d) with at most 16M texels, got "
                        + m.tex_width[i] + "x" + m.tex_height[i] + ".");
            }
            put(m.tex_rgb1, i, a.vector("rgb1", 3, new double[] {0.8, 0.8, 0.8}));
            put(m.tex_rgb2, i, a.vector("rgb2", 3, new double[] {0.5, 0.5, 0.5}));
            m.tex_mark[i] = List.of("none", "edge", "cross", "random").indexOf(
                    a.keyword("mark", "none", List.of("none", "edge", "cross", "random")));
            put(m.tex_markrgb, i, a.vector("markrgb", 3, new double[3]));
        }
        checkUnique(m.tex_name, "texture");
    }

    private void fillMeshes(MjModel m) {
        int n = meshes.size();
        int v = 0, f = 0, h = 0;
        for (int i = 0; i < n; i++) {
            MeshAsset mesh = meshes.get(i);
            m.mesh_name[i] = mesh.name;
            m.mesh_vertadr[i] = v;
            m.mesh_vertnum[i] = mesh.vert.length / 3;
            m.mesh_faceadr[i] = f;
            m.mesh_facenum[i] = mesh.face.length / 3;
            m.mesh_hulladr[i] = h;
            m.mesh_hullnum[i] = mesh.hull.length / 3;
            System.arraycopy(mesh.vert, 0, m.mesh_vert, 3 * v, mesh.vert.length);
            System.arraycopy(mesh.face, 0, m.mesh_face, 3 * f, mesh.face.length);
            System.arraycopy(mesh.hull, 0, m.mesh_hull, 3 * h, mesh.hull.length);
            v += m.mesh_vertnum[i];
            f += m.mesh_facenum[i];
            h += m.mesh_hullnum[i];
        }
    }

    private void fillMaterials(MjModel m) {
        int n = materials.size();
        for (int i = 0; i < n; i++) {
            Attrs a = materials.get(i);
            m.mat_name[i] = a.str("name", "");
            m.mat_texid[i] = -1;
            String tex = a.str("texture", null);
            if (tex != null) {
                int id = lookup(m.tex_name, tex);
                if (id < 0) {
                    throw a.error("texture", "refers to unknown texture '" + tex + "'; known textures: " + named(m.tex_name));
                }
                m.mat_texid[i] = id;
            }
            put(m.mat_rgba, i, a.vector("rgba", 4, new double[] {1, 1, 1, 1}));
            put(m.mat_texrepeat, i, a.vector("texrepeat", 2, new double[] {1, 1}));
            m.mat_specular[i] = a.number("specular", 0.5);
            m.mat_shininess[i] = a.number("shininess", 0.5);
            m.mat_reflectance[i] = a.number("reflectance", 0);
        }
        checkUnique(m.mat_name, "material");
    }

    private void fillTendons(MjModel m) {
        int n = tendons.size();
        int w = 0;
        for (int i = 0; i < n; i++) {
            Tendon t = tendons.get(i);
            m.tendon_name[i] = t.name;
            m.tendon_limited[i] = t.limited;
            m.tendon_range[2 * i] = t.range[0];
            m.tendon_range[2 * i + 1] = t.range[1];
            m.tendon_margin[i] = t.margin;
            System.arraycopy(t.solref, 0, m.tendon_solref_lim, 2 * i, 2);
            System.arraycopy(t.solimp, 0, m.tendon_solimp_lim, 5 * i, 5);
            m.tendon_stiffness[i] = t.stiffness;
            m.tendon_damping[i] = t.damping;
            double springLength = 0;
            m.tendon_adr[i] = w;
            m.tendon_num[i] = t.joints.size();
            for (int k = 0; k < t.joints.size(); k++) {
                XmlElement je = t.joints.get(k);
                String jn = je.attribute("joint");
                int jid = lookup(m.jnt_name, jn);
                if (jid < 0 || jn.isEmpty()) {
                    throw new SceneException("Tendon '" + t.name + "' at line " + je.line + " refers to unknown joint '" + jn
                            + "'; known joints: " + named(m.jnt_name));
                }
                int type = m.jnt_type[jid];
                if (type != MjModel.JNT_HINGE && type != MjModel.JNT_SLIDE) {
                    throw new SceneException("Tendon '" + t.name + "' at line " + je.line + " uses joint '" + jn
                            + "', which is not a hinge or slide joint; fixed tendons need scalar joints.");
                }
                m.wrap_jntid[w] = jid;
                m.wrap_coef[w] = t.coefs.get(k);
                springLength += m.wrap_coef[w] * m.qpos_spring[m.jnt_qposadr[jid]];
                w++;
            }
            m.tendon_lengthspring[i] = t.springlength < 0 ? springLength : t.springlength;
        }
        checkUnique(m.tendon_name, "tendon");
    }

    private void fillActuators(MjModel m) {
        int n = actuators.size();
        for (int i = 0; i < n; i++) {
            Actuator act = actuators.get(i);
            ActState s = act.state;
            String label = "Actuator" + (act.name.isEmpty() ? "" : " '" + act.name + "'") + " at line " + act.element.line;
            m.actuator_name[i] = act.name;
            if (act.joint != null) {
                int jid = lookup(m.jnt_name, act.joint);
                if (jid < 0 || act.joint.isEmpty()) {
                    throw new SceneException(label + " refers to unknown joint '" + act.joint + "'; known joints: " + named(m.jnt_name));
                }
                m.actuator_trntype[i] = MjModel.TRN_JOINT;
                m.actuator_trnid[i] = jid;
            } else {
                int tid = lookup(m.tendon_name, act.tendon);
                if (tid < 0 || act.tendon.isEmpty()) {
                    throw new SceneException(label + " refers to unknown tendon '" + act.tendon + "'; known tendons: "
                            + named(m.tendon_name));
                }
                m.actuator_trntype[i] = MjModel.TRN_TENDON;
                m.actuator_trnid[i] = tid;
            }
            m.actuator_gaintype[i] = s.gaintype;
            m.actuator_biastype[i] = s.biastype;
            m.actuator_gear[i] = s.gear;
            put(m.actuator_gainprm, i, s.gain);
            put(m.actuator_biasprm, i, s.bias);
            Attrs a = new Attrs(act.element, Map.of());
            m.actuator_ctrllimited[i] = limited(a, s.ctrllimited, "ctrlrange", s.ctrlrange);
            m.actuator_forcelimited[i] = limited(a, s.forcelimited, "forcerange", s.forcerange);
            if (m.actuator_ctrllimited[i] && !(s.ctrlrange[0] < s.ctrlrange[1])) {
                throw new SceneException(label + " has an invalid ctrlrange " + s.ctrlrange[0] + " " + s.ctrlrange[1]
                        + "; ctrlrange[0] must be smaller than ctrlrange[1].");
            }
            if (m.actuator_forcelimited[i] && !(s.forcerange[0] < s.forcerange[1])) {
                throw new SceneException(label + " has an invalid forcerange " + s.forcerange[0] + " " + s.forcerange[1]
                        + "; forcerange[0] must be smaller than forcerange[1].");
            }
            put(m.actuator_ctrlrange, i, s.ctrlrange);
            put(m.actuator_forcerange, i, s.forcerange);
        }
        checkUnique(m.actuator_name, "actuator");
    }

    private void fillExcludes(MjModel m) {
        int n = excludes.size();
        for (int i = 0; i < n; i++) {
            XmlElement e = excludes.get(i);
            m.exclude_body1[i] = bodyRef(m, e, "body1");
            m.exclude_body2[i] = bodyRef(m, e, "body2");
        }
    }

    private int bodyRef(MjModel m, XmlElement e, String attr) {
        String name = e.attribute(attr);
        int id = lookup(m.body_name, name);
        if (id < 0 || name.isEmpty()) {
            throw new SceneException("Attribute '" + attr + "' of <" + e.name + "> at line " + e.line + " refers to unknown body '"
                    + name + "'; known bodies: " + named(m.body_name));
        }
        return id;
    }

    private void fillKeys(MjModel m) {
        int n = keys.size();
        for (int i = 0; i < n; i++) {
            XmlElement e = keys.get(i);
            Attrs a = new Attrs(e, Map.of());
            m.key_name[i] = a.str("name", "");
            m.key_time[i] = a.number("time", 0);
            double[] act = a.list("act");
            if (act != null && act.length > 0) {
                throw a.error("act", "has " + act.length + " values, but the model has no activation states (na = 0).");
            }
            System.arraycopy(keyVector(a, "qpos", m.nq, m.qpos0, "nq"), 0, m.key_qpos, i * m.nq, m.nq);
            System.arraycopy(keyVector(a, "qvel", m.nv, new double[m.nv], "nv"), 0, m.key_qvel, i * m.nv, m.nv);
            System.arraycopy(keyVector(a, "ctrl", m.nu, new double[m.nu], "nu"), 0, m.key_ctrl, i * m.nu, m.nu);
        }
        checkUnique(m.key_name, "keyframe");
    }

    private static double[] keyVector(Attrs a, String name, int size, double[] fallback, String sizeName) {
        double[] v = a.list(name);
        if (v == null) {
            return fallback;
        }
        if (v.length != size) {
            throw a.error(name, "has " + v.length + " values; the model has " + sizeName + " = " + size + ".");
        }
        return v;
    }
}
