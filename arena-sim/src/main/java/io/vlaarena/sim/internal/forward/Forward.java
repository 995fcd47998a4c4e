package io.vlaarena.sim.internal.forward;

import io.vlaarena.sim.internal.collision.CollisionDriver;
import io.vlaarena.sim.internal.constraint.Constraint;
import io.vlaarena.sim.internal.constraint.Impedance;
import io.vlaarena.sim.internal.constraint.Projection;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.Actuation;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.Passive;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Smooth;
import io.vlaarena.sim.internal.solver.ActiveSet;
import io.vlaarena.sim.internal.solver.Pgs;
import io.vlaarena.sim.internal.solver.WarmStart;
import java.util.Arrays;

/**
 * The forward dynamics, MuJoCo's {@code mj_forward} ({@code engine_forward}): positions, then
 * velocities, then the control callback, actuation, the smooth acceleration and the constraint
 * solve, each stage a call into the class that holds it. Stateless: code over (model, data).
 */
public final class Forward {
    private Forward() {
    }

    /** Computes everything up to {@code qacc} for the current state ({@code mj_forward}). */
    public static void forward(PhysicsModel m, MjData d) {
        fwdPosition(m, d);
        fwdVelocity(m, d);
        d.control.control(m, d);
        fwdActuation(m, d);
        fwdAcceleration(m, d);
        fwdConstraint(m, d);
    }

    /**
     * The position stage ({@code mj_fwdPosition}): kinematics, centres of mass and dof axes,
     * cameras and lights, tendon lengths, the mass matrix and its factorization, collisions, the
     * constraint rows and their projection.
     */
    public static void fwdPosition(PhysicsModel m, MjData d) {
        Smooth.kinematics(m, d);
        Smooth.comPos(m, d);
        Smooth.camlight(m, d);
        Smooth.tendon(m, d);
        Smooth.crb(m, d);
        Smooth.factorM(m, d);
        CollisionDriver.collision(m, d);
        Constraint.makeConstraint(m, d);
        Projection.projectConstraint(m, d);
    }

    /**
     * The velocity stage ({@code mj_fwdVelocity}): body velocities, tendon velocities, passive
     * forces, the constraint rows' reference accelerations, and the bias forces (Coriolis,
     * centrifugal, gravity).
     */
    public static void fwdVelocity(PhysicsModel m, MjData d) {
        Smooth.comVel(m, d);
        MjModel mm = m.m;
        for (int t = 0; t < mm.ntendon; t++) {
            double vel = 0;
            for (int w = mm.tendon_adr[t]; w < mm.tendon_adr[t] + mm.tendon_num[t]; w++) {
                vel += mm.wrap_coef[w] * d.qvel[mm.jnt_dofadr[mm.wrap_jntid[w]]];
            }
            d.ten_velocity[t] = vel;
        }
        Passive.passive(m, d);
        Impedance.referenceConstraint(m, d);
        Smooth.rne(m, d, false, d.qfrc_bias);
    }

    /** Actuator forces ({@code mj_fwdActuation}). */
    public static void fwdActuation(PhysicsModel m, MjData d) {
        Actuation.actuation(m, d);
    }

    /** {@code qfrc_smooth = passive − bias + applied + actuator}, {@code qacc_smooth = M⁻¹ qfrc_smooth} ({@code mj_fwdAcceleration}). */
    public static void fwdAcceleration(PhysicsModel m, MjData d) {
        for (int i = 0; i < m.m.nv; i++) {
            d.qfrc_smooth[i] = d.qfrc_passive[i] - d.qfrc_bias[i] + d.qfrc_applied[i] + d.qfrc_actuator[i];
            d.qacc_smooth[i] = d.qfrc_smooth[i];
        }
        Smooth.solveM(m, d, d.qacc_smooth);
    }

    /**
     * The constraint forces ({@code mj_fwdConstraint}): {@code efc_b = J qacc_smooth − aref},
     * the warm start, projected Gauss–Seidel and, with equalities or tendon limits, the exact
     * active-set solve; then {@code qfrc_constraint = Jᵀ f} and
     * {@code qacc = M⁻¹ (qfrc_smooth + qfrc_constraint)}.
     */
    public static void fwdConstraint(PhysicsModel m, MjData d) {
        int nv = m.m.nv, n = d.nefc;
        Arrays.fill(d.qfrc_constraint, 0);
        if (n == 0) {
            WarmStart.clear(d);
            d.solver_iter = 0;
        } else {
            for (int r = 0; r < n; r++) {
                double a0 = 0;
                for (int k = 0; k < d.efc_nnz[r]; k++) {
                    int i = d.efc_nnzidx[r * nv + k];
                    a0 += d.efc_J[r * nv + i] * d.qacc_smooth[i];
                }
                d.efc_b[r] = a0 - d.efc_aref[r];
                d.efc_force[r] = 0;
            }
            WarmStart.load(d);
            Pgs.solve(d);
            boolean tendonLimits = false;
            for (int r = d.ne; r < n && !tendonLimits; r++) {
                tendonLimits = d.efc_type[r] == MjData.CNSTR_LIMIT_TENDON;
            }
            if (d.ne > 0 || tendonLimits) {
                ActiveSet.solve(d);
            }
            WarmStart.save(d);
            for (int r = 0; r < n; r++) {
                double f = d.efc_force[r];
                if (f != 0) {
                    for (int k = 0; k < d.efc_nnz[r]; k++) {
                        int i = d.efc_nnzidx[r * nv + k];
                        d.qfrc_constraint[i] += d.efc_J[r * nv + i] * f;
                    }
                }
            }
        }
        for (int i = 0; i < nv; i++) {
            d.qacc[i] = d.qfrc_smooth[i] + d.qfrc_constraint[i];
        }
        Smooth.solveM(m, d, d.qacc);
    }
}
