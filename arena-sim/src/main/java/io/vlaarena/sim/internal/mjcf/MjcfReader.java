package io.vlaarena.sim.internal.mjcf;

import static io.vlaarena.sim.internal.mjcf.MjcfSchema.*;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.forward.LengthRange;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a parsed MJCF document into an {@link MjSpec}, MuJoCo's {@code xml_native_reader}: the
 * settings ({@code <compiler>}, {@code <option>}) first, then the default classes
 * ({@link Defaults}), the assets, the body tree ({@link BodyReader}), tendons, equalities,
 * actuators, contact exclusions and keyframes. Every element and attribute is checked against
 * {@link MjcfSchema} and every value on its own (numbers, ranges, keywords, units converted);
 * what refers to other objects is resolved by {@link ModelCompiler}. One instance reads one
 * document once; not thread-safe.
 */
final class MjcfReader {
    private static final double MINVAL = Spatial.MINVAL;
    static final double[] SOLREF = {0.02, 1};
    static final double[] SOLIMP = {0.9, 0.95, 0.001, 0.5, 2};
    private static final List<String> EQUALITY_KINDS = List.of("connect", "weld", "joint", "tendon");
    private static final Set<String> EQUALITY_COMMON = Set.of("name", "class", "active", "solref", "solimp");
    private static final Map<String, Set<String>> EQUALITY_ATTRS = Map.of(
            "connect", union(EQUALITY_COMMON, set("body1", "body2", "anchor")),
            "weld", union(EQUALITY_COMMON, set("body1", "body2", "anchor", "relpose", "torquescale")),
            "joint", union(EQUALITY_COMMON, set("joint1", "joint2", "polycoef")),
            "tendon", union(EQUALITY_COMMON, set("tendon1", "tendon2", "polycoef")));
    private static final double[] POLYCOEF = {0, 1, 0, 0, 0};

    private final XmlElement root;
    private final AssetAccess assets;
    final MjSpec spec = new MjSpec();
    final Defaults defaults = new Defaults();
    private String meshdir;
    private String assetdir;
    private String texturedir;
    private boolean strippath;
    private boolean degree = true;
    private boolean autolimits = true;
    private String eulerseq = "xyz";
    private double timestep = 0.002;
    private double[] gravity = {0, 0, -9.81};
    private String inertiaFromGeom = "auto";
    private int[] inertiaGroupRange = {0, 5};
    final Map<String, Integer> meshIds = new HashMap<>();
    /** The bounds on the document, which also bound what composites generate. */
    MjcfLoader.Limits limits = MjcfLoader.Limits.DEFAULT;

    /** A reader of {@code root} that reads {@code <mesh file=...>} through {@code assets} (which confines every path). */
    MjcfReader(XmlElement root, AssetAccess assets) {
        this.root = root;
        this.assets = assets;
    }

    /** Reads the whole document; throws {@link SceneException} naming the element, attribute and line of any problem. */
    MjSpec read() {
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
        spec.modelName = root.has("model") ? root.attribute("model") : "MuJoCo Model";
        // size, visual and statistic only tune memory and rendering: accepted and skipped whole.
        // Settings first: they apply to the whole document whatever the order of sections.
        for (XmlElement s : children(root, "compiler")) {
            compilerSection(s);
        }
        for (XmlElement s : children(root, "option")) {
            optionSection(s);
        }
        spec.timestep = timestep;
        spec.gravity = gravity;
        spec.inertiaFromGeom = inertiaFromGeom;
        spec.inertiaGroupRange = inertiaGroupRange;
        for (XmlElement s : children(root, "default")) {
            defaults.defaultSection(s, null);
        }
        AssetReader assetReader = new AssetReader(this, assets, meshdir, assetdir, strippath);
        assetReader.texturedir = texturedir != null ? texturedir : assetdir != null ? assetdir : "";
        for (XmlElement s : children(root, "asset")) {
            assetReader.assetSection(s);
        }
        MjSpec.MjsBody world = new MjSpec.MjsBody();
        world.name = "world";
        world.id = 0;
        spec.bodies.add(world);
        BodyReader bodies = new BodyReader(this);
        boolean first = true;
        for (XmlElement s : children(root, "worldbody")) {
            checkAttrs(s, Set.of(), Set.of());
            if (first) {
                world.line = s.line;
                first = false;
            }
            bodies.bodyContents(s, world, null, true);
        }
        for (XmlElement s : children(root, "tendon")) {
            tendonSection(s);
        }
        for (XmlElement s : children(root, "equality")) {
            equalitySection(s);
        }
        for (XmlElement s : children(root, "actuator")) {
            actuatorSection(s);
        }
        for (XmlElement s : children(root, "contact")) {
            contactSection(s);
        }
        for (XmlElement s : children(root, "sensor")) {
            Sensors.read(s, spec.sensors);
        }
        for (XmlElement s : children(root, "keyframe")) {
            checkAttrs(s, Set.of(), Set.of());
            for (XmlElement k : s.children()) {
                if (!k.name.equals("key")) {
                    throw unknownChild(k, "keyframe", List.of("key"));
                }
                checkAttrs(k, set("name", "time", "qpos", "qvel", "ctrl", "act"), Set.of());
                spec.keys.add(key(k));
            }
        }
        return spec;
    }

    // ---------------------------------------------------------------- settings

    private void compilerSection(XmlElement e) {
        checkAttrs(e, COMPILER_ATTRS, COMPILER_IGNORED);
        for (XmlElement c : e.children()) {
            if (!c.name.equals("lengthrange")) {
                throw unknownChild(c, "compiler", List.of("lengthrange"));
            }
            lengthRange(c);
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
        texturedir = a.str("texturedir", texturedir);
        strippath = a.bool("strippath", strippath);
        if (a.has("inertiagrouprange")) {
            double[] r = a.vector("inertiagrouprange", 2, new double[2]);
            inertiaGroupRange = new int[] {(int) r[0], (int) r[1]};
        }
        onlyDefault(a, "coordinate", "local", "global coordinates were removed from MuJoCo");
        spec.boundmass = a.number("boundmass", spec.boundmass);
        spec.boundinertia = a.number("boundinertia", spec.boundinertia);
        spec.settotalmass = a.number("settotalmass", spec.settotalmass);
        spec.balanceinertia = a.bool("balanceinertia", spec.balanceinertia);
        spec.fusestatic = a.bool("fusestatic", spec.fusestatic);
        onlyDefault(a, "discardvisual", "false", "visual geoms are never discarded");
    }

    /** {@code <compiler><lengthrange>}: MuJoCo's {@code mjLROpt} for the compiler's actuator length ranges. */
    private void lengthRange(XmlElement c) {
        checkAttrs(c, set("mode", "useexisting", "uselimit", "accel", "maxforce", "timeconst", "timestep", "inttotal",
                "inteval", "tolrange"), Set.of());
        noChildren(c);
        LengthRange.Options d = spec.lengthRange;
        Attrs a = new Attrs(c, Map.of());
        String mode = a.keyword("mode", d.mode().name().toLowerCase(java.util.Locale.ROOT),
                List.of("none", "muscle", "muscleuser", "all"));
        spec.lengthRange = new LengthRange.Options(LengthRange.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)),
                a.bool("useexisting", d.useExisting()), a.bool("uselimit", d.useLimit()), a.number("accel", d.accel()),
                a.number("maxforce", d.maxForce()), a.number("timeconst", d.timeconst()), a.number("timestep", d.timestep()),
                a.number("inttotal", d.intTotal()), a.number("inteval", d.intEval()), a.number("tolrange", d.tolRange()));
    }

    private void optionSection(XmlElement e) {
        checkAttrs(e, OPTION_ATTRS, OPTION_IGNORED);
        for (XmlElement c : e.children()) {
            if (!c.name.equals("flag")) {
                throw unknownChild(c, "option", List.of("flag"));
            }
            flagElement(c);
        }
        Attrs a = new Attrs(e, Map.of());
        timestep = a.number("timestep", timestep);
        if (timestep <= 0) {
            throw a.error("timestep", "must be positive, got " + timestep + ".");
        }
        gravity = a.vector("gravity", 3, gravity);
        String why = "the simulator implements only this setting";
        if (a.has("integrator")) {
            String integrator = a.keyword("integrator", "Euler", List.of("Euler", "RK4", "implicit"));
            spec.integrator = integrator.equals("RK4") ? MjModel.INT_RK4
                    : integrator.equals("implicit") ? MjModel.INT_IMPLICIT : MjModel.INT_EULER;
        }
        if (a.has("solver")) {
            String solver = a.keyword("solver", "Newton", List.of("PGS", "CG", "Newton"));
            spec.solver = solver.equals("PGS") ? MjModel.SOL_PGS : solver.equals("CG") ? MjModel.SOL_CG : MjModel.SOL_NEWTON;
        }
        if (a.has("cone")) {
            spec.cone = a.keyword("cone", "pyramidal", List.of("pyramidal", "elliptic")).equals("elliptic")
                    ? MjModel.CONE_ELLIPTIC : MjModel.CONE_PYRAMIDAL;
        }
        if (spec.solver != MjModel.SOL_NEWTON && spec.cone == MjModel.CONE_ELLIPTIC) {
            throw a.error("cone", "is 'elliptic' with solver '" + (spec.solver == MjModel.SOL_CG ? "CG" : "PGS")
                    + "'; elliptic cones are simulated only with the 'Newton' solver: use solver=\"Newton\" or cone=\"pyramidal\".");
        }
        // MuJoCo's dense or sparse layout of the constraint Jacobian changes no number beyond
        // round-off; the rows here are always sparse: the choice is read and checked, and has no effect
        a.keyword("jacobian", "auto", List.of("dense", "sparse", "auto"));
        onlyDefault(a, "collision", "all", why);
        spec.impratio = a.number("impratio", spec.impratio);
        spec.magnetic = a.vector("magnetic", 3, spec.magnetic);
        if (!(spec.impratio > 0)) {
            throw a.error("impratio", "must be positive, got " + spec.impratio + ".");
        }
        spec.iterations = iterations(a, "iterations", spec.iterations, 0);
        spec.lsIterations = iterations(a, "ls_iterations", spec.lsIterations, 0);
        spec.mprIterations = iterations(a, "mpr_iterations", spec.mprIterations, 1);
        spec.tolerance = nonNegative(a, "tolerance", spec.tolerance);
        spec.lsTolerance = nonNegative(a, "ls_tolerance", spec.lsTolerance);
        spec.mprTolerance = nonNegative(a, "mpr_tolerance", spec.mprTolerance);
        spec.density = nonNegative(a, "density", spec.density);
        spec.viscosity = nonNegative(a, "viscosity", spec.viscosity);
        spec.wind = a.vector("wind", 3, spec.wind);
        onlyDefault(a, "noslip_iterations", "0", why);
    }

    /**
     * {@code <option><flag .../>}: each of MuJoCo 2.2.2's disable flags ({@code enable} or
     * {@code disable}) and the enable flag {@code energy}; the enable flags that ask for what this
     * simulator does not do (override, fwdinv, sensornoise, multiccd) are refused when enabled.
     */
    private void flagElement(XmlElement c) {
        checkAttrs(c, set("constraint", "equality", "frictionloss", "limit", "contact", "passive", "gravity", "clampctrl",
                "warmstart", "filterparent", "actuation", "refsafe", "sensor", "override", "energy", "fwdinv", "sensornoise",
                "multiccd"), Set.of());
        noChildren(c);
        Attrs a = new Attrs(c, Map.of());
        List<String> values = List.of("disable", "enable");
        String[] disable = {"constraint", "equality", "frictionloss", "limit", "contact", "passive", "gravity", "clampctrl",
            "warmstart", "filterparent", "actuation", "refsafe", "sensor"};
        for (int i = 0; i < disable.length; i++) {
            if (a.has(disable[i])) {
                boolean on = a.keyword(disable[i], "enable", values).equals("enable");
                spec.disableflags = on ? spec.disableflags & ~(1 << i) : spec.disableflags | (1 << i);
            }
        }
        String[] enable = {"override", "energy", "fwdinv", "sensornoise", "multiccd"};
        for (int i = 0; i < enable.length; i++) {
            if (a.has(enable[i])) {
                boolean on = a.keyword(enable[i], "disable", values).equals("enable");
                if (on && !enable[i].equals("energy")) {
                    throw a.error(enable[i], "is 'enable'; only the default 'disable' is supported ("
                            + switch (enable[i]) {
                                case "override" -> "the o_margin/o_solref/o_solimp contact overrides are not applied";
                                case "fwdinv" -> "there is no inverse dynamics to compare with";
                                case "sensornoise" -> "sensor noise is not simulated";
                                default -> "multi-point convex collision is not implemented";
                            } + "); leave it disabled.");
                }
                spec.enableflags = on ? spec.enableflags | (1 << i) : spec.enableflags & ~(1 << i);
            }
        }
    }

    private static int iterations(Attrs a, String name, int fallback, int min) {
        int n = a.integer(name, fallback);
        if (n < min || n > MAX_ITERATIONS) {
            throw a.error(name, "is " + n + "; accepted: " + min + " to " + MAX_ITERATIONS + ".");
        }
        return n;
    }

    static double nonNegative(Attrs a, String name, double fallback) {
        double v = a.number(name, fallback);
        if (!(v >= 0)) {
            throw a.error(name, "must not be negative, got " + v + ".");
        }
        return v;
    }

    // ---------------------------------------------------------------- values shared by the readers

    /** A body or element frame's orientation: {@code quat} or one alternative form, converted like MuJoCo. */
    double[] orientation(Attrs a) {
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

    /** An angle in the document's unit, in radians. */
    double angle(double value) {
        return degree ? value / 180 * Math.PI : value;
    }

    boolean limited(Attrs a, String limited, String rangeName, double[] range) {
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

    static double nonNegative(Attrs a, String name) {
        double v = a.number(name, 0);
        if (v < 0) {
            throw a.error(name, "must not be negative, got " + v + ".");
        }
        return v;
    }

    // ---------------------------------------------------------------- tendons, equalities, actuators, contacts, keys

    private void tendonSection(XmlElement s) {
        checkAttrs(s, Set.of(), Set.of());
        for (XmlElement c : s.children()) {
            if (!c.name.equals("fixed") && !c.name.equals("spatial")) {
                throw unknownChild(c, "tendon", List.of("fixed", "spatial"));
            }
            boolean spatial = c.name.equals("spatial");
            // as MuJoCo's schema: width, material and rgba only on spatial tendons, which are drawn
            checkAttrs(c, union(TENDON_ATTRS, spatial ? union(TENDON_DRAW_ATTRS, set("name", "class"))
                    : set("name", "class", "group")), TENDON_IGNORED);
            MjSpec.MjsTendon t = new MjSpec.MjsTendon();
            t.spatial = spatial;
            t.line = c.line;
            t.name = c.has("name") ? c.attribute("name") : "";
            Attrs a = new Attrs(c, defaults.classFor(c, null).of("tendon"));
            tendonAttributes(a, a.keyword("limited", "auto", LIMITED), 0, t);
            t.attrs = a;
            if (spatial) {
                spatialPath(c, t);
                spec.tendons.add(t);
                continue;
            }
            for (XmlElement j : c.children()) {
                if (!j.name.equals("joint")) {
                    throw unknownChild(j, "fixed", List.of("joint"));
                }
                checkAttrs(j, set("joint", "coef"), Set.of());
                noChildren(j);
                requireAttr(j, "joint");
                requireAttr(j, "coef");
                t.joints.add(j.attribute("joint"));
                t.jointLines.add(j.line);
                t.coefs.add(new Attrs(j, Map.of()).number("coef", 0));
            }
            if (t.joints.isEmpty()) {
                throw new SceneException("Fixed tendon at line " + c.line + " has no <joint> entries.");
            }
            spec.tendons.add(t);
        }
    }

    /**
     * A solref attribute (1 or 2 numbers over MuJoCo's default 0.02 1): the standard form (time
     * constant and damping ratio, both positive) or MuJoCo's direct form (stiffness and damping
     * negated, neither positive); a mix of the two, which MuJoCo replaces by the default with a
     * warning, is refused.
     */
    static double[] solref(Attrs a, String name) {
        return solref(a, name, SOLREF);
    }

    /** {@link #solref(Attrs, String)} over the given default. */
    static double[] solref(Attrs a, String name, double[] fallback) {
        double[] r = a.numbers(name, 1, 2, fallback);
        if (r[0] > 0 != r[1] > 0) {
            throw a.error(name, "is '" + r[0] + " " + r[1] + "', which mixes the standard form (time constant and damping"
                    + " ratio, both positive) with the direct form (stiffness and damping negated, neither positive).");
        }
        return r;
    }

    /**
     * A solimp attribute (1 to 5 numbers over MuJoCo's default 0.9 0.95 0.001 0.5 2), accepted
     * whatever its values as MuJoCo 2.2.2 accepts it: dmin, dmax and the midpoint are clamped to
     * [0.0001, 0.9999], the width to at least 0 and the power to at least 1 when the rows are built
     * ({@code Impedance}); non-finite numbers are refused by the number reader.
     */
    static double[] solimp(Attrs a, String name) {
        return a.numbers(name, 1, 5, SOLIMP);
    }

    /**
     * What every tendon takes (written, from a default class, or a composite's): range (a length,
     * never converted from degrees, even over hinges) and limits, solver parameters, spring-damper,
     * frictionloss, and how it is drawn ({@code group} defaulting to {@code group}).
     */
    void tendonAttributes(Attrs a, String limited, int group, MjSpec.MjsTendon t) {
        t.range = a.vector("range", 2, new double[2]);
        t.limited = limited(a, limited, "range", t.range);
        if (t.limited && !(t.range[0] < t.range[1])) {
            throw a.error("range", "must have range[0] < range[1] for a limited tendon, got '" + a.str("range", "0 0")
                    + "' (MuJoCo: invalid limits in tendon).");
        }
        t.margin = nonNegative(a, "margin");
        t.solref = solref(a, "solreflimit");
        t.solimp = solimp(a, "solimplimit");
        t.stiffness = nonNegative(a, "stiffness");
        t.damping = nonNegative(a, "damping");
        t.frictionloss = nonNegative(a, "frictionloss");
        t.solreffriction = solref(a, "solreffriction");
        t.solimpfriction = solimp(a, "solimpfriction");
        // MuJoCo: a negative springlength (the default -1) means the length at the spring pose
        t.springlength = a.number("springlength", -1);
        t.group = a.integer("group", group);
        t.width = nonNegative(a, "width", 0.003);
        t.rgba = a.vector("rgba", 4, new double[] {0.5, 0.5, 0.5, 1});
        t.material = a.str("material", null);
    }

    /** A spatial tendon's path: {@code site site=}, {@code geom geom= sidesite=}, {@code pulley divisor=} (positive). */
    private static void spatialPath(XmlElement c, MjSpec.MjsTendon t) {
        for (XmlElement p : c.children()) {
            noChildren(p);
            switch (p.name) {
                case "site" -> {
                    checkAttrs(p, set("site"), Set.of());
                    requireAttr(p, "site");
                    t.pathNames.add(p.attribute("site"));
                    t.pathSides.add(null);
                    t.pathDivisors.add(0.0);
                }
                case "geom" -> {
                    checkAttrs(p, set("geom", "sidesite"), Set.of());
                    requireAttr(p, "geom");
                    t.pathNames.add(p.attribute("geom"));
                    t.pathSides.add(p.attribute("sidesite"));
                    t.pathDivisors.add(0.0);
                }
                case "pulley" -> {
                    checkAttrs(p, set("divisor"), Set.of());
                    requireAttr(p, "divisor");
                    double divisor = new Attrs(p, Map.of()).number("divisor", 1);
                    if (!(divisor > 0)) {
                        throw new SceneException("Attribute 'divisor' of " + p.where() + " is " + divisor + "; it must be positive.");
                    }
                    t.pathNames.add(null);
                    t.pathSides.add(null);
                    t.pathDivisors.add(divisor);
                }
                default -> throw unknownChild(p, "spatial", List.of("site", "geom", "pulley"));
            }
            t.pathKinds.add(p.name);
            t.pathLines.add(p.line);
        }
        if (t.pathKinds.size() < 2) {
            throw new SceneException("Spatial tendon at line " + c.line + " has " + t.pathKinds.size()
                    + " path elements; a spatial path needs at least two.");
        }
    }

    /** Reads one {@code <equality>} section (the objects are resolved by name when compiling). */
    private void equalitySection(XmlElement s) {
        if (!s.attributes().isEmpty()) {
            String a = s.attributes().keySet().iterator().next();
            throw new SceneException("Unsupported attribute '" + a + "' on " + s.where() + "; <equality> takes no attributes.");
        }
        for (XmlElement c : s.children()) {
            if (c.name.equals("distance")) {
                throw new SceneException("<distance> equality at line " + c.line
                        + " is not supported (MuJoCo 2.2.2 refuses it too); supported: " + EQUALITY_KINDS);
            }
            Set<String> supported = EQUALITY_ATTRS.get(c.name);
            if (supported == null) {
                throw new SceneException("Unknown element <" + c.name + "> at line " + c.line
                        + "; supported elements under <equality>: " + EQUALITY_KINDS);
            }
            for (String a : c.attributes().keySet()) {
                if (!supported.contains(a) && !a.equals("class")) {
                    throw new SceneException("Unsupported attribute '" + a + "' on " + c.where() + "; supported attributes: "
                            + new java.util.TreeSet<>(union(supported, set("class"))));
                }
            }
            if (!c.children().isEmpty()) {
                throw new SceneException("Unknown element <" + c.children().get(0).name + "> at line " + c.children().get(0).line
                        + " inside " + c.where() + ", which takes no child elements.");
            }
            Attrs a = new Attrs(c, defaults.classFor(c, null).of("equality"));
            MjSpec.MjsEquality e = new MjSpec.MjsEquality();
            e.attrs = a;
            e.kind = c.name;
            e.name = a.str("name", "");
            e.active = a.bool("active", true);
            e.solref = solref(a, "solref");
            e.solimp = solimp(a, "solimp");
            switch (c.name) {
                case "connect" -> e.anchor = a.has("anchor") ? a.vector("anchor", 3, null) : null;
                case "weld" -> {
                    e.anchor = a.vector("anchor", 3, new double[3]);
                    e.relpose = a.vector("relpose", 7, new double[] {0, 1, 0, 0, 0, 0, 0});
                    e.torquescale = a.number("torquescale", 1);
                }
                default -> e.polycoef = polycoef(a);
            }
            spec.equalities.add(e);
        }
    }

    private static double[] polycoef(Attrs a) {
        double[] p = a.list("polycoef");
        if (p == null) {
            return POLYCOEF.clone();
        }
        if (p.length != 5) {
            throw a.error("polycoef", "has " + p.length + " values; it takes exactly 5 (the coefficients a0..a4 of "
                    + "q1 - q1_0 = a0 + a1 x + a2 x^2 + a3 x^3 + a4 x^4, x = q2 - q2_0).");
        }
        return p;
    }

    private void actuatorSection(XmlElement s) {
        checkAttrs(s, Set.of(), Set.of());
        for (XmlElement c : s.children()) {
            Set<String> supported = ACTUATOR_ATTRS.get(c.name);
            if (supported == null) {
                throw unknownChild(c, "actuator", List.of("motor", "position", "velocity", "general", "muscle", "intvelocity",
                        "damper", "cylinder", "adhesion"));
            }
            checkAttrs(c, supported, ACTUATOR_IGNORED);
            noChildren(c);
            MjSpec.MjsActuator act = new MjSpec.MjsActuator();
            act.line = c.line;
            act.name = c.has("name") ? c.attribute("name") : "";
            act.state = defaults.classFor(c, null).actuator.copy();
            Defaults.readActuator(c, act.state);
            transmission(c, act);
            String label = "Actuator" + (act.name.isEmpty() ? "" : " '" + act.name + "'") + " at line " + act.line;
            Defaults.ActState st = act.state;
            Attrs a = new Attrs(c, Map.of());
            act.ctrllimited = limited(a, st.ctrllimited, "ctrlrange", st.ctrlrange);
            act.forcelimited = limited(a, st.forcelimited, "forcerange", st.forcerange);
            act.actlimited = limited(a, st.actlimited, "actrange", st.actrange);
            if (act.actlimited && !(st.actrange[0] < st.actrange[1])) {
                throw new SceneException(label + " has an invalid actrange " + st.actrange[0] + " " + st.actrange[1]
                        + "; actrange[0] must be smaller than actrange[1].");
            }
            if (act.ctrllimited && !(st.ctrlrange[0] < st.ctrlrange[1])) {
                throw new SceneException(label + " has an invalid ctrlrange " + st.ctrlrange[0] + " " + st.ctrlrange[1]
                        + "; ctrlrange[0] must be smaller than ctrlrange[1].");
            }
            if (act.forcelimited && !(st.forcerange[0] < st.forcerange[1])) {
                throw new SceneException(label + " has an invalid forcerange " + st.forcerange[0] + " " + st.forcerange[1]
                        + "; forcerange[0] must be smaller than forcerange[1].");
            }
            spec.actuators.add(act);
        }
    }

    /**
     * The actuator's transmission as MuJoCo 2.2.2's reader: exactly one of joint, jointinparent,
     * tendon, cranksite (with slidersite and a positive cranklength) or site (with an optional
     * refsite); slidersite and refsite only with their own transmission.
     */
    private static void transmission(XmlElement c, MjSpec.MjsActuator act) {
        String[][] kinds = {{"joint", "0"}, {"jointinparent", "1"}, {"tendon", "3"}, {"cranksite", "2"}, {"site", "4"},
            {"body", "5"}};
        List<String> given = new ArrayList<>();
        for (String[] k : kinds) {
            if (c.attribute(k[0]) != null) {
                given.add(k[0]);
                act.trntype = Integer.parseInt(k[1]);
                act.target = c.attribute(k[0]);
            }
        }
        String where = "<" + c.name + "> at line " + c.line;
        if (given.isEmpty()) {
            throw new SceneException("Missing transmission target on " + where
                    + " (give one of 'joint', 'jointinparent', 'tendon', 'cranksite', 'site', 'body')");
        }
        if (given.size() > 1) {
            throw new SceneException(where + " has the transmission targets " + given + "; give exactly one.");
        }
        if ((c.has("slidersite") || c.has("cranklength")) && act.trntype != MjModel.TRN_SLIDERCRANK) {
            throw new SceneException(where + " has 'slidersite' or 'cranklength' but its transmission is '" + given.get(0)
                    + "'; they belong to a slider-crank (cranksite).");
        }
        if (c.has("refsite") && act.trntype != MjModel.TRN_SITE) {
            throw new SceneException(where + " has 'refsite' but its transmission is '" + given.get(0)
                    + "'; a reference site belongs to a site transmission.");
        }
        act.site2 = act.trntype == MjModel.TRN_SLIDERCRANK ? c.attribute("slidersite") : c.attribute("refsite");
        if (act.trntype == MjModel.TRN_SLIDERCRANK && act.site2 == null) {
            throw new SceneException("Missing required attribute 'slidersite' on " + where + " (the slider-crank's base site)");
        }
    }

    private void contactSection(XmlElement s) {
        checkAttrs(s, Set.of(), Set.of());
        for (XmlElement c : s.children()) {
            if (c.name.equals("pair")) {
                spec.pairs.add(pair(c));
                continue;
            }
            if (!c.name.equals("exclude")) {
                throw unknownChild(c, "contact", List.of("pair", "exclude"));
            }
            checkAttrs(c, set("name", "body1", "body2"), Set.of());
            noChildren(c);
            requireAttr(c, "body1");
            requireAttr(c, "body2");
            MjSpec.MjsExclude x = new MjSpec.MjsExclude();
            x.body1 = c.attribute("body1");
            x.body2 = c.attribute("body2");
            x.line = c.line;
            x.tag = c.name;
            spec.excludes.add(x);
        }
    }

    /** An explicit contact pair: its own attributes over its default class's {@code <pair>}, else MuJoCo's defaults. */
    private MjSpec.MjsPair pair(XmlElement c) {
        checkAttrs(c, PAIR_ATTRS, Set.of());
        noChildren(c);
        requireAttr(c, "geom1");
        requireAttr(c, "geom2");
        Attrs a = defaults.attrs(c, null);
        MjSpec.MjsPair p = new MjSpec.MjsPair();
        p.attrs = a;
        p.name = a.str("name", "");
        p.geom1 = a.str("geom1", "");
        p.geom2 = a.str("geom2", "");
        p.condim = condim(a);
        p.friction = a.numbers("friction", 1, 5, new double[] {1, 1, 0.005, 0.0001, 0.0001});
        p.solref = solref(a, "solref");
        p.solimp = solimp(a, "solimp");
        p.margin = a.number("margin", 0);
        p.gap = a.number("gap", 0);
        return p;
    }

    /** A contact's condim: 1 (frictionless), 3 (sliding), 4 (and torsional) or 6 (and rolling friction). */
    static int condim(Attrs a) {
        int condim = a.integer("condim", 3);
        if (condim != 1 && condim != 3 && condim != 4 && condim != 6) {
            throw a.error("condim", "is " + condim + "; allowed values: [1, 3, 4, 6]");
        }
        return condim;
    }

    private static MjSpec.MjsKey key(XmlElement e) {
        Attrs a = new Attrs(e, Map.of());
        MjSpec.MjsKey k = new MjSpec.MjsKey();
        k.attrs = a;
        k.name = a.str("name", "");
        k.time = a.number("time", 0);
        k.act = a.list("act");
        k.qpos = a.list("qpos");
        k.qvel = a.list("qvel");
        k.ctrl = a.list("ctrl");
        return k;
    }
}
