package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SceneException;
import io.vlaarena.core.SimState;
import io.vlaarena.core.replay.PoseTrack;
import io.vlaarena.core.replay.SceneGeometry;
import io.vlaarena.core.replay.SceneGeometry.Geom;
import io.vlaarena.core.replay.SceneGeometry.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replays of the bundled scene: geometry, poses from the simulator's kinematics, rendered frames. */
@Timeout(60)
class MjcfReplayProviderTest {
    private static final String XML = BundledScenes.frankaTableXml();
    private final MjcfReplayProvider replays = MjcfReplayProvider.create();

    /** A short rollout of the arm under constant controls: states after each 100 physics steps. */
    private static List<SimState> rollout(double ctrl, int steps) {
        Simulation sim = SimModel.load(XML).newSimulation();
        sim.resetToHome();
        for (int u = 0; u < sim.model().nu() - 1; u++) {
            sim.setCtrl(u, sim.ctrl()[u] + ctrl);
        }
        List<SimState> states = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            sim.step(100);
            states.add(sim.state());
        }
        return states;
    }

    @Test
    void describesTheSceneWithMovingBodiesStaticGeomsInTheWorldAndTheCheckerFloor() {
        SceneGeometry g = replays.geometry(XML);
        assertThat(g.movingBodies()).contains("red_cube", "blue_cube", "green_sphere", "hand").doesNotContain("table", "world");
        Geom top = g.geoms().stream().filter(x -> x.name().equals("table_top")).findFirst().orElseThrow();
        assertThat(top.body()).as("the table never moves").isEqualTo(-1);
        assertThat(top.pos().get(0)).isCloseTo(0.55, within(1e-12));
        assertThat(top.pos().get(2)).isCloseTo(0.28, within(1e-12));
        assertThat(top.shape()).isEqualTo(Shape.BOX);
        Geom cube = g.geoms().stream().filter(x -> x.name().equals("red_cube")).findFirst().orElseThrow();
        assertThat(g.movingBodies().get(cube.body())).isEqualTo("red_cube");
        assertThat(cube.rgba()).containsExactly(0.85, 0.12, 0.10, 1.0);
        Geom floor = g.geoms().stream().filter(x -> x.name().equals("floor")).findFirst().orElseThrow();
        assertThat(floor.shape()).isEqualTo(Shape.PLANE);
        assertThat(floor.checker()).isPresent();
        assertThat(floor.checker().get().tilesPerMetre().get(0)).isCloseTo(0.5 * 8 / 3, within(1e-12));
        assertThat(floor.checker().get().mark()).isPresent();
        assertThat(g.lights()).hasSize(2);
        assertThat(g.lights().get(0).directional()).isTrue();
        assertThat(g.view().azimuth()).isEqualTo(150);
        assertThat(g.view().distance()).isPositive();
    }

    @Test
    void posesAreTheSimulatorsOwnBodyPositionsForEachState() {
        List<SimState> states = rollout(0.3, 5);
        PoseTrack track = replays.poses(XML, states);
        SceneGeometry g = replays.geometry(XML);
        assertThat(track.frames()).isEqualTo(5);
        assertThat(track.bodyCount()).isEqualTo(g.movingBodies().size());
        assertThat(track.times()).containsExactlyElementsOf(states.stream().map(SimState::time).toList());
        int hand = g.movingBodies().indexOf("hand");
        Simulation check = SimModel.load(XML).newSimulation();
        for (int f = 0; f < states.size(); f++) {
            check.setQpos(states.get(f).qpos());
            double[] expected = check.bodyPosition("hand");
            float[] pose = track.pose(f, hand);
            for (int i = 0; i < 3; i++) {
                assertThat((double) pose[i]).isCloseTo(expected[i], within(1e-6));
            }
            double norm = Math.sqrt(pose[3] * pose[3] + pose[4] * pose[4] + pose[5] * pose[5] + pose[6] * pose[6]);
            assertThat(norm).isCloseTo(1, within(1e-6));
        }
        assertThat(track.pose(0, hand)).isNotEqualTo(track.pose(4, hand));
    }

    @Test
    void startsFromTheHomeKeyframeAsTheArenasEnvironmentsDo() {
        SimState initial = replays.initialState(XML);
        Simulation sim = SimModel.load(XML).newSimulation();
        sim.resetToHome();
        assertThat(initial.qpos()).containsExactly(sim.state().qpos());
    }

    @Test
    void rendersFramesFromTheFixedReplayViewSoDifferentStatesGiveDifferentPictures() {
        List<SimState> a = rollout(0.4, 3);
        List<SimState> b = rollout(-0.4, 3);
        RgbImage start = replays.render(XML, replays.initialState(XML), 160, 120);
        RgbImage left = replays.render(XML, a.get(2), 160, 120);
        RgbImage right = replays.render(XML, b.get(2), 160, 120);
        assertThat(start.width()).isEqualTo(160);
        assertThat(differentPixels(start, left)).isGreaterThan(100);
        assertThat(differentPixels(left, right)).isGreaterThan(100);
        // the same state always gives the same picture (the camera does not follow the robot)
        assertThat(differentPixels(left, replays.render(XML, a.get(2), 160, 120))).isZero();
    }

    @Test
    void refusesStatesOfAnotherSceneAndOversizedFrames() {
        SimState wrong = new SimState(new double[3], new double[3], 0);
        assertThatThrownBy(() -> replays.poses(XML, List.of(wrong))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("State 0 has 3 qpos values but the scene has nq=");
        assertThatThrownBy(() -> replays.render(XML, replays.initialState(XML), 4096, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("A frame is 1..2048 pixels per side, got 4096x10");
        assertThatThrownBy(() -> replays.geometry("<mujoco><worldbody><nonsense")).isInstanceOf(SceneException.class);
    }

    @Test
    void describesMeshGeomsWithTheirTriangles() {
        String xml = """
                <mujoco>
                  <asset><mesh name="gem" vertex="0.06 0 0  -0.06 0 0  0 0.06 0  0 -0.06 0  0 0 0.08  0 0 -0.08"/></asset>
                  <worldbody>
                    <body name="gem" pos="0 0 0.1"><freejoint/><geom type="mesh" mesh="gem" rgba="0.1 0.2 0.9 1"/></body>
                  </worldbody>
                </mujoco>
                """;
        SceneGeometry g = replays.geometry(xml);
        assertThat(g.geoms()).hasSize(1);
        Geom gem = g.geoms().get(0);
        assertThat(gem.shape()).isEqualTo(Shape.MESH);
        assertThat(g.meshes().get(gem.mesh()).vertices()).hasSize(18);
        assertThat(g.meshes().get(gem.mesh()).faces().length).isEqualTo(3 * 8);
        assertThat(g.movingBodies()).containsExactly("gem");
    }

    static int differentPixels(RgbImage a, RgbImage b) {
        int n = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                n += a.rgb(x, y) != b.rgb(x, y) ? 1 : 0;
            }
        }
        return n;
    }
}
