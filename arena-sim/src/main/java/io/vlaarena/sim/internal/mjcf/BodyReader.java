package io.vlaarena.sim.internal.mjcf;

import static io.vlaarena.sim.internal.mjcf.MjcfSchema.*;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body tree of an MJCF document into {@link MjSpec} bodies, part of MuJoCo's
 * {@code xml_native_reader}: bodies with their frames, {@code <inertial>}, joints, geoms (their
 * mass and inertia from size and density; mesh geoms placed in the mesh's principal frame), sites,
 * cameras and lights, each with its default class and body {@code childclass} applied. Not
 * thread-safe; one per document.
 */
final class BodyReader {
    private static final double MINVAL = Spatial.MINVAL;

    private final MjcfReader reader;
    private final Defaults defaults;
    private final MjSpec spec;

    BodyReader(MjcfReader reader) {
        this.reader = reader;
        this.defaults = reader.defaults;
        this.spec = reader.spec;
    }

    private Attrs attrs(XmlElement e, String childclass) {
        return defaults.attrs(e, childclass);
    }

    private double[] orientation(Attrs a) {
        return reader.orientation(a);
    }

    private double angle(double value) {
        return reader.angle(value);
    }

    private boolean limited(Attrs a, String limited, String rangeName, double[] range) {
        return reader.limited(a, limited, rangeName, range);
    }

    /** Reads the children of a body (or of the worldbody, {@code world} true) into {@code body}. */
    void bodyContents(XmlElement e, MjSpec.MjsBody body, String childclass, boolean world) {
        List<String> allowed = world ? List.of("body", "geom", "site", "camera", "light", "composite")
                : List.of("body", "inertial", "joint", "freejoint", "geom", "site", "camera", "light", "composite");
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
                    body.inertial = inertial(c, body.name, reader);
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
                case "composite":
                    Composites.expand(reader, c, body, reader.limits);
                    break;
                default:
                    throw unknownChild(c, e.name, allowed);
            }
        }
    }

    private void childBody(XmlElement e, MjSpec.MjsBody parent, String inheritedClass) {
        checkAttrs(e, BODY_ATTRS, BODY_IGNORED);
        Attrs a = new Attrs(e, Map.of());
        MjSpec.MjsBody b = new MjSpec.MjsBody();
        b.id = spec.bodies.size();
        b.parent = parent.id;
        b.line = e.line;
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
            if (!defaults.has(childclass)) {
                throw new SceneException(e.where() + " has childclass '" + childclass + "', which is not a default class; known classes: "
                        + defaults.names());
            }
        }
        spec.bodies.add(b);
        bodyContents(e, b, childclass, false);
        if (b.mocap && !b.joints.isEmpty()) {
            throw a.error("mocap", "is true on body '" + b.name + "', which has joints; a mocap body cannot move by joints "
                    + "(MuJoCo: mocap body is not a fixed child of world).");
        }
    }

    private MjSpec.MjsJoint joint(XmlElement e, String childclass) {
        checkAttrs(e, JOINT_ATTRS, JOINT_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        MjSpec.MjsJoint j = new MjSpec.MjsJoint();
        j.line = e.line;
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
        jointParameters(a, j);
        double ref = a.number("ref", 0);
        double springref = a.number("springref", 0);
        j.ref = j.type == MjModel.JNT_HINGE ? angle(ref) : ref;
        j.springref = j.type == MjModel.JNT_HINGE ? angle(springref) : springref;
        return j;
    }

    /** A joint's dynamics and constraint parameters from {@code a}, over MuJoCo's defaults. */
    static void jointParameters(Attrs a, MjSpec.MjsJoint j) {
        j.damping = MjcfReader.nonNegative(a, "damping");
        j.armature = MjcfReader.nonNegative(a, "armature");
        j.stiffness = MjcfReader.nonNegative(a, "stiffness");
        j.springdamper = a.vector("springdamper", 2, new double[2]);
        if ((j.springdamper[0] != 0 || j.springdamper[1] != 0) && !(j.springdamper[0] > 0 && j.springdamper[1] > 0)) {
            throw a.error("springdamper", "is '" + a.str("springdamper", "") + "'; when given, the time constant and the "
                    + "damping ratio must both be positive.");
        }
        j.frictionloss = MjcfReader.nonNegative(a, "frictionloss");
        j.margin = MjcfReader.nonNegative(a, "margin");
        j.solreflimit = MjcfReader.solref(a, "solreflimit");
        j.solimplimit = MjcfReader.solimp(a, "solimplimit");
        j.solreffriction = MjcfReader.solref(a, "solreffriction");
        j.solimpfriction = MjcfReader.solimp(a, "solimpfriction");
    }

    private MjSpec.MjsJoint freejoint(XmlElement e) {
        checkAttrs(e, set("name"), set("group"));
        noChildren(e);
        MjSpec.MjsJoint j = new MjSpec.MjsJoint();
        j.line = e.line;
        j.name = e.has("name") ? e.attribute("name") : "";
        j.type = MjModel.JNT_FREE;
        j.pos = new double[3];
        j.axis = new double[] {0, 0, 1};
        j.range = new double[2];
        return j;
    }


    private MjSpec.MjsGeom geom(XmlElement e, String childclass) {
        checkAttrs(e, GEOM_ATTRS, GEOM_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        MjSpec.MjsGeom g = new MjSpec.MjsGeom();
        g.line = e.line;
        g.attrs = a;
        g.name = a.str("name", "");
        String typeName = a.str("type", "sphere");
        if (typeName.equals("sdf")) {
            throw a.error("type", "is '" + typeName + "', which is not supported; supported geom types: " + GEOM_TYPES);
        }
        g.type = geomType(a.keyword("type", "sphere", GEOM_TYPES));
        geomAttributes(a, g, 1, 0, 3, 0);
        if (g.type == MjModel.GEOM_MESH) {
            return meshGeom(a, g);
        }
        if (g.type == MjModel.GEOM_HFIELD) {
            return hfieldGeom(a, g);
        }
        if (a.has("hfield")) {
            throw a.error("hfield", "is only used by geoms of type 'hfield', not '" + typeName + "'.");
        }
        if (a.has("mesh")) {
            throw a.error("mesh", "is only used by geoms of type 'mesh', not '" + typeName + "'.");
        }
        double[][] frame = placement(a, g.type, typeName, g.size, "geom");
        g.pos = frame[0];
        g.quat = frame[1];
        checkGeomSize(a, g, typeName);
        g.mass = geomMass(a, GeomInertia.volume(g.type, g.size));
        g.inertia = GeomInertia.inertia(g.type, g.size, g.mass);
        return g;
    }

    /**
     * Places a capsule, cylinder, box or ellipsoid geom or site by {@code fromto} as MuJoCo does:
     * centred between the points, its z axis along them (the minimal rotation from +z towards
     * from − to), half of their distance as size[1] (capsule, cylinder) or size[2] (box,
     * ellipsoid, whose cross-section takes size[0] twice); without fromto, its pos and orientation.
     * Returns {pos, quat}; sets {@code size} for fromto.
     */
    /**
     * A geom's size, colour, material and contact attributes from {@code a}, over MuJoCo's
     * defaults and the given defaults of contype, group, condim and priority (which composites set).
     */
    static void geomAttributes(Attrs a, MjSpec.MjsGeom g, int contype, int group, int condim, int priority) {
        g.size = a.numbers("size", 1, 3, new double[3]);
        g.rgba = a.vector("rgba", 4, new double[] {0.5, 0.5, 0.5, 1});
        g.friction = a.numbers("friction", 1, 3, new double[] {1, 0.005, 0.0001});
        g.contype = a.integer("contype", contype);
        g.conaffinity = a.integer("conaffinity", 1);
        g.group = a.integer("group", group);
        g.condim = a.has("condim") ? MjcfReader.condim(a) : condim;
        g.priority = a.integer("priority", priority);
        g.solmix = a.number("solmix", 1);
        if (!(g.solmix >= 0)) {
            throw a.error("solmix", "must not be negative, got " + g.solmix + ".");
        }
        g.solref = MjcfReader.solref(a, "solref");
        g.solimp = MjcfReader.solimp(a, "solimp");
        g.margin = a.number("margin", 0);
        g.gap = a.number("gap", 0);
        g.fluidEllipsoid = a.keyword("fluidshape", "none", List.of("none", "ellipsoid")).equals("ellipsoid");
        g.fluidCoef = a.numbers("fluidcoef", 1, 5, new double[] {0.5, 0.25, 1.5, 1.0, 1.0});
        g.material = a.str("material", null);
    }

    private double[][] placement(Attrs a, int type, String typeName, double[] size, String what) {
        if (!a.has("fromto")) {
            return new double[][] {a.vector("pos", 3, new double[3]), orientation(a)};
        }
        if (type != MjModel.GEOM_CAPSULE && type != MjModel.GEOM_CYLINDER && type != MjModel.GEOM_BOX
                && type != MjModel.GEOM_ELLIPSOID) {
            throw a.error("fromto", "is only allowed on capsule, cylinder, box and ellipsoid " + what + "s, not on '"
                    + typeName + "'.");
        }
        if (a.has("pos")) {
            throw a.error("fromto", "conflicts with 'pos'; fromto already places the " + what + ".");
        }
        double[] ft = a.vector("fromto", 6, null);
        double[] vec = {ft[0] - ft[3], ft[1] - ft[4], ft[2] - ft[5]};
        double len = Spatial.norm3(vec);
        if (len < MINVAL) {
            throw a.error("fromto", "has identical end points.");
        }
        if (type == MjModel.GEOM_CAPSULE || type == MjModel.GEOM_CYLINDER) {
            size[1] = len / 2;
        } else {
            size[1] = size[0];
            size[2] = len / 2;
        }
        return new double[][] {{(ft[0] + ft[3]) / 2, (ft[1] + ft[4]) / 2, (ft[2] + ft[5]) / 2}, Spatial.quatZ2Vec(vec)};
    }

    /** A geom's {@code mass}, else {@code density} (default 1000) times {@code volume}; neither may be negative. */
    static double geomMass(Attrs a, double volume) {
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
    /**
     * A geom of type hfield: placed by pos and orientation, sized by its height field as MuJoCo
     * does (x and y half extents, the mean of top and base); massless (hfields are static).
     */
    private MjSpec.MjsGeom hfieldGeom(Attrs a, MjSpec.MjsGeom g) {
        String name = a.str("hfield", null);
        if (name == null) {
            throw a.error("hfield", "is missing; a geom of type 'hfield' names one of the model's height fields.");
        }
        int id = -1;
        for (int i = 0; i < spec.hfields.size(); i++) {
            if (spec.hfields.get(i).name.equals(name)) {
                id = i;
            }
        }
        if (id < 0) {
            throw a.error("hfield", "refers to unknown height field '" + name + "'; known height fields: "
                    + spec.hfields.stream().map(h -> h.name).toList());
        }
        if (a.has("fromto")) {
            throw a.error("fromto", "is not allowed on hfield geoms; place them with 'pos' and an orientation.");
        }
        double[] s = spec.hfields.get(id).size;
        g.hfield = id;
        g.pos = a.vector("pos", 3, new double[3]);
        g.quat = orientation(a);
        g.size = new double[] {s[0], s[1], 0.5 * (s[2] + s[3])};
        g.mass = 0;
        g.inertia = new double[3];
        return g;
    }

    private MjSpec.MjsGeom meshGeom(Attrs a, MjSpec.MjsGeom g) {
        String name = a.str("mesh", null);
        if (name == null) {
            throw a.error("mesh", "is missing; a geom of type 'mesh' names one of the model's meshes.");
        }
        Integer id = reader.meshIds.get(name);
        if (id == null) {
            throw a.error("mesh", "refers to unknown mesh '" + name + "'; known meshes: " + reader.meshIds.keySet().stream().sorted().toList());
        }
        if (a.has("fromto")) {
            throw a.error("fromto", "is not allowed on mesh geoms; place them with 'pos' and an orientation.");
        }
        MeshAsset mesh = spec.meshes.get(id);
        g.mesh = id;
        double[] frame = mesh.geomFrame(a.vector("pos", 3, new double[3]), orientation(a));
        g.pos = new double[] {frame[0], frame[1], frame[2]};
        g.quat = new double[] {frame[3], frame[4], frame[5], frame[6]};
        g.size = mesh.size.clone();
        g.mass = geomMass(a, mesh.volume());
        g.inertia = mesh.inertia(g.mass);
        return g;
    }

    static void checkGeomSize(Attrs a, MjSpec.MjsGeom g, String typeName) {
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

    static int geomType(String name) {
        switch (name) {
            case "plane":
                return MjModel.GEOM_PLANE;
            case "hfield":
                return MjModel.GEOM_HFIELD;
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

    private MjSpec.MjsSite site(XmlElement e, String childclass) {
        checkAttrs(e, SITE_ATTRS, SITE_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        MjSpec.MjsSite s = new MjSpec.MjsSite();
        s.name = a.str("name", "");
        s.type = geomType(a.keyword("type", "sphere", SITE_TYPES));
        s.size = a.numbers("size", 1, 3, new double[] {0.005, 0.005, 0.005});
        double[][] frame = placement(a, s.type, a.str("type", "sphere"), s.size, "site");
        s.pos = frame[0];
        s.quat = frame[1];
        s.rgba = a.vector("rgba", 4, new double[] {0.5, 0.5, 0.5, 1});
        return s;
    }

    /** MuJoCo's camera and light modes (mjtCamLight), in its order. */
    static final List<String> CAMLIGHT_MODES = List.of("fixed", "track", "trackcom", "targetbody", "targetbodycom");

    private MjSpec.MjsCamera camera(XmlElement e, String childclass) {
        checkAttrs(e, CAMERA_ATTRS, CAMERA_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        MjSpec.MjsCamera c = new MjSpec.MjsCamera();
        c.name = a.str("name", "");
        c.mode = CAMLIGHT_MODES.indexOf(a.keyword("mode", "fixed", CAMLIGHT_MODES));
        c.target = a.str("target", null);
        c.line = e.line;
        c.pos = a.vector("pos", 3, new double[3]);
        c.quat = orientation(a);
        c.fovy = a.number("fovy", 45);
        if (!(c.fovy > 0 && c.fovy < 180)) {
            throw a.error("fovy", "must be between 0 and 180 degrees, got " + c.fovy + ".");
        }
        return c;
    }

    private MjSpec.MjsLight light(XmlElement e, String childclass) {
        checkAttrs(e, LIGHT_ATTRS, LIGHT_IGNORED);
        noChildren(e);
        Attrs a = attrs(e, childclass);
        MjSpec.MjsLight l = new MjSpec.MjsLight();
        l.name = a.str("name", "");
        l.mode = CAMLIGHT_MODES.indexOf(a.keyword("mode", "fixed", CAMLIGHT_MODES));
        l.target = a.str("target", null);
        l.line = e.line;
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

    /** Reads a body's explicit {@code <inertial>}: mass, centre of mass, principal axes and moments. */
    private static MjSpec.MjsInertial inertial(XmlElement e, String bodyName, MjcfReader reader) {
        requireAttr(e, "pos");
        requireAttr(e, "mass");
        Attrs a = new Attrs(e, Map.of());
        MjSpec.MjsInertial in = new MjSpec.MjsInertial();
        in.line = e.line;
        in.pos = a.vector("pos", 3, null);
        in.mass = a.number("mass", 0);
        if (in.mass < 0) {
            throw a.error("mass", "must not be negative, got " + in.mass + ".");
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
            in.quat = new double[] {eig[0], eig[1], eig[2], eig[3]};
            in.inertia = new double[] {eig[4], eig[5], eig[6]};
        } else {
            in.inertia = a.vector("diaginertia", 3, new double[3]);
            for (double v : in.inertia) {
                if (v < 0) {
                    throw a.error("diaginertia", "must not be negative.");
                }
            }
            in.quat = reader.orientation(a);
        }
        return in;
    }
}
