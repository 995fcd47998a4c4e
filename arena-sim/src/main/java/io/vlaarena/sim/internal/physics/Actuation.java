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
            int g = MjModel.NGAIN * u, dyn = m.actuator_dyntype[u];
            double gain = switch (m.actuator_gaintype[u]) {
                case MjModel.GAIN_AFFINE -> gp[g] + gp[g + 1] * len + gp[g + 2] * vel;
                case MjModel.GAIN_MUSCLE -> muscleGain(len, vel, m.actuator_lengthrange, 2 * u, m.actuator_acc0[u], gp, g);
                default -> gp[g];
            };
            double force;
            if (dyn == MjModel.DYN_NONE) {
                force = gain * c;
            } else {
                int j = u - (m.nu - m.na);
                force = gain * d.act[j];
                // MuJoCo's act_dot: integrator da/dt = u, filter da/dt = (u - a) / tau, muscle: a filter with
                // activation-dependent time constants
                d.act_dot[j] = switch (dyn) {
                    case MjModel.DYN_INTEGRATOR -> c;
                    case MjModel.DYN_FILTER -> (c - d.act[j]) / Math.max(1e-15, m.actuator_dynprm[3 * u]);
                    default -> muscleDynamics(c, d.act[j], m.actuator_dynprm[3 * u], m.actuator_dynprm[3 * u + 1]);
                };
            }
            if (m.actuator_biastype[u] == MjModel.BIAS_AFFINE) {
                force += bp[g] + bp[g + 1] * len + bp[g + 2] * vel;
            } else if (m.actuator_biastype[u] == MjModel.BIAS_MUSCLE) {
                force += muscleBias(len, m.actuator_lengthrange, 2 * u, m.actuator_acc0[u], bp, g);
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

    /**
     * MuJoCo's {@code mju_muscleGain}: minus force × the active force-length curve × the
     * force-velocity curve, with prm (at p) = range[2], force, scale, lmin, lmax, vmax, fpmax, fvmax
     * and a negative force replaced by {@code scale / acc0}.
     */
    static double muscleGain(double len, double vel, double[] lr, int lo, double acc0, double[] prm, int p) {
        double l0 = optimalLength(lr, lo, prm, p);
        double v = vel / Math.max(1e-15, l0 * prm[p + 6]);
        double fvmax = prm[p + 8], fv, y = fvmax - 1;
        if (v <= -1) {
            fv = 0;
        } else if (v <= 0) {
            fv = (v + 1) * (v + 1);
        } else if (v <= y) {
            fv = fvmax - (y - v) * (y - v) / Math.max(1e-15, y);
        } else {
            fv = fvmax;
        }
        return -muscleForce(prm, p, acc0) * forceLength(len, lr, lo, l0, prm, p) * fv;
    }

    /** MuJoCo's {@code mju_muscleGain} derivative in the velocity ({@code mjd_muscleGain_vel}). */
    static double muscleGainVel(double len, double vel, double[] lr, int lo, double acc0, double[] prm, int p) {
        double l0 = optimalLength(lr, lo, prm, p);
        double v = vel / Math.max(1e-15, l0 * prm[p + 6]);
        double dfv, y = prm[p + 8] - 1;
        if (v <= -1) {
            dfv = 0;
        } else if (v <= 0) {
            dfv = 2 * v + 2;
        } else if (v <= y) {
            dfv = (-2 * v + 2 * y) / Math.max(1e-15, y);
        } else {
            dfv = 0;
        }
        return -muscleForce(prm, p, acc0) * forceLength(len, lr, lo, l0, prm, p) * dfv / Math.max(1e-15, l0 * prm[p + 6]);
    }

    /** The muscle's optimal length: the length range over the operating range. */
    private static double optimalLength(double[] lr, int lo, double[] prm, int p) {
        return (lr[lo + 1] - lr[lo]) / Math.max(1e-15, prm[p + 1] - prm[p]);
    }

    /** The active force-length curve at the normalized length (piecewise quadratic between lmin and lmax). */
    private static double forceLength(double len, double[] lr, int lo, double l0, double[] prm, int p) {
        double lmin = prm[p + 4], lmax = prm[p + 5];
        double a = 0.5 * (lmin + 1), b = 0.5 * (1 + lmax), x;
        double l = prm[p] + (len - lr[lo]) / Math.max(1e-15, l0);
        if (l >= lmin && l <= a) {
            x = (l - lmin) / Math.max(1e-15, a - lmin);
            return 0.5 * x * x;
        } else if (l <= 1) {
            x = (1 - l) / Math.max(1e-15, 1 - a);
            return 1 - 0.5 * x * x;
        } else if (l <= b) {
            x = (l - 1) / Math.max(1e-15, b - 1);
            return 1 - 0.5 * x * x;
        } else if (l <= lmax) {
            x = (lmax - l) / Math.max(1e-15, lmax - b);
            return 0.5 * x * x;
        }
        return 0;
    }

    /** MuJoCo's {@code mju_muscleBias}: the passive force, half-quadratic beyond the optimal length, then linear. */
    static double muscleBias(double len, double[] lr, int lo, double acc0, double[] prm, int p) {
        double force = muscleForce(prm, p, acc0);
        double lmax = prm[p + 5], fpmax = prm[p + 7];
        double l0 = optimalLength(lr, lo, prm, p);
        double l = prm[p] + (len - lr[lo]) / Math.max(1e-15, l0);
        double b = 0.5 * (1 + lmax);
        if (l <= 1) {
            return 0;
        } else if (l <= b) {
            double x = (l - 1) / Math.max(1e-15, b - 1);
            return -force * fpmax * 0.5 * x * x;
        }
        double x = (l - b) / Math.max(1e-15, b - 1);
        return -force * fpmax * (0.5 + x);
    }

    private static double muscleForce(double[] prm, int p, double acc0) {
        double force = prm[p + 2];
        return force < 0 ? prm[p + 3] / Math.max(1e-15, acc0) : force;
    }

    /** MuJoCo's {@code mju_muscleDynamics}: a filter from the clamped ctrl with Millard's activation-dependent time constant. */
    static double muscleDynamics(double ctrl, double act, double tauAct, double tauDeact) {
        double c = Math.max(0, Math.min(1, ctrl));
        double a = Math.max(0, Math.min(1, act));
        double tau = c > act ? tauAct * (0.5 + 1.5 * a) : tauDeact / (0.5 + 1.5 * a);
        return (c - act) / Math.max(1e-15, tau);
    }

    /** The slot of {@code dof} among the actuator's sorted dofs. */
    private static int slot(int[] dofs, int adr, int num, int dof) {
        return Arrays.binarySearch(dofs, adr, adr + num, dof);
    }
}
