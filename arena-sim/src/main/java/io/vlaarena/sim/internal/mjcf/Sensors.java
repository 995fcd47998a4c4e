package io.vlaarena.sim.internal.mjcf;

import static io.vlaarena.sim.internal.mjcf.MjcfSchema.checkAttrs;
import static io.vlaarena.sim.internal.mjcf.MjcfSchema.noChildren;
import static io.vlaarena.sim.internal.mjcf.MjcfSchema.set;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code <sensor>} section as MuJoCo 2.2.2 reads it ({@code mjXReader::Sensor}) and compiles
 * it ({@code mjCSensor::Compile}): each element's type, the object it senses, its dimension, data
 * type and the stage it needs, laid out one after another in {@code sensordata}. The sensor types
 * the engine does not compute ({@code user}) are refused with a message.
 * Stateless.
 */
final class Sensors {
    private Sensors() {
    }

    /** A sensor as read: type, the sensed object's kind and name, the reference frame's, cutoff, noise. */
    static final class MjsSensor {
        String name = "";
        int line;
        int type;
        int objtype = MjModel.OBJ_UNKNOWN;
        String objname = "";
        int reftype = MjModel.OBJ_UNKNOWN;
        String refname;
        double cutoff;
        double noise;
    }

    private static final Set<String> COMMON = set("name", "cutoff", "noise", "user");
    private static final Set<String> FRAME = set("name", "objtype", "objname", "reftype", "refname", "cutoff", "noise",
            "user");
    private static final Set<String> FRAME_NOREF = set("name", "objtype", "objname", "cutoff", "noise", "user");

    /** Each supported sensor element: its type, the attribute naming its object, the object's kind. */
    private record Kind(int type, String objAttr, int objtype, int dim, int datatype, int stage) {
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        int real = MjModel.DATATYPE_REAL, pos = MjModel.STAGE_POS, vel = MjModel.STAGE_VEL, acc = MjModel.STAGE_ACC;
        int site = MjModel.OBJ_SITE, joint = MjModel.OBJ_JOINT, tendon = MjModel.OBJ_TENDON, act = MjModel.OBJ_ACTUATOR;
        KINDS.put("touch", new Kind(MjModel.SENS_TOUCH, "site", site, 1, MjModel.DATATYPE_POSITIVE, acc));
        KINDS.put("accelerometer", new Kind(MjModel.SENS_ACCELEROMETER, "site", site, 3, real, acc));
        KINDS.put("velocimeter", new Kind(MjModel.SENS_VELOCIMETER, "site", site, 3, real, vel));
        KINDS.put("gyro", new Kind(MjModel.SENS_GYRO, "site", site, 3, real, vel));
        KINDS.put("force", new Kind(MjModel.SENS_FORCE, "site", site, 3, real, acc));
        KINDS.put("torque", new Kind(MjModel.SENS_TORQUE, "site", site, 3, real, acc));
        KINDS.put("magnetometer", new Kind(MjModel.SENS_MAGNETOMETER, "site", site, 3, real, pos));
        KINDS.put("rangefinder", new Kind(MjModel.SENS_RANGEFINDER, "site", site, 1, real, pos));
        KINDS.put("jointpos", new Kind(MjModel.SENS_JOINTPOS, "joint", joint, 1, real, pos));
        KINDS.put("jointvel", new Kind(MjModel.SENS_JOINTVEL, "joint", joint, 1, real, vel));
        KINDS.put("tendonpos", new Kind(MjModel.SENS_TENDONPOS, "tendon", tendon, 1, real, pos));
        KINDS.put("tendonvel", new Kind(MjModel.SENS_TENDONVEL, "tendon", tendon, 1, real, vel));
        KINDS.put("actuatorpos", new Kind(MjModel.SENS_ACTUATORPOS, "actuator", act, 1, real, pos));
        KINDS.put("actuatorvel", new Kind(MjModel.SENS_ACTUATORVEL, "actuator", act, 1, real, vel));
        KINDS.put("actuatorfrc", new Kind(MjModel.SENS_ACTUATORFRC, "actuator", act, 1, real, acc));
        KINDS.put("ballquat", new Kind(MjModel.SENS_BALLQUAT, "joint", joint, 4, MjModel.DATATYPE_QUATERNION, pos));
        KINDS.put("ballangvel", new Kind(MjModel.SENS_BALLANGVEL, "joint", joint, 3, real, vel));
        KINDS.put("jointlimitpos", new Kind(MjModel.SENS_JOINTLIMITPOS, "joint", joint, 1, real, pos));
        KINDS.put("jointlimitvel", new Kind(MjModel.SENS_JOINTLIMITVEL, "joint", joint, 1, real, vel));
        KINDS.put("jointlimitfrc", new Kind(MjModel.SENS_JOINTLIMITFRC, "joint", joint, 1, real, acc));
        KINDS.put("tendonlimitpos", new Kind(MjModel.SENS_TENDONLIMITPOS, "tendon", tendon, 1, real, pos));
        KINDS.put("tendonlimitvel", new Kind(MjModel.SENS_TENDONLIMITVEL, "tendon", tendon, 1, real, vel));
        KINDS.put("tendonlimitfrc", new Kind(MjModel.SENS_TENDONLIMITFRC, "tendon", tendon, 1, real, acc));
        KINDS.put("framepos", new Kind(MjModel.SENS_FRAMEPOS, null, 0, 3, real, pos));
        KINDS.put("framequat", new Kind(MjModel.SENS_FRAMEQUAT, null, 0, 4, MjModel.DATATYPE_QUATERNION, pos));
        KINDS.put("framexaxis", new Kind(MjModel.SENS_FRAMEXAXIS, null, 0, 3, MjModel.DATATYPE_AXIS, pos));
        KINDS.put("frameyaxis", new Kind(MjModel.SENS_FRAMEYAXIS, null, 0, 3, MjModel.DATATYPE_AXIS, pos));
        KINDS.put("framezaxis", new Kind(MjModel.SENS_FRAMEZAXIS, null, 0, 3, MjModel.DATATYPE_AXIS, pos));
        KINDS.put("framelinvel", new Kind(MjModel.SENS_FRAMELINVEL, null, 0, 3, real, vel));
        KINDS.put("frameangvel", new Kind(MjModel.SENS_FRAMEANGVEL, null, 0, 3, real, vel));
        KINDS.put("framelinacc", new Kind(MjModel.SENS_FRAMELINACC, null, 0, 3, real, acc));
        KINDS.put("frameangacc", new Kind(MjModel.SENS_FRAMEANGACC, null, 0, 3, real, acc));
        KINDS.put("subtreecom", new Kind(MjModel.SENS_SUBTREECOM, "body", MjModel.OBJ_BODY, 3, real, pos));
        KINDS.put("subtreelinvel", new Kind(MjModel.SENS_SUBTREELINVEL, "body", MjModel.OBJ_BODY, 3, real, vel));
        KINDS.put("subtreeangmom", new Kind(MjModel.SENS_SUBTREEANGMOM, "body", MjModel.OBJ_BODY, 3, real, vel));
        KINDS.put("clock", new Kind(MjModel.SENS_CLOCK, null, MjModel.OBJ_UNKNOWN, 1, real, pos));
    }

    /** The sensor elements this loader computes, in MuJoCo's order. */
    static final List<String> SUPPORTED = List.copyOf(KINDS.keySet());
    /** MuJoCo 2.2.2 sensor elements that are refused, with the reason. */
    static final Map<String, String> REFUSED = Map.of(
            "user", "user sensors are filled by a callback (mjcb_sensor), which this simulator does not have");
    /** The frame sensors' object kinds (mju_str2Type names with a frame). */
    private static final Map<String, Integer> FRAME_OBJECTS = Map.of("body", MjModel.OBJ_BODY, "xbody",
            MjModel.OBJ_XBODY, "geom", MjModel.OBJ_GEOM, "site", MjModel.OBJ_SITE, "camera", MjModel.OBJ_CAMERA);

    /** Reads one {@code <sensor>} section into {@code out}. */
    static void read(XmlElement section, List<MjsSensor> out) {
        checkAttrs(section, Set.of(), Set.of());
        for (XmlElement c : section.children()) {
            Kind k = KINDS.get(c.name);
            if (k == null) {
                String why = REFUSED.get(c.name);
                throw new SceneException("Unsupported sensor <" + c.name + "> at line " + c.line
                        + (why != null ? ": " + why + "." : "; supported sensors: " + SUPPORTED));
            }
            boolean frame = k.objAttr == null && k.type != MjModel.SENS_CLOCK;
            boolean noRef = k.type == MjModel.SENS_FRAMELINACC || k.type == MjModel.SENS_FRAMEANGACC;
            Set<String> attrs = !frame ? (k.objAttr == null ? COMMON : MjcfSchema.union(COMMON, set(k.objAttr)))
                    : noRef ? FRAME_NOREF : FRAME;
            checkAttrs(c, attrs, Set.of());
            noChildren(c);
            Attrs a = new Attrs(c, Map.of());
            MjsSensor s = new MjsSensor();
            s.line = c.line;
            s.type = k.type;
            s.name = a.str("name", "");
            s.cutoff = a.number("cutoff", 0);
            s.noise = a.number("noise", 0);
            if (s.cutoff < 0) {
                throw a.error("cutoff", "is negative; a sensor's cutoff must be 0 (none) or positive.");
            }
            if (s.noise < 0) {
                throw a.error("noise", "is negative; a sensor's noise must be 0 or positive.");
            }
            if (frame) {
                MjcfSchema.requireAttr(c, "objtype");
                MjcfSchema.requireAttr(c, "objname");
                s.objtype = frameObject(a, "objtype");
                s.objname = c.attribute("objname");
                if (c.has("reftype")) {
                    s.reftype = frameObject(a, "reftype");
                    MjcfSchema.requireAttr(c, "refname");
                    s.refname = c.attribute("refname");
                } else if (c.has("refname")) {
                    throw a.error("refname", "is given but reftype is missing.");
                }
            } else if (k.objAttr != null) {
                MjcfSchema.requireAttr(c, k.objAttr);
                s.objtype = k.objtype;
                s.objname = c.attribute(k.objAttr);
            }
            out.add(s);
        }
    }

    private static int frameObject(Attrs a, String attr) {
        String v = a.str(attr, "");
        Integer t = FRAME_OBJECTS.get(v);
        if (t == null) {
            throw a.error(attr, "is '" + v + "'; a frame sensor's object is one of " + List.of("body", "xbody", "geom",
                    "site", "camera") + ".");
        }
        return t;
    }

    /** The total dimension of the sensors (nsensordata). */
    static int dataSize(List<MjsSensor> sensors) {
        int n = 0;
        for (MjsSensor s : sensors) {
            n += kind(s.type).dim;
        }
        return n;
    }

    private static Kind kind(int type) {
        for (Kind k : KINDS.values()) {
            if (k.type == type) {
                return k;
            }
        }
        throw new IllegalStateException("Unknown sensor type " + type);
    }

    /** Lays out the sensors in {@code m} (its objects are compiled already): ids, dims, addresses, checks. */
    static void fill(MjModel m, List<MjsSensor> sensors) {
        int adr = 0;
        for (int i = 0; i < sensors.size(); i++) {
            MjsSensor s = sensors.get(i);
            Kind k = kind(s.type);
            String label = "Sensor" + (s.name.isEmpty() ? "" : " '" + s.name + "'") + " at line " + s.line;
            m.sensor_name[i] = s.name;
            m.sensor_type[i] = s.type;
            m.sensor_datatype[i] = k.datatype;
            m.sensor_needstage[i] = k.stage;
            m.sensor_dim[i] = k.dim;
            m.sensor_adr[i] = adr;
            m.sensor_cutoff[i] = s.cutoff;
            m.sensor_noise[i] = s.noise;
            adr += k.dim;
            m.sensor_objtype[i] = s.objtype;
            if (s.objtype != MjModel.OBJ_UNKNOWN) {
                m.sensor_objid[i] = find(m, s.objtype, s.objname, label);
            }
            if (s.reftype != MjModel.OBJ_UNKNOWN) {
                m.sensor_reftype[i] = s.reftype;
                m.sensor_refid[i] = find(m, s.reftype, s.refname, label);
            }
            int id = m.sensor_objid[i];
            switch (s.type) {
                case MjModel.SENS_JOINTPOS, MjModel.SENS_JOINTVEL -> {
                    int t = m.jnt_type[id];
                    if (t != MjModel.JNT_HINGE && t != MjModel.JNT_SLIDE) {
                        throw new SceneException(label + " needs a hinge or slide joint; '" + s.objname + "' is not one.");
                    }
                }
                case MjModel.SENS_BALLQUAT, MjModel.SENS_BALLANGVEL -> {
                    if (m.jnt_type[id] != MjModel.JNT_BALL) {
                        throw new SceneException(label + " needs a ball joint; '" + s.objname + "' is not one.");
                    }
                }
                case MjModel.SENS_JOINTLIMITPOS, MjModel.SENS_JOINTLIMITVEL, MjModel.SENS_JOINTLIMITFRC -> {
                    if (!m.jnt_limited[id]) {
                        throw new SceneException(label + " needs a limited joint; '" + s.objname + "' is not limited.");
                    }
                }
                case MjModel.SENS_TENDONLIMITPOS, MjModel.SENS_TENDONLIMITVEL, MjModel.SENS_TENDONLIMITFRC -> {
                    if (!m.tendon_limited[id]) {
                        throw new SceneException(label + " needs a limited tendon; '" + s.objname + "' is not limited.");
                    }
                }
                default -> {
                }
            }
        }
        ModelCompiler.checkUnique(m.sensor_name, "sensor");
    }

    private static int find(MjModel m, int objtype, String name, String label) {
        String[] names = switch (objtype) {
            case MjModel.OBJ_BODY, MjModel.OBJ_XBODY -> m.body_name;
            case MjModel.OBJ_JOINT -> m.jnt_name;
            case MjModel.OBJ_GEOM -> m.geom_name;
            case MjModel.OBJ_SITE -> m.site_name;
            case MjModel.OBJ_CAMERA -> m.cam_name;
            case MjModel.OBJ_TENDON -> m.tendon_name;
            case MjModel.OBJ_ACTUATOR -> m.actuator_name;
            default -> throw new IllegalStateException("Object type " + objtype);
        };
        String kind = switch (objtype) {
            case MjModel.OBJ_BODY, MjModel.OBJ_XBODY -> "body";
            case MjModel.OBJ_JOINT -> "joint";
            case MjModel.OBJ_GEOM -> "geom";
            case MjModel.OBJ_SITE -> "site";
            case MjModel.OBJ_CAMERA -> "camera";
            case MjModel.OBJ_TENDON -> "tendon";
            default -> "actuator";
        };
        int id = name == null || name.isEmpty() ? -1 : MjModel.find(names, name);
        if (id < 0) {
            throw new SceneException(label + " refers to unknown " + kind + " '" + name + "'; known " + kind + "s: "
                    + ModelCompiler.named(names));
        }
        return id;
    }
}
