package io.vlaarena.sim.internal.forward;

import io.vlaarena.sim.internal.collision.CollisionDriver;
import io.vlaarena.sim.internal.constraint.Constraint;
import io.vlaarena.sim.internal.constraint.Impedance;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.Actuation;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.Passive;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Sensor;
import io.vlaarena.sim.internal.physics.Smooth;
import io.vlaarena.sim.internal.solver.Newton;
import io.vlaarena.sim.internal.solver.Pgs;
import java.util.Arrays;

/**
 * The forward dynamics, MuJoCo's {@code mj_forward} ({@code engine_forward}): positions, then
 * velocities, then the control callback, actuation, the smooth acceleration and the constraint
 * solve, each stage a call into the class that holds it. Stateless: code over (model, data).
 */
public final class Forward {
    private Forward() {
    }

    /** Computes everything up to {@code qacc} for the current state, then the sensors ({@code mj_forward}). */
    public static void forward(PhysicsModel m, MjData d) {
        forward(m, d, false);
    }

    /**
     * {@link #forward}, without the sensors when {@code skipSensor} (MuJoCo's
     * {@code mj_forwardSkip(m, d, mjSTAGE_NONE, 1)}: the inner stages of RK4 leave sensordata as the
     * step's first pass computed it).
     */
    public static void forward(PhysicsModel m, MjData d, boolean skipSensor) {
        fwdPosition(m, d);
        fwdVelocity(m, d);
        d.control.control(m, d);
        fwdActuation(m, d);
        fwdAcceleration(m, d);
        fwdConstraint(m, d);
        if (!skipSensor) {
            Sensor.sensors(m, d);
        }
    }

    /**
     * The position stage ({@code mj_fwdPosition}): kinematics, centres of mass and dof axes,
     * cameras and lights, tendon lengths, the mass matrix and its factorization, collisions and
     * the constraint rows.
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
            if (m.tendonSpatial[t]) {
                for (int i = 0, o = t * mm.nv; i < mm.nv; i++) {
                    vel += d.ten_J[o + i] * d.qvel[i];
                }
            }
            for (int w = mm.tendon_adr[t]; w < mm.tendon_adr[t] + mm.tendon_num[t] && !m.tendonSpatial[t]; w++) {
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
     * The constraint forces ({@code mj_fwdConstraint}): {@code efc_b = J qacc_smooth − aref}, then
     * the model's solver (Newton or CG, or PGS) from its warm start, which sets {@code qacc}, {@code efc_force} and
     * {@code qfrc_constraint}; without rows, {@code qacc = M⁻¹ qfrc_smooth}.
     */
    public static void fwdConstraint(PhysicsModel m, MjData d) {
        int nv = m.m.nv, n = d.nefc;
        if (n == 0) {
            Arrays.fill(d.qfrc_constraint, 0);
            d.solver_iter = 0;
            for (int i = 0; i < nv; i++) {
                d.qacc[i] = d.qfrc_smooth[i] + d.qfrc_constraint[i];
            }
            Smooth.solveM(m, d, d.qacc);
            System.arraycopy(d.qacc, 0, d.qacc_warmstart, 0, nv);
            return;
        }
        for (int r = 0; r < n; r++) {
            double a0 = 0;
            for (int k = d.efc_J_rowadr[r], end = k + d.efc_J_rownnz[r]; k < end; k++) {
                a0 += d.efc_J[k] * d.qacc_smooth[d.efc_J_colind[k]];
            }
            d.efc_b[r] = a0 - d.efc_aref[r];
        }
        if (m.m.solver == io.vlaarena.sim.internal.model.MjModel.SOL_PGS) {
            Pgs.of(d).solve(m, d);
        } else {
            Newton.of(d).solve(m, d);
        }
    }
}
