package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Contact parameters against MuJoCo 2.2.2 ({@code contact_params.xml}): geom solref (standard and
 * direct form), solimp, margin and gap, condim 1, 4 and 6, priority, solmix, an explicit pair with
 * its own parameters, a pair from a default class, an exclusion and impratio, each on its own
 * body. The same contacts (geoms, dimension, distance, position, frame) at every printed step and
 * the same run. Prints what it measures.
 */
@Timeout(60)
class ContactParameterFidelityTest {

    /** Largest difference of contact {@code i}'s distance, position and frame from a reference contact row. */
    private static double difference(MjData d, int i, double[] c) {
        double e = Math.abs(d.contact_dist[i] - c[4]);
        for (int k = 0; k < 3; k++) {
            e = Math.max(e, Math.abs(d.contact_pos[3 * i + k] - c[5 + k]));
        }
        for (int k = 0; k < 9; k++) {
            e = Math.max(e, Math.abs(d.contact_frame[9 * i + k] - c[8 + k]));
        }
        return e;
    }

    @Test
    void everyContactParameterActsAsInMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("contact_params.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        int key = MjModel.find(m.key_name, "start");
        System.arraycopy(m.key_qvel, key * m.nv, d.qvel, 0, m.nv);
        String file = "contact_params.traj.txt";
        double[] contact = {0};
        Set<Integer> dims = new TreeSet<>();
        Reference.Deviation dev = Reference.follow(d, file, row -> {
            int step = (int) row[0];
            if (step == 0) {
                return;
            }
            List<double[]> ref = Reference.sameContacts(d, file, step, dims);
            for (int i = 0; i < d.ncon; i++) {
                // a pair's contacts may come in another order: a cylinder or capsule lying flat has
                // its contacts at points that round-off orders; each of ours is one of MuJoCo's
                double best = Double.POSITIVE_INFINITY;
                for (double[] r : ref) {
                    if ((int) r[2] == d.contact_geom1[i] && (int) r[3] == d.contact_geom2[i]) {
                        best = Math.min(best, difference(d, i, r));
                    }
                }
                contact[0] = Math.max(contact[0], best);
            }
        });
        System.out.printf("contact parameters: qpos max %.3e, qvel max %.3e over %d steps; contacts (dimensions %s) within %.3e%n",
                dev.qpos(), dev.qvel(), dev.steps(), dims, contact[0]);
        assertThat(dims).containsExactly(1, 3, 4, 6);
        // measured 5.3e-9 (the spinning cylinder's torsional rows)
        assertThat(dev.qpos()).isLessThan(1e-7);
        // measured 1.5e-6: tangents of nearly vertical normals turn with the last digits of the normal
        assertThat(contact[0]).isLessThan(1e-5);
        // and what the parameters do: the frictionless box still slides at 1 m/s, the rolling
        // sphere has stopped, the capsule rests on the box it only meets through its pair
        int frictionless = m.body_dofadr[MjModel.find(m.body_name, "frictionless")];
        int rolling = m.body_dofadr[MjModel.find(m.body_name, "rolling")];
        int capsule = m.jnt_qposadr[m.body_jntadr[MjModel.find(m.body_name, "capsule")]];
        assertThat(d.qvel[frictionless]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Math.abs(d.qvel[rolling])).isLessThan(1e-3);
        assertThat(d.qpos[capsule + 2]).isBetween(0.12, 0.14);
    }
}
