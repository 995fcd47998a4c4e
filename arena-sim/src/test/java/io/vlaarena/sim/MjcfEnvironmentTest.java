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
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MjcfEnvironmentTest {

    /** A 3-link arm (yaw, pitch, pitch) with position servos, a slide finger as gripper, an ee_site and a "home" key. */
    static SimModel arm() {
        TestModels t = new TestModels();
        t.geom(0, MjModel.GEOM_PLANE, new double[] {2, 2, 0.1}, null, null);
        int base = t.body("base", 0, new double[] {0, 0, 0.1}, null, 2, new double[] {0, 0, 0.05}, new double[] {0.01, 0.01, 0.01});
        int j1 = t.joint("yaw", base, MjModel.JNT_HINGE, new double[] {0, 0, 1}, null);
        int l1 = t.body("upper", base, new double[] {0, 0, 0.1}, null, 1, new double[] {0.15, 0, 0}, new double[] {0.002, 0.01, 0.01});
        int j2 = t.joint("shoulder", l1, MjModel.JNT_HINGE, new double[] {0, 1, 0}, null);
        t.geom(l1, MjModel.GEOM_CAPSULE, new double[] {0.03, 0.12}, new double[] {0.15, 0, 0},
                new double[] {Math.sqrt(0.5), 0, Math.sqrt(0.5), 0});
        int l2 = t.body("fore", l1, new double[] {0.3, 0, 0}, null, 0.8, new double[] {0.12, 0, 0}, new double[] {0.002, 0.008, 0.008});
        int j3 = t.joint("elbow", l2, MjModel.JNT_HINGE, new double[] {0, 1, 0}, null);
        t.site("ee_site", l2, new double[] {0.25, 0, 0});
        int f = t.body("finger", l2, new double[] {0.25, 0, 0}, null, 0.1, null, new double[] {1e-4, 1e-4, 1e-4});
        int j4 = t.joint("finger", f, MjModel.JNT_SLIDE, new double[] {0, 1, 0}, null);
        t.limit(j4, 0, 0.04);
        for (int j : new int[] {j1, j2, j3}) {
            t.damping(j, 2).armature(j, 0.05);
            t.actuator(j, 1, 100, 0, -100, 0, -3, 3);
        }
        t.damping(j4, 5);
        t.actuator(j4, 1, 50, 0, -50, 0, 0, 0.04);
        t.key("home", new double[] {0, -0.5, 1.0, 0.02}, new double[] {0, -0.5, 1.0, 0.02});
        return SimModel.of(t.build());
    }

    /** The same arm driven by plain motors (no position servos). */
    static SimModel motorArm() {
        SimModel servo = arm();
        MjModel m = servo.raw();
        for (int u = 0; u < m.nu; u++) {
            m.actuator_gainprm[MjModel.NGAIN * u] = 1;
            m.actuator_biasprm[MjModel.NGAIN * u + 1] = 0;
            m.actuator_biastype[u] = MjModel.BIAS_NONE;
            m.actuator_ctrllimited[u] = false;
        }
        return SimModel.of(m);
    }

    @Test
    void jointPositionTargetsOfMotorsAreTrackedByPdTorques() {
        try (Environment env = new MjcfEnvironmentFactory().create(motorArm(),
                EnvironmentOptions.defaults().withActionSpace(ActionSpace.JOINT_POSITION))) {
            env.reset(0);
            SimState s = null;
            for (int i = 0; i < 10; i++) {
                s = env.step(Action.of(0.4, -0.3, 0.7, 0.03));
            }
            assertThat(s.qpos(0)).isCloseTo(0.4, within(0.02));
            assertThat(s.qpos(1)).isCloseTo(-0.3, within(0.05));
            assertThat(s.qpos(2)).isCloseTo(0.7, within(0.05));
        }
    }

    private static Environment env(ActionSpace space) {
        return new MjcfEnvironmentFactory().create(arm(), EnvironmentOptions.defaults().withActionSpace(space));
    }

    @Test
    void resetStartsFromTheHomeKeyframe() {
        try (Environment env = env(ActionSpace.CTRL)) {
            SimState s = env.reset(42);
            assertThat(s.qpos()).containsExactly(0, -0.5, 1.0, 0.02);
            assertThat(s.time()).isZero();
            assertThat(env.nq()).isEqualTo(4);
            assertThat(env.nu()).isEqualTo(4);
            assertThat(env.controlPeriod()).isCloseTo(0.2, within(1e-12));
        }
    }

    @Test
    void ctrlActionOfEightValuesIsTruncatedToNu() {
        try (Environment env = env(ActionSpace.CTRL)) {
            env.reset(0);
            SimState s = env.step(Action.of(0.3, -0.4, 0.9, 0.01, 7, 7, 7, 7));
            assertThat(s.time()).isCloseTo(0.2, within(1e-9));
            for (int i = 0; i < 5; i++) {
                s = env.step(Action.of(0.3, -0.4, 0.9, 0.01, 7, 7, 7, 7));
            }
            assertThat(s.qpos(0)).isCloseTo(0.3, within(0.02));
        }
    }

    @Test
    void rejectsCtrlActionOfWrongSize() {
        try (Environment env = env(ActionSpace.CTRL)) {
            env.reset(0);
            assertThatThrownBy(() -> env.step(Action.of(1, 2, 3))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expects 8 or nu");
        }
    }

    @Test
    void rejectsActionWithNaN() {
        try (Environment env = env(ActionSpace.CTRL)) {
            env.reset(0);
            assertThatThrownBy(() -> env.step(Action.of(0, Double.NaN, 0, 0))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void jointPositionTargetsAreReachedByTheServos() {
        try (Environment env = env(ActionSpace.JOINT_POSITION)) {
            env.reset(0);
            SimState s = null;
            for (int i = 0; i < 10; i++) {
                s = env.step(Action.of(0.4, -0.3, 0.7, 0.03));
            }
            assertThat(s.qpos(0)).isCloseTo(0.4, within(0.02));
            assertThat(s.qpos(2)).isCloseTo(0.7, within(0.05));
            assertThat(s.qpos(3)).isCloseTo(0.03, within(0.005));
        }
    }

    @Test
    void eeDeltaMovesTheEndEffectorTheRequestedWay() {
        try (Environment env = new MjcfEnvironmentFactory().create(arm(),
                EnvironmentOptions.defaults().withActionSpace(ActionSpace.EE_DELTA))) {
            env.reset(0);
            MjcfEnvironment e = (MjcfEnvironment) env;
            // settle at home first (gravity sag), then move up 3 cm
            env.step(Action.of(0, 0, 0, 0, 0, 0, 0.02));
            double[] before = e.simulation().sitePosition("ee_site");
            env.step(Action.of(0, 0, 0.03, 0, 0, 0, 0.02));
            env.step(Action.of(0, 0, 0, 0, 0, 0, 0.02));
            double[] after = e.simulation().sitePosition("ee_site");
            assertThat(after[2] - before[2]).isCloseTo(0.03, within(0.01));
            assertThat(Math.abs(after[0] - before[0]) + Math.abs(after[1] - before[1])).isLessThan(0.02);
        }
        assertThatThrownBy(() -> new MjcfEnvironmentFactory().create(arm(), EnvironmentOptions.defaults()
                .withActionSpace(ActionSpace.EE_DELTA).withEndEffectorSite("nope"))).isInstanceOf(SceneException.class)
                .hasMessageContaining("'nope'");
    }

    @Test
    void jointVelocitiesMoveTheJointsAtThatRateAndTheGripperToItsTarget() {
        try (Environment env = new MjcfEnvironmentFactory().create(arm(),
                EnvironmentOptions.defaults().withActionSpace(ActionSpace.JOINT_VELOCITY))) {
            assertThat(env.actionDimension()).isEqualTo(4);
            env.reset(0);
            SimState s = null;
            for (int i = 0; i < 5; i++) { // 1 s at 5 Hz: yaw at 0.5 rad/s, elbow at -0.2 rad/s
                s = env.step(Action.of(0.5, 0, -0.2, 0.01));
            }
            assertThat(s.qpos()[0]).isCloseTo(0.5, within(0.05));
            assertThat(s.qpos()[1]).isCloseTo(-0.5, within(0.05));
            assertThat(s.qpos()[2]).isCloseTo(0.8, within(0.05));
            assertThat(s.qpos()[3]).isCloseTo(0.01, within(0.005));
            for (int i = 0; i < 5; i++) {
                s = env.step(Action.of(0, 0, 0, 0.01)); // velocity 0 holds where it got to
            }
            assertThat(s.qpos()[0]).isCloseTo(0.5, within(0.05));
            assertThatThrownBy(() -> env.step(Action.of(0, 0, 0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("joint_velocity action space expects 8 or nu=4 values, got 3");
        }
    }

    @Test
    void reportsASitesWorldPose() {
        try (Environment env = new MjcfEnvironmentFactory().create(arm(), EnvironmentOptions.defaults())) {
            env.reset(0);
            MjcfEnvironment e = (MjcfEnvironment) env;
            io.vlaarena.core.SitePose ee = env.site("ee_site");
            assertThat(ee.position()).containsExactly(e.simulation().sitePosition("ee_site"), within(1e-12));
            // home: shoulder -0.5 and elbow +1.0 about y leave the forearm turned 0.5 rad about y
            assertThat(ee.quaternion()).containsExactly(new double[] {Math.cos(0.25), 0, Math.sin(0.25), 0}, within(1e-9));
            assertThatThrownBy(() -> env.site("hand")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Unknown site 'hand'").hasMessageContaining("ee_site");
        }
    }

    @Test
    void rejectsEeDeltaOfWrongSize() {
        try (Environment env = env(ActionSpace.EE_DELTA)) {
            assertThatThrownBy(() -> env.step(Action.of(0, 0, 0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expects 7");
            assertThatThrownBy(() -> env.step(Action.of(0, 0, 0, 0, 0, 0, 0, 0, 0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got 9");
        }
    }

    @Test
    void eeDeltaPaddedToEightValuesAsTheOriginalDoesActsLikeSeven() {
        SimState[] last = new SimState[2];
        for (int r = 0; r < 2; r++) {
            try (Environment env = env(ActionSpace.EE_DELTA)) {
                env.reset(0);
                last[r] = r == 0 ? env.step(Action.of(0.01, 0, 0.02, 0, 0, 0.1, 0.02))
                        : env.step(Action.of(0.01, 0, 0.02, 0, 0, 0.1, 0.02, 0.0));
            }
        }
        assertThat(last[1]).isEqualTo(last[0]);
    }

    @Test
    void sameSeedAndActionsGiveBitIdenticalStates() {
        SimState[] last = new SimState[2];
        for (int r = 0; r < 2; r++) {
            try (Environment env = env(ActionSpace.CTRL)) {
                env.reset(7);
                for (int i = 0; i < 5; i++) {
                    last[r] = env.step(Action.of(0.1 * i, -0.2, 0.5, 0.04));
                }
            }
        }
        assertThat(last[0]).isEqualTo(last[1]);
    }

    @Test
    void rendersOnDemandAndClosedEnvironmentsRefuseWork() {
        Environment env = env(ActionSpace.CTRL);
        io.vlaarena.core.RgbImage image = env.render(null, 32, 24);
        assertThat(image.width()).isEqualTo(32);
        assertThat(image.height()).isEqualTo(24);
        assertThatThrownBy(() -> env.render("nope", 8, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown camera 'nope'");
        env.close();
        env.close();
        assertThatThrownBy(() -> env.step(Action.of(0, 0, 0, 0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void malformedXmlIsASceneException() {
        assertThatThrownBy(() -> SimModel.load("<mujoco><worldbody>")).isInstanceOf(SceneException.class);
        assertThatThrownBy(() -> new MjcfEnvironmentFactory().create("", EnvironmentOptions.defaults()))
                .isInstanceOf(SceneException.class);
    }

    @Test
    void simulationResetsToKeysAndRejectsUnknownOnes() {
        Simulation sim = arm().newSimulation();
        sim.resetToKey("home");
        assertThat(sim.qpos()).containsExactly(0, -0.5, 1.0, 0.02);
        assertThat(sim.ctrl()).containsExactly(0, -0.5, 1.0, 0.02);
        assertThatThrownBy(() -> sim.resetToKey("away")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[home]");
        sim.reset();
        assertThat(sim.qpos()).containsExactly(0, 0, 0, 0);
    }
}
