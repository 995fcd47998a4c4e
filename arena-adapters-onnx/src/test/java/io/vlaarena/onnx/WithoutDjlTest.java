package io.vlaarena.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.models.onnx.OctoModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL is an optional dependency of this module. This test runs in its own surefire execution whose
 * class path holds none of DJL's artifacts, as an application that depends on arena-adapters-onnx
 * alone (tag {@code without-djl}; the default execution leaves it out): what needs DJL is refused with a sentence naming the artifact to add, before any session
 * is opened.
 */
@Tag("without-djl")
@Timeout(60)
class WithoutDjlTest {
    @TempDir
    static Path dir;

    @Test
    void theClassPathHasNoDjl() {
        assertThatThrownBy(() -> Class.forName("ai.djl.engine.Engine")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("ai.djl.huggingface.tokenizers.HuggingFaceTokenizer"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aModelWithATokenizerNamesTheTokenizersArtifact() {
        Path model = OctoModels.writeOctoTiny(dir.resolve("octo-tiny"), 1);
        assertThatThrownBy(() -> OnnxVla.open(model, OnnxOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Model 'octo-tiny' has a tokenizer (tokenizer.json)")
                .hasMessageContaining("ai.djl.huggingface:tokenizers:0.38.0");
    }

    @Test
    void djlVlaNamesTheEngineArtifact() {
        Path model = OctoModels.writeOctoTiny(dir.resolve("octo-tiny-djl"), 1);
        assertThatThrownBy(() -> DjlVla.open(model))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("ai.djl.onnxruntime:onnxruntime-engine:0.38.0")
                .hasMessageContaining("OnnxVla needs neither");
    }

    @Test
    void theDeviceCheckNeedsNoDjl() {
        OnnxVla.checkDevice(OnnxOptions.builder().device("cpu").build());
        assertThat(OnnxOptions.builder().device("auto").build().device()).isEqualTo("auto");
    }
}
