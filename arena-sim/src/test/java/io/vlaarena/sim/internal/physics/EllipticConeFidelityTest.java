package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.forward.Forward;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Elliptic friction cones against MuJoCo 2.2.2 ({@code cone_elliptic.xml}, impratio 3): sliding,
 * resting on a slope, spinning, rolling, an explicit pair with five different frictions, a
 * frictionless contact, a stack and a capsule across it. The same contacts at every printed step,
 * the same trajectory, and the same contact forces read back through touch and force sensors.
 * Prints what it measures.
 */
@Timeout(60)
class EllipticConeFidelityTest {

    @Test
    void ellipticConesMoveAsInMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("cone_elliptic.xml"));
        assertThat(m.cone).isEqualTo(MjModel.CONE_ELLIPTIC);
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        Forward.forward(d.model, d);
        String file = "cone_elliptic.traj.txt";
        double[] worst = new double[2];
        Set<Integer> dims = new TreeSet<>();
        Reference.Deviation dev = Reference.follow(d, file, row -> {
            int step = (int) row[0];
            double e = 0;
            for (int i = 0; i < m.nq; i++) {
                e = Math.max(e, Math.abs(d.qpos[i] - row[3 + i]));
            }
            System.out.printf("step %d qpos %.3e%n", step, e);
            List<double[]> ref = Reference.contacts(file, step);
            assertThat(d.ncon).as("contacts at step %d", step).isEqualTo(ref.size());
            for (int i = 0; i < d.ncon; i++) {
                double[] c = ref.get(i);
                assertThat(new int[] {d.contact_geom1[i], d.contact_geom2[i], d.contact_dim[i]}).as("contact %d at step %d", i, step)
                        .containsExactly((int) c[2], (int) c[3], (int) c[17]);
                dims.add(d.contact_dim[i]);
                worst[0] = Math.max(worst[0], Math.abs(d.contact_dist[i] - c[4]));
            }
            double[] s = Reference.sensors(file, step);
            for (int k = 0; k < s.length; k++) {
                worst[1] = Math.max(worst[1], Math.abs(d.sensordata[k] - s[k]) / Math.max(1, Math.abs(s[k])));
            }
        });
        System.out.printf("elliptic cones: qpos max %.3e, qvel max %.3e over %d steps; contacts (dimensions %s) distances within %.3e;"
                + " touch/force sensors within %.3e%n", dev.qpos(), dev.qvel(), dev.steps(), dims, worst[0], worst[1]);
        assertThat(dims).containsExactly(1, 3, 4, 6);
        assertThat(dev.qpos()).isLessThan(1e-7);
        assertThat(worst[1]).isLessThan(1e-6);
    }
}
