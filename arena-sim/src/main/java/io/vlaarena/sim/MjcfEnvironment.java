package io.vlaarena.sim;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SceneException;
import io.vlaarena.core.SimState;
import io.vlaarena.core.SitePose;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link Environment} on a {@link Simulation}: each {@link #step} holds the action for
 * {@code options.substepsFor(timestep)} physics steps.
 *
 * <p>Action spaces: {@code CTRL} sets actuator controls (8 or nu values, truncated or
 * zero-padded to nu). {@code JOINT_POSITION} takes one target per actuator (8 or nu values):
 * position servos get the target as ctrl (times gear for joint transmissions), other joint
 * actuators are driven by a critically damped PD torque plus gravity/Coriolis compensation in
 * {@code qfrc_applied}. {@code JOINT_VELOCITY} takes 8 or nu values too: the arm's joint actuators
 * move their targets at those velocities (rad/s), integrated over every physics step of the control
 * period and kept within the joints' ranges, tracked as joint positions are; the last actuator (the
 * gripper) takes its value as a position target. {@code EE_DELTA}
 * takes 7 values (dx dy dz in metres, world-frame rotation vector in radians, gripper), or 8 when
 * padded as the original arena pads Octo's output (the 8th is ignored), and turns
 * the first six into joint targets by damped least-squares IK on the end-effector site; the last
 * actuator is the gripper and gets the 7th value as ctrl.
 *
 * <p>Not thread-safe.
 */
final class MjcfEnvironment implements Environment {
    private static final double IK_DAMPING = 0.05;
    private static final double PD_OMEGA = 20.0;

    private final SimModel model;
    private final MjModel m;
    private final EnvironmentOptions options;
    private final Simulation sim;
    private final int substeps;
    private final int eeSite;
    /** Actuator kinds: joint dof for joint transmissions (-1 otherwise), whether a position servo. */
    private final int[] actDof;
    private final boolean[] actServo;
    private final double[] target;
    /** The last joint targets EE_DELTA commanded: deltas accumulate on these, not on the sagging measured pose. */
    private final double[] commanded;
    private final boolean[] pdActive;
    /** The joint-velocity action being executed (advances the arm's targets every physics step), or null. */
    private double[] velocity;
    private final int[] armActuators;
    private final double[] jac, jjt, rhs;
    private boolean closed;

    MjcfEnvironment(SimModel model, EnvironmentOptions options) {
        this.model = model;
        this.m = model.raw();
        this.options = options;
        this.sim = model.newSimulation();
        sim.setController(this::applyPd);
        this.substeps = options.substepsFor(m.timestep);
        int nu = m.nu;
        actDof = new int[nu];
        actServo = new boolean[nu];
        target = new double[nu];
        commanded = new double[nu];
        pdActive = new boolean[nu];
        int arm = 0;
        for (int u = 0; u < nu; u++) {
            int id = m.actuator_trnid[u];
            boolean joint = m.actuator_trntype[u] == MjModel.TRN_JOINT
                    && (m.jnt_type[id] == MjModel.JNT_HINGE || m.jnt_type[id] == MjModel.JNT_SLIDE);
            actDof[u] = joint ? m.jnt_dofadr[id] : -1;
            double kp = m.actuator_gainprm[MjModel.NGAIN * u];
            actServo[u] = m.actuator_biastype[u] == MjModel.BIAS_AFFINE && kp != 0
                    && m.actuator_biasprm[MjModel.NGAIN * u + 1] == -kp;
            if (joint && (u < nu - 1 || nu == 1)) {
                arm++;
            }
        }
        armActuators = new int[arm];
        for (int u = 0, k = 0; u < nu; u++) {
            if (actDof[u] >= 0 && (u < nu - 1 || nu == 1)) {
                armActuators[k++] = u;
            }
        }
        if (options.actionSpace() == ActionSpace.EE_DELTA) {
            eeSite = MjModel.find(m.site_name, options.endEffectorSite());
            if (eeSite < 0) {
                throw new SceneException("The ee_delta action space needs the site '" + options.endEffectorSite()
                        + "'; the scene's sites: " + model.siteNames());
            }
            if (armActuators.length == 0) {
                throw new SceneException("The ee_delta action space needs joint actuators; the scene has none.");
            }
        } else {
            eeSite = -1;
        }
        jac = new double[6 * m.nv];
        jjt = new double[36];
        rhs = new double[6];
        reset(0);
    }

    @Override
    public int nq() {
        return m.nq;
    }

    @Override
    public int nv() {
        return m.nv;
    }

    @Override
    public int nu() {
        return m.nu;
    }

    @Override
    public ActionSpace actionSpace() {
        return options.actionSpace();
    }

    @Override
    public int actionDimension() {
        return options.actionSpace() == ActionSpace.EE_DELTA ? 7 : m.nu;
    }

    @Override
    public double controlPeriod() {
        return substeps * m.timestep;
    }

    @Override
    public List<String> cameras() {
        return model.cameraNames();
    }

    /**
     * Starts from the keyframe "home" when the scene has one, else from qpos0. The seed is
     * reserved for scene randomization, which no bundled scene uses yet: every seed gives the
     * same initial state.
     */
    @Override
    public SimState reset(long seed) {
        checkOpen();
        sim.resetToHome();
        velocity = null;
        Arrays.fill(pdActive, false);
        sim.clearAppliedForces();
        double[] ctrl = sim.ctrl();
        for (int u = 0; u < m.nu; u++) {
            if (actDof[u] >= 0) {
                double q = sim.qposAt(m.jnt_qposadr[m.actuator_trnid[u]]);
                boolean keyCtrl = sim.hasKey(Simulation.HOME_KEY) && actServo[u] && m.actuator_gear[u] != 0;
                commanded[u] = keyCtrl ? ctrl[u] / m.actuator_gear[u] : q;
            }
        }
        return sim.state();
    }

    @Override
    public SimState step(Action action) {
        return step(action, Long.MAX_VALUE, false);
    }

    /** Steps with the deadline checked every 64 physics steps, so that a long step can be stopped. */
    @Override
    public SimState step(Action action, long deadlineNanos) {
        return step(action, deadlineNanos, true);
    }

    private SimState step(Action action, long deadlineNanos, boolean bounded) {
        checkOpen();
        if (action == null) {
            throw new IllegalArgumentException("The action must not be null.");
        }
        double[] v = action.values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("Action value " + i + " must be finite, was " + v[i]);
            }
        }
        velocity = null;
        switch (options.actionSpace()) {
            case CTRL -> applyCtrl(fit(v, "ctrl"));
            case JOINT_POSITION -> applyTargets(fit(v, "joint_position"));
            case JOINT_VELOCITY -> velocity = startVelocity(fit(v, "joint_velocity"));
            case EE_DELTA -> applyEeDelta(v);
        }
        // the controller (applyPd, with a joint-velocity action's target advance) runs inside every
        // physics step; the deadline is checked every 64 steps
        for (int done = 0; done < substeps; ) {
            if (bounded && System.nanoTime() - deadlineNanos > 0) {
                throw new java.util.concurrent.CancellationException("The deadline passed after " + done + " of "
                        + substeps + " physics steps of the action");
            }
            int n = Math.min(64, substeps - done);
            sim.step(n);
            done += n;
        }
        return sim.state();
    }

    private double[] fit(double[] v, String space) {
        if (v.length != 8 && v.length != m.nu) {
            throw new IllegalArgumentException("The " + space + " action space expects 8 or nu=" + m.nu
                    + " values, got " + v.length);
        }
        return Arrays.copyOf(v, m.nu);
    }

    private void applyCtrl(double[] ctrl) {
        Arrays.fill(pdActive, false);
        sim.clearAppliedForces();
        sim.setCtrl(ctrl);
    }

    private void applyTargets(double[] targets) {
        sim.clearAppliedForces();
        for (int u = 0; u < m.nu; u++) {
            setTarget(u, targets[u]);
            commanded[u] = targets[u];
        }
    }

    /**
     * Joint velocities (rad/s, or m/s for slides) for the arm's joint actuators; the gripper (the
     * last actuator of several) and actuators without a joint get the value as a position target,
     * as DROID's "joint velocity + gripper position".
     */
    private double[] startVelocity(double[] v) {
        sim.clearAppliedForces();
        for (int u = 0; u < m.nu; u++) {
            if (!isArm(u)) {
                setTarget(u, v[u]);
                commanded[u] = v[u];
            }
        }
        return v;
    }

    /** Moves each arm joint's target by its velocity for one physics step, within the joint's range. */
    private void advanceVelocity(double[] v) {
        for (int u : armActuators) {
            int j = m.actuator_trnid[u];
            double q = commanded[u] + v[u] * m.timestep;
            if (m.jnt_limited[j]) {
                q = Math.max(m.jnt_range[2 * j], Math.min(m.jnt_range[2 * j + 1], q));
            }
            commanded[u] = q;
            setTarget(u, q);
        }
    }

    private boolean isArm(int u) {
        for (int a : armActuators) {
            if (a == u) {
                return true;
            }
        }
        return false;
    }

    private void setTarget(int u, double value) {
        if (actServo[u] || actDof[u] < 0) {
            sim.setCtrl(u, actDof[u] >= 0 ? value * m.actuator_gear[u] : value);
            pdActive[u] = false;
        } else {
            sim.setCtrl(u, 0);
            target[u] = value;
            pdActive[u] = true;
        }
    }

    /**
     * The environment's controller, run by the simulation inside every physics step between the
     * velocity stage and actuation: critically damped PD torques for the joint targets of
     * non-servo actuators, scaled by the joint's mass-matrix diagonal, plus the joint's bias force
     * (gravity, Coriolis) so that targets are held without sag; both come from the step's own
     * smooth dynamics.
     */
    private void applyPd(Simulation s) {
        if (velocity != null) {
            advanceVelocity(velocity);
        }
        for (int u = 0; u < m.nu; u++) {
            if (!pdActive[u]) {
                continue;
            }
            int dof = actDof[u];
            int qa = m.jnt_qposadr[m.actuator_trnid[u]];
            double inertia = s.massMatrixDiagonal(dof);
            s.setAppliedForce(dof, inertia * (PD_OMEGA * PD_OMEGA * (target[u] - s.qposAt(qa)) - 2 * PD_OMEGA * s.qvelAt(dof))
                    + s.biasForce(dof));
        }
    }

    private void applyEeDelta(double[] v) {
        // 8 values are the original arena's padded form of a 7-value action (a trailing 0): the 8th is ignored.
        if (v.length != 7 && v.length != 8) {
            throw new IllegalArgumentException("The ee_delta action space expects 7 values (dx dy dz droll dpitch dyaw "
                    + "gripper), or 8 with the original arena's trailing pad, got " + v.length);
        }
        sim.clearAppliedForces();
        sim.siteJacobian(eeSite, jac);
        int nv = m.nv;
        int na = armActuators.length;
        // (J J' + lambda^2 I) y = e, dq = J' y, over the arm's dofs only
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 6; c++) {
                double s = 0;
                for (int k = 0; k < na; k++) {
                    int dof = actDof[armActuators[k]];
                    s += jac[r * nv + dof] * jac[c * nv + dof];
                }
                jjt[r * 6 + c] = s + (r == c ? IK_DAMPING * IK_DAMPING : 0);
            }
            rhs[r] = v[r];
        }
        EndEffectorIk.solve6(jjt, rhs);
        for (int k = 0; k < na; k++) {
            int u = armActuators[k];
            int dof = actDof[u];
            double dq = 0;
            for (int r = 0; r < 6; r++) {
                dq += jac[r * nv + dof] * rhs[r];
            }
            int j = m.actuator_trnid[u];
            double q = commanded[u] + dq;
            if (m.jnt_limited[j]) {
                q = Math.max(m.jnt_range[2 * j], Math.min(m.jnt_range[2 * j + 1], q));
            }
            commanded[u] = q;
            setTarget(u, q);
        }
        if (m.nu > 1) {
            sim.setCtrl(m.nu - 1, v[6]);
        }
    }

    @Override
    public SimState state() {
        checkOpen();
        return sim.state();
    }

    /** The site's world pose for the current qpos (kinematics recomputed first: they are derived, not state). */
    @Override
    public SitePose site(String name) {
        checkOpen();
        int s = MjModel.find(m.site_name, name);
        if (s < 0) {
            throw new IllegalArgumentException("Unknown site '" + name + "'; the scene's sites: " + model.siteNames());
        }
        return new SitePose(sim.sitePosition(name), Spatial.mat2Quat(sim.siteRotation(name)));
    }

    /**
     * Renders the current state from the named camera, or from a free camera framing the scene when
     * {@code camera} is null (see {@link Simulation#render}); no renderer exists until the first call.
     */
    @Override
    public RgbImage render(String camera, int width, int height) {
        checkOpen();
        return sim.render(camera, width, height);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This environment is closed.");
        }
    }

    /** The simulation behind this environment (tests). */
    Simulation simulation() {
        return sim;
    }
}
