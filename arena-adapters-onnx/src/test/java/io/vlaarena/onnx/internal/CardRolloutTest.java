package io.vlaarena.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollout's input preparation and output decoding of an Octo card against a recording fake graph; no runtime involved. */
class CardRolloutTest {
    @TempDir
    Path dir;
    ModelCard card;
    final List<byte[]> padMasks = new ArrayList<>();
    final List<float[]> images = new ArrayList<>();
    final List<float[]> noises = new ArrayList<>();
    float[] output = new float[28];

    @BeforeEach
    void card() throws IOException {
        Files.write(dir.resolve("policy.onnx"), new byte[0]);
        String small = ModelCardTest.CARD.replace("256, 256, 3]", "2, 2, 3]").replace("\"width\": 256, \"height\": 256", "\"width\": 2, \"height\": 2")
                .replace("{\"name\": \"input_ids\", \"role\": \"token_ids\", \"dtype\": \"int64\", \"shape\": [1, 16]}",
                        "{\"name\": \"noise\", \"role\": \"noise\", \"dtype\": \"float32\", \"shape\": [3]}")
                .replace("\"tokenizer\": \"tokenizer.json\"", "\"tokenizer\": null");
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), small);
        card = ModelCard.read(dir);
    }

    GraphRunner recorder() {
        return new GraphRunner() {
            @Override
            public Bound bind(List<TensorBuffer> inputs, List<ModelCard.Tensor> out) {
                return new Bound() {
                    @Override
                    public void run(float[]... dest) {
                        for (TensorBuffer b : inputs) {
                            switch (b.spec().role()) {
                                case TIMESTEP_PAD_MASK -> padMasks.add(new byte[] {b.bytes().get(0), b.bytes().get(1)});
                                case IMAGE -> {
                                    float[] f = new float[(int) b.spec().elements()];
                                    b.bytes().asFloatBuffer().get(f);
                                    images.add(f);
                                }
                                case NOISE -> {
                                    float[] f = new float[3];
                                    b.bytes().asFloatBuffer().get(f);
                                    noises.add(f);
                                }
                                default -> { }
                            }
                        }
                        System.arraycopy(output, 0, dest[0], 0, dest[0].length);
                    }

                    @Override
                    public void close() {}
                };
            }

            @Override
            public void close() {}
        };
    }

    static Observation obs(int value) {
        byte[] px = new byte[2 * 2 * 3];
        Arrays.fill(px, (byte) value);
        return new Observation(0, new SimState(new double[1], new double[1], 0), Map.of("primary", new RgbImage(2, 2, px)));
    }

    @Test
    void padsMissingHistoryWithTheFirstFrameAndMasksIt() {
        try (CardRollout r = new CardRollout(card, null, recorder(), null, 1)) {
            r.predict(obs(51), "x");
            r.predict(obs(102), "x");
            r.predict(obs(255), "x");
        }
        assertThat(padMasks.get(0)).containsExactly(0, 1);
        assertThat(padMasks.get(1)).containsExactly(1, 1);
        assertThat(images.get(0)[0]).isEqualTo(0.2f);
        assertThat(images.get(0)[12]).isEqualTo(0.2f);
        assertThat(images.get(1)[0]).isEqualTo(0.2f);
        assertThat(images.get(1)[12]).isEqualTo(0.4f);
        assertThat(images.get(2)[0]).isEqualTo(0.4f);
        assertThat(images.get(2)[12]).isEqualTo(1.0f);
    }

    @Test
    void drawsNoiseFromTheSeed() {
        try (CardRollout a = new CardRollout(card, null, recorder(), null, 9);
                CardRollout b = new CardRollout(card, null, recorder(), null, 9)) {
            a.predict(obs(1), "x");
            a.predict(obs(1), "x");
            b.predict(obs(1), "x");
        }
        java.util.Random expected = new java.util.Random(9);
        assertThat(noises.get(0)).containsExactly((float) expected.nextGaussian(), (float) expected.nextGaussian(),
                (float) expected.nextGaussian());
        assertThat(noises.get(1)).isNotEqualTo(noises.get(0));
        assertThat(noises.get(2)).isEqualTo(noises.get(0));
    }

    @Test
    void unnormalizesAndPadsToTheEnvironmentDimension() {
        Arrays.fill(output, 0.5f);
        ActionChunk chunk;
        try (CardRollout r = new CardRollout(card, null, recorder(), null, 1)) {
            chunk = r.predict(obs(1), "x");
        }
        assertThat(chunk.size()).isEqualTo(4);
        assertThat(chunk.first().values()).containsExactly(2, 2, 2, 2, 2, 2, 0.5, 0);
    }

    @Test
    void rejectsNonFiniteOutputAndUseAfterClose() {
        output[9] = Float.NaN;
        CardRollout r = new CardRollout(card, null, recorder(), null, 1);
        assertThatThrownBy(() -> r.predict(obs(1), "x")).isInstanceOf(InferenceException.class)
                .hasMessageContaining("chunk index 1, dimension 2");
        r.close();
        r.close();
        assertThatThrownBy(() -> r.predict(obs(1), "x")).isInstanceOf(IllegalStateException.class);
    }
}
