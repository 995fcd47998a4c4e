package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.forward.Step;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Joint and tendon frictionloss, per-joint limit parameters, {@code <option><flag>}, the RK4
 * integrator and actuator dynamics (integrator, filter: the {@code act} state) against MuJoCo
 * 2.2.2's own runs of the same scenes (resources io/vlaarena/sim/reference/: joint_friction,
 * option_flags, option_flags_off, rk4, implicit, actuator_dyn; trajectories every step, activations as
 * {@code #a} lines). Prints the achieved errors.
 */
@Timeout(120)
class PhysicsOptionsFidelityTest {

    /** Steps from the keyframe along the reference, comparing qpos, qvel and act after every printed step. */
    private static double[] follow(String scene, String traj) {
        MjModel m = MjcfLoader.load(Reference.text(scene));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        List<double[]> acts = new ArrayList<>();
        for (String line : Reference.text(traj).split("\n")) {
            if (line.startsWith("#a ")) {
                String[] p = line.substring(3).trim().split("\\s+");
                double[] v = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    v[i] = Double.parseDouble(p[i]);
                }
                acts.add(v);
            }
        }
        double qmax = 0, vmax = 0, amax = 0;
        int step = 0, row = 0;
        for (double[] r : Reference.trajectory(traj)) {
            Step.step(d.model, d, (int) r[0] - step);
            step = (int) r[0];
            for (int i = 0; i < m.nq; i++) {
                qmax = Math.max(qmax, Math.abs(d.qpos[i] - r[3 + i]));
            }
            for (int i = 0; i < m.nv; i++) {
                vmax = Math.max(vmax, Math.abs(d.qvel[i] - r[3 + m.nq + i]));
            }
            if (m.na > 0) {
                double[] a = acts.get(row);
                assertThat((int) a[0]).isEqualTo(step);
                for (int i = 0; i < m.na; i++) {
                    amax = Math.max(amax, Math.abs(d.act[i] - a[1 + i]));
                }
            }
            row++;
        }
        System.out.printf("fidelity %s: qpos max %.3e, qvel max %.3e, act max %.3e over %d steps%n", traj, qmax, vmax, amax,
                step);
        return new double[] {qmax, vmax, amax, step};
    }

    @Test
    void jointAndTendonFrictionlossAndLimitParametersTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("joint_friction.xml"));
        assertThat(m.dof_frictionloss).containsExactly(0.3, 0.05, 0.8, 0, 0, 0, 0, 0);
        assertThat(m.tendon_frictionloss).containsExactly(0.1);
        double[] e = follow("joint_friction.xml", "joint_friction.traj.txt");
        assertThat(e[3]).isEqualTo(1000);
        // round-off over 1000 steps of stick-slip (measured 2.1e-12 and 4.4e-11 at speeds up to 5)
        assertThat(e[0]).isLessThan(1e-11);
        assertThat(e[1]).isLessThan(1e-10);
    }

    @Test
    void frictionlossRowsComeAfterEqualitiesAndAreBoundedByTheFrictionloss() {
        MjModel m = MjcfLoader.load(Reference.text("joint_friction.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        for (int step = 0; step < 200; step++) {
            Step.step(d.model, d);
            // one row per dof with frictionloss (3) and one for the tendon, before any limit row
            assertThat(d.nf).isEqualTo(4);
            for (int r = 0; r < 3; r++) {
                assertThat(d.efc_type[r]).isEqualTo(MjData.CNSTR_FRICTION_DOF);
                assertThat(Math.abs(d.efc_force[r])).isLessThanOrEqualTo(m.dof_frictionloss[d.efc_id[r]]);
            }
            assertThat(d.efc_type[3]).isEqualTo(MjData.CNSTR_FRICTION_TENDON);
            assertThat(Math.abs(d.efc_force[3])).isLessThanOrEqualTo(0.1);
        }
    }

    @Test
    void disabledGravityClampctrlWarmstartFilterparentAndRefsafeTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("option_flags.xml"));
        assertThat(m.disableflags).isEqualTo(MjModel.DSBL_GRAVITY | MjModel.DSBL_CLAMPCTRL | MjModel.DSBL_WARMSTART
                | MjModel.DSBL_FILTERPARENT | MjModel.DSBL_REFSAFE | MjModel.DSBL_SENSOR);
        assertThat(m.enableflags).isEqualTo(MjModel.ENBL_ENERGY);
        double[] e = follow("option_flags.xml", "option_flags.traj.txt");
        // round-off (1e-13) for 380 steps; then the parent and child press 2.5 cm into each other
        // with a contact time constant of one step (refsafe off) and ~450 N, which amplifies it
        // (measured 4.9e-11 at the end)
        assertThat(e[0]).isLessThan(1e-9);
    }

    @Test
    void disabledContactEqualityLimitPassiveFrictionlossAndActuationTrackMuJoCo() {
        double[] e = follow("option_flags_off.xml", "option_flags_off.traj.txt");
        assertThat(e[0]).isLessThan(1e-12);
        assertThat(e[1]).isLessThan(1e-12);
    }

    @Test
    void rungeKuttaTracksMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("rk4.xml"));
        assertThat(m.integrator).isEqualTo(MjModel.INT_RK4);
        double[] e = follow("rk4.xml", "rk4.traj.txt");
        assertThat(e[3]).isEqualTo(500);
        assertThat(e[0]).isLessThan(1e-9);
        assertThat(e[2]).isLessThan(1e-12);
    }

    @Test
    void implicitIntegratorTracksMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("implicit.xml"));
        assertThat(m.integrator).isEqualTo(MjModel.INT_IMPLICIT);
        double[] e = follow("implicit.xml", "implicit.traj.txt");
        assertThat(e[3]).isEqualTo(300);
        assertThat(e[0]).isLessThan(1e-12);
        assertThat(e[1]).isLessThan(1e-10);
    }

    @Test
    void muscleLengthRangesParametersAndMotionTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("muscle.xml"));
        assertThat(m.na).isEqualTo(4);
        double lrErr = 0, accErr = 0;
        int muscles = 0;
        for (String line : Reference.text("muscle.layout.txt").split("\n")) {
            if (!line.startsWith("#lr ")) {
                continue;
            }
            String[] p = line.substring(4).trim().split("\\s+");
            int u = Integer.parseInt(p[0]);
            for (int k = 0; k < 2; k++) {
                lrErr = Math.max(lrErr, Math.abs(m.actuator_lengthrange[2 * u + k] - Double.parseDouble(p[1 + k])));
            }
            accErr = Math.max(accErr, Math.abs(m.actuator_acc0[u] - Double.parseDouble(p[3])) / Double.parseDouble(p[3]));
            for (int k = 0; k < 9; k++) {
                assertThat(m.actuator_gainprm[MjModel.NGAIN * u + k]).isEqualTo(Double.parseDouble(p[4 + k]));
                assertThat(m.actuator_biasprm[MjModel.NGAIN * u + k]).isEqualTo(Double.parseDouble(p[4 + k]));
            }
            assertThat(m.actuator_dynprm[3 * u]).isEqualTo(Double.parseDouble(p[13]));
            assertThat(m.actuator_dynprm[3 * u + 1]).isEqualTo(Double.parseDouble(p[14]));
            muscles++;
        }
        System.out.printf("muscle: lengthrange max error %.3e, acc0 max relative error %.3e%n", lrErr, accErr);
        assertThat(muscles).isEqualTo(4);
        // the two tendon muscles' ranges come from MuJoCo's 10 s lengthrange simulation, run here the same way
        assertThat(lrErr).isLessThan(1e-12);
        assertThat(accErr).isLessThan(1e-12);
        double[] e = follow("muscle.xml", "muscle.traj.txt");
        assertThat(e[0]).isLessThan(1e-12);
        assertThat(e[2]).isLessThan(1e-12);
    }

    @Test
    void integratorAndFilterActivationsTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("actuator_dyn.xml"));
        assertThat(m.na).isEqualTo(3);
        assertThat(m.actuator_dyntype).containsExactly(MjModel.DYN_NONE, MjModel.DYN_INTEGRATOR, MjModel.DYN_FILTER,
                MjModel.DYN_FILTER);
        assertThat(m.key_act).containsExactly(0.1, -0.5, 0.2);
        double[] e = follow("actuator_dyn.xml", "actuator_dyn.traj.txt");
        // the cart travels about 10 m: 1e-12 relative
        assertThat(e[0]).isLessThan(1e-11);
        assertThat(e[2]).isLessThan(1e-12);
    }

    /**
     * solimp values outside MuJoCo's bounds (dm_control's humanoid limits use dmin 0) are accepted
     * and clamped when the rows are built, as MuJoCo 2.2.2's getsolparam does, for joint limits,
     * frictionloss, tendon limits and equalities ({@code solimp_clamp.xml}).
     */
    @Test
    void solimpOutsideItsBoundsIsClampedAsMuJoCoClampsIt() {
        MjModel m = MjcfLoader.load(Reference.text("solimp_clamp.xml"));
        // stored as written, as MuJoCo stores them
        assertThat(m.jnt_solimp[0]).isEqualTo(0.0);
        assertThat(m.eq_solimp[1]).isEqualTo(1.0);
        double[] e = follow("solimp_clamp.xml", "solimp_clamp.traj.txt");
        assertThat(e[3]).isEqualTo(500);
        assertThat(e[0]).isLessThan(1e-11);
    }
}
