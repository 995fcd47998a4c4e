package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.SceneException;
import io.vlaarena.core.SimState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class MjcfEnvironmentFactoryTest {
    private static final String SCENE = FrankaFidelityTest.resource("/io/vlaarena/sim/reference/franka_table.xml");

    @Test
    void buildsTheFrankaTableSceneInMuJoCosLayout() {
        MjcfEnvironmentFactory factory = new MjcfEnvironmentFactory();
        try (Environment env = factory.create(SCENE, EnvironmentOptions.defaults())) {
            assertThat(env.nq()).isEqualTo(30);
            assertThat(env.nv()).isEqualTo(27);
            assertThat(env.nu()).isEqualTo(8);
            assertThat(env.actionDimension()).isEqualTo(8);
            assertThat(env.controlPeriod()).isCloseTo(0.2, within(1e-12));
            assertThat(env.cameras()).contains("wrist_cam");
            SimState home = env.reset(1);
            assertThat(home.qpos(3)).isCloseTo(-2.356194, within(1e-9));
            SimState next = env.step(Action.of(0, -0.785398, 0, -2.356194, 0, 1.570796, 0.785398, 0.04));
            assertThat(next.time()).isCloseTo(0.2, within(1e-9));
        }
        assertThat(factory.model(SCENE)).isSameAs(factory.model(SCENE));
    }

    @Test
    void onlyAFactoryWithAnAssetDirectoryReadsMeshFiles(@TempDir Path dir) throws IOException {
        try (InputStream in = MjcfEnvironmentFactoryTest.class.getResourceAsStream("/io/vlaarena/sim/reference/meshes/cuboid.stl")) {
            Files.write(dir.resolve("cuboid.stl"), in.readAllBytes());
        }
        String xml = "<mujoco><asset><mesh file='cuboid.stl'/></asset><worldbody><body><freejoint/>"
                + "<geom type='mesh' mesh='cuboid'/></body></worldbody></mujoco>";
        assertThatThrownBy(() -> new MjcfEnvironmentFactory().model(xml)).isInstanceOf(SceneException.class)
                .hasMessageContaining("is refused");
        MjcfEnvironmentFactory local = MjcfEnvironmentFactory.withAssetDirectory(dir);
        try (Environment env = local.create(xml, EnvironmentOptions.defaults())) {
            assertThat(env.nq()).isEqualTo(7);
        }
        assertThat(local.model(xml)).isSameAs(local.model(xml));
    }

    @Test
    void eeDeltaLiftsTheFrankaHand() {
        try (Environment env = new MjcfEnvironmentFactory().create(SCENE,
                EnvironmentOptions.defaults().withActionSpace(ActionSpace.EE_DELTA))) {
            env.reset(0);
            Simulation sim = ((MjcfEnvironment) env).simulation();
            env.step(Action.of(0, 0, 0, 0, 0, 0, 0.04));
            double[] before = sim.sitePosition("ee_site");
            for (int i = 0; i < 5; i++) {
                env.step(Action.of(0.01, 0, 0.02, 0, 0, 0, 0.04));
            }
            env.step(Action.of(0, 0, 0, 0, 0, 0, 0.04));
            double[] after = sim.sitePosition("ee_site");
            System.out.printf("ee_delta franka: moved %.4f %.4f %.4f for a request of 0.05 0 0.10%n", after[0] - before[0],
                    after[1] - before[1], after[2] - before[2]);
            assertThat(after[2] - before[2]).isCloseTo(0.10, within(0.02));
            assertThat(after[0] - before[0]).isCloseTo(0.05, within(0.02));
            assertThat(after[1] - before[1]).isCloseTo(0.0, within(0.02));
        }
    }

    @Test
    void jointPositionTargetsDriveTheFrankaServos() {
        try (Environment env = new MjcfEnvironmentFactory().create(SCENE,
                EnvironmentOptions.defaults().withActionSpace(ActionSpace.JOINT_POSITION))) {
            env.reset(0);
            SimState s = null;
            for (int i = 0; i < 5; i++) {
                s = env.step(Action.of(0.3, -0.6, 0, -2.2, 0, 1.6, 0.8, 0.02));
            }
            assertThat(s.qpos(0)).isCloseTo(0.3, within(0.02));
            assertThat(s.qpos(3)).isCloseTo(-2.2, within(0.02));
        }
    }

    @Test
    void frankaPicksUpTheRedCubeWithEndEffectorDeltas() {
        try (Environment env = new MjcfEnvironmentFactory().create(SCENE,
                EnvironmentOptions.defaults().withActionSpace(ActionSpace.EE_DELTA).withControlHz(10))) {
            env.reset(0);
            Simulation sim = ((MjcfEnvironment) env).simulation();
            double[] cube = sim.bodyPosition("red_cube");
            // above the cube (open), down around it, close, lift 15 cm
            double[][] waypoints = {{cube[0], cube[1], cube[2] + 0.12, 0.04}, {cube[0], cube[1], cube[2], 0.04},
                {cube[0], cube[1], cube[2], 0.0}, {cube[0], cube[1], cube[2] + 0.15, 0.0}};
            for (double[] w : waypoints) {
                for (int i = 0; i < 25; i++) {
                    double[] ee = sim.sitePosition("ee_site");
                    env.step(Action.of(clamp(w[0] - ee[0]), clamp(w[1] - ee[1]), clamp(w[2] - ee[2]), 0, 0, 0, w[3]));
                }
            }
            double[] lifted = sim.bodyPosition("red_cube");
            System.out.printf("grasp: red cube lifted by %.4f m for a 0.15 m hand lift%n", lifted[2] - cube[2]);
            assertThat(lifted[2] - cube[2]).isGreaterThan(0.12);
        }
    }

    @Test
    void randomControlsNeverProduceNonFiniteStates() {
        java.util.Random rnd = new java.util.Random(3);
        try (Environment env = new MjcfEnvironmentFactory().create(SCENE, EnvironmentOptions.defaults().withControlHz(20))) {
            env.reset(0);
            for (int i = 0; i < 200; i++) {
                double[] a = new double[8];
                for (int k = 0; k < 7; k++) {
                    a[k] = 3 * (2 * rnd.nextDouble() - 1);
                }
                a[7] = 0.04 * rnd.nextDouble();
                SimState s = env.step(Action.of(a));
                for (int k = 9; k < s.nq(); k += 7) {
                    // objects stay in the room (may be knocked off the table, not launched)
                    assertThat(Math.abs(s.qpos(k)) + Math.abs(s.qpos(k + 1)) + Math.abs(s.qpos(k + 2))).isLessThan(10);
                }
            }
        }
    }

    private static double clamp(double v) {
        return Math.max(-0.02, Math.min(0.02, v));
    }
}
