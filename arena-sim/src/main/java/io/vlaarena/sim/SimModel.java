package io.vlaarena.sim;

import io.vlaarena.core.ArenaException;
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
     * {@code <mesh file>}) relative to the file's directory and confined to it: a path that leaves
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

    /** Body names in id order (body 0 is the world). */
    public List<String> bodyNames() {
        return names(m.body_name, m.nbody);
    }

    /** Keyframe names in document order. */
    public List<String> keyNames() {
        return names(m.key_name, m.nkey);
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
