package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The drawn tendon paths ({@code wrap_xpos}, {@code wrap_obj}, {@code ten_wrapadr},
 * {@code ten_wrapnum}) against MuJoCo 2.2.2 (resources io/vlaarena/sim/reference/tendon_path.*):
 * a rope under a sphere (side site), over a cylinder, through a pulley; a fixed tendon between two
 * spatial ones; at the start and along a swinging, dropping run.
 */
@Timeout(60)
class WrapTest {
    private static final String TRAJ = "tendon_path.traj.txt";

    @Test
    void pathPointsMatchMuJoCoAtTheStartAndAlongTheRun() {
        MjModel m = MjcfLoader.load(Reference.text("tendon_path.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        Reference.positions(d);
        Smooth.tendon(d.model, d);
        double[] worst = new double[1];
        int[] checked = new int[2];
        assertPath(d, 0, worst, checked);
        Reference.follow(d, TRAJ, row -> assertPath(d, (int) row[0], worst, checked));
        System.out.printf("tendon paths: %d states, %d points, largest difference %.3e%n", checked[0], checked[1], worst[0]);
        assertThat(checked[0]).isEqualTo(6);
        // rope: top, 2 on the sphere, arm tip, 2 on the drum, drum_out, pulley, hook, load; fixed: none; strap: 2
        assertThat(checked[1]).isEqualTo(6 * 12);
        assertThat(worst[0]).isLessThan(1e-9);
    }

    private static void assertPath(MjData d, int step, double[] worst, int[] checked) {
        List<double[]> ref = Reference.wraps(TRAJ, step);
        assertThat(ref).as("reference paths of step %d", step).hasSize(d.model.m.ntendon);
        for (int t = 0; t < ref.size(); t++) {
            double[] r = ref.get(t);
            assertThat(d.ten_wrapadr[t]).as("wrapadr of tendon %d at step %d", t, step).isEqualTo((int) r[0]);
            assertThat(d.ten_wrapnum[t]).as("wrapnum of tendon %d at step %d", t, step).isEqualTo((int) r[1]);
            for (int j = 0; j < (int) r[1]; j++) {
                int w = d.ten_wrapadr[t] + j;
                assertThat(d.wrap_obj[w]).as("object of point %d of tendon %d at step %d", j, t, step)
                        .isEqualTo((int) r[2 + 4 * j]);
                for (int c = 0; c < 3; c++) {
                    worst[0] = Math.max(worst[0], Math.abs(d.wrap_xpos[3 * w + c] - r[3 + 4 * j + c]));
                }
                checked[1]++;
            }
        }
        checked[0]++;
    }
}
