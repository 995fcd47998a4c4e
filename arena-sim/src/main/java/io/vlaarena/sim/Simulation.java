package io.vlaarena.sim;

import io.vlaarena.core.ArenaException;
import io.vlaarena.core.SimState;
import io.vlaarena.core.RgbImage;
import io.vlaarena.sim.internal.forward.Step;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Smooth;
import io.vlaarena.sim.internal.physics.Support;
import io.vlaarena.sim.internal.physics.Wrap;
import io.vlaarena.core.replay.SceneGeometry;
import io.vlaarena.sim.internal.render.FreeCamera;
import io.vlaarena.sim.internal.render.RenderFrame;
import io.vlaarena.sim.internal.render.ReplayGeometry;
import io.vlaarena.sim.internal.render.Renderer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The mutable state of one episode ({@code qpos}, {@code qvel}, {@code ctrl}, time) and MuJoCo's
 * semi-implicit Euler step on it, in reduced coordinates (see {@code docs/simulator.md}).
 *
 * <p>Not thread-safe: one simulation per thread. Same model, same initial state and same
 * controls give bit-identical states on the same JVM. A step that diverges throws
 * {@link ArenaException}; the simulation then refuses to report states until it is reset.
 */
public final class Simulation {
    /** Name of the keyframe episodes start from when a scene has it. */
    public static final String HOME_KEY = "home";

    private final SimModel model;
    private final MjModel m;
    private final PhysicsModel pm;
    final MjData data;
    private Renderer renderer;
    private boolean diverged;
    private final boolean camlightNeedsCom;

    Simulation(SimModel model) {
        this.model = model;
        this.m = model.raw();
        this.pm = model.physics();
        this.data = new MjData(pm);
        this.camlightNeedsCom = Smooth.camlightNeedsCom(m);
        positions();
    }

    /**
     * A controller that runs inside every physics step, between the velocity stage and actuation
     * (MuJoCo's {@code mjcb_control}): it reads the state, the mass matrix and the bias forces
     * already computed for this step through the simulation and sets controls or applied forces.
     */
    @FunctionalInterface
    interface Controller {
        /** Sets this step's controls or applied forces; must not change the state. */
        void control(Simulation sim);
    }

    /** Runs {@code controller} inside every step from now on (null: none). */
    void setController(Controller controller) {
        data.control = controller == null ? io.vlaarena.sim.internal.physics.ControlCallback.NONE
                : (physics, d) -> controller.control(this);
    }

    /** {@code qpos[i]}. */
    double qposAt(int i) {
        return data.qpos[i];
    }

    /** {@code qvel[i]}. */
    double qvelAt(int i) {
        return data.qvel[i];
    }

    /** The mass-matrix diagonal at dof {@code dof} of the step in progress (valid inside a {@link Controller}). */
    double massMatrixDiagonal(int dof) {
        return data.qM[pm.dofMadr[dof]];
    }

    /** The bias force (Coriolis, centrifugal, gravity) at dof {@code dof} of the step in progress (valid inside a {@link Controller}). */
    double biasForce(int dof) {
        return data.qfrc_bias[dof];
    }

    /** Sets the generalized force applied at dof {@code dof} (kept until changed or reset). */
    void setAppliedForce(int dof, double force) {
        data.qfrc_applied[dof] = force;
    }

    /** Clears every applied generalized force. */
    void clearAppliedForces() {
        Arrays.fill(data.qfrc_applied, 0);
    }

    /**
     * The 6 x nv world Jacobian (translation rows, then rotation rows) of site {@code site} at
     * the current {@code qpos} into {@code out}.
     */
    void siteJacobian(int site, double[] out) {
        Smooth.kinematics(pm, data);
        Smooth.comPos(pm, data);
        Support.jac(pm, data, m.site_bodyid[site], data.site_xpos[3 * site], data.site_xpos[3 * site + 1],
                data.site_xpos[3 * site + 2], out);
    }

    /** Body, geom, site, camera and light poses for the current qpos and mocap poses. */
    private void positions() {
        Smooth.kinematics(pm, data);
        if (camlightNeedsCom) {
            Smooth.comPos(pm, data);
        }
        Smooth.camlight(pm, data);
    }

    /** The model this simulation runs. */
    public SimModel model() {
        return model;
    }

    /** Advances one timestep; throws {@link ArenaException} when the state diverges. */
    public void step() {
        checkUsable();
        try {
            Step.step(pm, data);
        } catch (ArenaException e) {
            diverged = true;
            throw e;
        }
    }

    /** Advances {@code n} timesteps. */
    public void step(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Step count must not be negative, was " + n);
        }
        for (int i = 0; i < n; i++) {
            step();
        }
    }

    /**
     * Computes everything the next step would compute for the current state without advancing
     * time (MuJoCo's {@code mj_forward}): afterwards {@link #sensorData()} describes the current
     * state.
     */
    public void forward() {
        checkUsable();
        io.vlaarena.sim.internal.forward.Forward.forward(pm, data);
    }

    /**
     * All sensor values in MuJoCo's {@code sensordata} layout: the sensors of {@code <sensor>} in
     * document order, each {@link SimModel#sensorDimensions() its dimension} long. As with
     * MuJoCo's {@code mj_step}, a step computes them for the state it starts from (before the
     * integration); call {@link #forward()} for the current state. Zeros after a reset. A new
     * array each call.
     */
    public double[] sensorData() {
        checkUsable();
        return data.sensordata.clone();
    }

    /**
     * The values of the named sensor (see {@link #sensorData()}).
     *
     * @throws IllegalArgumentException for an unknown sensor, naming the known ones
     */
    public double[] sensor(String name) {
        int i = name == null || name.isEmpty() ? -1 : MjModel.find(m.sensor_name, name);
        if (i < 0) {
            throw new IllegalArgumentException("Unknown sensor '" + name + "'; known sensors: " + model.sensorNames());
        }
        checkUsable();
        return Arrays.copyOfRange(data.sensordata, m.sensor_adr[i], m.sensor_adr[i] + m.sensor_dim[i]);
    }

    /** Back to {@code qpos0}, zero velocity, zero controls, time 0. */
    public void reset() {
        data.reset();
        positions();
        diverged = false;
    }

    /**
     * Resets to the named keyframe (its time, qpos, qvel, act and ctrl), as {@code mj_resetDataKeyframe}.
     *
     * @throws IllegalArgumentException for an unknown keyframe, naming the known ones
     */
    public void resetToKey(String name) {
        int k = MjModel.find(m.key_name, name);
        if (k < 0) {
            throw new IllegalArgumentException("Unknown keyframe '" + name + "'; known keyframes: " + model.keyNames());
        }
        data.reset();
        System.arraycopy(m.key_qpos, k * m.nq, data.qpos, 0, m.nq);
        System.arraycopy(m.key_qvel, k * m.nv, data.qvel, 0, m.nv);
        System.arraycopy(m.key_ctrl, k * m.nu, data.ctrl, 0, m.nu);
        System.arraycopy(m.key_act, k * m.na, data.act, 0, m.na);
        data.time = m.key_time[k];
        positions();
        diverged = false;
    }

    /**
     * Resets to the state an episode starts from: the keyframe {@value #HOME_KEY} when the model has
     * one, otherwise {@code qpos0} (as {@link #reset()}).
     */
    public void resetToHome() {
        if (hasKey(HOME_KEY)) {
            resetToKey(HOME_KEY);
        } else {
            reset();
        }
    }

    /** Whether the model has a keyframe with this name. */
    public boolean hasKey(String name) {
        return MjModel.find(m.key_name, name) >= 0;
    }

    /** The current state (copied). */
    public SimState state() {
        checkUsable();
        return new SimState(data.qpos, data.qvel, data.time);
    }

    /** Simulated time in seconds. */
    public double time() {
        return data.time;
    }

    /** A copy of {@code qpos}. */
    public double[] qpos() {
        return data.qpos.clone();
    }

    /** A copy of {@code qvel}. */
    public double[] qvel() {
        return data.qvel.clone();
    }

    /** A copy of {@code ctrl}. */
    public double[] ctrl() {
        return data.ctrl.clone();
    }

    /** Sets {@code qpos} (length nq, finite). */
    public void setQpos(double[] qpos) {
        System.arraycopy(checked("qpos", qpos, m.nq), 0, data.qpos, 0, m.nq);
        positions();
    }

    /** Sets {@code qvel} (length nv, finite). */
    public void setQvel(double[] qvel) {
        System.arraycopy(checked("qvel", qvel, m.nv), 0, data.qvel, 0, m.nv);
    }

    /**
     * A copy of the actuators' activations ({@code act}: one per actuator with dynamics, na in all,
     * MuJoCo's state after qvel; empty for models without). Stored episode states hold qpos, qvel
     * and time only: keep this beside them to restart such a model exactly.
     */
    public double[] act() {
        return data.act.clone();
    }

    /** Sets the activations (length na, finite). */
    public void setAct(double[] act) {
        System.arraycopy(checked("act", act, m.na), 0, data.act, 0, m.na);
    }

    /**
     * Sets all controls (length nu, finite); values outside a limited actuator's ctrlrange are
     * clamped inside the actuation, as MuJoCo does, and kept as given here.
     */
    public void setCtrl(double[] ctrl) {
        System.arraycopy(checked("ctrl", ctrl, m.nu), 0, data.ctrl, 0, m.nu);
    }

    /** Sets one actuator's control. */
    public void setCtrl(int actuator, double value) {
        Objects.checkIndex(actuator, m.nu);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("ctrl[" + actuator + "] must be finite, was " + value);
        }
        data.ctrl[actuator] = value;
    }

    /**
     * Moves a mocap body ({@code <body mocap="true">}): {@code pos} (3 values, world frame) and
     * {@code quat} ({@code w x y z}, 4 values, normalized when used; null keeps the current
     * orientation). The pose holds until changed or until a reset, which restores the body's
     * model pose; bodies welded or connected to it follow through their equality constraints.
     */
    public void setMocapPose(String body, double[] pos, double[] quat) {
        int id = mocapId(body);
        checked("mocap pos", pos, 3);
        if (quat != null) {
            checked("mocap quat", quat, 4);
            if (quat[0] == 0 && quat[1] == 0 && quat[2] == 0 && quat[3] == 0) {
                throw new IllegalArgumentException("mocap quat must not be zero");
            }
            System.arraycopy(quat, 0, data.mocap_quat, 4 * id, 4);
        }
        System.arraycopy(pos, 0, data.mocap_pos, 3 * id, 3);
        positions();
    }

    /** The named mocap body's current pose: {@code x y z qw qx qy qz} (as last set, not normalized). */
    public double[] mocapPose(String body) {
        int id = mocapId(body);
        double[] pose = new double[7];
        System.arraycopy(data.mocap_pos, 3 * id, pose, 0, 3);
        System.arraycopy(data.mocap_quat, 4 * id, pose, 3, 4);
        return pose;
    }

    private int mocapId(String body) {
        int b = MjModel.find(m.body_name, body);
        if (b < 0) {
            throw new IllegalArgumentException("Unknown body '" + body + "'; known bodies: " + model.bodyNames());
        }
        if (m.body_mocapid[b] < 0) {
            java.util.List<String> mocap = new java.util.ArrayList<>();
            for (int i = 0; i < m.nbody; i++) {
                if (m.body_mocapid[i] >= 0) {
                    mocap.add(m.body_name[i]);
                }
            }
            throw new IllegalArgumentException("Body '" + body + "' is not a mocap body; mocap bodies: " + mocap);
        }
        return m.body_mocapid[b];
    }

    /** World position of the named site at the current {@code qpos}. */
    public double[] sitePosition(String site) {
        int s = siteId(site);
        positions();
        return Arrays.copyOfRange(data.site_xpos, 3 * s, 3 * s + 3);
    }

    /** World position of the named body's frame at the current {@code qpos}. */
    public double[] bodyPosition(String body) {
        int b = MjModel.find(m.body_name, body);
        if (b < 0) {
            throw new IllegalArgumentException("Unknown body '" + body + "'; known bodies: " + model.bodyNames());
        }
        positions();
        return Arrays.copyOfRange(data.xpos, 3 * b, 3 * b + 3);
    }

    /** World orientation of the named site at the current {@code qpos}: its 3x3 rotation matrix, row-major. */
    public double[] siteRotation(String site) {
        int s = siteId(site);
        positions();
        return Arrays.copyOfRange(data.site_xmat, 9 * s, 9 * s + 9);
    }

    /** World orientation of the named body's frame at the current {@code qpos}: a unit quaternion {@code w x y z}. */
    public double[] bodyQuaternion(String body) {
        int b = MjModel.find(m.body_name, body);
        if (b < 0) {
            throw new IllegalArgumentException("Unknown body '" + body + "'; known bodies: " + model.bodyNames());
        }
        positions();
        return Arrays.copyOfRange(data.xquat, 4 * b, 4 * b + 4);
    }

    /**
     * Renders the current {@code qpos} with the pure-Java renderer from the named MJCF camera, or
     * from a free camera that frames the scene when {@code camera} is null. The renderer and its
     * buffers are created on the first call and reused, so a simulation never rendered costs no
     * rendering.
     *
     * @throws IllegalArgumentException for an unknown camera or a size outside 1..8192
     */
    public RgbImage render(String camera, int width, int height) {
        checkUsable();
        int cam = -1;
        if (camera != null) {
            cam = MjModel.find(m.cam_name, camera);
            if (cam < 0) {
                throw new IllegalArgumentException("Unknown camera '" + camera + "'; the scene's cameras: "
                        + model.cameraNames());
            }
        }
        return renderer().render(m, renderFrame(), cam, width, height);
    }

    /** Renders the current {@code qpos} from a free camera (the replays' fixed viewpoint). */
    RgbImage render(FreeCamera camera, int width, int height) {
        checkUsable();
        return renderer().render(m, renderFrame(), camera, width, height);
    }

    /** The camera that frames the scene at the current {@code qpos} in an image of the given aspect ratio. */
    FreeCamera framingCamera(double aspect) {
        return FreeCamera.framing(m, renderFrame(), aspect);
    }

    /** The scene at the current {@code qpos}, for viewers that draw it themselves, seen from {@code view}. */
    SceneGeometry geometry(FreeCamera view) {
        RenderFrame f = renderFrame();
        return ReplayGeometry.describe(m, data.xpos, data.xquat, f.lightXpos(), f.lightXdir(), view);
    }

    /** Writes body {@code body}'s world pose at the current {@code qpos} ({@code x y z qw qx qy qz}) at {@code out[at]}. */
    void bodyPose(int body, float[] out, int at) {
        for (int i = 0; i < 3; i++) {
            out[at + i] = (float) data.xpos[3 * body + i];
        }
        for (int i = 0; i < 4; i++) {
            out[at + 3 + i] = (float) data.xquat[4 * body + i];
        }
    }

    private Renderer renderer() {
        if (renderer == null) {
            renderer = new Renderer();
        }
        return renderer;
    }

    /**
     * Poses of geoms, cameras and lights, the tendons' paths and (for skins) the bodies' poses at
     * the current {@code qpos}; shares this simulation's arrays.
     */
    private RenderFrame renderFrame() {
        renderer();
        positions();
        RenderFrame f = RenderFrame.of(data.geom_xpos, data.geom_xmat, data.cam_xpos, data.cam_xmat, data.light_xpos,
                data.light_xdir);
        if (m.nskin > 0) {
            f = f.withBodyPoses(data.xpos, data.xquat);
        }
        if (m.ntendon == 0) {
            return f;
        }
        Wrap.paths(pm, data);
        return f.withTendonPaths(data.wrap_xpos, data.wrap_obj, data.ten_wrapadr, data.ten_wrapnum);
    }

    /** Number of contacts found in the last step. */
    public int contactCount() {
        return data.ncon;
    }

    int siteId(String site) {
        int s = MjModel.find(m.site_name, site);
        if (s < 0) {
            throw new IllegalArgumentException("Unknown site '" + site + "'; known sites: " + model.siteNames());
        }
        return s;
    }

    private void checkUsable() {
        if (diverged) {
            throw new ArenaException(String.format(java.util.Locale.ROOT,
                    "The simulation diverged at t=%.4f s; reset it before stepping or reading its state.", data.time));
        }
    }

    private static double[] checked(String what, double[] v, int n) {
        Objects.requireNonNull(v, what);
        if (v.length != n) {
            throw new IllegalArgumentException(what + " must have " + n + " values, got " + v.length);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] must be finite, was " + v[i]);
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "Simulation[" + model.name() + ", t=" + data.time + "]";
    }
}
