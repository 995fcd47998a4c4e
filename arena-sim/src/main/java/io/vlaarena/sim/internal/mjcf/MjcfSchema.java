package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MJCF schema this loader implements: which elements and attributes are read, which are
 * accepted and ignored (docs/mjcf-support.md lists the same), and the checks that refuse
 * everything else with a message naming it. Stateless.
 */
final class MjcfSchema {
    private MjcfSchema() {
    }

    static final List<String> TOP_LEVEL = List.of("compiler", "option", "size", "visual", "statistic",
            "default", "asset", "worldbody", "tendon", "equality", "actuator", "contact", "sensor", "keyframe");

    static final Set<String> ORIENTATION = Set.of("quat", "axisangle", "xyaxes", "zaxis", "euler");

    static final Set<String> JOINT_ATTRS = set("name", "class", "type", "pos", "axis", "limited", "range",
            "damping", "armature", "stiffness", "ref", "springref", "frictionloss", "margin", "solreflimit",
            "solimplimit", "solreffriction", "solimpfriction", "springdamper");
    static final Set<String> JOINT_IGNORED = set("group", "user");
    static final Set<String> GEOM_ATTRS = set("name", "class", "type", "size", "fromto", "pos", "quat",
            "axisangle", "xyaxes", "zaxis", "euler", "rgba", "material", "mass", "density", "friction", "contype",
            "conaffinity", "group", "condim", "mesh", "hfield", "priority", "solmix", "solref", "solimp", "margin", "gap",
            "fluidshape", "fluidcoef");
    static final Set<String> GEOM_IGNORED = set("user");
    static final Set<String> SITE_ATTRS = set("name", "class", "type", "size", "pos", "quat", "axisangle",
            "xyaxes", "zaxis", "euler", "rgba", "fromto");
    static final Set<String> SITE_IGNORED = set("group", "material", "user");
    static final Set<String> CAMERA_ATTRS = set("name", "class", "mode", "target", "pos", "quat", "axisangle",
            "xyaxes", "zaxis", "euler", "fovy");
    static final Set<String> CAMERA_IGNORED = set("ipd", "user");
    static final Set<String> LIGHT_ATTRS = set("name", "class", "mode", "target", "pos", "dir", "directional",
            "castshadow", "diffuse", "ambient", "specular");
    static final Set<String> LIGHT_IGNORED = set("active", "attenuation", "cutoff", "exponent");
    static final Set<String> MATERIAL_ATTRS = set("name", "class", "texture", "texrepeat", "texuniform", "specular",
            "shininess", "reflectance", "rgba");
    static final Set<String> MATERIAL_IGNORED = set("emission");
    static final Set<String> MESH_ATTRS = set("name", "class", "vertex", "face", "scale", "file", "refpos",
            "refquat");
    static final Set<String> MESH_IGNORED = set("normal", "texcoord", "smoothnormal");
    static final Set<String> TEXTURE_ATTRS = set("name", "type", "builtin", "file", "gridsize", "gridlayout",
            "fileright", "fileleft", "fileup", "filedown", "filefront", "fileback", "hflip", "vflip", "rgb1", "rgb2", "mark",
            "markrgb", "width", "height");
    static final Set<String> TEXTURE_IGNORED = set("random");
    static final Set<String> BODY_ATTRS = set("name", "childclass", "pos", "quat", "axisangle", "xyaxes",
            "zaxis", "euler", "mocap", "gravcomp");
    static final Set<String> BODY_IGNORED = set("user");
    static final Set<String> INERTIAL_ATTRS = set("pos", "quat", "axisangle", "xyaxes", "zaxis", "euler",
            "mass", "diaginertia", "fullinertia");
    static final Set<String> ACTUATOR_COMMON = set("name", "class", "joint", "jointinparent", "tendon", "cranksite",
            "slidersite", "site", "refsite", "gear", "cranklength", "ctrllimited", "ctrlrange", "forcelimited", "forcerange",
            "lengthrange");
    /** The attributes naming an actuator's transmission (MuJoCo reads them only on actuators, never in defaults). */
    static final Set<String> ACTUATOR_TARGETS = set("joint", "jointinparent", "tendon", "cranksite", "slidersite", "site",
            "refsite", "body");
    static final Set<String> ACTUATOR_IGNORED = set("group", "user");
    static final Map<String, Set<String>> ACTUATOR_ATTRS = Map.of(
            "motor", ACTUATOR_COMMON,
            "position", union(ACTUATOR_COMMON, set("kp", "kv")),
            "velocity", union(ACTUATOR_COMMON, set("kv")),
            "general", union(ACTUATOR_COMMON, set("body", "gaintype", "biastype", "dyntype", "gainprm", "biasprm", "dynprm",
                    "actlimited", "actrange")),
            "adhesion", set("name", "class", "body", "forcelimited", "ctrlrange", "forcerange", "gain"),
            "intvelocity", union(ACTUATOR_COMMON, set("kp", "actrange")),
            "damper", without(union(ACTUATOR_COMMON, set("kv")), "ctrllimited"),
            "cylinder", union(ACTUATOR_COMMON, set("timeconst", "area", "diameter", "bias")),
            "muscle", without(union(ACTUATOR_COMMON, set("timeconst", "range", "force", "scale", "lmin", "lmax", "vmax",
                    "fpmax", "fvmax")), "site", "refsite"));
    static final Set<String> COMPILER_ATTRS = set("angle", "autolimits", "eulerseq", "inertiafromgeom",
            "inertiagrouprange", "coordinate", "boundmass", "boundinertia", "settotalmass", "balanceinertia",
            "fusestatic", "discardvisual", "meshdir", "assetdir", "strippath", "texturedir");
    static final Set<String> COMPILER_IGNORED = set("convexhull", "usethread", "fitaabb", "exactmeshinertia");
    static final Set<String> OPTION_ATTRS = set("timestep", "gravity", "integrator", "cone", "jacobian",
            "solver", "collision", "impratio", "density", "viscosity", "wind", "noslip_iterations", "iterations",
            "tolerance", "ls_iterations", "ls_tolerance", "mpr_iterations", "mpr_tolerance", "magnetic");
    /** Ignored: the o_* overrides act only under the override flag, which is not supported. */
    static final Set<String> OPTION_IGNORED = set("apirate", "noslip_tolerance", "o_margin", "o_solref",
            "o_solimp");
    /** A tendon's attributes that a default class's {@code <tendon>} may also give (fixed and spatial tendons alike). */
    static final Set<String> TENDON_ATTRS = set("limited", "range", "margin", "solreflimit", "solimplimit", "stiffness",
            "damping", "springlength", "frictionloss", "solreffriction", "solimpfriction");
    /** How a tendon is drawn: a fixed tendon takes only {@code group}; spatial tendons and default classes all four. */
    static final Set<String> TENDON_DRAW_ATTRS = set("group", "width", "material", "rgba");
    /** Custom numbers of tendons: accepted and without effect. */
    static final Set<String> TENDON_IGNORED = set("user");
    /** What a default class's {@code <equality>} gives every equality constraint of that class. */
    static final Set<String> EQUALITY_DEFAULT_ATTRS = set("active", "solref", "solimp");
    static final Set<String> PAIR_ATTRS = set("name", "class", "geom1", "geom2", "condim", "friction", "solref",
            "solimp", "margin", "gap");
    /** Most solver, line-search and MPR iterations accepted (MuJoCo's defaults: 100, 50, 50). */
    static final int MAX_ITERATIONS = 1000;

    static final List<String> GEOM_TYPES = List.of("plane", "hfield", "sphere", "capsule", "ellipsoid", "cylinder", "box",
            "mesh");
    static final Set<String> HFIELD_ATTRS = set("name", "file", "nrow", "ncol", "size");
    static final List<String> SITE_TYPES = List.of("sphere", "capsule", "ellipsoid", "cylinder", "box");
    static final List<String> JOINT_TYPES = List.of("free", "ball", "slide", "hinge");
    static final List<String> LIMITED = List.of("false", "true", "auto");

    static Set<String> set(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }

    static String unsupportedHint(String name) {
        switch (name) {
            case "include":
                return " (<include> is read only for trusted local models with a granted directory)";
            case "custom":
            case "extension":
            case "deformable":
                return " (<" + name + "> is not supported by this simulator)";
            default:
                return "";
        }
    }

    static List<XmlElement> children(XmlElement e, String name) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement c : e.children()) {
            if (c.name.equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    static SceneException unknownChild(XmlElement child, String parent, List<String> supported) {
        return new SceneException("Unknown element <" + child.name + "> at line " + child.line
                + "; supported elements under <" + parent + ">: " + supported + unsupportedHint(child.name));
    }

    static void checkAttrs(XmlElement e, Set<String> supported, Set<String> ignored) {
        for (String a : e.attributes().keySet()) {
            if (!supported.contains(a) && !ignored.contains(a)) {
                throw new SceneException("Unsupported attribute '" + a + "' on " + e.where() + "; supported attributes: "
                        + supported + (ignored.isEmpty() ? "" : "; accepted and ignored: " + ignored));
            }
        }
    }

    static void noChildren(XmlElement e) {
        if (!e.children().isEmpty()) {
            XmlElement c = e.children().get(0);
            throw new SceneException("Unknown element <" + c.name + "> at line " + c.line + " inside " + e.where()
                    + ", which takes no child elements.");
        }
    }

    /** Accepts an attribute only at MuJoCo's default value, so that nothing the simulator ignores changes the model. */
    static void onlyDefault(Attrs a, String name, String defaultValue, String why) {
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

    static void requireAttr(XmlElement e, String name) {
        if (!e.has(name)) {
            throw new SceneException("Missing required attribute '" + name + "' on <" + e.name + "> at line " + e.line);
        }
    }

    static Set<String> with(Set<String> s, String... names) {
        Set<String> out = new LinkedHashSet<>(s);
        out.addAll(List.of(names));
        return out;
    }

    static Set<String> without(Set<String> s, String... names) {
        Set<String> out = new LinkedHashSet<>(s);
        out.removeAll(List.of(names));
        return out;
    }
}
