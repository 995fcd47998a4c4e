package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The arena's core task against MuJoCo 2.2.2: in the composed franka/table scene the arm moves
 * above the red cube, descends, closes the gripper on it, holds, lifts it 10 cm and holds it for
 * 1 s, driven by the ctrl schedule {@code franka_table_grasp.ctrl.txt} (written by
 * {@link GraspSchedule}); MuJoCo's trajectory under the same schedule is
 * {@code franka_table_grasp.traj.txt}. See docs/simulator.md, "Grasp and lift against MuJoCo".
 *
 * <p>The colliders are MuJoCo's (its box-box routine for the finger pads on the cube, including
 * the steps where it resolves a pad through its edge-edge branch) and the constraint solver is its
 * Newton solver, so the whole run agrees to round-off with the same number of contacts at every
 * printed step.
 */
@Timeout(120)
class GraspFidelityTest {
    static final String SCHEDULE = "franka_table_grasp.ctrl.txt";
    static final String REFERENCE = "franka_table_grasp.traj.txt";
    /** End of the lift (4.2 s) and of the hold (5.2 s). */
    static final int LIFTED = 2100, HELD = 2600;
    /** qpos addresses: arm 0..6, fingers 7 and 8, red cube position 9..11 and quaternion 12..15. */
    static final int FINGER = 7, CUBE = 9;

    @Test
    void graspAndLiftFollowMuJoCo() {
        SimModel model = SimModel.load(FrankaFidelityTest.resource("/io/vlaarena/sim/reference/franka_table.xml"));
        List<double[]> schedule = FrankaFidelityTest.rows(SCHEDULE);
        List<double[]> ref = FrankaFidelityTest.rows(REFERENCE);
        assertThat(schedule).hasSize(260);
        assertThat(ref.get(ref.size() - 1)[0]).isEqualTo(HELD);
        Simulation sim = model.newSimulation();
        sim.resetToKey("home");
        sim.setCtrl(schedule.get(0));

        double arm = 0, finger = 0, cube = 0;
        int rows = 0;
        double[] ours = null, mj = null, oursGrip = null;
        int step = 0;
        for (double[] row : ref) {
            int target = (int) row[0];
            while (step < target) {
                sim.setCtrl(schedule.get(Math.min(step / GraspSchedule.STEPS_PER_LINE, schedule.size() - 1)));
                sim.step();
                step++;
            }
            double[] q = sim.qpos();
            double[] r = java.util.Arrays.copyOfRange(row, 3, 3 + model.nq());
            for (int j = 0; j < 7; j++) {
                arm = Math.max(arm, Math.abs(q[j] - r[j]));
            }
            for (int j = FINGER; j < FINGER + 2; j++) {
                finger = Math.max(finger, Math.abs(q[j] - r[j]));
            }
            cube = Math.max(cube, dist(q, r, CUBE));
            if (step > 0) {
                // step 0: MuJoCo's count comes from mj_forward, ours from the last step (none yet)
                assertThat(sim.contactCount()).as("contacts at step %d", step).isEqualTo((int) row[2]);
                rows++;
            }
            if (step == 1600) {
                oursGrip = q;
            }
            ours = q;
            mj = r;
        }
        System.out.printf(Locale.ROOT, "fidelity grasp, steps 1-%d (%d rows): arm %.2e rad, fingers %.2e m, cube %.2e m, contacts equal;"
                + " cube lifted %.2f mm, tilt at the end %.4f deg (MuJoCo %.4f deg)%n", HELD, rows, arm, finger, cube,
                1e3 * (ours[CUBE + 2] - oursGrip[CUBE + 2]), tiltDeg(ours), tiltDeg(mj));

        assertThat(rows).isEqualTo(HELD / 20);
        // measured 4.9e-16 for all three: the same contacts and the same solver, to round-off
        assertThat(arm).isLessThan(1e-9);
        assertThat(finger).isLessThan(1e-9);
        assertThat(cube).isLessThan(1e-9);
        // and the grasp holds: the cube rises with the hand
        assertThat(ours[CUBE + 2] - oursGrip[CUBE + 2]).isGreaterThan(0.085);
    }

    private static double dist(double[] a, double[] b, int adr) {
        double dx = a[adr] - b[adr], dy = a[adr + 1] - b[adr + 1], dz = a[adr + 2] - b[adr + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** Rotation angle of the cube from its start (identity), in degrees. */
    private static double tiltDeg(double[] q) {
        double v = Math.sqrt(q[CUBE + 4] * q[CUBE + 4] + q[CUBE + 5] * q[CUBE + 5] + q[CUBE + 6] * q[CUBE + 6]);
        return Math.toDegrees(2 * Math.asin(Math.min(1, v)));
    }
}
