package io.vlaarena.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ModelLoadException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OnnxOptionsTest {
    @Test
    void defaultsToTheCpuAndTheCardsSettings() {
        OnnxOptions o = OnnxOptions.defaults();
        assertThat(o.device()).isEqualTo("cpu");
        assertThat(o.intraOpThreads()).isZero();
        assertThat(o.optimizationLevel()).isNull();
        assertThat(o.toBuilder().device("cuda:1").build().device()).isEqualTo("cuda:1");
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> OnnxOptions.builder().intraOpThreads(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnnxOptions.builder().optimizationLevel("max").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[disabled, basic, extended, all]");
        assertThatThrownBy(() -> OnnxOptions.builder().device("npu")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnnxOptions.builder().device("gpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("valid devices: cpu, cuda, cuda:N (N >= 0), auto");
        assertThat(OnnxOptions.DEVICES).containsExactly("cpu", "cuda", "cuda:N", "auto");
    }

    @Test
    void openingAMissingDirectoryIsALoadError() {
        assertThatThrownBy(() -> OnnxVla.open(Path.of("/nonexistent/model"))).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("/nonexistent/model");
        assertThatThrownBy(() -> DjlVla.open(Path.of("/nonexistent/model"))).isInstanceOf(ModelLoadException.class);
    }
}
