package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.forward.Forward;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;

/** Light modes as MuJoCo's mj_camlight moves them, and the refusals of bad camera and light targets. */
class CamLightTest {
    private static final String SCENE = """
            <mujoco>
              <worldbody>
                <light name="aim" mode="targetbody" target="ball" pos="0 0 3"/>
                <body name="arm" pos="0 0 1">
                  <joint type="hinge" axis="0 1 0"/>
                  <geom type="capsule" fromto="0 0 0 0.5 0 0" size="0.03"/>
                  <light name="follow" mode="track" pos="0.2 0 0.5" dir="0 0.6 -0.8"/>
                  <light name="fixed" pos="0.2 0 0.5" dir="0 0.6 -0.8"/>
                </body>
                <body name="ball" pos="1 0.5 1"><freejoint/><geom size="0.1"/></body>
              </worldbody>
            </mujoco>
            """;

    @Test
    void trackedLightsKeepTheirDirectionAndTargetingLightsAim() {
        MjModel m = MjcfLoader.load(SCENE);
        MjData d = new MjData(new PhysicsModel(m));
        d.qpos[0] = 0.7;
        Forward.forward(d.model, d);
        int aim = MjModel.find(m.light_name, "aim"), follow = MjModel.find(m.light_name, "follow"),
                fixed = MjModel.find(m.light_name, "fixed");
        // track: world direction of qpos0, position = body + the offset of qpos0
        assertThat(new double[] {d.light_xdir[3 * follow], d.light_xdir[3 * follow + 1], d.light_xdir[3 * follow + 2]})
                .containsExactly(new double[] {0, 0.6, -0.8}, within(1e-12));
        int arm = MjModel.find(m.body_name, "arm");
        for (int k = 0; k < 3; k++) {
            assertThat(d.light_xpos[3 * follow + k]).isCloseTo(d.xpos[3 * arm + k] + new double[] {0.2, 0, 0.5}[k],
                    within(1e-12));
        }
        // fixed: turns with the body
        assertThat(d.light_xdir[3 * fixed]).isNotCloseTo(0, within(0.1));
        // targetbody: from the light to the target's origin, normalized
        int ball = MjModel.find(m.body_name, "ball");
        double[] to = new double[3];
        double n = 0;
        for (int k = 0; k < 3; k++) {
            to[k] = d.xpos[3 * ball + k] - d.light_xpos[3 * aim + k];
            n += to[k] * to[k];
        }
        for (int k = 0; k < 3; k++) {
            assertThat(d.light_xdir[3 * aim + k]).isCloseTo(to[k] / Math.sqrt(n), within(1e-12));
        }
    }

    @Test
    void refusesUnknownAndOwnTargetsAndUnknownModes() {
        assertThatThrownBy(() -> MjcfLoader.load(SCENE.replace("target=\"ball\"", "target=\"moon\"")))
                .isInstanceOf(SceneException.class).hasMessageContaining("Light 'aim' at line 3 targets unknown body 'moon'");
        assertThatThrownBy(() -> MjcfLoader.load(SCENE.replace("<light name=\"fixed\"",
                "<camera name=\"self\" mode=\"targetbody\" target=\"arm\"/><light name=\"fixed\"")))
                .isInstanceOf(SceneException.class).hasMessageContaining("Camera 'self'").hasMessageContaining("its own body");
        assertThatThrownBy(() -> MjcfLoader.load(SCENE.replace("mode=\"track\"", "mode=\"orbit\"")))
                .isInstanceOf(SceneException.class).hasMessageContaining("orbit").hasMessageContaining("trackcom");
        assertThatThrownBy(() -> MjcfLoader.load(SCENE.replace("<light name=\"fixed\"",
                "<site type=\"sphere\" fromto=\"0 0 0 0 0 1\"/><light name=\"fixed\"")))
                .isInstanceOf(SceneException.class).hasMessageContaining("capsule, cylinder, box and ellipsoid sites");
    }
}
