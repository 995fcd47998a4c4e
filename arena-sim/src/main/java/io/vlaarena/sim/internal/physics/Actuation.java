package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;
import java.util.Arrays;

/**
 * Actuators, MuJoCo's {@code mj_transmission} and {@code mj_fwdActuation}: joint or fixed-tendon
 * transmission (length = gear·Σ coef·q, moment = gear·coef), ctrl clamped to ctrlrange when
 * limited (unless the clampctrl flag is off), force = gain·(ctrl, or the activation for actuators
 * with dynamics) + b0 + b1·length + b2·velocity clamped to forcerange when limited,
 * {@code qfrc_actuator = momentᵀ·force}; the activations' derivatives {@code act_dot}
 * (integrator: ctrl; filter: (ctrl − act)/τ). The actuation flag off leaves every force zero.
 * Stateless.
 */
public final class Actuation {
    private Actuation() {
    }

    /** Fills the actuator lengths, velocities, moments, forces and {@code qfrc_actuator}. */
    public static void actuation(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] moment = d.actuator_moment;
        int[] dofs = pm.momentDof;
        Arrays.fill(d.qfrc_actuator, 0);
        Arrays.fill(moment, 0);
        for (int u = 0; u < m.nu; u++) {
            double gear = m.actuator_gear[u];
            int id = m.actuator_trnid[u];
            int adr = pm.momentAdr[u], num = pm.momentNum[u];
            double len = 0;
            if (m.actuator_trntype[u] == MjModel.TRN_TENDON && pm.tendonSpatial[id]) {
                len = d.ten_length[id] * gear;
                for (int k = adr; k < adr + num; k++) {
                    moment[k] = d.ten_J[id * m.nv + dofs[k]] * gear;
                }
            } else if (m.actuator_trntype[u] == MjModel.TRN_TENDON) {
                for (int w = m.tendon_adr[id]; w < m.tendon_adr[id] + m.tendon_num[id]; w++) {
                    int j = m.wrap_jntid[w];
                    double coef = m.wrap_coef[w];
                    len += coef * d.qpos[m.jnt_qposadr[j]];
                    moment[slot(dofs, adr, num, m.jnt_dofadr[j])] += gear * coef;
                }
                len *= gear;
            } else if (num > 0) {
                len = gear * d.qpos[m.jnt_qposadr[id]];
                moment[adr] = gear;
            }
            double vel = 0;
            for (int k = adr; k < adr + num; k++) {
                vel += moment[k] * d.qvel[dofs[k]];
            }
            d.actuator_length[u] = len;
            d.actuator_velocity[u] = vel;
            if ((m.disableflags & MjModel.DSBL_ACTUATION) != 0) {
                // as MuJoCo: no force and act_dot left as it was
                d.actuator_force[u] = 0;
                continue;
            }
            double c = d.ctrl[u];
            if (m.actuator_ctrllimited[u] && (m.disableflags & MjModel.DSBL_CLAMPCTRL) == 0) {
                c = Math.max(m.actuator_ctrlrange[2 * u], Math.min(m.actuator_ctrlrange[2 * u + 1], c));
            }
            double[] gp = m.actuator_gainprm, bp = m.actuator_biasprm;
            int dyn = m.actuator_dyntype[u];
            double force;
            if (dyn == MjModel.DYN_NONE) {
                force = gp[3 * u] * c;
            } else {
                int j = u - (m.nu - m.na);
                force = gp[3 * u] * d.act[j];
                // MuJoCo's act_dot: integrator da/dt = u, filter da/dt = (u - a) / tau
                d.act_dot[j] = dyn == MjModel.DYN_INTEGRATOR ? c
                        : (c - d.act[j]) / Math.max(1e-15, m.actuator_dynprm[3 * u]);
            }
            if (m.actuator_biastype[u] == MjModel.BIAS_AFFINE) {
                force += bp[3 * u] + bp[3 * u + 1] * len + bp[3 * u + 2] * vel;
            }
            if (m.actuator_forcelimited[u]) {
                force = Math.max(m.actuator_forcerange[2 * u], Math.min(m.actuator_forcerange[2 * u + 1], force));
            }
            d.actuator_force[u] = force;
            for (int k = adr; k < adr + num; k++) {
                d.qfrc_actuator[dofs[k]] += moment[k] * force;
            }
        }
    }

    /** The slot of {@code dof} among the actuator's sorted dofs. */
    private static int slot(int[] dofs, int adr, int num, int dof) {
        return Arrays.binarySearch(dofs, adr, adr + num, dof);
    }
}
