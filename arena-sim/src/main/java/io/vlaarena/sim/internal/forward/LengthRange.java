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
 * {@code mj_setLengthRange} and its default options (mode muscle, use existing ranges, no joint
 * or tendon limits, acceleration 20, time constant 1, timestep 0.01, 10 s, the last 2 s
 * evaluated, tolerance 5 %): for each muscle actuator without a valid {@code lengthrange}, the
 * model is simulated from qpos0 with frictionloss, contacts, passive forces, gravity and
 * actuation off while a force along the actuator pulls it to each end, its velocity damped;
 * the extreme lengths over the last 2 s are the range. Stateless.
 */
public final class LengthRange {
    private static final double ACCEL = 20, TIMECONST = 1, TIMESTEP = 0.01, INTTOTAL = 10, INTEVAL = 2, TOLRANGE = 0.05;

    private LengthRange() {
    }

    /** Fills {@code m.actuator_lengthrange} of the muscles that need it; throws {@link SceneException} as MuJoCo's errors. */
    public static void compute(MjModel m) {
        boolean any = false;
        for (int u = 0; u < m.nu; u++) {
            any |= needs(m, u);
        }
        if (!any) {
            return;
        }
        int flags = m.disableflags;
        double timestep = m.timestep;
        m.disableflags = MjModel.DSBL_FRICTIONLOSS | MjModel.DSBL_CONTACT | MjModel.DSBL_PASSIVE | MjModel.DSBL_GRAVITY
                | MjModel.DSBL_ACTUATION;
        m.timestep = TIMESTEP;
        try {
            PhysicsModel pm = new PhysicsModel(m);
            MjData d = new MjData(pm);
            for (int u = 0; u < m.nu; u++) {
                if (needs(m, u)) {
                    actuator(pm, d, u);
                }
            }
        } finally {
            m.disableflags = flags;
            m.timestep = timestep;
        }
    }

    private static boolean needs(MjModel m, int u) {
        boolean muscle = m.actuator_gaintype[u] == MjModel.GAIN_MUSCLE || m.actuator_biastype[u] == MjModel.BIAS_MUSCLE;
        return muscle && !(m.actuator_lengthrange[2 * u] < m.actuator_lengthrange[2 * u + 1]);
    }

    private static void actuator(PhysicsModel pm, MjData d, int u) {
        MjModel m = pm.m;
        String name = m.actuator_name[u].isEmpty() ? "#" + u : "'" + m.actuator_name[u] + "'";
        double[] lmin = new double[2], lmax = new double[2];
        for (int side = 0; side < 2; side++) {
            d.reset();
            boolean updated = false;
            while (d.time < INTTOTAL) {
                double len;
                try {
                    len = evalAct(pm, d, u, side);
                } catch (ArenaException e) {
                    throw new SceneException("Actuator " + name + ": unstable lengthrange simulation (MuJoCo's compiler "
                            + "computes the range of a muscle without lengthrange by simulating it); give lengthrange.", e);
                }
                if (d.time > INTTOTAL - INTEVAL) {
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
            if (lmax[side] - lmin[side] > TOLRANGE * dif) {
                throw new SceneException("Actuator " + name + ": the lengthrange computation did not converge (side " + side
                        + " evaluated " + lmin[side] + " to " + lmax[side] + "); give lengthrange.");
            }
        }
    }

    /** MuJoCo's {@code evalAct}: damp the velocity, pull along the actuator with acceleration 20, step; the length before the step. */
    private static double evalAct(PhysicsModel pm, MjData d, int u, int side) {
        MjModel m = pm.m;
        int nv = m.nv;
        double decay = Math.exp(-m.timestep / Math.max(0.01, TIMECONST));
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
        double scale = (2 * side - 1) * ACCEL / Math.max(1e-15, nrm);
        for (int i = 0; i < nv; i++) {
            f[i] *= scale;
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
