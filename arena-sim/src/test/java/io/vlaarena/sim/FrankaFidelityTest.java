package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bundled franka arm and franka/table scene, loaded from MJCF, against MuJoCo 2.2.2's trajectories. */
@Timeout(120)
class FrankaFidelityTest {

    static String resource(String path) {
        try (InputStream in = FrankaFidelityTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<double[]> rows(String file) {
        return io.vlaarena.sim.internal.physics.Reference.trajectory(file);
    }

    static double[] headerCtrl(String file) {
        for (String line : resource("/io/vlaarena/sim/reference/" + file).split("\n")) {
            if (line.startsWith("# start:")) {
                String[] p = line.substring(line.indexOf("ctrl:") + 5).trim().split("\\s+");
                double[] c = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    c[i] = Double.parseDouble(p[i]);
                }
                return c;
            }
        }
        throw new IllegalStateException("no ctrl header in " + file);
    }

    /** Max |joint error| over all printed steps for the 7 arm joints, and for the fingers. */
    static double[] armError(Simulation sim, List<double[]> rows, int nq) {
        double arm = 0, fingers = 0, sum = 0;
        int n = 0, step = 0;
        for (double[] row : rows) {
            sim.step((int) row[0] - step);
            step = (int) row[0];
            double[] q = sim.qpos();
            for (int j = 0; j < 9; j++) {
                double e = Math.abs(q[j] - row[3 + j]);
                if (j < 7) {
                    arm = Math.max(arm, e);
                    sum += e * e;
                    n++;
                } else {
                    fingers = Math.max(fingers, e);
                }
            }
        }
        return new double[] {arm, Math.sqrt(sum / n), fingers};
    }

    @Test
    void armUnderConstantControlsFollowsMuJoCo() {
        SimModel model = SimModel.load(resource("/io/vlaarena/sim/scenes/franka.xml"));
        for (String file : new String[] {"franka_home_plus.traj.txt", "franka_zero_ctrl.traj.txt"}) {
            Simulation sim = model.newSimulation();
            sim.resetToKey("home");
            sim.setCtrl(headerCtrl(file));
            double[] e = armError(sim, rows(file), model.nq());
            System.out.printf("fidelity franka %s: arm max %.3e rad, arm RMS %.3e rad, fingers max %.3e m (target arm 0.05 rad)%n",
                    file, e[0], e[1], e[2]);
            assertThat(e[0]).isLessThan(0.05);
        }
    }

    @Test
    void objectsRestOnTheTableLikeMuJoCo() {
        SimModel model = SimModel.load(resource("/io/vlaarena/sim/reference/franka_table.xml"));
        Simulation sim = model.newSimulation();
        sim.resetToKey("home");
        List<double[]> rows = rows("franka_table_home_5s.traj.txt");
        double[] last = rows.get(rows.size() - 1);
        sim.step((int) last[0]);
        double[] q = sim.qpos();
        double maxArm = 0, maxObj = 0;
        for (int j = 0; j < 9; j++) {
            maxArm = Math.max(maxArm, Math.abs(q[j] - last[3 + j]));
        }
        for (int o = 0; o < 3; o++) {
            int a = 9 + 7 * o;
            double dx = q[a] - last[3 + a], dy = q[a + 1] - last[4 + a], dz = q[a + 2] - last[5 + a];
            maxObj = Math.max(maxObj, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        System.out.printf("fidelity franka_table after 5 s: arm max %.3e rad, objects max position error %.3e m, contacts %d vs %d%n",
                maxArm, maxObj, sim.contactCount(), (int) last[2]);
        assertThat(maxObj).isLessThan(2e-3);
        assertThat(maxArm).isLessThan(0.05);
    }
}
