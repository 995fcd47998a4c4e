package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.forward.Step;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dynamics against MuJoCo 2.2.2's own trajectories (resources io/vlaarena/sim/reference),
 * with models read from MuJoCo's compiled layouts. Prints the achieved errors.
 */
@Timeout(60)
class MuJoCoFidelityTest {

    private static MjData start(MjModel m, String key) {
        MjData d = new MjData(new PhysicsModel(m));
        if (key != null) {
            int k = MjModel.find(m.key_name, key);
            System.arraycopy(m.key_qpos, k * m.nq, d.qpos, 0, m.nq);
            System.arraycopy(m.key_qvel, k * m.nv, d.qvel, 0, m.nv);
        }
        return d;
    }

    /** Runs the reference's steps and returns the RMS and max error of qpos[index] over all printed rows. */
    private static double[] compare(MjData d, List<double[]> rows, int index) {
        double sum = 0, max = 0;
        int step = 0;
        for (double[] row : rows) {
            int target = (int) row[0];
            Step.step(d.model, d, target - step);
            step = target;
            double e = d.qpos[index] - row[3 + index];
            sum += e * e;
            max = Math.max(max, Math.abs(e));
        }
        return new double[] {Math.sqrt(sum / rows.size()), max};
    }

    @Test
    void pendulumTracksMuJoCoWithinAMilliradianRms() {
        MjData d = start(Reference.layout("pendulum"), "start");
        double[] e = compare(d, Reference.trajectory("pendulum.traj.txt"), 0);
        System.out.printf("fidelity pendulum: RMS %.3e rad, max %.3e rad (target RMS 1e-3)%n", e[0], e[1]);
        assertThat(e[0]).isLessThan(1e-3);
    }

    @Test
    void dampedSpringPendulumWithArmatureTracksMuJoCo() {
        MjModel m = Reference.layout("pendulum_damped");
        m.jnt_stiffness[0] = 2;
        m.qpos_spring[0] = 0.2;
        MjData d = start(m, "start");
        double[] e = compare(d, Reference.trajectory("pendulum_damped.traj.txt"), 0);
        System.out.printf("fidelity pendulum_damped: RMS %.3e rad, max %.3e rad%n", e[0], e[1]);
        assertThat(e[0]).isLessThan(1e-3);
    }

    @Test
    void doublePendulumTracksMuJoCo() {
        List<double[]> rows = Reference.trajectory("double_pendulum.traj.txt");
        for (int j = 0; j < 2; j++) {
            MjData d = start(Reference.layout("double_pendulum"), "start");
            double[] e = compare(d, rows, j);
            System.out.printf("fidelity double_pendulum joint %d: RMS %.3e rad, max %.3e rad%n", j, e[0], e[1]);
            assertThat(e[0]).isLessThan(1e-3);
        }
    }

    @Test
    void slideRestsOnItsLimitLikeMuJoCo() {
        MjData d = start(Reference.layout("slide_limit"), null);
        List<double[]> rows = Reference.trajectory("slide_limit.traj.txt");
        double[] e = compare(d, rows, 0);
        System.out.printf("fidelity slide_limit: RMS %.3e m, max %.3e m, final %.6f vs %.6f%n", e[0], e[1], d.qpos[0],
                rows.get(rows.size() - 1)[3]);
        assertThat(Math.abs(d.qpos[0] - rows.get(rows.size() - 1)[3])).isLessThan(1e-5);
    }

    @Test
    void freeSpinTracksMuJoCo() {
        MjData d = start(Reference.layout("free_spin"), "spin");
        List<double[]> rows = Reference.trajectory("free_spin.traj.txt");
        double maxPos = 0, maxRot = 0;
        int step = 0;
        for (double[] row : rows) {
            Step.step(d.model, d, (int) row[0] - step);
            step = (int) row[0];
            for (int k = 0; k < 3; k++) {
                maxPos = Math.max(maxPos, Math.abs(d.qpos[k] - row[3 + k]));
            }
            maxRot = Math.max(maxRot, quatAngle(d.qpos, 3, row, 6));
        }
        System.out.printf("fidelity free_spin: max position error %.3e m, max orientation error %.3e rad%n", maxPos, maxRot);
        assertThat(maxPos).isLessThan(1e-9);
        assertThat(maxRot).isLessThan(1e-3);
    }

    @Test
    void droppedBoxRestsWhereMuJoCosDoes() {
        restPose("box_drop", 0);
    }

    @Test
    void cubeOnTableRestsWhereMuJoCosDoes() {
        restPose("box_on_table", 0);
    }

    /** Follows the whole reference run: the same contacts at every printed step, the same states to rounding. */
    private static void restPose(String model, int qadr) {
        MjData d = start(Reference.layout(model), null);
        String file = model + ".traj.txt";
        Reference.Deviation dev = Reference.follow(d, file, row -> assertThat(d.ncon).as("contacts at step %d", (int) row[0]).isEqualTo((int) row[2]));
        List<double[]> rows = Reference.trajectory(file);
        double[] last = rows.get(rows.size() - 1);
        double rot = quatAngle(d.qpos, qadr + 3, last, 6 + qadr);
        System.out.printf("fidelity %s rest pose: orientation error %.3e rad, contacts %d vs %d%n", model, rot, d.ncon, (int) last[2]);
        // box-plane and box-box contacts are MuJoCo's own: measured 8.9e-16 (box_drop) and 7.6e-14 (box_on_table)
        assertThat(dev.qpos()).isLessThan(1e-11);
        assertThat(dev.qvel()).isLessThan(1e-9);
        assertThat(rot).isLessThan(1e-11);
    }

    private static double quatAngle(double[] a, int ao, double[] b, int bo) {
        double dot = 0;
        for (int k = 0; k < 4; k++) {
            dot += a[ao + k] * b[bo + k];
        }
        return 2 * Math.acos(Math.min(1, Math.abs(dot)));
    }
}
