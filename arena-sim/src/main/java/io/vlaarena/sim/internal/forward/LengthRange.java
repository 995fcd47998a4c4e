package io.vlaarena.sim.internal.forward;

import io.vlaarena.core.ArenaException;
import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.Actuation;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Smooth;

/**
 * The compiler's actuator length ranges, MuJoCo 2.2.2's {@code mjCModel::LengthRange} with
 * {@code mj_setLengthRange} and the {@code <compiler><lengthrange>} options ({@link Options};
 * MuJoCo's defaults: mode muscle, use existing ranges, no joint or tendon limits, acceleration
 * 20, no force limit, time constant 1, timestep 0.01, 10 s, the last 2 s evaluated, tolerance
 * 5 %): for each actuator the mode selects without a valid {@code lengthrange} (or, with
 * uselimit, without a limited joint or tendon whose range it takes), the model is simulated from
 * qpos0 with frictionloss, contacts, passive forces, gravity and actuation off while a force
 * along the actuator pulls it to each end, its velocity damped; the extreme lengths over the
 * evaluation interval are the range. Stateless.
 */
public final class LengthRange {
    /** Which actuators get a computed range. */
    public enum Mode { NONE, MUSCLE, MUSCLEUSER, ALL }

    /**
     * MuJoCo's {@code mjLROpt}: mode, useexisting, uselimit, accel, maxforce (0: none),
     * timeconst, timestep (0 or less: the model's), inttotal, inteval, tolrange.
     */
    public record Options(Mode mode, boolean useExisting, boolean useLimit, double accel, double maxForce, double timeconst,
            double timestep, double intTotal, double intEval, double tolRange) {
        /** MuJoCo 2.2.2's {@code mj_defaultLROpt}. */
        public static final Options DEFAULT = new Options(Mode.MUSCLE, true, false, 20, 0, 1, 0.01, 10, 2, 0.05);
    }

    /** The most steps one side of one actuator's simulation may take (MuJoCo's defaults take 1000). */
    public static final int MAX_STEPS = 100_000;

    private LengthRange() {
    }

    /** Fills {@code m.actuator_lengthrange} with MuJoCo's default options. */
    public static void compute(MjModel m) {
        compute(m, Options.DEFAULT);
    }

    /** Fills {@code m.actuator_lengthrange} of the actuators that need it; throws {@link SceneException} as MuJoCo's errors. */
    public static void compute(MjModel m, Options opt) {
        boolean any = false;
        for (int u = 0; u < m.nu; u++) {
            any |= selected(m, u, opt);
        }
        if (!any) {
            return;
        }
        int flags = m.disableflags;
        double timestep = m.timestep;
        m.disableflags = MjModel.DSBL_FRICTIONLOSS | MjModel.DSBL_CONTACT | MjModel.DSBL_PASSIVE | MjModel.DSBL_GRAVITY
                | MjModel.DSBL_ACTUATION;
        if (opt.timestep() > 0) {
            m.timestep = opt.timestep();
        }
        if (!(opt.intTotal() / m.timestep <= MAX_STEPS)) {
            double steps = opt.intTotal() / m.timestep;
            m.disableflags = flags;
            m.timestep = timestep;
            throw new SceneException("The compiler's lengthrange simulation would take " + steps + " steps per actuator side "
                    + "(inttotal " + opt.intTotal() + " s / timestep); at most " + MAX_STEPS + " are run while loading.");
        }
        try {
            PhysicsModel pm = new PhysicsModel(m);
            MjData d = new MjData(pm);
            for (int u = 0; u < m.nu; u++) {
                if (selected(m, u, opt) && !fromLimits(m, u, opt)) {
                    actuator(pm, d, u, opt);
                }
            }
        } finally {
            m.disableflags = flags;
            m.timestep = timestep;
        }
    }

    /** Chosen by the mode and, with useexisting, without a valid range already. */
    private static boolean selected(MjModel m, int u, Options opt) {
        boolean muscle = m.actuator_gaintype[u] == MjModel.GAIN_MUSCLE || m.actuator_biastype[u] == MjModel.BIAS_MUSCLE;
        // user gains and biases are refused by the reader, so muscleuser selects the muscles
        if (opt.mode() == Mode.NONE || (opt.mode() != Mode.ALL && !muscle)) {
            return false;
        }
        return !(opt.useExisting() && m.actuator_lengthrange[2 * u] < m.actuator_lengthrange[2 * u + 1]);
    }

    /** With uselimit: a limited joint's or tendon's range becomes the actuator's; whether it did. */
    private static boolean fromLimits(MjModel m, int u, Options opt) {
        if (!opt.useLimit()) {
            return false;
        }
        int id = m.actuator_trnid[u], t = m.actuator_trntype[u];
        double[] range = null;
        if ((t == MjModel.TRN_JOINT || t == MjModel.TRN_JOINTINPARENT) && m.jnt_limited[id]) {
            range = m.jnt_range;
        } else if (t == MjModel.TRN_TENDON && m.tendon_limited[id]) {
            range = m.tendon_range;
        }
        if (range == null) {
            return false;
        }
        m.actuator_lengthrange[2 * u] = range[2 * id];
        m.actuator_lengthrange[2 * u + 1] = range[2 * id + 1];
        return true;
    }

    private static void actuator(PhysicsModel pm, MjData d, int u, Options opt) {
        MjModel m = pm.m;
        String name = m.actuator_name[u].isEmpty() ? "#" + u : "'" + m.actuator_name[u] + "'";
        double[] lmin = new double[2], lmax = new double[2];
        for (int side = 0; side < 2; side++) {
            d.reset();
            boolean updated = false;
            while (d.time < opt.intTotal()) {
                double len;
                try {
                    len = evalAct(pm, d, u, side, opt);
                } catch (ArenaException e) {
                    throw new SceneException("Actuator " + name + ": unstable lengthrange simulation (MuJoCo's compiler "
                            + "computes the range of a muscle without lengthrange by simulating it); give lengthrange.", e);
                }
                if (d.time > opt.intTotal() - opt.intEval()) {
                    if (len < lmin[side] || !updated) {
                        lmin[side] = len;
                    }
                    if (len > lmax[side] || !updated) {
                        lmax[side] = len;
                    }
                    updated = true;
                }
            }
            m.actuator_lengthrange[2 * u + side] = side == 0 ? lmin[side] : lmax[side];
        }
        double dif = m.actuator_lengthrange[2 * u + 1] - m.actuator_lengthrange[2 * u];
        if (dif <= 0) {
            throw new SceneException("Actuator " + name + ": invalid lengthrange (" + m.actuator_lengthrange[2 * u] + ", "
                    + m.actuator_lengthrange[2 * u + 1] + ") from the lengthrange simulation; give lengthrange.");
        }
        for (int side = 0; side < 2; side++) {
            if (lmax[side] - lmin[side] > opt.tolRange() * dif) {
                throw new SceneException("Actuator " + name + ": the lengthrange computation did not converge (side " + side
                        + " evaluated " + lmin[side] + " to " + lmax[side] + "); give lengthrange.");
            }
        }
    }

    /** MuJoCo's {@code evalAct}: damp the velocity, pull along the actuator with acceleration 20, step; the length before the step. */
    private static double evalAct(PhysicsModel pm, MjData d, int u, int side, Options opt) {
        MjModel m = pm.m;
        int nv = m.nv;
        double decay = Math.exp(-m.timestep / Math.max(0.01, opt.timeconst()));
        for (int i = 0; i < nv; i++) {
            d.qvel[i] *= decay;
        }
        // mj_step1, with the transmission (MuJoCo computes it in the position stage)
        Forward.fwdPosition(pm, d);
        Forward.fwdVelocity(pm, d);
        d.control.control(pm, d);
        Actuation.actuation(pm, d);
        double[] f = d.qfrc_applied, x = d.tmpNv;
        java.util.Arrays.fill(f, 0);
        for (int k = pm.momentAdr[u]; k < pm.momentAdr[u] + pm.momentNum[u]; k++) {
            f[pm.momentDof[k]] = d.actuator_moment[k];
        }
        System.arraycopy(f, 0, x, 0, nv);
        Smooth.solveM(pm, d, x);
        double nrm = 0;
        for (int i = 0; i < nv; i++) {
            nrm += x[i] * x[i];
        }
        nrm = Math.sqrt(nrm);
        double scale = (2 * side - 1) * opt.accel() / Math.max(1e-15, nrm);
        for (int i = 0; i < nv; i++) {
            f[i] *= scale;
        }
        if (opt.maxForce() > 0) {
            // MuJoCo's maxforce: the pulling force's norm capped
            double fn = 0;
            for (int i = 0; i < nv; i++) {
                fn += f[i] * f[i];
            }
            fn = Math.sqrt(fn);
            if (fn > opt.maxForce()) {
                double c = opt.maxForce() / Math.max(1e-15, fn);
                for (int i = 0; i < nv; i++) {
                    f[i] *= c;
                }
            }
        }
        // mj_step2: Euler, or implicit for implicit models (RK4 models use Euler here)
        Forward.fwdActuation(pm, d);
        Forward.fwdAcceleration(pm, d);
        Forward.fwdConstraint(pm, d);
        if (m.integrator == MjModel.INT_IMPLICIT) {
            Step.implicit(pm, d);
        } else {
            Step.euler(pm, d);
        }
        Step.checkDivergence(pm, d);
        return d.actuator_length[u];
    }
}
