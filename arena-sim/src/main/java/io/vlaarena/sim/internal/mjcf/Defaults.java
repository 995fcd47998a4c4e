package io.vlaarena.sim.internal.mjcf;

import static io.vlaarena.sim.internal.mjcf.MjcfSchema.*;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code <default>} classes of one document, MuJoCo's defaults: class {@code main} at the top,
 * nested classes inheriting everything of their parent, each holding the attributes written for
 * each element kind (layered, so that errors name the class and line where a value was written)
 * and one actuator state shared by motor, position, velocity and general. An element takes its
 * {@code class}, else the nearest body {@code childclass}, else {@code main}. One per load.
 */
final class Defaults {
    private final Map<String, DefaultClass> classes = new LinkedHashMap<>();

    Defaults() {
        classes.put("main", new DefaultClass("main", null));
    }

    static final class DefaultClass {
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

    static final class ActState {
        int gaintype = MjModel.GAIN_FIXED;
        int biastype = MjModel.BIAS_NONE;
        double[] gain = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        double[] bias = new double[MjModel.NGAIN];
        double[] gear = {1, 0, 0, 0, 0, 0};
        double cranklength = 0;
        String ctrllimited = "auto";
        double[] ctrlrange = {0, 0};
        String forcelimited = "auto";
        double[] forcerange = {0, 0};
        double positionKv = 0;
        int dyntype = MjModel.DYN_NONE;
        double[] dynprm = {1, 0, 0};
        double[] lengthrange = {0, 0};
        String actlimited = "auto";
        double[] actrange = {0, 0};

        ActState copy() {
            ActState s = new ActState();
            s.gaintype = gaintype;
            s.biastype = biastype;
            s.gain = gain.clone();
            s.bias = bias.clone();
            s.gear = gear.clone();
            s.cranklength = cranklength;
            s.ctrllimited = ctrllimited;
            s.ctrlrange = ctrlrange.clone();
            s.forcelimited = forcelimited;
            s.forcerange = forcerange.clone();
            s.positionKv = positionKv;
            s.dyntype = dyntype;
            s.dynprm = dynprm.clone();
            s.actlimited = actlimited;
            s.actrange = actrange.clone();
            s.lengthrange = lengthrange.clone();
            return s;
        }
    }

    /** Whether a class of this name exists. */
    boolean has(String name) {
        return classes.containsKey(name);
    }

    /** The names of all classes, for messages. */
    Set<String> names() {
        return classes.keySet();
    }

    /** Reads one top-level {@code <default>} section (parent null) or a nested class. */
    void defaultSection(XmlElement e, DefaultClass parent) {
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
                case "pair":
                    defaultAttrs(dc, c, without(PAIR_ATTRS, "geom1", "geom2"), Set.of());
                    break;
                case "tendon":
                    defaultAttrs(dc, c, union(TENDON_ATTRS, TENDON_DRAW_ATTRS), TENDON_IGNORED);
                    break;
                case "equality":
                    defaultAttrs(dc, c, EQUALITY_DEFAULT_ATTRS, Set.of());
                    break;
                case "motor":
                case "position":
                case "velocity":
                case "general":
                case "muscle":
                case "intvelocity":
                case "damper":
                case "cylinder":
                case "adhesion":
                    noChildren(c);
                    checkAttrs(c, without(without(ACTUATOR_ATTRS.get(c.name), "name", "class"),
                            ACTUATOR_TARGETS.toArray(String[]::new)), ACTUATOR_IGNORED);
                    readActuator(c, dc.actuator);
                    break;
                case "default":
                    nested.add(c);
                    break;
                default:
                    throw unknownChild(c, "default", List.of("joint", "geom", "site", "camera", "light", "material", "mesh",
                            "pair", "tendon", "equality", "motor", "position", "velocity", "general", "muscle", "intvelocity", "damper",
                            "cylinder", "adhesion", "default"));
            }
        }
        // Nested classes inherit this class's complete state, whatever their position among the children.
        for (XmlElement c : nested) {
            defaultSection(c, dc);
        }
    }

    /**
     * An actuator's gain, bias or dynamics type: its index in {@code choices}, which are in MuJoCo's
     * order ({@code mjtGain}, {@code mjtBias}, {@code mjtDyn}); MuJoCo's {@code user} type, filled by
     * a callback this simulator does not have, is refused naming {@code what}.
     */
    private static int typeKeyword(Attrs a, String name, List<String> choices, String what) {
        List<String> all = new ArrayList<>(choices);
        all.add("user");
        String v = a.keyword(name, choices.get(0), all);
        if (v.equals("user")) {
            throw a.error(name, "is 'user'; user " + what + " are not supported (supported: " + String.join(", ", choices) + ").");
        }
        return choices.indexOf(v);
    }

    private static void defaultAttrs(DefaultClass dc, XmlElement c, Set<String> supported, Set<String> ignored) {
        noChildren(c);
        checkAttrs(c, without(supported, "name", "class"), ignored);
        Map<String, List<Attrs.Value>> map = dc.byTag.computeIfAbsent(c.name, k -> new LinkedHashMap<>());
        c.attributes().forEach((k, v) -> map.computeIfAbsent(k, x -> new ArrayList<>()).add(new Attrs.Value(v, c, dc.name)));
    }

    DefaultClass classFor(XmlElement e, String childclass) {
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

    /** The element's attributes over its default class's. */
    Attrs attrs(XmlElement e, String childclass) {
        return new Attrs(e, classFor(e, childclass).of(e.name));
    }

    static void readActuator(XmlElement c, ActState s) {
        Attrs a = new Attrs(c, Map.of());
        if (a.has("ctrllimited")) {
            s.ctrllimited = a.keyword("ctrllimited", "auto", LIMITED);
        }
        if (a.has("forcelimited")) {
            s.forcelimited = a.keyword("forcelimited", "auto", LIMITED);
        }
        s.ctrlrange = a.vector("ctrlrange", 2, s.ctrlrange);
        s.forcerange = a.vector("forcerange", 2, s.forcerange);
        // as MuJoCo's ReadAttr: the given gear components replace the leading ones
        prefix(a, "gear", 6, s.gear, 0, false);
        s.cranklength = a.number("cranklength", s.cranklength);
        s.lengthrange = a.vector("lengthrange", 2, s.lengthrange);
        if (a.has("actlimited")) {
            s.actlimited = a.keyword("actlimited", "auto", LIMITED);
        }
        s.actrange = a.vector("actrange", 2, s.actrange);
        switch (c.name) {
            case "motor":
                // As MuJoCo 2.x: only the first gain is set; the (unused) bias parameters are left as they were.
                kinds(s, MjModel.DYN_NONE, MjModel.GAIN_FIXED, MjModel.BIAS_NONE);
                s.gain[0] = 1;
                break;
            case "position": {
                double kp = a.number("kp", s.gain[0]);
                double kv = a.number("kv", s.positionKv);
                if (kp < 0 || kv < 0) {
                    throw a.error(kp < 0 ? "kp" : "kv", "must not be negative.");
                }
                s.positionKv = kv;
                kinds(s, MjModel.DYN_NONE, MjModel.GAIN_FIXED, MjModel.BIAS_AFFINE);
                s.gain[0] = kp;
                s.bias = new double[MjModel.NGAIN];
                s.bias[1] = -kp;
                s.bias[2] = kv == 0 ? 0 : -kv;
                break;
            }
            case "velocity": {
                double kv = a.number("kv", s.gain[0]);
                if (kv < 0) {
                    throw a.error("kv", "must not be negative.");
                }
                kinds(s, MjModel.DYN_NONE, MjModel.GAIN_FIXED, MjModel.BIAS_AFFINE);
                s.gain[0] = kv;
                s.bias = new double[MjModel.NGAIN];
                s.bias[2] = -kv;
                break;
            }
            case "intvelocity": {
                // MuJoCo 2.2.2: an integrator driving a position servo on the activation, activation always limited
                s.bias = new double[MjModel.NGAIN];
                prefix(a, "kp", 1, s.gain, 0, true);
                kinds(s, MjModel.DYN_INTEGRATOR, MjModel.GAIN_FIXED, MjModel.BIAS_AFFINE);
                s.actlimited = "true";
                s.bias[1] = -s.gain[0];
                break;
            }
            case "damper": {
                // MuJoCo 2.2.2: force = -kv * velocity * ctrl (an affine gain), ctrl limited to a nonnegative range
                s.gain = new double[MjModel.NGAIN];
                prefix(a, "kv", 1, s.gain, 2, true);
                if (s.gain[2] < 0) {
                    throw a.error("kv", "is negative; a damper's damping coefficient cannot be negative.");
                }
                s.gain[2] = -s.gain[2];
                requireNonnegativeCtrlrange(c, a, s, "a damper");
                kinds(s, MjModel.DYN_NONE, MjModel.GAIN_AFFINE, MjModel.BIAS_NONE);
                break;
            }
            case "adhesion": {
                // MuJoCo 2.2.2: a fixed gain on ctrl (nonnegative) through the body's contact normals
                s.bias = new double[MjModel.NGAIN];
                s.gain = new double[MjModel.NGAIN];
                s.gain[0] = 1;
                prefix(a, "gain", 1, s.gain, 0, true);
                if (s.gain[0] < 0) {
                    throw a.error("gain", "is negative; an adhesion gain cannot be negative.");
                }
                requireNonnegativeCtrlrange(c, a, s, "an adhesion");
                kinds(s, MjModel.DYN_NONE, MjModel.GAIN_FIXED, MjModel.BIAS_NONE);
                break;
            }
            case "cylinder": {
                // MuJoCo 2.2.2: a first-order filter on ctrl (the pressure), gain = area, affine bias
                prefix(a, "timeconst", 1, s.dynprm, 0, true);
                prefix(a, "bias", 3, s.bias, 0, true);
                prefix(a, "area", 1, s.gain, 0, true);
                if (a.has("diameter")) {
                    double diameter = a.number("diameter", 0);
                    s.gain[0] = Math.PI / 4 * diameter * diameter;
                }
                kinds(s, MjModel.DYN_FILTER, MjModel.GAIN_FIXED, MjModel.BIAS_AFFINE);
                break;
            }
            case "muscle": {
                // MuJoCo 2.2.2's muscle defaults, where the shared actuator state still holds the global defaults
                double[] g = s.gain;
                if (s.dynprm[0] == 1) {
                    s.dynprm[0] = 0.01;
                }
                if (s.dynprm[1] == 0) {
                    s.dynprm[1] = 0.04;
                }
                double[] muscle = {0.75, 1.05, -1, 200, 0.5, 1.6, 1.5, 1.3, 1.2};
                if (g[0] == 1) {
                    g[0] = muscle[0];
                }
                for (int i = 1; i < 9; i++) {
                    if (g[i] == 0) {
                        g[i] = muscle[i];
                    }
                }
                prefix(a, "timeconst", 2, s.dynprm, 0, true);
                prefix(a, "range", 2, g, 0, true);
                String[] one = {"force", "scale", "lmin", "lmax", "vmax", "fpmax", "fvmax"};
                for (int i = 0; i < one.length; i++) {
                    prefix(a, one[i], 1, g, 2 + i, true);
                }
                System.arraycopy(g, 0, s.bias, 0, 9);
                kinds(s, MjModel.DYN_MUSCLE, MjModel.GAIN_MUSCLE, MjModel.BIAS_MUSCLE);
                break;
            }
            default: {
                if (a.has("gaintype")) {
                    s.gaintype = typeKeyword(a, "gaintype", List.of("fixed", "affine", "muscle"), "gains");
                }
                if (a.has("dyntype")) {
                    s.dyntype = typeKeyword(a, "dyntype", List.of("none", "integrator", "filter", "muscle"), "actuator dynamics");
                }
                if (a.has("dynprm")) {
                    double[] v = a.numbers("dynprm", 1, 10, new double[10]);
                    for (int i = 3; i < 10; i++) {
                        if (v[i] != 0) {
                            throw a.error("dynprm", "has a nonzero parameter " + (i + 1)
                                    + "; the supported dynamics use at most the first three.");
                        }
                    }
                    prefix(a, "dynprm", 3, s.dynprm, 0, false);
                }
                if (a.has("biastype")) {
                    s.biastype = typeKeyword(a, "biastype", List.of("none", "affine", "muscle"), "biases");
                }
                // as MuJoCo's reader: the given values replace the leading parameters, the rest stay
                prefix(a, "gainprm", MjModel.NGAIN, s.gain, 0, false);
                prefix(a, "biasprm", MjModel.NGAIN, s.bias, 0, false);
                break;
            }
        }
    }

    /** The actuator kind's implied dynamics, gain and bias types. */
    private static void kinds(ActState s, int dyntype, int gaintype, int biastype) {
        s.dyntype = dyntype;
        s.gaintype = gaintype;
        s.biastype = biastype;
    }

    /** Damper and adhesion: ctrlrange required on the element itself, nonnegative, and ctrl always limited. */
    private static void requireNonnegativeCtrlrange(XmlElement c, Attrs a, ActState s, String what) {
        if (!a.has("ctrlrange")) {
            throw new SceneException("Missing required attribute 'ctrlrange' on " + c.where() + " (" + what
                    + "'s control range, two nonnegative numbers).");
        }
        if (s.ctrlrange[0] < 0 || s.ctrlrange[1] < 0) {
            throw a.error("ctrlrange", "has a negative value; " + what + "'s control range cannot be negative.");
        }
        s.ctrllimited = "true";
    }

    /**
     * Writes the 1..n numbers of attribute {@code name} (if given) over {@code dst[o..]}, leaving the
     * rest, as MuJoCo's {@code ReadAttr}; {@code exact} requires exactly n.
     */
    private static void prefix(Attrs a, String name, int n, double[] dst, int o, boolean exact) {
        if (!a.has(name)) {
            return;
        }
        double[] v = a.numbers(name, exact ? n : 1, n, java.util.Arrays.copyOfRange(dst, o, o + n));
        System.arraycopy(v, 0, dst, o, n);
    }
}
