package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.forward.Forward;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sensors against MuJoCo 2.2.2 ({@code sensors.xml}: every sensor type the engine computes, on an
 * arm with joint and tendon limits, actuators, a ball joint, a weld and a free box resting on the
 * floor): the same {@code sensordata} layout, and at every printed step of a 1 s run the same
 * values. Prints what it measures, sensor by sensor.
 */
@Timeout(60)
class SensorFidelityTest {

    /** Runs {@code xml} from its key "start" with {@code ctrl} along {@code file}; the worst error of each sensor. */
    private static double[] follow(MjModel m, MjData d, String file, double[] ctrl, Set<Integer> types,
            Reference.Deviation[] deviation) {
        assertThat(m.nsensordata).isEqualTo(Reference.sensors(file, 0).length);
        int key = MjModel.find(m.key_name, "start");
        System.arraycopy(m.key_qpos, key * m.nq, d.qpos, 0, m.nq);
        System.arraycopy(m.key_qvel, key * m.nv, d.qvel, 0, m.nv);
        System.arraycopy(ctrl, 0, d.ctrl, 0, m.nu);
        Forward.forward(d.model, d);
        double[] worst = new double[m.nsensor];
        deviation[0] = Reference.follow(d, file, row -> {
            double[] ref = Reference.sensors(file, (int) row[0]);
            for (int i = 0; i < m.nsensor; i++) {
                types.add(m.sensor_type[i]);
                for (int k = m.sensor_adr[i]; k < m.sensor_adr[i] + m.sensor_dim[i]; k++) {
                    // relative to the value's size, absolute below 1
                    double e = Math.abs(d.sensordata[k] - ref[k]) / Math.max(1, Math.abs(ref[k]));
                    worst[i] = Math.max(worst[i], e);
                }
            }
        });
        return worst;
    }

    @Test
    void everySensorReadsAsMuJoCosSensordata() {
        MjModel m = MjcfLoader.load(Reference.text("sensors.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        Set<Integer> types = new TreeSet<>();
        Reference.Deviation[] deviation = new Reference.Deviation[1];
        double[] worst = follow(m, d, "sensors.traj.txt", new double[] {0.4, 0.02, 0.1, 0.3}, types, deviation);
        Reference.Deviation dev = deviation[0];
        StringBuilder report = new StringBuilder();
        double all = 0;
        for (int i = 0; i < m.nsensor; i++) {
            all = Math.max(all, worst[i]);
            report.append(String.format(Locale.ROOT, "  sensor %2d type %2d %-18s %.2e%n", i, m.sensor_type[i],
                    m.sensor_name[i], worst[i]));
        }
        System.out.printf(Locale.ROOT, "sensors: qpos max %.3e over %d steps; %d sensors of %d types, worst %.3e%n%s",
                dev.qpos(), dev.steps(), m.nsensor, types.size(), all, report);
        // every type but rangefinder (its own scene, rangefinder.xml) and user (refused)
        assertThat(types).hasSize(35);
        assertThat(dev.qpos()).isLessThan(1e-9);
        // measured 2.8e-12 (the hand's angular acceleration)
        assertThat(all).isLessThan(1e-10);
        // what the scene exercises: the box rests on the floor with its weight on the touch sensor,
        // the elbow and the tendon are held at their limits
        double weight = m.body_subtreemass[MjModel.find(m.body_name, "box")] * 9.81;
        assertThat(d.sensordata[m.sensor_adr[MjModel.find(m.sensor_name, "box_touch")]]).isCloseTo(weight,
                org.assertj.core.data.Offset.offset(0.05 * weight));
        assertThat(d.sensordata[m.sensor_adr[MjModel.find(m.sensor_name, "elbow_limit_frc")]]).isNotZero();
        assertThat(d.sensordata[m.sensor_adr[11]]).isNotZero();
    }

    /**
     * Cameras in every mode and sites placed by {@code fromto} ({@code camlight.xml}), read through
     * frame sensors on a swinging pendulum and a falling ball, as MuJoCo 2.2.2 computes them.
     */
    @Test
    void cameraModesAndSiteFromtoAsMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("camlight.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.Deviation[] deviation = new Reference.Deviation[1];
        double[] worst = follow(m, d, "camlight.traj.txt", new double[0], new TreeSet<>(), deviation);
        double all = 0;
        for (double w : worst) {
            all = Math.max(all, w);
        }
        System.out.printf(Locale.ROOT, "camera modes and site fromto: qpos max %.3e, %d frame sensors within %.3e%n",
                deviation[0].qpos(), m.nsensor, all);
        assertThat(deviation[0].qpos()).isLessThan(1e-9);
        // measured 5.0e-15
        assertThat(all).isLessThan(1e-12);
    }

    /**
     * Sensors under RK4 ({@code sensors_rk4.xml}): sensordata is what the step's first forward pass
     * computed, as MuJoCo skips sensors in the inner stages; with the sensor flag disabled
     * ({@code sensors_off.xml}) sensordata stays zero while the motion is the same.
     */
    @Test
    void sensorsUnderRk4AndUnderTheDisabledSensorFlagAsMuJoCo() {
        double all = 0;
        for (String name : new String[] {"sensors_rk4", "sensors_off"}) {
            MjModel m = MjcfLoader.load(Reference.text(name + ".xml"));
            MjData d = new MjData(new PhysicsModel(m));
            Reference.Deviation[] deviation = new Reference.Deviation[1];
            double[] worst = follow(m, d, name + ".traj.txt", new double[] {0.5}, new TreeSet<>(), deviation);
            for (double w : worst) {
                all = Math.max(all, w);
            }
            assertThat(deviation[0].qpos()).as(name).isLessThan(1e-9);
            boolean off = name.equals("sensors_off");
            assertThat(java.util.Arrays.stream(d.sensordata).allMatch(v -> v == 0)).as(name + ": all zero").isEqualTo(off);
            System.out.printf(Locale.ROOT, "%s: qpos max %.3e, %d sensors within %.3e%n", name, deviation[0].qpos(),
                    m.nsensor, all);
        }
        assertThat(all).isLessThan(1e-10);
    }

    /**
     * Rangefinders on a spinning turret ({@code rangefinder.xml}) sweep a plane, every primitive, a
     * mesh and a height field, skip transparent geoms and the turret's own, read -1 where they meet
     * nothing and clamp to their cutoff, as MuJoCo 2.2.2's {@code mj_ray} does.
     */
    @Test
    void rangefindersCastRaysAsMuJoCo() {
        MjModel m = MjcfLoader.load(Reference.text("rangefinder.xml"));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.Deviation[] deviation = new Reference.Deviation[1];
        int[] misses = new int[m.nsensor];
        int[] hits = new int[m.nsensor];
        double[] worst = follow(m, d, "rangefinder.traj.txt", new double[0], new TreeSet<>(), deviation);
        for (int step = 0; step <= 500; step += 5) {
            double[] ref = Reference.sensors("rangefinder.traj.txt", step);
            for (int i = 0; i < m.nsensor; i++) {
                if (ref[i] < 0) {
                    misses[i]++;
                } else {
                    hits[i]++;
                }
            }
        }
        double all = 0;
        for (double w : worst) {
            all = Math.max(all, w);
        }
        System.out.printf(Locale.ROOT, "rangefinders: qpos max %.3e, %d sensors within %.3e; hits %s, misses %s%n",
                deviation[0].qpos(), m.nsensor, all, java.util.Arrays.toString(hits), java.util.Arrays.toString(misses));
        // the sweep meets geoms and open space; the sky sees nothing
        assertThat(hits[0]).isPositive();
        assertThat(misses[0]).isPositive();
        assertThat(hits[5]).isZero();
        assertThat(all).isLessThan(1e-12);
    }
}
