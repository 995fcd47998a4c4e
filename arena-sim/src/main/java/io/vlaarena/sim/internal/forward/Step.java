package io.vlaarena.sim.internal.forward;

import io.vlaarena.core.ArenaException;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Smooth;
import io.vlaarena.sim.internal.physics.Support;
import java.util.Locale;

/**
 * One step, MuJoCo's {@code mj_step} with the Euler integrator: {@link Forward#forward}, then
 * {@code mj_Euler} (implicit in the joint damping), then the divergence check. Stateless.
 */
public final class Step {
    /** Values of qpos/qvel above this magnitude count as divergence (MuJoCo's mjMAXVAL). */
    public static final double MAX_VALUE = 1e10;

    private Step() {
    }

    /** One step; throws {@link ArenaException} when the state diverges. */
    public static void step(PhysicsModel m, MjData d) {
        Forward.forward(m, d);
        euler(m, d);
        checkDivergence(m, d);
    }

    /** {@code n} steps. */
    public static void step(PhysicsModel m, MjData d, int n) {
        for (int i = 0; i < n; i++) {
            step(m, d);
        }
    }

    /**
     * MuJoCo 2.2.2's Euler ({@code mj_Euler}): with joint damping, {@code (M + h·D)·qacc = f}
     * with the damping force {@code −D qvel} already in f; then {@code qvel += h·qacc}, qpos
     * integrated with the new qvel, {@code time += h}.
     */
    public static void euler(PhysicsModel m, MjData d) {
        MjModel mm = m.m;
        int nv = mm.nv;
        double h = mm.timestep;
        if (m.anyDamping) {
            System.arraycopy(d.qM, 0, d.qH, 0, m.nM);
            for (int i = 0; i < nv; i++) {
                d.qH[m.dofMadr[i]] += h * mm.dof_damping[i];
            }
            Smooth.factor(m, d, d.qH, d.qH);
            for (int i = 0; i < nv; i++) {
                d.qacc[i] = d.qfrc_smooth[i] + d.qfrc_constraint[i];
            }
            Smooth.solveLD(m, d.qH, d.qacc);
        }
        for (int i = 0; i < nv; i++) {
            d.qvel[i] += h * d.qacc[i];
        }
        Support.integratePos(m, d.qpos, d.qvel, h, d.tmp4);
        d.time += h;
    }

    /** Throws {@link ArenaException} naming the joint when a qpos or qvel value is not finite or exceeds {@link #MAX_VALUE}. */
    public static void checkDivergence(PhysicsModel m, MjData d) {
        MjModel mm = m.m;
        for (int j = 0; j < mm.njnt; j++) {
            int qa = mm.jnt_qposadr[j], da = mm.jnt_dofadr[j];
            int type = mm.jnt_type[j];
            int nqj = type == MjModel.JNT_FREE ? 7 : type == MjModel.JNT_BALL ? 4 : 1;
            int nvj = type == MjModel.JNT_FREE ? 6 : type == MjModel.JNT_BALL ? 3 : 1;
            boolean bad = false;
            for (int i = 0; i < nqj; i++) {
                bad |= !(Math.abs(d.qpos[qa + i]) <= MAX_VALUE);
            }
            for (int i = 0; i < nvj; i++) {
                bad |= !(Math.abs(d.qvel[da + i]) <= MAX_VALUE);
            }
            if (bad) {
                String name = !mm.jnt_name[j].isEmpty() ? mm.jnt_name[j] : "#" + j;
                throw new ArenaException(String.format(Locale.ROOT,
                        "Simulation diverged at t=%.4f s in joint '%s': qpos or qvel is not finite or exceeds %.0e.",
                        d.time, name, MAX_VALUE));
            }
        }
    }
}
