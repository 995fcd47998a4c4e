package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.List;
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
        PhysicsData d = new PhysicsData(new PhysicsModel(m));
        int k = MjModel.find(m.key_name, "start");
        System.arraycopy(m.key_qpos, k * m.nq, d.qpos, 0, m.nq);
        System.arraycopy(m.key_qvel, k * m.nv, d.qvel, 0, m.nv);
        double qmax = 0, vmax = 0;
        int step = 0;
        for (double[] row : Reference.trajectory("tendon_spring.traj.txt")) {
            d.step((int) row[0] - step);
            step = (int) row[0];
            for (int i = 0; i < m.nq; i++) {
                qmax = Math.max(qmax, Math.abs(d.qpos[i] - row[3 + i]));
            }
            for (int i = 0; i < m.nv; i++) {
                vmax = Math.max(vmax, Math.abs(d.qvel[i] - row[3 + m.nq + i]));
            }
        }
        System.out.printf("fidelity tendon_spring: qpos max %.3e, qvel max %.3e over %d steps%n", qmax, vmax, step);
        assertThat(qmax).isLessThan(1e-12);
    }

    @Test
    void tendonLimitsTrackMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("tendon_limit.xml"));
        PhysicsData d = new PhysicsData(new PhysicsModel(m));
        int k = MjModel.find(m.key_name, "start");
        System.arraycopy(m.key_qpos, k * m.nq, d.qpos, 0, m.nq);
        System.arraycopy(m.key_qvel, k * m.nv, d.qvel, 0, m.nv);
        List<double[]> rows = Reference.trajectory("tendon_limit.traj.txt");
        double qmax = 0, vmax = 0;
        int step = 0, lower = 0, upper = 0, mixRows = 0;
        for (double[] row : rows) {
            d.step((int) row[0] - step);
            step = (int) row[0];
            for (int i = 0; i < m.nq; i++) {
                qmax = Math.max(qmax, Math.abs(d.qpos[i] - row[3 + i]));
            }
            for (int i = 0; i < m.nv; i++) {
                vmax = Math.max(vmax, Math.abs(d.qvel[i] - row[3 + m.nq + i]));
            }
            double sum = row[3] + row[4], mix = 0.7 * row[5] - 2 * row[6];
            lower += sum < -0.6 ? 1 : 0;
            upper += sum > 0.4 ? 1 : 0;
            mixRows += mix < -0.5 + 0.02 ? 1 : 0;
        }
        System.out.printf("fidelity tendon_limit: qpos max %.3e, qvel max %.3e over %d steps%n", qmax, vmax, step);
        // the reference really exercises both bounds of "sum" and the margin band of "mix"
        assertThat(lower).isGreaterThan(50);
        assertThat(upper).isGreaterThan(20);
        assertThat(mixRows).isGreaterThan(200);
        assertThat(qmax).isLessThan(1e-12);
    }
}
