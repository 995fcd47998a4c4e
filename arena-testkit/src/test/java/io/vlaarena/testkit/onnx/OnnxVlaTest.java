package io.vlaarena.testkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ChunkExecution;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.EpisodeStatus;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.models.onnx.OctoModels;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.testkit.FakeEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class OnnxVlaTest {
    @TempDir
    static Path tmp;
    static Path tiny;
    static OnnxVla vla;

    @BeforeAll
    static void generate() {
        tiny = OctoModels.writeOctoTiny(tmp.resolve("octo-tiny"), 7);
        vla = OnnxVla.open(tiny);
    }

    @AfterAll
    static void closeModel() {
        vla.close();
    }

    static Observation observation(int step, int shade) {
        byte[] px = new byte[256 * 256 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i * 31 + shade * 7) & 0xff);
        }
        return new Observation(step, new SimState(new double[8], new double[8], 0), Map.of("primary", new RgbImage(256, 256, px)));
    }

    static List<ActionChunk> predictions(io.vlaarena.core.Vla model, long seed, int count) {
        List<ActionChunk> out = new ArrayList<>();
        try (VlaRollout r = model.start(new RolloutContext("pick up the red cube", "<mujoco/>", seed, 75))) {
            for (int i = 0; i < count; i++) {
                out.add(r.predict(observation(i, i), "pick up the red cube"));
            }
        }
        return out;
    }

    @Test
    void describesTheOctoProfile() throws Exception {
        assertThat(vla.spec().id()).isEqualTo("octo-tiny");
        assertThat(vla.spec().actionDimension()).isEqualTo(8);
        assertThat(vla.spec().actionHorizon()).isEqualTo(4);
        assertThat(vla.spec().actionSpace()).isEqualTo(ActionSpace.EE_DELTA);
        assertThat(vla.spec().observation().images()).containsExactly(ImageSpec.of("primary", 256, 256));
        assertThat(vla.spec().observation().historyWindow()).isEqualTo(2);
        assertThat(vla.device()).isEqualTo("cpu");
        long bytes = 0;
        try (var files = Files.list(tiny)) {
            for (Path p : files.toList()) {
                bytes += Files.size(p);
            }
        }
        assertThat(bytes).as("octo-tiny directory size").isLessThanOrEqualTo(2L << 20);
    }

    @Test
    void sameSeedGivesTheSameActions() {
        List<ActionChunk> a = predictions(vla, 42, 3);
        List<ActionChunk> b = predictions(vla, 42, 3);
        List<ActionChunk> c = predictions(vla, 43, 3);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(a.get(0)).isNotEqualTo(a.get(1));
    }

    @Test
    void padsTheGripperWithZeroAsTheOriginal() {
        ActionChunk chunk = predictions(vla, 1, 1).get(0);
        assertThat(chunk.size()).isEqualTo(4);
        for (int k = 0; k < 4; k++) {
            assertThat(chunk.get(k).dimension()).isEqualTo(8);
            assertThat(chunk.get(k).get(7)).isZero();
            // The gripper (index 6) is not normalized: it stays inside the head's clip range.
            assertThat(Math.abs(chunk.get(k).get(6))).isLessThanOrEqualTo(5.0);
        }
    }

    @Test
    void encodesEachInstructionOncePerEpisode() {
        try (VlaRollout r = vla.start(new RolloutContext("pick up the red cube", "<mujoco/>", 5, 75))) {
            io.vlaarena.onnx.internal.OctoRollout rollout = (io.vlaarena.onnx.internal.OctoRollout) r;
            ActionChunk first = r.predict(observation(0, 0), "pick up the red cube");
            r.predict(observation(1, 1), "pick up the red cube");
            r.predict(observation(2, 2), "pick up the red cube");
            assertThat(rollout.encoderRuns()).isEqualTo(1);
            r.predict(observation(3, 3), "push the blue block");
            assertThat(rollout.encoderRuns()).isEqualTo(2);
            assertThat(first.first().dimension()).isEqualTo(8);
        }
    }

    @Test
    void instructionChangesTheActions() {
        try (VlaRollout a = vla.start(new RolloutContext("x", "<mujoco/>", 5, 75));
                VlaRollout b = vla.start(new RolloutContext("x", "<mujoco/>", 5, 75))) {
            assertThat(a.predict(observation(0, 0), "pick up the red cube"))
                    .isNotEqualTo(b.predict(observation(0, 0), "push the green sphere"));
        }
    }

    @Test
    void runsAWholeChunkEpisode() {
        EpisodeRunner runner = EpisodeRunner.builder().maxSteps(12).chunkExecution(ChunkExecution.WHOLE_CHUNK).build();
        try (FakeEnvironment env = new FakeEnvironment(8, ActionSpace.EE_DELTA)) {
            Episode e = runner.run(vla, env, new RolloutContext("stack the blue block", "<mujoco/>", 3, 12));
            assertThat(e.status()).isEqualTo(EpisodeStatus.COMPLETED);
            assertThat(e.actions()).hasSize(12);
            assertThat(env.renderCount()).isEqualTo(3);
        }
    }

    @Test
    void rejectsAnImageOfTheWrongSize() {
        try (VlaRollout r = vla.start(new RolloutContext("pick", "<mujoco/>", 1, 75))) {
            Observation small = new Observation(0, new SimState(new double[1], new double[1], 0),
                    Map.of("primary", new RgbImage(224, 224, new byte[224 * 224 * 3])));
            assertThatThrownBy(() -> r.predict(small, "pick")).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("256x256").hasMessageContaining("224x224");
            Observation none = new Observation(0, new SimState(new double[1], new double[1], 0), Map.of());
            assertThatThrownBy(() -> r.predict(none, "pick")).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("primary");
        }
    }

    @Test
    void concurrentEpisodesMatchSequentialOnes() throws Exception {
        List<ActionChunk> expected1 = predictions(vla, 11, 4);
        List<ActionChunk> expected2 = predictions(vla, 12, 4);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<ActionChunk>>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long seed = 11 + (i % 2);
                runs.add(pool.submit(() -> predictions(vla, seed, 4)));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(runs.get(i).get()).isEqualTo(i % 2 == 0 ? expected1 : expected2);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
