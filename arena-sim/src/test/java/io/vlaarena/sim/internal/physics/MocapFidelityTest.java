package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mocap bodies against MuJoCo 2.2.2 (resources io/vlaarena/sim/reference/mocap_weld.*): both
 * mocap bodies are moved away from their model poses before the run (as mjref's --mocap-pos and
 * --mocap-quat), a weld drags a free box after one, a connect pulls a hinged arm's tip to the
 * other. Prints the achieved errors; the tolerance is set from them (see docs/simulator.md).
 */
@Timeout(60)
class MocapFidelityTest {

    @Test
    void weldAndConnectToMovedMocapBodiesTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("mocap_weld.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        int hand = m.body_mocapid[MjModel.find(m.body_name, "hand")];
        int anchor = m.body_mocapid[MjModel.find(m.body_name, "anchor")];
        System.arraycopy(new double[] {0.1, -0.05, 1.15}, 0, d.mocap_pos, 3 * hand, 3);
        System.arraycopy(new double[] {2, 0.3, 0, 0.5}, 0, d.mocap_quat, 4 * hand, 4);
        System.arraycopy(new double[] {1.2, 0, 1.2}, 0, d.mocap_pos, 3 * anchor, 3);
        Reference.Deviation e = Reference.follow(d, "mocap_weld.traj.txt", row -> { });
        // the site on the moved, rotated (unnormalized quaternion) hand is where MuJoCo puts it;
        // the box was dragged up from z = 0.8 towards the hand
        int site = MjModel.find(m.site_name, "fingertip");
        assertThat(java.util.Arrays.copyOfRange(d.site_xpos, 3 * site, 3 * site + 3)).containsExactly(
                new double[] {0.095852534562211988, -0.033410138248847934, 1.0924884792626726},
                org.assertj.core.data.Offset.offset(1e-15));
        assertThat(d.qpos[2]).isGreaterThan(0.95);
        assertThat(e.qpos()).isLessThan(1e-12);
    }
}
