package io.vlaarena.sim;

import io.vlaarena.core.ArenaException;
import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.mjcf.AssetAccess;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled MJCF model: MuJoCo's layout of {@code qpos}/{@code qvel}, the bodies, joints,
 * actuators, cameras and sites of one scene. Create {@link Simulation}s from it, one per episode.
 *
 * <p>Immutable and thread-safe: share one model across threads and simulations.
 */
public final class SimModel {
    private final PhysicsModel physics;
    private final MjModel m;

    SimModel(MjModel model) {
        this.m = model;
        this.physics = new PhysicsModel(model);
    }

    /** The largest mesh file read by the loads that grant file access, in bytes (64 MiB). */
    public static final long MAX_MESH_FILE_BYTES = AssetAccess.MAX_FILE_BYTES;

    /** The most bytes of mesh files read for one model by the loads that grant file access (256 MiB). */
    public static final long MAX_MESH_TOTAL_BYTES = AssetAccess.MAX_TOTAL_BYTES;

    /** The largest MJCF file {@link #load(Path)} reads, in bytes (16 MiB). */
    public static final long MAX_XML_FILE_BYTES = 16L * 1024 * 1024;

    /**
     * Compiles MJCF XML without any file access: {@code <mesh file=...>} is refused. Use this for
     * XML from any source that is not fully trusted (it is what the HTTP adapters and the arena use).
     *
     * @throws SceneException when the XML is malformed, unsafe or not a loadable model
     */
    public static SimModel load(String mjcfXml) {
        return load(mjcfXml, AssetAccess.none());
    }

    /**
     * Compiles a local MJCF file, reading the mesh files it names ({@code <compiler meshdir>},
     * {@code <mesh file>}) and the XML files it includes ({@code <include file>}) relative to the
     * file's directory and confined to it: a path that leaves
     * the directory after normalization or through a symbolic link, a file that is not a regular
     * file, or one larger than {@link #MAX_MESH_FILE_BYTES} (or all of them together larger than
     * {@link #MAX_MESH_TOTAL_BYTES}) is refused. Supported mesh files: STL (binary or ASCII) and OBJ.
     *
     * @throws SceneException when the file cannot be read or the model cannot be loaded
     */
    public static SimModel load(Path mjcfFile) {
        Objects.requireNonNull(mjcfFile, "mjcfFile");
        String xml;
        Path dir;
        try {
            Path real = mjcfFile.toRealPath();
            if (!Files.isRegularFile(real)) {
                throw new SceneException("The MJCF file '" + mjcfFile + "' is not a regular file.");
            }
            long size = Files.size(real);
            if (size > MAX_XML_FILE_BYTES) {
                throw new SceneException("The MJCF file '" + mjcfFile + "' is " + size + " bytes; at most "
                        + MAX_XML_FILE_BYTES + " are read.");
            }
            xml = Files.readString(real, StandardCharsets.UTF_8);
            dir = real.getParent();
        } catch (IOException e) {
            throw new SceneException("The MJCF file '" + mjcfFile + "' cannot be read: " + e, e);
        }
        return load(xml, AssetAccess.directory(dir));
    }

    /**
     * Compiles MJCF XML that may read mesh files under {@code assetDirectory}, which is also the
     * model directory that {@code meshdir} and relative file names resolve against. The same
     * confinement and limits as {@link #load(Path)} apply. Only grant a directory whose contents
     * may be read by whoever wrote the XML.
     *
     * @throws SceneException when the directory does not exist or the model cannot be loaded
     */
    public static SimModel load(String mjcfXml, Path assetDirectory) {
        Objects.requireNonNull(assetDirectory, "assetDirectory");
        return load(mjcfXml, AssetAccess.directory(assetDirectory));
    }

    /**
     * Compiles MJCF XML whose mesh files come from memory (like MuJoCo's VFS): keys are relative
     * paths as {@code meshdir} and {@code file} combine, '/'-separated and normalized (e.g.
     * {@code "assets/link0.stl"}); absolute paths and paths leaving the root with {@code ..} are
     * refused, and the file system is never touched. The map is copied; the arrays must not change
     * during the call.
     *
     * @throws SceneException when a named asset is missing or the model cannot be loaded
     */
    public static SimModel load(String mjcfXml, Map<String, byte[]> assets) {
        return load(mjcfXml, AssetAccess.memory(assets));
    }

    private static SimModel load(String mjcfXml, AssetAccess assets) {
        if (mjcfXml == null || mjcfXml.isBlank()) {
            throw new SceneException("The MJCF XML is empty.");
        }
        MjModel model;
        try {
            model = MjcfLoader.load(mjcfXml, MjcfLoader.Limits.DEFAULT, assets);
        } catch (ArenaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SceneException("The MJCF model could not be loaded: " + e.getMessage(), e);
        }
        try {
            return new SimModel(model);
        } catch (RuntimeException e) {
            if (e instanceof ArenaException ae) {
                throw ae;
            }
            throw new SceneException("The compiled MJCF model is inconsistent: " + e.getMessage(), e);
        }
    }

    /** Wraps an already compiled model (the MJCF compiler's output); the model must not change afterwards. */
    static SimModel of(MjModel model) {
        return new SimModel(model);
    }

    PhysicsModel physics() {
        return physics;
    }

    MjModel raw() {
        return m;
    }

    /** A fresh simulation at {@link #qpos0()}, owned by the caller's thread. */
    public Simulation newSimulation() {
        return new Simulation(this);
    }

    /** The {@code <mujoco model="...">} name, or an empty string. */
    public String name() {
        return m.modelName;
    }

    /** Length of {@code qpos}. */
    public int nq() {
        return m.nq;
    }

    /** Length of {@code qvel}. */
    public int nv() {
        return m.nv;
    }

    /** Number of actuators (length of {@code ctrl}). */
    public int nu() {
        return m.nu;
    }

    /** The default pose (a copy). */
    public double[] qpos0() {
        return m.qpos0.clone();
    }

    /** The physics timestep in seconds. */
    public double timestep() {
        return m.timestep;
    }

    /** Joint names in id order (unnamed joints as empty strings). */
    public List<String> jointNames() {
        return names(m.jnt_name, m.njnt);
    }

    /** Actuator names in id order. */
    public List<String> actuatorNames() {
        return names(m.actuator_name, m.nu);
    }

    /** Camera names in document order. */
    public List<String> cameraNames() {
        return names(m.cam_name, m.ncam);
    }

    /** Site names in document order. */
    public List<String> siteNames() {
        return names(m.site_name, m.nsite);
    }

    /** Sensor names in document order (the order of {@link Simulation#sensorData()}; unnamed sensors as empty strings). */
    public List<String> sensorNames() {
        return names(m.sensor_name, m.nsensor);
    }

    /** Number of values each sensor writes, in document order (MuJoCo's {@code sensor_dim}). */
    public List<Integer> sensorDimensions() {
        List<Integer> dims = new java.util.ArrayList<>();
        for (int i = 0; i < m.nsensor; i++) {
            dims.add(m.sensor_dim[i]);
        }
        return List.copyOf(dims);
    }

    /** Body names in id order (body 0 is the world). */
    public List<String> bodyNames() {
        return names(m.body_name, m.nbody);
    }

    /**
     * The bodies that move freely (a {@code <freejoint/>}): the movable objects of a scene, in
     * document order.
     */
    public List<String> freeBodies() {
        List<String> bodies = new java.util.ArrayList<>();
        for (int j = 0; j < m.njnt; j++) {
            if (m.jnt_type[j] == MjModel.JNT_FREE) {
                String name = m.body_name == null ? null : m.body_name[m.jnt_bodyid[j]];
                bodies.add(name == null ? "" : name);
            }
        }
        return List.copyOf(bodies);
    }

    /**
     * Where the named body's free joint starts in {@code qpos}: 3 position values (world frame)
     * followed by the quaternion {@code w x y z}, as MuJoCo lays them out.
     *
     * @throws IllegalArgumentException for an unknown body or one without a free joint, naming the free bodies
     */
    public int freeJointQposAddress(String body) {
        for (int j = 0; j < m.njnt; j++) {
            if (m.jnt_type[j] == MjModel.JNT_FREE && m.body_name != null && body.equals(m.body_name[m.jnt_bodyid[j]])) {
                return m.jnt_qposadr[j];
            }
        }
        throw new IllegalArgumentException("Body '" + body + "' has no free joint; the free bodies: " + freeBodies());
    }

    /**
     * Where the named joint starts in {@code qpos} (as MuJoCo's {@code jnt_qposadr}).
     *
     * @throws IllegalArgumentException for an unknown joint, naming the known ones
     */
    public int jointQposAddress(String joint) {
        return m.jnt_qposadr[jointId(joint)];
    }

    /**
     * The named joint's range {@code [lower, upper]} (metres or radians), or empty when the joint is
     * not limited.
     *
     * @throws IllegalArgumentException for an unknown joint, naming the known ones
     */
    public java.util.Optional<double[]> jointRange(String joint) {
        int j = jointId(joint);
        return m.jnt_limited[j] ? java.util.Optional.of(new double[] {m.jnt_range[2 * j], m.jnt_range[2 * j + 1]})
                : java.util.Optional.empty();
    }

    /**
     * The joint an actuator drives, or empty when it drives something else (a tendon).
     *
     * @throws IndexOutOfBoundsException for an actuator index outside {@code 0..nu-1}
     */
    public java.util.Optional<String> actuatorJoint(int actuator) {
        java.util.Objects.checkIndex(actuator, m.nu);
        if (m.actuator_trntype[actuator] != MjModel.TRN_JOINT) {
            return java.util.Optional.empty();
        }
        String name = m.jnt_name == null ? null : m.jnt_name[m.actuator_trnid[actuator]];
        return java.util.Optional.ofNullable(name);
    }

    private int jointId(String joint) {
        int j = MjModel.find(m.jnt_name, joint);
        if (j < 0) {
            throw new IllegalArgumentException("Unknown joint '" + joint + "'; known joints: " + jointNames());
        }
        return j;
    }

    /** Keyframe names in document order. */
    public List<String> keyNames() {
        return names(m.key_name, m.nkey);
    }

    /**
     * The joint named {@code name}: its kind and where its values live in {@code qpos} and
     * {@code qvel}, e.g. {@code joint("red_cube_free").qposAddress()}.
     *
     * @throws NotFoundException for an unknown name, listing the model's named joints
     */
    public Joint joint(String name) {
        int id = id("joint", name, jointNames());
        Joint.Kind kind = switch (m.jnt_type[id]) {
            case MjModel.JNT_FREE -> Joint.Kind.FREE;
            case MjModel.JNT_BALL -> Joint.Kind.BALL;
            case MjModel.JNT_SLIDE -> Joint.Kind.SLIDE;
            default -> Joint.Kind.HINGE;
        };
        return new Joint(name, id, kind, m.jnt_qposadr[id], m.jnt_dofadr[id]);
    }

    /**
     * The index in {@code ctrl} of the actuator named {@code name} (its id).
     *
     * @throws NotFoundException for an unknown name, listing the model's named actuators
     */
    public int actuator(String name) {
        return id("actuator", name, actuatorNames());
    }

    /**
     * The id of the camera named {@code name}, in {@link #cameraNames()}' order.
     *
     * @throws NotFoundException for an unknown name, listing the model's named cameras
     */
    public int camera(String name) {
        return id("camera", name, cameraNames());
    }

    /**
     * The id of the site named {@code name}, in {@link #siteNames()}' order.
     *
     * @throws NotFoundException for an unknown name, listing the model's named sites
     */
    public int site(String name) {
        return id("site", name, siteNames());
    }

    private static int id(String kind, String name, List<String> names) {
        Objects.requireNonNull(name, kind);
        int id = name.isEmpty() ? -1 : names.indexOf(name);
        if (id < 0) {
            throw new NotFoundException("Unknown " + kind + " '" + name + "'; the model's " + kind + "s: "
                    + names.stream().filter(n -> !n.isEmpty()).toList());
        }
        return id;
    }

    private static List<String> names(String[] names, int n) {
        if (names == null) {
            return List.of(new String[n]).stream().map(s -> "").toList();
        }
        return Arrays.stream(names, 0, n).map(s -> s == null ? "" : s).toList();
    }

    @Override
    public String toString() {
        return "SimModel[" + name() + ", nq=" + nq() + ", nv=" + nv() + ", nu=" + nu() + "]";
    }
}
