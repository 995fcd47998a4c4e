package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndEffectorIkTest {
    private static final SimModel MODEL = SimModel.load(BundledScenes.frankaTableXml());
    private static final List<String> ARM = List.of("joint1", "joint2", "joint3", "joint4", "joint5", "joint6", "joint7");

    private static double[] home() {
        Simulation sim = MODEL.newSimulation();
        sim.resetToHome();
        return sim.qpos();
    }

    private static double[] arm(double[] qpos) {
        double[] q = new double[7];
        for (int j = 0; j < 7; j++) {
            q[j] = qpos[MODEL.jointQposAddress(ARM.get(j))];
        }
        return q;
    }

    private static double[] with(double[] qpos, double[] arm) {
        double[] q = qpos.clone();
        for (int j = 0; j < 7; j++) {
            q[MODEL.jointQposAddress(ARM.get(j))] = arm[j];
        }
        return q;
    }

    @Test
    void bringsTheSiteToAPoseWithTheRotationAskedFor() {
        EndEffectorIk ik = new EndEffectorIk(MODEL, "ee_site", ARM);
        double[] home = home();
        double[] down = ik.rotation(home);
        double[] target = {0.55, -0.12, 0.32};

        double[] q = arm(home);
        for (int i = 0; i < 20; i++) { // as a policy calls it: warm-started, one call per control step
            q = ik.solve(home, q, target, down);
        }

        double[] p = ik.position(with(home, q));
        for (int i = 0; i < 3; i++) {
            assertThat(p[i]).isCloseTo(target[i], within(1e-4));
        }
        double[] r = ik.rotation(with(home, q));
        for (int i = 0; i < 9; i++) {
            assertThat(r[i]).isCloseTo(down[i], within(1e-3));
        }
        assertThat(ik.joints()).isEqualTo(7);
    }

    @Test
    void aTargetOutOfReachGivesTheClosestPoseWithinTheJointRanges() {
        EndEffectorIk ik = new EndEffectorIk(MODEL, "ee_site", ARM);
        double[] home = home();

        double[] q = ik.solve(home, arm(home), new double[] {2.0, 0, 0.4}, ik.rotation(home));

        for (int j = 0; j < 7; j++) {
            double[] range = MODEL.jointRange(ARM.get(j)).orElseThrow();
            assertThat(q[j]).isBetween(range[0], range[1]);
        }
        assertThat(ik.position(with(home, q))[0]).as("stretched towards the target").isGreaterThan(0.7);
    }

    @Test
    void unknownSitesAndJointsAreRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> new EndEffectorIk(MODEL, "tool", ARM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown site 'tool'").hasMessageContaining("ee_site");
        assertThatThrownBy(() -> new EndEffectorIk(MODEL, "ee_site", List.of("elbow")))
                .hasMessageContaining("Unknown joint 'elbow'; known joints: [joint1");
    }

    @Test
    void theModelExposesFreeBodiesJointAddressesRangesAndActuatedJoints() {
        assertThat(MODEL.freeBodies()).containsExactly("red_cube", "blue_cube", "green_sphere");
        assertThat(MODEL.freeJointQposAddress("red_cube")).isEqualTo(9);
        assertThat(MODEL.jointQposAddress("joint4")).isEqualTo(3);
        assertThat(MODEL.jointRange("joint4").orElseThrow()).containsExactly(-3.0718, -0.0698);
        assertThat(MODEL.actuatorJoint(0)).contains("joint1");
        assertThat(MODEL.actuatorJoint(7)).as("the gripper drives a tendon").isEmpty();
        assertThatThrownBy(() -> MODEL.freeJointQposAddress("table")).hasMessageContaining("Body 'table' has no free joint");
        Simulation sim = MODEL.newSimulation();
        sim.resetToHome();
        assertThat(sim.bodyQuaternion("red_cube")).containsExactly(new double[] {1, 0, 0, 0}, within(1e-12));
    }
}
