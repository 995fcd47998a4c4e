package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fixed-tendon limits against MuJoCo 2.2.2 (resources io/vlaarena/sim/reference/tendon_limit.*):
 * a tendon summing two hinges of different trees hits both bounds while they swing, a weighted
 * hinge + slide tendon with its own solreflimit/solimplimit and a margin rests on its lower bound.
 * Prints the achieved errors; the tolerances are set from them (see docs/simulator.md).
 */
@Timeout(60)
class TendonLimitFidelityTest {

    @Test
    void tendonSpringDampersTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("tendon_spring.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        int k = MjModel.find(m.key_name, "start");
        System.arraycopy(m.key_qpos, k * m.nq, d.qpos, 0, m.nq);
        System.arraycopy(m.key_qvel, k * m.nv, d.qvel, 0, m.nv);
        Reference.Deviation e = Reference.follow(d, "tendon_spring.traj.txt", row -> { });
        assertThat(e.qpos()).isLessThan(1e-12);
    }

    @Test
    void tendonLimitsTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("tendon_limit.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        int k = MjModel.find(m.key_name, "start");
        System.arraycopy(m.key_qpos, k * m.nq, d.qpos, 0, m.nq);
        System.arraycopy(m.key_qvel, k * m.nv, d.qvel, 0, m.nv);
        int[] counts = new int[3]; // rows at the lower bound of "sum", at its upper bound, in the margin band of "mix"
        Reference.Deviation e = Reference.follow(d, "tendon_limit.traj.txt", row -> {
            double sum = row[3] + row[4], mix = 0.7 * row[5] - 2 * row[6];
            counts[0] += sum < -0.6 ? 1 : 0;
            counts[1] += sum > 0.4 ? 1 : 0;
            counts[2] += mix < -0.5 + 0.02 ? 1 : 0;
        });
        // the reference really exercises both bounds of "sum" and the margin band of "mix"
        assertThat(counts[0]).isGreaterThan(50);
        assertThat(counts[1]).isGreaterThan(20);
        assertThat(counts[2]).isGreaterThan(200);
        assertThat(e.qpos()).isLessThan(1e-12);
    }
}
