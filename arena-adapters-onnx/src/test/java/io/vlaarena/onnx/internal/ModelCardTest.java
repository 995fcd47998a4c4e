package io.vlaarena.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.VlaSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The card on its own: parsing, cross-field checks and unnormalization; no graph is loaded. */
class ModelCardTest {
    @TempDir
    Path dir;

    static final String CARD = """
            {
              "format": "vla-arena-model-card/1",
              "id": "octo-test", "name": "Octo test", "type": "octo",
              "files": {"policy": "policy.onnx", "tokenizer": "tokenizer.json"},
              "images": [{"key": "primary", "width": 256, "height": 256}],
              "history_window": 2, "max_tokens": 16,
              "action": {"horizon": 4, "dimension": 7, "space": "ee_delta", "environment_dimension": 8, "pad_value": 0.0},
              "normalization": {"type": "mean_std", "mean": [1, 1, 1, 1, 1, 1, 1], "std": [2, 2, 2, 2, 2, 2, 2],
                                "mask": [true, true, true, true, true, true, false]},
              "policy": {
                "inputs": [
                  {"name": "image_primary", "role": "image", "key": "primary", "dtype": "float32", "shape": [1, 2, 256, 256, 3]},
                  {"name": "timestep_pad_mask", "role": "timestep_pad_mask", "dtype": "bool", "shape": [1, 2]},
                  {"name": "input_ids", "role": "token_ids", "dtype": "int64", "shape": [1, 16]}
                ],
                "outputs": [{"name": "actions", "role": "actions", "dtype": "float32", "shape": [1, 4, 7]}]
              }
            }
            """;

    @BeforeEach
    void files() throws IOException {
        Files.write(dir.resolve("policy.onnx"), new byte[0]);
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
    }

    ModelCard read(String card) throws IOException {
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), card);
        return ModelCard.read(dir);
    }

    @Test
    void readsTheOctoProfile() throws IOException {
        ModelCard card = read(CARD);
        VlaSpec spec = card.toSpec();
        assertThat(spec.id()).isEqualTo("octo-test");
        assertThat(spec.actionDimension()).isEqualTo(8);
        assertThat(spec.actionHorizon()).isEqualTo(4);
        assertThat(spec.actionSpace()).isEqualTo(ActionSpace.EE_DELTA);
        assertThat(spec.observation().historyWindow()).isEqualTo(2);
        assertThat(card.textEncoderFile()).isEmpty();
        assertThat(card.parameters()).isEmpty();
    }

    @Test
    void statesItsParameterCountWhenTheCardDoes() throws IOException {
        ModelCard card = read(CARD.replace("\"type\": \"octo\",", "\"type\": \"octo\", \"parameters\": \"27M\","));
        assertThat(card.parameters()).hasValue("27M");
        assertThatThrownBy(() -> read(CARD.replace("\"type\": \"octo\",", "\"type\": \"octo\", \"parameters\": 27,")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("parameters must be a string");
    }

    @Test
    void unnormalizesOnlyWhereTheMaskIsTrue() throws IOException {
        ModelCard.Normalization n = read(CARD).normalization();
        assertThat(n.apply(0, 0.5)).isEqualTo(2.0);
        assertThat(n.apply(6, 0.5)).isEqualTo(0.5);
        ModelCard.Normalization bounds = new ModelCard.Normalization(ModelCard.Normalization.Kind.BOUNDS,
                new double[] {-2}, new double[] {4}, new boolean[] {true});
        assertThat(bounds.apply(0, -1)).isEqualTo(-2);
        assertThat(bounds.apply(0, 1)).isEqualTo(4);
    }

    @Test
    void rejectsAnUnknownFormatOrType() throws IOException {
        assertThatThrownBy(() -> read(CARD.replace("vla-arena-model-card/1", "v2"))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'v2'");
        assertThatThrownBy(() -> read(CARD.replace("\"type\": \"octo\"", "\"type\": \"rt1\""))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'rt1'").hasMessageContaining("[octo, generic]");
    }

    @Test
    void rejectsAPadMaskThatDisagreesWithTheWindow() {
        assertThatThrownBy(() -> read(CARD.replace("\"history_window\": 2", "\"history_window\": 3")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("image_primary").hasMessageContaining("[1, 3, 256, 256, 3]");
    }

    @Test
    void rejectsAGenericRoleInAnOctoCard() {
        assertThatThrownBy(() -> read(CARD.replace("\"role\": \"token_ids\"", "\"role\": \"state\"")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("policy input 'input_ids' has role state, which only a card of type generic reads");
    }

    @Test
    void rejectsATextEmbeddingWithoutAnEncoder() {
        assertThatThrownBy(() -> read(CARD.replace("\"role\": \"token_ids\"", "\"role\": \"text_embedding\"")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("no text_encoder");
    }

    @Test
    void rejectsNormalizationOfTheWrongLength() {
        assertThatThrownBy(() -> read(CARD.replace("\"std\": [2, 2, 2, 2, 2, 2, 2]", "\"std\": [2, 2]")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("normalization.std");
    }

    @Test
    void rejectsAFileOutsideTheDirectory() {
        assertThatThrownBy(() -> read(CARD.replace("\"policy\": \"policy.onnx\"", "\"policy\": \"../policy.onnx\"")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("outside");
    }

    @Test
    void rejectsMalformedJson() {
        assertThatThrownBy(() -> read("{ not json")).isInstanceOf(ModelLoadException.class).hasMessageContaining("not valid JSON");
    }
}
