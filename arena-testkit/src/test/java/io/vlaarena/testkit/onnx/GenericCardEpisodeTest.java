package io.vlaarena.testkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ChunkExecution;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.models.MockVla;
import io.vlaarena.models.onnx.PolicyModels;
import io.vlaarena.models.onnx.PolicyShape;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generic-card policy (two named cameras of different sizes and layouts, the arm's state, 5×7
 * chunks mapped to the franka's 8 joint-position targets) in the bundled scene: an episode and a
 * battle, with the first action checked against the model's answer to the scene's own first
 * observation.
 */
@Timeout(120)
class GenericCardEpisodeTest {
    static final String XML = BundledScenes.frankaTableXml();

    @TempDir
    Path tmp;

    @Test
    void runsAnEpisodeFromTheScenesNamedCamerasAndJointState() {
        PolicyShape shape = PolicyShape.twoCameras();
        EpisodeRunner runner = EpisodeRunner.builder().maxSteps(15).chunkExecution(ChunkExecution.WHOLE_CHUNK).build();
        MjcfEnvironmentFactory envs = new MjcfEnvironmentFactory();
        EnvironmentOptions options = EnvironmentOptions.defaults().withActionSpace(io.vlaarena.core.ActionSpace.JOINT_POSITION);
        try (OnnxVla vla = OnnxVla.open(PolicyModels.write(tmp.resolve("two-cameras"), shape))) {
            Episode e;
            try (Environment env = envs.create(XML, options)) {
                e = runner.run(vla, env, new RolloutContext("pick up the red cube", XML, 5, 15));
            }
            assertThat(e.isCompleted()).as(String.valueOf(e.failure())).isTrue();
            assertThat(e.length()).isEqualTo(15);
            for (Action a : e.actions()) {
                assertThat(a.dimension()).isEqualTo(8);
                assertThat(a.get(7)).isEqualTo(PolicyModels.GRIPPER);
            }
            assertThat(e.states().get(14).qpos()).isNotEqualTo(e.states().get(0).qpos());

            // The scene's first observation, rendered here by hand, gives the episode's first chunk.
            ActionChunk expected;
            try (Environment env = envs.create(XML, options); VlaRollout r = vla.start(new RolloutContext("x", XML, 5, 15))) {
                SimState s = env.reset(5);
                Map<String, RgbImage> images = new HashMap<>();
                for (ImageSpec img : vla.spec().observation().images()) {
                    images.put(img.key(), env.render(img.camera(), img.width(), img.height()));
                }
                assertThat(images.get("observation.images.front").width()).isEqualTo(64);
                assertThat(images.get("observation.images.wrist").height()).isEqualTo(24);
                expected = r.predict(new Observation(0, s, images), "pick up the red cube");
            }
            assertThat(e.actions().subList(0, 5)).isEqualTo(expected.actions());
        }
    }

    @Test
    void battlesAMockInTheBundledScene() {
        EpisodeRunner runner = EpisodeRunner.builder().maxSteps(10).chunkExecution(ChunkExecution.WHOLE_CHUNK).build();
        try (OnnxVla vla = OnnxVla.open(PolicyModels.write(tmp.resolve("m"), PolicyShape.twoCameras().withWindow(2)));
                Arena arena = Arena.builder().scenes(BundledScenes.catalog()).environments(new MjcfEnvironmentFactory())
                        .runner(runner).maxSteps(10).seed(3).model(vla).model(new MockVla()).build()) {
            SessionStart s = arena.startSession("franka", "table");
            TurnOutcome t = arena.playTurn(s.battleId(), "pick up the red cube");
            assertThat(t.isCompleted()).as(t.detail()).isTrue();
            Turn turn = t.turn().orElseThrow();
            for (String id : new String[] {turn.leftEpisodeId(), turn.rightEpisodeId()}) {
                assertThat(arena.episode(id).orElseThrow().actions()).hasSize(10);
            }
            var revealed = arena.vote(s.battleId(), VoteChoice.LEFT_BETTER).revealed();
            assertThat(java.util.List.of(revealed.left(), revealed.right())).containsExactlyInAnyOrder("two-cameras", "mock-vla");
        }
    }
}
