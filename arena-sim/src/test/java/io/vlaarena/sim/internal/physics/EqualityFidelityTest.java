package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Equality constraints (connect, weld, joint, tendon) and a tendon-driven gripper, loaded from
 * MJCF, against MuJoCo 2.2.2's trajectories (resources io/vlaarena/sim/reference/eq_*).
 * Prints the achieved errors; the tolerances are set from them (see docs/simulator.md).
 */
@Timeout(60)
class EqualityFidelityTest {

    /** Steps through the reference rows; returns the max |error| of qpos and of qvel over all of them. */
    private static double[] run(String xml, String key, double[] ctrl, String traj) {
        MjModel m = MjcfLoader.load(Reference.text(xml));
        MjData d = new MjData(new PhysicsModel(m));
        if (key != null) {
            int k = MjModel.find(m.key_name, key);
            System.arraycopy(m.key_qpos, k * m.nq, d.qpos, 0, m.nq);
            System.arraycopy(m.key_qvel, k * m.nv, d.qvel, 0, m.nv);
            System.arraycopy(m.key_ctrl, k * m.nu, d.ctrl, 0, m.nu);
        }
        if (ctrl != null) {
            System.arraycopy(ctrl, 0, d.ctrl, 0, m.nu);
        }
        Reference.Deviation e = Reference.follow(d, traj, row -> { });
        return new double[] {e.qpos(), e.qvel()};
    }

    @Test
    void fourBarClosedByConnectTracksMuJoCo() {
        double[] e = run("eq_fourbar.xml", null, null, "eq_fourbar.traj.txt");
        // measured 1.2e-12 rad: round-off grows while the linkage swings through full turns
        assertThat(e[0]).isLessThan(1e-11);
    }

    @Test
    void weldsAndConnectBetweenFreeBodiesTrackMuJoCo() {
        double[] e = run("eq_weld.xml", null, null, "eq_weld.traj.txt");
        // measured 3.3e-16
        assertThat(e[0]).isLessThan(1e-13);
    }

    @Test
    void jointAndTendonEqualitiesTrackMuJoCo() {
        double[] e = run("eq_joint.xml", "start", null, "eq_joint.traj.txt");
        // measured 1.7e-14
        assertThat(e[0]).isLessThan(1e-12);
    }

    @Test
    void tendonGripperWithJointEqualityTracksMuJoCo() {
        double[] half = run("eq_gripper.xml", "tilted", new double[] {128}, "eq_gripper_half.traj.txt");
        double[] closed = run("eq_gripper.xml", "tilted", new double[] {0}, "eq_gripper_close.traj.txt");
        // measured 1.1e-16 and 2.2e-16 (the closed run rests on the finger limits: limit and equality rows together)
        assertThat(half[0]).isLessThan(1e-13);
        assertThat(closed[0]).isLessThan(1e-13);
    }
}
