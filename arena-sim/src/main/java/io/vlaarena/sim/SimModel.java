package io.vlaarena.sim;

import io.vlaarena.core.ArenaException;
import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import java.util.Arrays;
import java.util.List;

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

    /**
     * Compiles MJCF XML.
     *
     * @throws SceneException when the XML is malformed, unsafe or not a loadable model
     */
    public static SimModel load(String mjcfXml) {
        if (mjcfXml == null || mjcfXml.isBlank()) {
            throw new SceneException("The MJCF XML is empty.");
        }
        MjModel model;
        try {
            model = MjcfLoader.load(mjcfXml);
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
        return m.modelName == null ? "" : m.modelName;
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
