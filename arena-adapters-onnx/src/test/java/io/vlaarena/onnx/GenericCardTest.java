package io.vlaarena.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.models.onnx.PolicyShape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generic model cards on ONNX Runtime, with generated policies whose output is a known function of
 * their inputs: the numbers check the image layouts and normalization, the state selection and
 * normalization, the constant input, the history window, the unnormalization and the action map.
 */
@Timeout(120)
class GenericCardTest {
    static final RolloutContext CONTEXT = new RolloutContext("pick up the red cube", "<mujoco/>", 3, 75);
    static final double TOLERANCE = 2e-5;

    @TempDir
    Path tmp;

    static void assertChunk(ActionChunk chunk, double[][] raw, int execute) {
        assertThat(chunk.size()).isEqualTo(execute);
        for (int k = 0; k < execute; k++) {
            double[] expected = GenericCards.mapped(raw[k]);
            double[] actual = chunk.get(k).values();
            assertThat(actual).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("action %d value %d", k, i).isCloseTo(expected[i], within(TOLERANCE));
            }
        }
    }

    @Test
    void describesTwoNamedCamerasOfTheirOwnSizesAndTheState() throws Exception {
        PolicyShape shape = PolicyShape.twoCameras();
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), shape))) {
            VlaSpec spec = vla.spec();
            assertThat(vla.type()).isEqualTo("generic");
            assertThat(spec.actionSpace()).isEqualTo(ActionSpace.JOINT_POSITION);
            assertThat(spec.actionDimension()).isEqualTo(8);
            assertThat(spec.actionHorizon()).isEqualTo(5);
            assertThat(spec.observation().images()).containsExactly(
                    new ImageSpec("observation.images.front", "front", 64, 48),
                    new ImageSpec("observation.images.wrist", "wrist_cam", 32, 24));
            assertThat(spec.observation().proprioception()).isTrue();
            assertThat(spec.observation().historyWindow()).isEqualTo(1);
        }
    }

    @Test
    void normalizesCamerasAndStateAndMapsTheChunkExactly() throws Exception {
        PolicyShape shape = PolicyShape.twoCameras();
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), shape));
                VlaRollout r = vla.start(CONTEXT)) {
            for (int step = 0; step < 3; step++) {
                Observation o = GenericCards.observation(shape, step, step * 5, 0.3 * step - 0.2);
                assertChunk(r.predict(o, "pick up the red cube"), GenericCards.rawChunk(shape, null, o), 5);
            }
        }
    }

    @Test
    void readsEveryLayoutAndTypeCombination() throws Exception {
        PolicyShape shape = new PolicyShape("layouts", java.util.List.of(
                new PolicyShape.Camera("a", "front", 20, 10, true, true),
                new PolicyShape.Camera("b", "overhead", 12, 18, false, false)), 1, 3, 2, 4, true, false, false, 0);
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), shape, "\"qpos[0:3]\"", "\"qpos[2]\", \"qpos[5:7]\""));
                VlaRollout r = vla.start(CONTEXT)) {
            Observation o = GenericCards.observation(shape, 0, 9, 0.1);
            ActionChunk chunk = r.predict(o, "x");
            // The state is qpos[2], qpos[5], qpos[6] here: check the first column against it.
            double s0 = (float) ((o.state().qpos()[2] - 0.0) / 0.5);
            double image = 0.5 / 255 * GenericCards.cameraMean(shape.cameras().get(0), o.image("a").orElseThrow())
                    + 0.25 * GenericCards.cameraMean(shape.cameras().get(1), o.image("b").orElseThrow());
            double raw = s0 + image;
            assertThat(chunk.first().get(0)).isCloseTo((raw + 1) / 2 * 5.6 - 2.8, within(TOLERANCE));
            double s2 = (float) ((o.state().qpos()[6] - 0.2) / 0.7);
            assertThat(chunk.get(1).get(2)).isCloseTo((s2 + 0.1 + image + 1) / 2 * 5.6 - 2.8, within(TOLERANCE));
        }
    }

    @Test
    void conditionsOnTheHistoryWindowPaddedWithTheFirstObservation() throws Exception {
        PolicyShape shape = PolicyShape.twoCameras().withWindow(3);
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), shape));
                VlaRollout r = vla.start(CONTEXT)) {
            assertThat(vla.spec().observation().historyWindow()).isEqualTo(3);
            Observation a = GenericCards.observation(shape, 0, 1, 0.0);
            Observation b = GenericCards.observation(shape, 1, 2, 0.5);
            Observation c = GenericCards.observation(shape, 2, 3, -0.4);
            Observation d = GenericCards.observation(shape, 3, 4, 0.9);
            assertChunk(r.predict(a, "x"), GenericCards.rawChunk(shape, null, a, a, a), 5);
            assertChunk(r.predict(b, "x"), GenericCards.rawChunk(shape, null, a, a, b), 5);
            assertChunk(r.predict(c, "x"), GenericCards.rawChunk(shape, null, a, b, c), 5);
            assertChunk(r.predict(d, "x"), GenericCards.rawChunk(shape, null, b, c, d), 5);
        }
    }

    @Test
    void readsTheInstructionAsTokenIdsWithTheCardsTokenizer() throws Exception {
        PolicyShape shape = PolicyShape.twoCameras().withTokens(8);
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), shape)); VlaRollout r = vla.start(CONTEXT)) {
            Observation o = GenericCards.observation(shape, 0, 0, 0.1);
            for (String instruction : java.util.List.of("pick up the red cube", "Push THE zebra", "a b c d e f g h i j")) {
                // The generated word-level tokenizer: lower case, words by whitespace, <unk> = 1, </s> = 2 appended,
                // truncated or padded (id 0, mask 0) to max_tokens.
                java.util.List<String> vocabulary = io.vlaarena.models.onnx.OctoModels.vocabulary();
                java.util.List<Long> ids = new java.util.ArrayList<>();
                for (String word : instruction.toLowerCase(java.util.Locale.ROOT).split("\\s+")) {
                    ids.add((long) Math.max(1, vocabulary.indexOf(word)));
                }
                ids.add(2L);
                double text = 0;
                for (int i = 0; i < Math.min(8, ids.size()); i++) {
                    text += 0.01 * ids.get(i) + 0.1;
                }
                double[] bias = new double[shape.width()];
                java.util.Arrays.fill(bias, text);
                assertChunk(r.predict(o, instruction), GenericCards.rawChunk(shape, bias, o), 5);
            }
        }
    }

    @Test
    void executesTheFirstStepsOfAChunkAsTheCardSays() throws Exception {
        PolicyShape shape = PolicyShape.twoCameras().withChunk(12, 7, true);
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), shape, "\"space\": \"joint_position\"",
                "\"space\": \"joint_position\", \"execute\": 4"));
                VlaRollout r = vla.start(CONTEXT)) {
            assertThat(vla.spec().actionHorizon()).isEqualTo(4);
            Observation o = GenericCards.observation(shape, 0, 0, 0.1);
            assertChunk(r.predict(o, "x"), GenericCards.rawChunk(shape, null, o), 4);
        }
    }

    @Test
    void readsAnOutputWithoutAChunkAxis() throws Exception {
        PolicyShape shape = PolicyShape.twoCameras().withChunk(1, 7, false);
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), shape));
                VlaRollout r = vla.start(CONTEXT)) {
            assertThat(vla.spec().actionHorizon()).isEqualTo(1);
            Observation o = GenericCards.observation(shape, 0, 0, 0.7);
            assertChunk(r.predict(o, "x"), GenericCards.rawChunk(shape, null, o), 1);
        }
    }

    @Test
    void clipsScalesAndOffsetsMappedColumns() throws Exception {
        PolicyShape shape = PolicyShape.twoCameras().withChunk(2, 3, true);
        String map = "[{\"from\": 0}, {\"from\": 1}, {\"from\": 2}, {\"value\": 0.04}]";
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), shape, map,
                "[{\"from\": 2, \"scale\": 2.0, \"offset\": 1.0, \"clip\": [-0.5, 0.5]}, {\"value\": -1}, {\"from\": 0}]",
                "\"space\": \"joint_position\"", "\"space\": \"ctrl\""));
                VlaRollout r = vla.start(CONTEXT)) {
            assertThat(vla.spec().actionDimension()).isEqualTo(3);
            assertThat(vla.spec().actionSpace()).isEqualTo(ActionSpace.CTRL);
            Observation o = GenericCards.observation(shape, 0, 0, 0.1);
            double[][] raw = GenericCards.rawChunk(shape, null, o);
            ActionChunk chunk = r.predict(o, "x");
            for (int k = 0; k < 2; k++) {
                double c2 = GenericCards.mapped(raw[k])[2];
                double c0 = GenericCards.mapped(raw[k])[0];
                assertThat(chunk.get(k).values()[0]).isCloseTo(Math.max(-0.5, Math.min(0.5, c2)) * 2 + 1, within(TOLERANCE));
                assertThat(chunk.get(k).values()[1]).isEqualTo(-1);
                assertThat(chunk.get(k).values()[2]).isCloseTo(c0, within(TOLERANCE));
            }
        }
    }

    @Test
    void refusesAnObservationWithoutACameraOrWithTooShortAState() throws Exception {
        PolicyShape shape = PolicyShape.twoCameras();
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), shape));
                VlaRollout r = vla.start(CONTEXT)) {
            Observation full = GenericCards.observation(shape, 0, 0, 0);
            Observation noWrist = new Observation(0, full.state(),
                    java.util.Map.of("observation.images.front", full.image("observation.images.front").orElseThrow()));
            assertThatThrownBy(() -> r.predict(noWrist, "x")).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("needs image 'observation.images.wrist'");
            Observation shortState = new Observation(0, new SimState(new double[5], new double[5], 0), full.images());
            assertThatThrownBy(() -> r.predict(shortState, "x")).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("input 'observation.state': The state selector 'qpos[0:8]' reaches beyond the scene's 5 qpos values");
            Observation smallFront = new Observation(0, full.state(), java.util.Map.of("observation.images.front",
                    GenericCards.image(32, 24, 0), "observation.images.wrist", full.image("observation.images.wrist").orElseThrow()));
            assertThatThrownBy(() -> r.predict(smallFront, "x")).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("of 64x48 pixels but got 32x24");
        }
    }

    @Test
    void djlRunsTheSameCardToTheSameActions() throws Exception {
        PolicyShape shape = PolicyShape.twoCameras().withWindow(2);
        Path dir = GenericCards.write(tmp.resolve("m"), shape);
        Observation a = GenericCards.observation(shape, 0, 1, 0.2);
        Observation b = GenericCards.observation(shape, 1, 2, -0.3);
        try (OnnxVla ort = OnnxVla.open(dir); DjlVla djl = DjlVla.open(dir);
                VlaRollout r1 = ort.start(CONTEXT); VlaRollout r2 = djl.start(CONTEXT)) {
            assertThat(djl.spec()).isEqualTo(ort.spec());
            for (Observation o : new Observation[] {a, b}) {
                ActionChunk x = r1.predict(o, "x");
                ActionChunk y = r2.predict(o, "x");
                for (int k = 0; k < x.size(); k++) {
                    assertThat(y.get(k).values()).containsExactly(x.get(k).values(), within(1e-6));
                }
            }
        }
    }
}
