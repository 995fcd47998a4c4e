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
 * Elliptic friction cones against MuJoCo 2.2.2: at every printed step the same contacts (geoms,
 * dimension, distance), the same trajectory and the same contact forces read back through touch
 * and force sensors ({@code mj_contactForce}). {@code cone_elliptic.xml} (impratio 3): sliding,
 * resting on a slope, spinning, rolling, an explicit pair with five different frictions, a
 * frictionless contact, a stack and a capsule across it; {@code cone_grasp.xml} (impratio 10): two
 * fingers holding a lifted box by static friction and a ball held on a tilted tray by its rolling
 * friction. Prints what it measures.
 */
@Timeout(60)
class EllipticConeFidelityTest {

    /** What a run measured: trajectory deviation, contact distances, sensors, and the contact dimensions seen. */
    private record Run(Reference.Deviation dev, double dist, double sensors, Set<Integer> dims) {
    }

    private static Run follow(MjData d, String file) {
        MjModel m = d.model.m;
        Forward.forward(d.model, d);
        double[] worst = new double[2];
        Set<Integer> dims = new TreeSet<>();
        Reference.Deviation dev = Reference.follow(d, file, row -> {
            int step = (int) row[0];
            List<double[]> ref = Reference.sameContacts(d, file, step, dims);
            for (int i = 0; i < d.ncon; i++) {
                worst[0] = Math.max(worst[0], Math.abs(d.contact_dist[i] - ref.get(i)[4]));
            }
            double[] s = Reference.sensors(file, step);
            assertThat(s).hasSize(m.nsensordata);
            for (int k = 0; k < s.length; k++) {
                // relative to the value's size, absolute below 1
                worst[1] = Math.max(worst[1], Math.abs(d.sensordata[k] - s[k]) / Math.max(1, Math.abs(s[k])));
            }
        });
        System.out.printf("elliptic cones %s: qpos max %.3e, qvel max %.3e over %d steps; contacts (dimensions %s) distances"
                + " within %.3e; touch/force sensors within %.3e%n", file, dev.qpos(), dev.qvel(), dev.steps(), dims, worst[0],
                worst[1]);
        return new Run(dev, worst[0], worst[1], dims);
    }

    /** MuJoCo's own sensitivity: the largest qpos difference between a trajectory and its rerun with 1e-12 added to qvel. */
    private static double sensitivity(String file, String perturbed, int nq) {
        List<double[]> a = Reference.trajectory(file), b = Reference.trajectory(perturbed);
        double e = 0;
        for (int r = 0; r < a.size(); r++) {
            for (int i = 0; i < nq; i++) {
                e = Math.max(e, Math.abs(a.get(r)[3 + i] - b.get(r)[3 + i]));
            }
        }
        return e;
    }

    @Test
    void slidingSpinningRollingAndRestingContactsMoveAsInMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("cone_elliptic.xml"));
        assertThat(m.cone).isEqualTo(MjModel.CONE_ELLIPTIC);
        assertThat(m.impratio).isEqualTo(3);
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        Run run = follow(d, "cone_elliptic.traj.txt");
        double own = sensitivity("cone_elliptic.traj.txt", "cone_elliptic_perturbed.traj.txt", m.nq);
        System.out.printf("elliptic cones: MuJoCo's own sensitivity (1e-12 on qvel) %.3e, ours / that %.2f%n", own,
                run.dev().qpos() / own);
        assertThat(run.dims()).containsExactly(1, 3, 4, 6);
        // measured 3.0e-9 (1.3x MuJoCo's own sensitivity: MuJoCo parts from itself by 2.3e-9 when
        // 1e-12 is added to qvel, as the capsule tumbles off the stack); within 1e-12 for the first 125 steps
        assertThat(run.dev().qpos()).isLessThan(5 * own).isLessThan(1e-8);
        // measured 2.3e-9 (the tumbling capsule's)
        assertThat(run.dist()).isLessThan(1e-8);
        // measured 5.5e-13
        assertThat(run.sensors()).isLessThan(1e-10);
        // and what the cones do: the slope box is held by static friction, the frictionless box
        // still slides at 1 m/s, the cylinder has stopped spinning, the ball stays on the payload
        // whose force sensor carries it
        int slope = m.jnt_qposadr[m.body_jntadr[MjModel.find(m.body_name, "slope")]];
        assertThat(d.qpos[slope]).isCloseTo(1.03, org.assertj.core.data.Offset.offset(0.01));
        assertThat(d.qvel[m.body_dofadr[MjModel.find(m.body_name, "frictionless")] + 1]).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Math.abs(d.qvel[m.body_dofadr[MjModel.find(m.body_name, "spin")] + 5])).isLessThan(1e-3);
        int ball = m.jnt_qposadr[m.body_jntadr[MjModel.find(m.body_name, "ball")]];
        assertThat(d.qpos[ball + 2]).isCloseTo(0.129, org.assertj.core.data.Offset.offset(0.001));
        double carried = (m.body_mass[MjModel.find(m.body_name, "payload")] + m.body_mass[MjModel.find(m.body_name, "ball")]) * 9.81;
        assertThat(d.sensordata[m.sensor_adr[MjModel.find(m.sensor_name, "payload_force")] + 2]).isCloseTo(carried,
                org.assertj.core.data.Offset.offset(0.02 * carried));
    }

    @Test
    void fingersHoldALiftedBoxByStaticFrictionAsInMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("cone_grasp.xml"));
        assertThat(m.impratio).isEqualTo(10);
        MjData d = new MjData(new PhysicsModel(m));
        System.arraycopy(new double[] {0.1, 0.06, 0.06, 0.3}, 0, d.ctrl, 0, m.nu);
        Run run = follow(d, "cone_grasp.traj.txt");
        assertThat(run.dims()).contains(3, 4, 6);
        // measured 1.5e-15 (qvel 1.0e-14) over 1000 steps: round-off
        assertThat(run.dev().qpos()).isLessThan(1e-12);
        // measured 7.7e-16
        assertThat(run.sensors()).isLessThan(1e-12);
        // the box hangs in the fingers 4 cm above the floor, squeezed by both
        int object = m.jnt_qposadr[m.body_jntadr[MjModel.find(m.body_name, "object")]];
        assertThat(d.qpos[object + 2]).isGreaterThan(0.065);
        assertThat(d.sensordata[0]).isGreaterThan(5);
        assertThat(d.sensordata[1]).isGreaterThan(5);
    }
}
