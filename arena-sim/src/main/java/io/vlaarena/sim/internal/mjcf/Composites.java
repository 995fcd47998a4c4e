package io.vlaarena.sim.internal.mjcf;

import static io.vlaarena.sim.internal.mjcf.MjcfSchema.checkAttrs;
import static io.vlaarena.sim.internal.mjcf.MjcfSchema.noChildren;
import static io.vlaarena.sim.internal.mjcf.MjcfSchema.set;
import static io.vlaarena.sim.internal.mjcf.MjcfSchema.union;
import static io.vlaarena.sim.internal.mjcf.MjcfSchema.unknownChild;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MuJoCo 2.2.2's {@code <composite>}: expands one element into the bodies, joints, geoms, sites,
 * tendons, equality constraints and contact exclusions MuJoCo's compiler generates for it
 * ({@code mjCComposite}), with MuJoCo's names and in MuJoCo's order, so that the compiled layout
 * is MuJoCo's. Types particle, grid, rope, loop, cloth, box, cylinder and ellipsoid. The generated
 * objects take MuJoCo's built-in defaults and the composite's children, never the default classes
 * (as MuJoCo). A {@code <skin>} becomes MuJoCo's skin ({@link CompositeSkins}): in MuJoCo 2.2.2 a
 * skin is only a rendering of the bodies, it has no physics.
 */
final class Composites {
    static final List<String> TYPES = List.of("particle", "grid", "rope", "loop", "cloth", "box", "cylinder", "ellipsoid");
    static final Set<String> ATTRS = set("prefix", "type", "count", "spacing", "offset", "flatinertia", "solrefsmooth",
            "solimpsmooth");
    private static final Set<String> JOINT_ATTRS = set("kind", "stiffness", "damping", "armature", "solreffix", "solimpfix",
            "range", "margin", "solreflimit", "solimplimit", "frictionloss", "solreffriction", "solimpfriction");
    private static final Set<String> TENDON_ATTRS = set("kind", "stiffness", "damping", "solreffix", "solimpfix", "range",
            "margin", "solreflimit", "solimplimit", "frictionloss", "solreffriction", "solimpfriction");
    private static final Set<String> GEOM_ATTRS = set("type", "contype", "conaffinity", "condim", "group", "priority", "size",
            "material", "rgba", "friction", "mass", "density", "solmix", "solref", "solimp", "margin", "gap");
    private static final Set<String> SKIN_ATTRS = set("texcoord", "material", "group", "rgba", "inflate", "subgrid");
    /** Elements one cell may generate at most (body, geom, site, 5 joints, 3 tendons, 5 equalities). */
    static final int ELEMENTS_PER_CELL = 16;

    // element kinds, MuJoCo's mjtCompKind
    private static final int JOINT = 0, TWIST = 1, STRETCH = 2, TENDON = 3, SHEAR = 4;
    private static final Pattern ROPE_COORD = Pattern.compile("\\s*([+-]?\\d{1,9}).*", Pattern.DOTALL);
    private static final Pattern CLOTH_COORD = Pattern.compile("\\s*([+-]?\\d{1,9})_\\s*([+-]?\\d{1,9}).*", Pattern.DOTALL);

    /** The defaults of one element kind: MuJoCo's built-in ones under the composite's children. */
    private static final class Kind {
        boolean add;
        Attrs attrs;
        double[] eqSolref = MjcfReader.SOLREF.clone();
        double[] eqSolimp = MjcfReader.SOLIMP.clone();
        int geomGroup;
    }

    /** A generated body and its generated children, flattened depth-first into the spec at the end. */
    private static final class Node {
        final MjSpec.MjsBody body;
        final List<Node> children = new ArrayList<>();

        Node(MjSpec.MjsBody body) {
            this.body = body;
        }
    }

    private final MjcfReader reader;
    private final MjSpec spec;
    private final XmlElement element;
    private final Node root;
    private String prefix;
    private int type;
    private final int[] count = {1, 1, 1};
    private double spacing;
    private double[] offset;
    private double flatinertia;
    private double[] solrefsmooth = MjcfReader.SOLREF.clone();
    private double[] solimpsmooth = MjcfReader.SOLIMP.clone();
    private final List<int[]> pins = new ArrayList<>();
    private final Kind[] kinds = {new Kind(), new Kind(), new Kind(), new Kind(), new Kind()};
    private Attrs geomAttrs;
    private Attrs siteAttrs;
    private XmlElement skin;
    private MjSpec.MjsSkin skinSpec;
    private boolean skintexcoord;
    private int skinsubgrid;
    private int dim;
    private int maxDepth;

    private Composites(MjcfReader reader, XmlElement element, MjSpec.MjsBody body) {
        this.reader = reader;
        this.spec = reader.spec;
        this.element = element;
        this.root = new Node(body);
    }

    /**
     * Expands {@code e}, a {@code <composite>} inside {@code body}, into {@code reader}'s spec;
     * refuses what MuJoCo 2.2.2 refuses, a composite that would generate more elements than
     * {@code limits} allow and a rope or cloth that would nest bodies deeper than they allow (as
     * bodies written out in the XML would be).
     */
    static void expand(MjcfReader reader, XmlElement e, MjSpec.MjsBody body, MjcfLoader.Limits limits) {
        Composites c = new Composites(reader, e, body);
        c.maxDepth = limits.maxDepth();
        c.read(limits.maxElements());
        c.make();
        c.flatten(c.root);
    }

    // ---------------------------------------------------------------- reading

    private SceneException error(String problem) {
        return new SceneException("Composite at line " + element.line + ": " + problem);
    }

    private void read(int maxElements) {
        checkAttrs(element, ATTRS, Set.of());
        Attrs a = new Attrs(element, Map.of());
        for (String required : List.of("type", "count", "spacing")) {
            if (!a.has(required)) {
                throw a.error(required, "is missing; a composite needs 'type' (one of " + TYPES + "), 'count' and 'spacing'.");
            }
        }
        prefix = a.str("prefix", "");
        type = TYPES.indexOf(a.keyword("type", "particle", TYPES));
        double[] n = a.numbers("count", 1, 3, new double[] {1, 1, 1});
        long cells = 1;
        for (int i = 0; i < 3; i++) {
            if (n[i] != Math.rint(n[i]) || !(n[i] >= 1)) {
                throw a.error("count", "has '" + a.str("count", "") + "'; a composite's counts are positive integers.");
            }
            if (n[i] > maxElements) {
                throw a.error("count", "has '" + a.str("count", "") + "', more elements than the loader accepts ("
                        + maxElements + ").");
            }
            count[i] = (int) n[i];
            cells *= count[i];
        }
        if (cells * ELEMENTS_PER_CELL > maxElements) {
            throw a.error("count", "has '" + a.str("count", "") + "': " + cells + " cells of up to " + ELEMENTS_PER_CELL
                    + " generated elements each, more than the loader accepts (" + maxElements + " elements).");
        }
        spacing = a.number("spacing", 0);
        if (!(spacing >= Spatial.MINVAL)) {
            throw a.error("spacing", "must be positive, got " + a.str("spacing", "") + ".");
        }
        offset = a.vector("offset", 3, new double[3]);
        flatinertia = a.number("flatinertia", 0);
        XmlElement geom = null;
        XmlElement site = null;
        List<XmlElement> joints = new ArrayList<>();
        List<XmlElement> tendons = new ArrayList<>();
        for (XmlElement c : element.children()) {
            switch (c.name) {
                case "joint" -> joints.add(c);
                case "tendon" -> tendons.add(c);
                case "geom" -> geom = single(c, geom);
                case "site" -> site = single(c, site);
                case "skin" -> skin = single(c, skin);
                case "pin" -> pins.add(pin(c));
                default -> throw unknownChild(c, "composite", List.of("joint", "tendon", "skin", "geom", "site", "pin"));
            }
        }
        if (skin != null) {
            checkAttrs(skin, SKIN_ATTRS, Set.of());
            noChildren(skin);
            Attrs s = new Attrs(skin, Map.of());
            skinSpec = new MjSpec.MjsSkin();
            skinSpec.rgba = new double[] {1, 1, 1, 1}; // a composite skin is white by default (mjCComposite)
            skinSpec.attrs = s;
            skintexcoord = s.bool("texcoord", false);
            skinSpec.material = s.str("material", null);
            skinSpec.rgba = s.vector("rgba", 4, skinSpec.rgba);
            skinSpec.inflate = s.number("inflate", 0);
            skinsubgrid = s.integer("subgrid", 0);
            skinSpec.group = s.integer("group", 0);
            if (skinSpec.group < 0 || skinSpec.group > 5) {
                throw s.error("group", "must be between 0 and 5, got " + skinSpec.group + ".");
            }
        }
        // mjCComposite::SetDefault
        int tmpdim = 0;
        for (int c : count) {
            tmpdim += c > 1 ? 1 : 0;
        }
        boolean visibleGeoms = skin == null || type == 0 || type == 2 || type == 3 || type == 1 && tmpdim == 1;
        kinds[JOINT].geomGroup = visibleGeoms ? 0 : 3;
        switch (TYPES.get(type)) {
            case "grid" -> soft(kinds[TENDON].eqSolref, kinds[TENDON].eqSolimp, 0);
            case "loop" -> soft(solrefsmooth, solimpsmooth, 0);
            case "box", "cylinder", "ellipsoid" -> {
                soft(solrefsmooth, solimpsmooth, 1);
                for (Kind k : kinds) {
                    soft(k.eqSolref, k.eqSolimp, 1);
                }
                soft(kinds[TENDON].eqSolref, kinds[TENDON].eqSolimp, 0);
            }
            default -> {
            }
        }
        solrefsmooth = MjcfReader.solref(a, "solrefsmooth", solrefsmooth);
        solimpsmooth = a.numbers("solimpsmooth", 1, 5, solimpsmooth);
        if (geom != null) {
            checkAttrs(geom, GEOM_ATTRS, Set.of());
            noChildren(geom);
        }
        geomAttrs = new Attrs(geom != null ? geom : new XmlElement("geom", element.line, element.column), Map.of());
        String geomType = geomAttrs.str("type", "sphere");
        if (!List.of("sphere", "capsule", "ellipsoid").contains(geomType)) {
            throw geomAttrs.error("type", "is '" + geomType + "'; a composite's geoms are sphere, capsule or ellipsoid.");
        }
        if (site != null) {
            checkAttrs(site, set("size", "rgba"), set("group", "material"));
            noChildren(site);
        }
        siteAttrs = new Attrs(site != null ? site : new XmlElement("site", element.line, element.column), Map.of());
        for (XmlElement j : joints) {
            kind(j, JOINT_ATTRS, set("group", "limited"), List.of("main", "twist", "stretch"), 0);
        }
        for (XmlElement t : tendons) {
            kind(t, union(TENDON_ATTRS, set("group", "material", "rgba", "width")), set("limited"), List.of("main", "shear"),
                    TENDON);
        }
        // mjCComposite::Make's checks
        boolean first = false;
        for (int c : count) {
            if (c == 1) {
                first = true;
            } else {
                dim++;
                if (first) {
                    throw a.error("count", "has '" + a.str("count", "") + "'; singleton counts must come last "
                            + "(MuJoCo: Singleton counts must come last).");
                }
            }
        }
        if (skin != null && skinsubgrid > 0 && (count[0] < 3 || count[1] < 3)) {
            throw error("a skin subgrid needs at least 3x3 elements, the count is " + count[0] + "x" + count[1] + ".");
        }
    }

    private static XmlElement single(XmlElement c, XmlElement previous) {
        if (previous != null) {
            throw new SceneException("Second <" + c.name + "> at line " + c.line + " in the composite at line " + previous.line
                    + "; a composite has at most one.");
        }
        return c;
    }

    private static int[] pin(XmlElement c) {
        checkAttrs(c, set("coord"), Set.of());
        noChildren(c);
        Attrs p = new Attrs(c, Map.of());
        if (!p.has("coord")) {
            throw p.error("coord", "is missing; a pin names the grid element it holds ('ix iy').");
        }
        double[] v = p.numbers("coord", 1, 2, new double[2]);
        for (double x : v) {
            if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
                throw p.error("coord", "has '" + p.str("coord", "") + "'; pin coordinates are integers.");
            }
        }
        return new int[] {(int) v[0], (int) v[1]};
    }

    private void kind(XmlElement e, Set<String> supported, Set<String> ignored, List<String> names, int first) {
        checkAttrs(e, supported, ignored);
        noChildren(e);
        Attrs a = new Attrs(e, Map.of());
        if (!a.has("kind")) {
            throw a.error("kind", "is missing; one of " + names + ".");
        }
        Kind k = kinds[first + names.indexOf(a.keyword("kind", names.get(0), names))];
        if (k.add) {
            throw new SceneException("Second <" + e.name + " kind='" + a.str("kind", "") + "'> at line " + e.line
                    + " in the composite at line " + element.line + "; each kind is given at most once.");
        }
        k.add = true;
        k.attrs = a;
        k.eqSolref = MjcfReader.solref(a, "solreffix", k.eqSolref);
        k.eqSolimp = a.numbers("solimpfix", 1, 5, k.eqSolimp);
        // solimp as given: MuJoCo holds it to its bounds when it builds the constraint rows (Impedance)
    }

    /** MuJoCo's AdjustSoft: level 0 stiff (0.01, 0.99), level 1 soft (0.02, 0.9). */
    private static void soft(double[] solref, double[] solimp, int level) {
        solref[0] = level == 0 ? 0.01 : 0.02;
        solimp[0] = solimp[1] = level == 0 ? 0.99 : 0.9;
    }

    /**
     * Ropes and cloths grow chains of nested bodies from the composite's body, {@code chain}
     * levels at most: the deepest must stay within the XML nesting limit, counted as if written
     * out (mujoco, worldbody, then one level per body).
     */
    private void checkDepth(int chain) {
        int depth = 2;
        for (int b = root.body.id; b != 0; b = spec.bodies.get(b).parent) {
            depth++;
        }
        if (depth + chain > maxDepth) {
            throw error("this " + TYPES.get(type) + " grown from body '" + root.body.name + "' nests bodies " + (depth + chain)
                    + " levels deep, more than the loader accepts (" + maxDepth + " levels).");
        }
    }

    // ---------------------------------------------------------------- generating

    private void make() {
        switch (TYPES.get(type)) {
            case "particle" -> makeParticle();
            case "grid" -> makeGrid();
            case "rope", "loop" -> makeRope();
            case "cloth" -> makeCloth();
            default -> makeBox();
        }
        // MuJoCo makes skins for grids, cloths and the 3-D shapes only
        if (skinSpec != null && type != 0 && type != 2 && type != 3) {
            skinSpec.name = prefix + "Skin";
            if (type == 1 || type == 4) {
                CompositeSkins.grid(skinSpec, prefix, count, spacing, skintexcoord, skinsubgrid);
            } else {
                CompositeSkins.solid(skinSpec, prefix, count, TYPES.get(type), skintexcoord);
            }
            spec.skins.add(skinSpec);
        }
    }

    private Node addBody(Node parent, String name) {
        MjSpec.MjsBody b = new MjSpec.MjsBody();
        b.name = name;
        b.line = element.line;
        Node n = new Node(b);
        parent.children.add(n);
        return n;
    }

    private void flatten(Node n) {
        for (Node c : n.children) {
            c.body.id = spec.bodies.size();
            c.body.parent = n.body.id;
            spec.bodies.add(c.body);
            flatten(c);
        }
    }

    /** A geom with the composite's geom attributes over MuJoCo's built-in defaults. */
    private MjSpec.MjsGeom geom(MjSpec.MjsBody b, String name, int forcedType) {
        Attrs a = geomAttrs;
        MjSpec.MjsGeom g = new MjSpec.MjsGeom();
        g.line = a.element.line;
        g.attrs = a;
        g.name = name;
        g.type = forcedType >= 0 ? forcedType : BodyReader.geomType(a.str("type", "sphere"));
        // MuJoCo's SetDefault: box shapes' geoms do not collide by type; particles are frictionless, priority 1
        boolean particle = type == 0;
        BodyReader.geomAttributes(a, g, TYPES.get(type).matches("box|cylinder|ellipsoid") ? 0 : 1, kinds[JOINT].geomGroup,
                particle ? 1 : 3, particle ? 1 : 0);
        g.pos = new double[3];
        g.quat = Spatial.identityQuat();
        b.geoms.add(g);
        return g;
    }

    /** Sizes, mass and inertia of a finished geom (after its type and size are final). */
    private void finish(MjSpec.MjsGeom g) {
        BodyReader.checkGeomSize(geomAttrs, g, g.type == MjModel.GEOM_SPHERE ? "sphere"
                : g.type == MjModel.GEOM_CAPSULE ? "capsule" : "ellipsoid");
        g.mass = mass(g);
        g.inertia = GeomInertia.inertia(g.type, g.size, g.mass);
    }

    private double mass(MjSpec.MjsGeom g) {
        return BodyReader.geomMass(geomAttrs, GeomInertia.volume(g.type, g.size));
    }

    private void site(MjSpec.MjsBody b, String name) {
        MjSpec.MjsSite s = new MjSpec.MjsSite();
        s.name = name;
        s.type = MjModel.GEOM_SPHERE;
        s.size = siteAttrs.numbers("size", 1, 3, new double[] {0.005, 0.005, 0.005});
        s.rgba = siteAttrs.vector("rgba", 4, new double[] {0.5, 0.5, 0.5, 1});
        s.pos = new double[3];
        s.quat = Spatial.identityQuat();
        b.sites.add(s);
    }

    /** A joint of {@code kind} with the composite's joint attributes over MuJoCo's built-in defaults. */
    private void joint(MjSpec.MjsBody b, int kind, String name, int jointType, double[] pos, double[] axis) {
        Attrs a = kinds[kind].attrs != null ? kinds[kind].attrs
                : new Attrs(new XmlElement("joint", element.line, element.column), Map.of());
        MjSpec.MjsJoint j = new MjSpec.MjsJoint();
        j.line = a.element.line;
        j.name = name;
        j.type = jointType;
        j.pos = pos;
        j.axis = axis;
        double[] range = a.vector("range", 2, new double[2]);
        j.limited = reader.limited(a, "auto", "range", range);
        j.range = jointType == MjModel.JNT_HINGE && j.limited ? new double[] {reader.angle(range[0]), reader.angle(range[1])}
                : range;
        if (j.limited && !(j.range[0] < j.range[1])) {
            throw a.error("range", "must have range[0] < range[1] for a limited joint, got '" + a.str("range", "0 0") + "'.");
        }
        BodyReader.jointParameters(a, j);
        b.joints.add(j);
    }

    private static double[] axis(int i) {
        double[] v = new double[3];
        v[i] = 1;
        return v;
    }

    /** A tendon of {@code kind} with the composite's tendon attributes over MuJoCo's built-in defaults. */
    private MjSpec.MjsTendon tendon(int kind, String name) {
        Attrs a = kinds[kind].attrs != null ? kinds[kind].attrs
                : new Attrs(new XmlElement("tendon", element.line, element.column), Map.of());
        MjSpec.MjsTendon t = new MjSpec.MjsTendon();
        t.name = name;
        t.line = a.element.line;
        // the composite's tendon takes no springlength (the length at the spring pose); its group is 0
        // where the composite's geoms show, else 3 (hidden), as MuJoCo draws them
        reader.tendonAttributes(a, "auto", kinds[JOINT].geomGroup, t);
        spec.tendons.add(t);
        return t;
    }

    private void spatialTendon(int kind, String name, String site1, String site2) {
        MjSpec.MjsTendon t = tendon(kind, name);
        t.spatial = true;
        for (String s : new String[] {site1, site2}) {
            t.pathKinds.add("site");
            t.pathNames.add(s);
            t.pathSides.add(null);
            t.pathDivisors.add(0.0);
            t.pathLines.add(t.line);
        }
        equality(kind, "tendon", "tendon1", name, null, null);
    }

    /**
     * An equality constraint: of {@code kind}'s defaults (its solreffix, solimpfix) when kind is
     * at least 0, else of the smoothing parameters.
     */
    private MjSpec.MjsEquality equality(int kind, String eqType, String attr1, String name1, String attr2, String name2) {
        XmlElement x = new XmlElement(eqType, element.line, element.column);
        x.putAttribute(attr1, name1);
        if (name2 != null) {
            x.putAttribute(attr2, name2);
        }
        MjSpec.MjsEquality e = new MjSpec.MjsEquality();
        e.attrs = new Attrs(x, Map.of());
        e.kind = eqType;
        e.name = "";
        e.active = true;
        e.solref = (kind >= 0 ? kinds[kind].eqSolref : solrefsmooth).clone();
        e.solimp = (kind >= 0 ? kinds[kind].eqSolimp : solimpsmooth).clone();
        e.polycoef = new double[] {0, 1, 0, 0, 0};
        spec.equalities.add(e);
        return e;
    }

    private void makeParticle() {
        for (int ix = 0; ix < count[0]; ix++) {
            for (int iy = 0; iy < count[1]; iy++) {
                for (int iz = 0; iz < count[2]; iz++) {
                    MjSpec.MjsBody b = addBody(root, "").body;
                    b.pos = new double[] {offset[0] + spacing * (ix - 0.5 * count[0]), offset[1] + spacing * (iy - 0.5 * count[1]),
                        offset[2] + spacing * (iz - 0.5 * count[2])};
                    for (int i = 0; i < 3; i++) {
                        joint(b, JOINT, "", MjModel.JNT_SLIDE, new double[3], axis(i));
                    }
                    finish(geom(b, "", MjModel.GEOM_SPHERE));
                }
            }
        }
    }

    private void makeGrid() {
        if (dim > 2) {
            throw error("a grid is one- or two-dimensional, the count is " + count[0] + " " + count[1] + " " + count[2] + ".");
        }
        if (kinds[SHEAR].add && dim != 2) {
            throw error("shear tendons need a two-dimensional grid.");
        }
        if (skin != null && dim != 2) {
            throw error("a skin needs a two-dimensional grid.");
        }
        for (int ix = 0; ix < count[0]; ix++) {
            for (int iy = 0; iy < count[1]; iy++) {
                MjSpec.MjsBody b = addBody(root, prefix + "B" + ix + "_" + iy).body;
                b.pos = new double[] {offset[0] + spacing * (ix - 0.5 * count[0]), offset[1] + spacing * (iy - 0.5 * count[1]),
                    offset[2]};
                finish(geom(b, prefix + "G" + ix + "_" + iy, MjModel.GEOM_SPHERE));
                site(b, prefix + "S" + ix + "_" + iy);
                boolean pinned = false;
                for (int[] p : pins) {
                    pinned |= p[0] == ix && p[1] == iy;
                }
                if (!pinned) {
                    for (int i = 0; i < 3; i++) {
                        joint(b, JOINT, prefix + "J" + i + "_" + ix + "_" + iy, MjModel.JNT_SLIDE, new double[3], axis(i));
                    }
                }
            }
        }
        for (int i = 0; i < 2; i++) {
            for (int ix = 0; ix < count[0] - (i == 0 ? 1 : 0); ix++) {
                for (int iy = 0; iy < count[1] - (i == 1 ? 1 : 0); iy++) {
                    spatialTendon(TENDON, prefix + "T" + i + "_" + ix + "_" + iy, prefix + "S" + ix + "_" + iy,
                            prefix + "S" + (ix + (i == 0 ? 1 : 0)) + "_" + (iy + (i == 1 ? 1 : 0)));
                }
            }
        }
        if (kinds[SHEAR].add) {
            makeShear();
        }
    }

    private void makeShear() {
        for (int ix = 0; ix < count[0] - 1; ix++) {
            for (int iy = 0; iy < count[1] - 1; iy++) {
                spatialTendon(SHEAR, prefix + "TS" + ix + "_" + iy, prefix + "S" + ix + "_" + iy,
                        prefix + "S" + (ix + 1) + "_" + (iy + 1));
            }
        }
    }

    /** The root body's coordinates from its name: prefix B then ix (rope) or ix_iy (cloth), as MuJoCo's sscanf. */
    private int[] rootCoordinates(boolean cloth) {
        String name = root.body.name;
        String head = prefix + "B";
        if (!name.startsWith(head)) {
            throw error("the composite's body is named '" + name + "'; for a " + TYPES.get(type) + " its name must begin with '"
                    + head + "' followed by the " + (cloth ? "X_Y coordinates" : "X coordinate") + " of the body in the "
                    + TYPES.get(type) + " (as MuJoCo: " + head + " must be the beginning of root body name).");
        }
        Matcher m = (cloth ? CLOTH_COORD : ROPE_COORD).matcher(name.substring(head.length()));
        if (!m.matches()) {
            throw error("the composite's body name '" + name + "' must contain the " + (cloth ? "X_Y coordinates" : "X coordinate")
                    + " after '" + head + "' (as MuJoCo: Root body name must contain " + (cloth ? "X_Y coordinates" : "X coordinate")
                    + ").");
        }
        int ox = Integer.parseInt(m.group(1).replace("+", ""));
        int oy = cloth ? Integer.parseInt(m.group(2).replace("+", "")) : 0;
        if (ox < 0 || ox >= count[0] || oy < 0 || oy >= count[1]) {
            throw error("the composite's body name '" + name + "' gives coordinates outside the count " + count[0]
                    + (cloth ? "x" + count[1] : "") + " (as MuJoCo: Root body coordinate out of range).");
        }
        return new int[] {ox, oy};
    }

    private void makeRope() {
        if (dim != 1) {
            throw error("a " + TYPES.get(type) + " is one-dimensional, the count is " + count[0] + " " + count[1] + " " + count[2] + ".");
        }
        int ox = rootCoordinates(false)[0];
        checkDepth(Math.max(ox, count[0] - 1 - ox));
        addRopeBody(root, ox, ox);
        Node p = root;
        for (int ix = ox; ix < count[0] - 1; ix++) {
            p = addRopeBody(p, ix, ix + 1);
        }
        p = root;
        for (int ix = ox; ix > 0; ix--) {
            p = addRopeBody(p, ix, ix - 1);
        }
        if (TYPES.get(type).equals("loop")) {
            MjSpec.MjsEquality eq = equality(-1, "connect", "body1", prefix + "B0", "body2", prefix + "B" + (count[0] - 1));
            eq.anchor = new double[] {-0.5 * spacing, 0, 0};
            MjSpec.MjsExclude x = new MjSpec.MjsExclude();
            x.body1 = prefix + "B0";
            x.body2 = prefix + "B" + (count[0] - 1);
            x.line = element.line;
            x.tag = "composite";
            spec.excludes.add(x);
        }
    }

    private Node addRopeBody(Node parent, int ix, int ix1) {
        boolean isRoot = ix == ix1;
        double dx = spacing * (ix1 - ix);
        Node n = parent;
        if (!isRoot) {
            n = addBody(parent, prefix + "B" + ix1);
            if (TYPES.get(type).equals("loop")) {
                double alpha = 2 * Math.PI / count[0];
                double r = 0.5 * spacing * Math.sin(Math.PI - alpha) / Math.sin(0.5 * alpha);
                double s = ix1 > ix ? 1 : -1;
                n.body.pos = new double[] {s * r * Math.cos(0.5 * alpha), r * Math.sin(0.5 * alpha), 0};
                n.body.quat = new double[] {Math.cos(s * 0.5 * alpha), 0, 0, Math.sin(s * 0.5 * alpha)};
            } else {
                n.body.pos = new double[] {dx, 0, 0};
            }
        }
        MjSpec.MjsGeom g = geom(n.body, prefix + "G" + ix1, -1);
        g.quat = new double[] {Math.sqrt(0.5), 0, Math.sqrt(0.5), 0};
        finish(g);
        if (isRoot) {
            return n;
        }
        for (int i = 0; i < 2; i++) {
            joint(n.body, JOINT, prefix + "J" + i + "_" + ix1, MjModel.JNT_HINGE, new double[] {-0.5 * dx, 0, 0}, axis(i + 1));
        }
        twistStretch(n.body, prefix + "JT" + ix1, prefix + "JS" + ix1, new double[] {-0.5 * dx, 0, 0}, axis(0));
        return n;
    }

    private void twistStretch(MjSpec.MjsBody b, String twist, String stretch, double[] pos, double[] axis) {
        if (kinds[TWIST].add) {
            joint(b, TWIST, twist, MjModel.JNT_HINGE, pos.clone(), axis.clone());
            equality(TWIST, "joint", "joint1", twist, null, null);
        }
        if (kinds[STRETCH].add) {
            joint(b, STRETCH, stretch, MjModel.JNT_SLIDE, pos.clone(), axis.clone());
            equality(STRETCH, "joint", "joint1", stretch, null, null);
        }
    }

    private void makeCloth() {
        if (dim != 2) {
            throw error("a cloth is two-dimensional, the count is " + count[0] + " " + count[1] + " " + count[2] + ".");
        }
        int[] o = rootCoordinates(true);
        int ox = o[0], oy = o[1];
        checkDepth(Math.max(ox, count[0] - 1 - ox) + Math.max(oy, count[1] - 1 - oy));
        addClothBody(root, ox, oy, ox, oy);
        for (int i = -2; i <= 2; i += 2) {
            int ix = ox;
            Node px = root;
            while (true) {
                int ix1 = ix;
                if (i == 0) {
                    ix1 = Math.min(count[0] - 1, ix + 1);
                } else if (i == 2) {
                    ix1 = Math.max(0, ix - 1);
                }
                if (i != -2) {
                    if (ix1 == ix) {
                        break;
                    }
                    px = addClothBody(px, ix, oy, ix1, oy);
                    ix = ix1;
                }
                for (int j = 1; j <= 3; j += 2) {
                    int iy = oy;
                    Node py = px;
                    while (true) {
                        int iy1 = j == 1 ? Math.min(count[1] - 1, iy + 1) : Math.max(0, iy - 1);
                        if (iy1 == iy) {
                            break;
                        }
                        py = addClothBody(py, ix, iy, ix, iy1);
                        iy = iy1;
                    }
                }
                if (i == -2) {
                    break;
                }
            }
        }
        for (int iy = 0; iy < count[1]; iy++) {
            if (iy != oy) {
                for (int ix = 0; ix < count[0] - 1; ix++) {
                    spatialTendon(TENDON, prefix + "T" + ix + "_" + iy, prefix + "S" + ix + "_" + iy,
                            prefix + "S" + (ix + 1) + "_" + iy);
                }
            }
        }
        if (kinds[SHEAR].add) {
            makeShear();
        }
    }

    private Node addClothBody(Node parent, int ix, int iy, int ix1, int iy1) {
        boolean isRoot = ix == ix1 && iy == iy1;
        double dx = spacing * (ix1 - ix);
        double dy = spacing * (iy1 - iy);
        Node n = parent;
        if (!isRoot) {
            n = addBody(parent, prefix + "B" + ix1 + "_" + iy1);
            n.body.pos = new double[] {dx, dy, 0};
        }
        MjSpec.MjsBody b = n.body;
        MjSpec.MjsGeom g = geom(b, prefix + "G" + ix1 + "_" + iy1, -1);
        double h = Math.sqrt(0.5);
        g.quat = (ix1 + iy1) % 2 != 0 ? new double[] {h, h, 0, 0} : new double[] {0.5, 0.5, 0.5, 0.5};
        finish(g);
        if (flatinertia > 0) {
            MjSpec.MjsInertial in = new MjSpec.MjsInertial();
            in.line = element.line;
            in.mass = g.mass;
            in.pos = new double[3];
            in.quat = Spatial.identityQuat();
            double[] size = {0.5 * spacing, 0.5 * spacing, 0.5 * spacing * flatinertia};
            in.inertia = new double[] {in.mass * (size[1] * size[1] + size[2] * size[2]) / 3,
                in.mass * (size[0] * size[0] + size[2] * size[2]) / 3, in.mass * (size[0] * size[0] + size[1] * size[1]) / 3};
            b.inertial = in;
        }
        site(b, prefix + "S" + ix1 + "_" + iy1);
        if (isRoot) {
            return n;
        }
        double[] pos = {-dx, -dy, 0};
        for (int i = 0; i < 2; i++) {
            joint(b, JOINT, prefix + "J" + i + "_" + ix1 + "_" + iy1, MjModel.JNT_HINGE, pos.clone(),
                    axis(ix != ix1 ? i + 1 : 2 * i));
        }
        twistStretch(b, prefix + "JT" + ix1 + "_" + iy1, prefix + "JS" + ix1 + "_" + iy1, pos, axis(ix != ix1 ? 0 : 1));
        return n;
    }

    /** MuJoCo's BoxProject: the unit cube's point onto the box, cylinder or ellipsoid. */
    private void boxProject(double[] pos) {
        double[] size = {0.5 * spacing * (count[0] - 1), 0.5 * spacing * (count[1] - 1), 0.5 * spacing * (count[2] - 1)};
        switch (TYPES.get(type)) {
            case "cylinder" -> {
                double l0 = Math.max(Math.abs(pos[0]), Math.abs(pos[1]));
                normalize(pos, 2);
                pos[0] *= size[0] * l0;
                pos[1] *= size[1] * l0;
                pos[2] *= size[2];
            }
            case "ellipsoid" -> {
                normalize(pos, 3);
                for (int i = 0; i < 3; i++) {
                    pos[i] *= size[i];
                }
            }
            default -> {
                for (int i = 0; i < 3; i++) {
                    pos[i] *= size[i];
                }
            }
        }
    }

    /** mjuu_normvec: divides the first n components by their norm unless it is below MINVAL. */
    private static void normalize(double[] v, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i] * v[i];
        }
        s = Math.sqrt(s);
        if (s < Spatial.MINVAL) {
            return;
        }
        for (int i = 0; i < n; i++) {
            v[i] /= s;
        }
    }

    private boolean boundary(int ix, int iy, int iz) {
        return ix == 0 || ix == count[0] - 1 || iy == 0 || iy == count[1] - 1 || iz == 0 || iz == count[2] - 1;
    }

    private void makeBox() {
        if (dim != 3) {
            throw error("a " + TYPES.get(type) + " is three-dimensional, the count is " + count[0] + " " + count[1] + " "
                    + count[2] + ".");
        }
        MjSpec.MjsGeom center = geom(root.body, prefix + "Gcenter", MjModel.GEOM_SPHERE);
        center.size[0] *= 2;
        center.size[1] = 0;
        center.size[2] = 0;
        finish(center);
        MjSpec.MjsTendon ten = tendon(TENDON, prefix + "T");
        for (int ix = 0; ix < count[0]; ix++) {
            for (int iy = 0; iy < count[1]; iy++) {
                for (int iz = 0; iz < count[2]; iz++) {
                    if (!boundary(ix, iy, iz)) {
                        continue;
                    }
                    String cell = ix + "_" + iy + "_" + iz;
                    MjSpec.MjsBody b = addBody(root, prefix + "B" + cell).body;
                    b.pos = new double[] {2.0 * ix / (count[0] - 1) - 1, 2.0 * iy / (count[1] - 1) - 1,
                        2.0 * iz / (count[2] - 1) - 1};
                    boxProject(b.pos);
                    double[] z = b.pos.clone();
                    normalize(z, 3);
                    b.quat = Spatial.quatZ2Vec(z);
                    MjSpec.MjsGeom g = geom(b, prefix + "G" + cell, -1);
                    if (g.type == MjModel.GEOM_CAPSULE) {
                        g.pos[2] = -(g.size[0] + g.size[1]);
                    } else {
                        g.type = MjModel.GEOM_SPHERE;
                        g.pos[2] = -g.size[0];
                    }
                    finish(g);
                    String jname = prefix + "J" + cell;
                    joint(b, JOINT, jname, MjModel.JNT_SLIDE, new double[3], axis(2));
                    equality(JOINT, "joint", "joint1", jname, null, null);
                    ten.joints.add(jname);
                    ten.jointLines.add(element.line);
                    ten.coefs.add(1.0);
                    for (int i = 0; i < 3; i++) {
                        int ix1 = Math.min(ix + (i == 0 ? 1 : 0), count[0] - 1);
                        int iy1 = Math.min(iy + (i == 1 ? 1 : 0), count[1] - 1);
                        int iz1 = Math.min(iz + (i == 2 ? 1 : 0), count[2] - 1);
                        if (boundary(ix1, iy1, iz1) && (ix != ix1 || iy != iy1 || iz != iz1)) {
                            equality(-1, "joint", "joint1", jname, "joint2", prefix + "J" + ix1 + "_" + iy1 + "_" + iz1);
                        }
                    }
                }
            }
        }
        equality(TENDON, "tendon", "tendon1", ten.name, null, null);
    }
}
