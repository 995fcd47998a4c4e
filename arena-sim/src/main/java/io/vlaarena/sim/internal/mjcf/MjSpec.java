package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.ArrayList;
import java.util.List;

/**
 * A model as read from MJCF, before compiling: MuJoCo's specification objects ({@code mjs*},
 * {@code user_objects}). {@link MjcfReader} fills them from the XML with every default class
 * applied and every attribute value checked on its own; {@link ModelCompiler} resolves the names
 * between them, derives what depends on several objects (welding, inertia, addresses, anchors at
 * qpos0) and lays out the {@link MjModel}. Each object keeps its source ({@link Attrs}) so that
 * the compiler's errors still name the element, attribute and line. Mutable; one per load.
 */
final class MjSpec {
    /** The {@code mujoco@model} name. */
    String modelName = "MuJoCo Model";

    // ---- compiler settings that the compiler itself uses (the reader applies the others)
    String inertiaFromGeom = "auto";
    int[] inertiaGroupRange = {0, 5};
    /** compiler settotalmass: when positive, every body's mass and inertia are scaled to this total. */
    double settotalmass = -1;
    /** compiler boundmass and boundinertia: lower bounds on each moving body's mass and principal moments. */
    double boundmass, boundinertia;
    /** compiler balanceinertia: moments violating A + B >= C are replaced by their mean instead of refused. */
    boolean balanceinertia;
    /** compiler fusestatic (see {@code ModelCompiler}: honoured where MuJoCo 2.2.2 fuses nothing, refused elsewhere). */
    boolean fusestatic;
    /** compiler lengthrange: the options of the compiler's actuator length-range simulation. */
    io.vlaarena.sim.internal.forward.LengthRange.Options lengthRange = io.vlaarena.sim.internal.forward.LengthRange.Options.DEFAULT;

    // ---- options
    double timestep = 0.002;
    double[] gravity = {0, 0, -9.81};
    double[] magnetic = {0, -0.5, 0};
    double density, viscosity;
    double[] wind = {0, 0, 0};
    double impratio = 1;
    int integrator;
    int solver = MjModel.SOL_NEWTON;
    int cone;
    int disableflags, enableflags;
    int iterations = 100;
    double tolerance = 1e-8;
    int lsIterations = 50;
    double lsTolerance = 0.01;
    int mprIterations = 50;
    double mprTolerance = 1e-6;

    /** Bodies in document order; body 0 is the world. */
    final List<MjsBody> bodies = new ArrayList<>();
    final List<MjsTexture> textures = new ArrayList<>();
    final List<MjsMaterial> materials = new ArrayList<>();
    /** Meshes in document order, processed as MuJoCo's compiler processes them. */
    final List<MeshAsset> meshes = new ArrayList<>();
    final List<MjsTendon> tendons = new ArrayList<>();
    final List<MjsEquality> equalities = new ArrayList<>();
    final List<MjsActuator> actuators = new ArrayList<>();
    final List<MjsExclude> excludes = new ArrayList<>();
    final List<MjsPair> pairs = new ArrayList<>();
    final List<MjsKey> keys = new ArrayList<>();
    /** Height fields in document order. */
    final List<MjsHField> hfields = new ArrayList<>();
    /** Sensors in document order. */
    final List<Sensors.MjsSensor> sensors = new ArrayList<>();
    /** Skins in the order their composites were read. */
    final List<MjsSkin> skins = new ArrayList<>();

    /** A body: its frame, contents and (after compiling) inertia and weld body. */
    static final class MjsBody {
        String name = "";
        int id;
        int parent;
        /** Source line (the worldbody's for the world). */
        int line;
        double[] pos = new double[3];
        double[] quat = Spatial.identityQuat();
        boolean mocap;
        final List<MjsJoint> joints = new ArrayList<>();
        final List<MjsGeom> geoms = new ArrayList<>();
        final List<MjsSite> sites = new ArrayList<>();
        final List<MjsCamera> cameras = new ArrayList<>();
        final List<MjsLight> lights = new ArrayList<>();
        /** The explicit {@code <inertial>}, or null. */
        MjsInertial inertial;
        // compiled
        double mass;
        double[] ipos = new double[3];
        double[] iquat = Spatial.identityQuat();
        double[] inertia = new double[3];
        int weldid;
    }

    /** An {@code <inertial>}: mass, centre of mass and principal frame and moments. */
    static final class MjsInertial {
        int line;
        double mass;
        double[] pos;
        double[] quat;
        double[] inertia;
    }

    /** A joint (hinge and slide values in radians and metres after unit conversion). */
    static final class MjsJoint {
        String name;
        int line;
        int type;
        double[] pos;
        double[] axis;
        boolean limited;
        double[] range;
        double damping;
        double armature;
        double stiffness;
        /** springdamper: time constant and damping ratio (both positive) or 0 0 (stiffness and damping as given). */
        double[] springdamper;
        double ref;
        double springref;
        double frictionloss;
        double margin;
        double[] solreflimit = MjcfReader.SOLREF.clone(), solimplimit = MjcfReader.SOLIMP.clone();
        double[] solreffriction = MjcfReader.SOLREF.clone(), solimpfriction = MjcfReader.SOLIMP.clone();
    }

    /** A geom with its mass and principal inertia about its frame (mesh geoms moved into the mesh's principal frame). */
    static final class MjsGeom {
        String name;
        /** fluidshape="ellipsoid", and fluidcoef (blunt, slender, angular drag, Kutta, Magnus lift). */
        boolean fluidEllipsoid;
        double[] fluidCoef;
        int line;
        Attrs attrs;
        int type;
        double[] size;
        double[] pos;
        double[] quat;
        double[] rgba;
        String material;
        /** The mesh's id for mesh geoms, else -1. */
        int mesh = -1;
        /** The height field of an hfield geom (its id), else -1. */
        int hfield = -1;
        double mass;
        double[] inertia;
        int contype;
        int conaffinity;
        int group;
        int condim;
        double[] friction;
        int priority;
        double solmix;
        double[] solref;
        double[] solimp;
        double margin;
        double gap;
    }

    /** A site. */
    static final class MjsSite {
        String name;
        int type;
        double[] size;
        double[] pos;
        double[] quat;
        double[] rgba;
    }

    /** A fixed camera. */
    static final class MjsCamera {
        String name;
        /** mjtCamLight mode and the target body's name (targetbody modes), and the element's line. */
        int mode;
        String target;
        int line;
        double[] pos;
        double[] quat;
        double fovy;
    }

    /** A fixed light. */
    static final class MjsLight {
        String name;
        int mode;
        String target;
        int line;
        double[] pos;
        double[] dir;
        boolean directional;
        boolean castshadow;
        double[] diffuse;
        double[] ambient;
        double[] specular;
    }

    /** A builtin texture. */
    static final class MjsTexture {
        String name;
        /** "2d", "cube" or "skybox". */
        String type;
        int builtin;
        int width;
        int height;
        double[] rgb1;
        double[] rgb2;
        int mark;
        double[] markrgb;
        /** The texels of a texture from PNG files (3 bytes each, rows top down; cube faces stacked), null for builtins. */
        byte[] rgb;
    }

    /** A height field: name, rows and columns, size (x, y, top, base) and elevations scaled to [0, 1]. */
    static final class MjsHField {
        String name;
        int nrow;
        int ncol;
        double[] size;
        float[] data;
    }

    /** A material; its texture is resolved by name when compiling. */
    static final class MjsMaterial {
        Attrs attrs;
        String name;
        String texture;
        double[] rgba;
        double[] texrepeat;
        boolean texuniform;
        double specular;
        double shininess;
        double reflectance;
    }

    /** A fixed tendon; its joints are resolved by name when compiling. */
    static final class MjsTendon {
        String name;
        final List<String> joints = new ArrayList<>();
        final List<Integer> jointLines = new ArrayList<>();
        final List<Double> coefs = new ArrayList<>();
        boolean limited;
        double[] range = new double[2];
        double margin;
        double[] solref;
        double[] solimp;
        double stiffness, damping, springlength;
        double frictionloss;
        double[] solreffriction, solimpfriction;
        /** Drawing: visualization group, capsule radius, color and material name (null: none). */
        int group;
        double width;
        double[] rgba;
        String material;
        /** The tendon's attributes, for messages about them after reading. */
        Attrs attrs;
        /** A spatial tendon's path: kinds ("site", "geom", "pulley"), object names, side sites, divisors, lines. */
        boolean spatial;
        int line;
        final List<String> pathKinds = new ArrayList<>();
        final List<String> pathNames = new ArrayList<>();
        final List<String> pathSides = new ArrayList<>();
        final List<Double> pathDivisors = new ArrayList<>();
        final List<Integer> pathLines = new ArrayList<>();
    }

    /**
     * A skin as MuJoCo's mjCSkin before compiling: a mesh (vertices in the bind pose, texture
     * coordinates or none, triangles) and its bones (body names, bind poses, vertex ids and
     * weights, normalized when compiling).
     */
    static final class MjsSkin {
        String name;
        String material;
        double[] rgba = {0.5, 0.5, 0.5, 1};
        double inflate;
        int group;
        Attrs attrs;
        final FloatList vert = new FloatList();
        final FloatList texcoord = new FloatList();
        final IntList face = new IntList();
        final List<String> bodies = new ArrayList<>();
        final FloatList bindpos = new FloatList();
        final FloatList bindquat = new FloatList();
        final List<IntList> vertid = new ArrayList<>();
        final List<FloatList> vertweight = new ArrayList<>();

        /** Adds a bone of body {@code body} bound at {@code (x, y, z)} with the identity rotation; returns its index. */
        int bone(String body, double x, double y, double z) {
            bodies.add(body);
            bindpos.add((float) x);
            bindpos.add((float) y);
            bindpos.add((float) z);
            bindquat.add(1);
            bindquat.add(0);
            bindquat.add(0);
            bindquat.add(0);
            vertid.add(new IntList());
            vertweight.add(new FloatList());
            return bodies.size() - 1;
        }

        /** Binds vertex {@code v} to bone {@code b} with weight {@code w}. */
        void bind(int b, int v, double w) {
            vertid.get(b).add(v);
            vertweight.get(b).add((float) w);
        }

        /** Adds a vertex; returns its index. */
        int vertex(double x, double y, double z) {
            vert.add((float) x);
            vert.add((float) y);
            vert.add((float) z);
            return vert.size() / 3 - 1;
        }

        void triangle(int a, int b, int c) {
            face.add(a);
            face.add(b);
            face.add(c);
        }
    }

    /** A growable list of floats. */
    static final class FloatList {
        float[] a = new float[16];
        int n;

        void add(float v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }
    }

    /** A growable list of ints. */
    static final class IntList {
        int[] a = new int[16];
        int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }
    }

    /** An equality constraint; its objects are resolved by name when compiling. */
    static final class MjsEquality {
        Attrs attrs;
        /** "connect", "weld", "joint" or "tendon". */
        String kind;
        String name;
        boolean active;
        double[] solref;
        double[] solimp;
        /** connect: required anchor in body1; weld: anchor in body2 (default 0). */
        double[] anchor;
        /** weld: position in body1 and quaternion (all zero: the pose at qpos0). */
        double[] relpose;
        double torquescale;
        double[] polycoef;
    }

    /** An actuator: its defaultable state with limits resolved, and its transmission by name. */
    static final class MjsActuator {
        String name;
        int line;
        Defaults.ActState state;
        boolean ctrllimited;
        boolean forcelimited;
        boolean actlimited;
        /** The transmission type ({@code MjModel.TRN_*}) and its target's name (joint, tendon or site). */
        int trntype;
        String target;
        /** The slider-crank's slider site or the site transmission's reference site, else null. */
        String site2;
    }

    /** An excluded body pair, by name. */
    static final class MjsExclude {
        String body1;
        String body2;
        int line;
        String tag;
    }

    /**
     * An explicit contact pair ({@code <contact><pair>}): geoms by name; its parameters are its own
     * or its default class's, never the geoms' (MuJoCo 2.2.2).
     */
    static final class MjsPair {
        Attrs attrs;
        String name;
        String geom1;
        String geom2;
        int condim;
        double[] friction;
        double[] solref;
        double[] solimp;
        double margin;
        double gap;
    }

    /** A keyframe; vectors not given are null (qpos0 or zeros). */
    static final class MjsKey {
        Attrs attrs;
        String name;
        double time;
        double[] qpos;
        double[] act;
        double[] qvel;
        double[] ctrl;
    }
}
