package io.vlaarena.sim.internal.forward;

import io.vlaarena.core.ArenaException;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.Derivative;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Smooth;
import io.vlaarena.sim.internal.physics.Support;
import java.util.Locale;

/**
 * One step, MuJoCo's {@code mj_step}: {@link Forward#forward}, then the model's integrator
 * ({@code mj_Euler}, implicit in the joint damping, or {@code mj_RungeKutta} of order 4), then
 * the divergence check. Stateless.
 */
public final class Step {
    /** Values of qpos/qvel above this magnitude count as divergence (MuJoCo's mjMAXVAL). */
    public static final double MAX_VALUE = 1e10;

    /** MuJoCo's RK4 tableau: A (3 x 3, row i-1 for stage i), B, and C = the row sums of A. */
    private static final double[] RK4_A = {0.5, 0, 0, 0, 0.5, 0, 0, 0, 1};
    private static final double[] RK4_B = {1.0 / 6.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 6.0};

    private Step() {
    }

    /** One step; throws {@link ArenaException} when the state diverges. */
    public static void step(PhysicsModel m, MjData d) {
        Forward.forward(m, d);
        switch (m.m.integrator) {
            case MjModel.INT_RK4 -> rungeKutta(m, d);
            case MjModel.INT_IMPLICIT -> implicit(m, d);
            default -> euler(m, d);
        }
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
     * with the damping force {@code −D qvel} already in f; then {@link #advance} with the new
     * qvel for the positions.
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
        advance(m, d, d.act_dot, d.qacc, null);
    }

    /**
     * MuJoCo's {@code mj_advance}: {@code act += h·act_dot} (clamped to actrange where limited),
     * {@code qvel += h·qacc}, qpos integrated with {@code qvel} if given, else with the new
     * {@code d.qvel}, {@code time += h}.
     */
    private static void advance(PhysicsModel m, MjData d, double[] actDot, double[] qacc, double[] qvel) {
        MjModel mm = m.m;
        double h = mm.timestep;
        for (int i = 0; i < mm.na; i++) {
            d.act[i] += h * actDot[i];
            int u = i + mm.nu - mm.na;
            if (mm.actuator_actlimited[u]) {
                d.act[i] = Math.max(mm.actuator_actrange[2 * u], Math.min(mm.actuator_actrange[2 * u + 1], d.act[i]));
            }
        }
        for (int i = 0; i < mm.nv; i++) {
            d.qvel[i] += h * qacc[i];
        }
        Support.integratePos(m, d.qpos, qvel != null ? qvel : d.qvel, h, d.tmp4);
        d.time += h;
    }

    /**
     * MuJoCo's {@code mj_RungeKutta(m, d, 4)}: stages i = 1..3 start from the initial state moved
     * by {@code h·Σ_j A(i,j)·(qvel_j; qacc_j, act_dot_j)} and evaluate {@link Forward#forward} at
     * time {@code t + C_i h}; the step then advances the initial state by the B-weighted sums
     * (positions integrated with the weighted velocities).
     */
    public static void rungeKutta(PhysicsModel m, MjData d) {
        MjModel mm = m.m;
        int nq = mm.nq, nv = mm.nv, na = mm.na;
        double h = mm.timestep, time = d.time;
        double[][] xq = d.rk_qpos, xv = d.rk_qvel, xa = d.rk_act, fv = d.rk_qacc, fa = d.rk_actdot;
        double[] dv = d.rk_dqvel, dacc = d.rk_dqacc, dact = d.rk_dact;
        System.arraycopy(d.qpos, 0, xq[0], 0, nq);
        System.arraycopy(d.qvel, 0, xv[0], 0, nv);
        System.arraycopy(d.qacc, 0, fv[0], 0, nv);
        System.arraycopy(d.act, 0, xa[0], 0, na);
        System.arraycopy(d.act_dot, 0, fa[0], 0, na);
        for (int i = 1; i < 4; i++) {
            java.util.Arrays.fill(dv, 0);
            java.util.Arrays.fill(dacc, 0);
            java.util.Arrays.fill(dact, 0);
            double c = 0;
            for (int j = 0; j < i; j++) {
                double a = RK4_A[(i - 1) * 3 + j];
                c += a;
                addScaled(dv, xv[j], a, nv);
                addScaled(dacc, fv[j], a, nv);
                addScaled(dact, fa[j], a, na);
            }
            System.arraycopy(xq[0], 0, xq[i], 0, nq);
            System.arraycopy(xv[0], 0, xv[i], 0, nv);
            System.arraycopy(xa[0], 0, xa[i], 0, na);
            Support.integratePos(m, xq[i], dv, h, d.tmp4);
            addScaled(xv[i], dacc, h, nv);
            addScaled(xa[i], dact, h, na);
            System.arraycopy(xq[i], 0, d.qpos, 0, nq);
            System.arraycopy(xv[i], 0, d.qvel, 0, nv);
            System.arraycopy(xa[i], 0, d.act, 0, na);
            d.time = time + c * h;
            Forward.forward(m, d, true);
            System.arraycopy(d.qacc, 0, fv[i], 0, nv);
            System.arraycopy(d.act_dot, 0, fa[i], 0, na);
        }
        java.util.Arrays.fill(dv, 0);
        java.util.Arrays.fill(dacc, 0);
        java.util.Arrays.fill(dact, 0);
        for (int j = 0; j < 4; j++) {
            addScaled(dv, xv[j], RK4_B[j], nv);
            addScaled(dacc, fv[j], RK4_B[j], nv);
            addScaled(dact, fa[j], RK4_B[j], na);
        }
        d.time = time;
        System.arraycopy(xq[0], 0, d.qpos, 0, nq);
        System.arraycopy(xv[0], 0, d.qvel, 0, nv);
        System.arraycopy(xa[0], 0, d.act, 0, na);
        advance(m, d, dact, dacc, dv);
    }

    /**
     * MuJoCo 2.2.2's {@code mj_implicit}, implicit in velocity: {@code (qM − h·qDeriv)·qacc =
     * qfrc_smooth + qfrc_constraint} with {@code qDeriv} from {@link Derivative#smoothVel},
     * factored as MuJoCo's reverse-order sparse LU ({@code mju_factorLUSparse}, no fill-in on the
     * dofs' chains) and solved; then {@link #advance} with that acceleration.
     */
    public static void implicit(PhysicsModel m, MjData d) {
        MjModel mm = m.m;
        int nv = mm.nv;
        double h = mm.timestep;
        double[] lu = d.qLU, deriv = d.qDeriv;
        boolean[] chain = d.dofChain;
        Derivative.smoothVel(m, d);
        // qLU = qM (symmetric, on the chains) + qDeriv * (-h)
        for (int i = 0; i < nv; i++) {
            int adr = m.dofMadr[i];
            for (int j = i; j >= 0; j = mm.dof_parentid[j], adr++) {
                lu[i * nv + j] = d.qM[adr] + deriv[i * nv + j] * -h;
                if (j != i) {
                    lu[j * nv + i] = d.qM[adr] + deriv[j * nv + i] * -h;
                }
            }
        }
        // reverse-order LU: for each i from the last dof, rows j above i with (j, i) on a chain are
        // ancestors of i; their entries (j, k) for the strict ancestors k of i get the update
        for (int i = nv - 1; i >= 0; i--) {
            double lii = lu[i * nv + i];
            for (int j = mm.dof_parentid[i]; j >= 0; j = mm.dof_parentid[j]) {
                double lji = lu[j * nv + i] / lii;
                lu[j * nv + i] = lji;
                for (int k = mm.dof_parentid[i]; k >= 0; k = mm.dof_parentid[k]) {
                    lu[j * nv + k] -= lu[i * nv + k] * lji;
                }
            }
        }
        double[] res = d.qacc_implicit, f = d.qfrc_implicit;
        for (int i = 0; i < nv; i++) {
            f[i] = d.qfrc_smooth[i] + d.qfrc_constraint[i];
        }
        // (U + I) res = f: the later dofs of row i (descendants) in decreasing order
        for (int i = nv - 1; i >= 0; i--) {
            res[i] = f[i];
            for (int k = nv - 1; k > i; k--) {
                if (chain[i * nv + k]) {
                    res[i] -= res[k] * lu[i * nv + k];
                }
            }
        }
        // L res = res: the earlier dofs of row i (ancestors) in increasing order, then the diagonal
        for (int i = 0; i < nv; i++) {
            for (int k = 0; k < i; k++) {
                if (chain[i * nv + k]) {
                    res[i] -= res[k] * lu[i * nv + k];
                }
            }
            res[i] /= lu[i * nv + i];
        }
        advance(m, d, d.act_dot, res, null);
    }

    private static void addScaled(double[] dst, double[] src, double s, int n) {
        for (int k = 0; k < n; k++) {
            dst[k] += s * src[k];
        }
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
