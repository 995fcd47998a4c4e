package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;

/**
 * Passive forces, MuJoCo's {@code mj_passive}: joint damping {@code −b·qvel} and springs
 * {@code −k(q − qpos_spring)} (hinge, slide; ball and free rotations by the rotation vector
 * from the spring quaternion), then fixed-tendon spring-dampers
 * {@code f = −k(L − lengthspring) − b·L̇} applied through the tendon's coefficients, then the
 * {@link Fluid} forces when the medium has a density or viscosity. (Euler's
 * implicit damping uses {@code dof_damping} again when it integrates.) Stateless.
 */
public final class Passive {
    private Passive() {
    }

    /** Fills {@code qfrc_passive}; needs the tendon lengths and velocities of this state. */
    public static void passive(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] f = d.qfrc_passive;
        if ((m.disableflags & MjModel.DSBL_PASSIVE) != 0) {
            java.util.Arrays.fill(f, 0);
            return;
        }
        for (int i = 0; i < m.nv; i++) {
            f[i] = -m.dof_damping[i] * d.qvel[i];
        }
        for (int j = 0; j < m.njnt; j++) {
            double k = m.jnt_stiffness[j];
            int type = m.jnt_type[j];
            if (k != 0 && (type == MjModel.JNT_HINGE || type == MjModel.JNT_SLIDE)) {
                int qa = m.jnt_qposadr[j];
                f[m.jnt_dofadr[j]] -= k * (d.qpos[qa] - m.qpos_spring[qa]);
            } else if (k != 0) {
                // free: the position spring, then (as ball) the rotation vector from the spring quaternion
                int qa = m.jnt_qposadr[j], da = m.jnt_dofadr[j];
                if (type == MjModel.JNT_FREE) {
                    for (int c = 0; c < 3; c++) {
                        f[da + c] -= k * (d.qpos[qa + c] - m.qpos_spring[qa + c]);
                    }
                    qa += 3;
                    da += 3;
                }
                double[] dif = d.springDif;
                Actuation.subQuat(d.qpos, qa, m.qpos_spring, qa, dif);
                for (int c = 0; c < 3; c++) {
                    f[da + c] -= k * dif[c];
                }
            }
        }
        // tendon spring-dampers after the joint ones; 2.2.2 applies tendon damping explicitly
        for (int t : pm.springTendons) {
            double frc = -m.tendon_stiffness[t] * (d.ten_length[t] - m.tendon_lengthspring[t])
                    - m.tendon_damping[t] * d.ten_velocity[t];
            if (pm.tendonSpatial[t]) {
                for (int i = 0, o = t * m.nv; i < m.nv; i++) {
                    f[i] += d.ten_J[o + i] * frc;
                }
                continue;
            }
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                f[m.jnt_dofadr[m.wrap_jntid[w]]] += m.wrap_coef[w] * frc;
            }
        }
        if (m.viscosity > 0 || m.density > 0) {
            Fluid.fluid(pm, d, f);
        }
    }
}
