package io.vlaarena.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.models.onnx.PolicyShape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The translator hook on ONNX Runtime: registered in code or named in the card, fed and read by the numbers. */
@Timeout(120)
class OnnxTranslatorTest {
    static final RolloutContext CONTEXT = new RolloutContext("pick", "<mujoco/>", 1, 75);
    static final String NAMED = "\"translator\": {\"name\": \"test-bias\", \"settings\": {\"bias\": 0.25}},\n  \"files\": {";
    static final PolicyShape SHAPE = PolicyShape.twoCameras().withTranslatorInput(true);

    @TempDir
    Path tmp;

    static void assertTranslated(ActionChunk chunk, BiasTranslator t, Observation o) {
        double[][] raw = GenericCards.rawChunk(SHAPE, t.biasValues(SHAPE.width()), o);
        assertThat(chunk.size()).isEqualTo(SHAPE.horizon());
        for (int k = 0; k < chunk.size(); k++) {
            double[] expected = GenericCards.mapped(raw[k]);
            for (int i = 0; i < 7; i++) {
                expected[i] += o.state().qpos()[i];
            }
            assertThat(chunk.get(k).values()).containsExactly(expected, within(2e-5));
        }
    }

    @Test
    void aTranslatorRegisteredInCodeFillsItsInputAndRewritesTheActions() throws Exception {
        BiasTranslator t = new BiasTranslator(0.5);
        try (OnnxVla vla = OnnxVla.open(GenericCards.write(tmp.resolve("m"), SHAPE), OnnxOptions.builder().translator(t).build())) {
            try (VlaRollout r = vla.start(CONTEXT)) {
                for (int step = 0; step < 2; step++) {
                    Observation o = GenericCards.observation(SHAPE, step, step, 0.1 * step);
                    assertTranslated(r.predict(o, "pick"), t, o);
                }
            }
            try (VlaRollout r = vla.start(CONTEXT)) {
                r.predict(GenericCards.observation(SHAPE, 0, 0, 0), "pick");
            }
        }
        assertThat(t.callsSeen).as("per-episode state starts afresh").containsExactly(1, 2, 1);
        double[] bias = t.biasValues(SHAPE.width());
        for (float[] echo : t.echoes) {
            assertThat(echo).hasSize(SHAPE.width());
            for (int w = 0; w < echo.length; w++) {
                assertThat((double) echo[w]).as("the translator output bias_echo").isCloseTo(2 * bias[w], within(1e-6));
            }
        }
    }

    @Test
    void aTranslatorNamedInTheCardComesFromItsRegisteredProviderWithItsSettings() throws Exception {
        Path dir = GenericCards.write(tmp.resolve("m"), SHAPE, "\"files\": {", NAMED);
        try (OnnxVla vla = OnnxVla.open(dir); DjlVla djl = DjlVla.open(dir);
                VlaRollout r = vla.start(CONTEXT); VlaRollout d = djl.start(CONTEXT)) {
            Observation o = GenericCards.observation(SHAPE, 0, 3, 0.4);
            assertTranslated(r.predict(o, "pick"), new BiasTranslator(0.25), o);
            assertTranslated(d.predict(o, "pick"), new BiasTranslator(0.25), o);
        }
    }

    @Test
    void aCardMayNameARegisteredProviderByItsClassName() throws Exception {
        Path dir = GenericCards.write(tmp.resolve("m"), SHAPE, "\"files\": {",
                NAMED.replace("test-bias", BiasTranslator.Provider.class.getName()));
        try (OnnxVla vla = OnnxVla.open(dir); VlaRollout r = vla.start(CONTEXT)) {
            Observation o = GenericCards.observation(SHAPE, 0, 3, 0.4);
            assertTranslated(r.predict(o, "pick"), new BiasTranslator(0.25), o);
        }
    }

    @Test
    void aTranslatorInCodeReplacesTheOneTheCardNames() throws Exception {
        Path dir = GenericCards.write(tmp.resolve("m"), SHAPE, "\"files\": {", NAMED.replace("test-bias", "not-registered"));
        BiasTranslator t = new BiasTranslator(-0.5);
        try (OnnxVla vla = OnnxVla.open(dir, OnnxOptions.builder().translator(t).build()); VlaRollout r = vla.start(CONTEXT)) {
            Observation o = GenericCards.observation(SHAPE, 0, 3, 0.4);
            assertTranslated(r.predict(o, "pick"), t, o);
        }
    }

    @Test
    void refusesAnUnregisteredName() throws Exception {
        Path dir = GenericCards.write(tmp.resolve("m"), SHAPE, "\"files\": {", NAMED.replace("test-bias", "com.example.Evil"));
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("names the translator 'com.example.Evil' but no OnnxTranslatorProvider of that name")
                .hasMessageContaining("[test-bias]");
    }

    @Test
    void reportsSettingsTheProviderRefuses() throws Exception {
        Path dir = GenericCards.write(tmp.resolve("m"), SHAPE, "\"files\": {", NAMED.replace("0.25", "\"high\""));
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("The translator 'test-bias' of model 'two-cameras' refused the card's settings")
                .hasMessageContaining("setting 'bias' must be a number, got high");
    }

    @Test
    void refusesAnInputLeftToATranslatorWhenThereIsNone() throws Exception {
        Path dir = GenericCards.write(tmp.resolve("m"), SHAPE);
        assertThatThrownBy(() -> OnnxVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("inputs with role translator [bias] but no translator");
        assertThatThrownBy(() -> DjlVla.open(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("inputs with role translator [bias] but no translator");
    }
}
