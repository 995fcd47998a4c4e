package io.vlaarena.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.onnx.OnnxVla;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ModelsTest {
    private final StringWriter progress = new StringWriter();

    private Models models(Path dir, String device) {
        return new Models(dir.resolve("models"), new PrintWriter(progress, true), device);
    }

    @Test
    void rejectsAnUnknownDeviceBeforeGeneratingAnything(@TempDir Path dir) {
        assertThatThrownBy(() -> models(dir, "gpu0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown device 'gpu0'").hasMessageContaining("cpu, cuda, cuda:N (N >= 0), auto");
        assertThat(dir.resolve("models")).doesNotExist();
        assertThat(progress.toString()).isEmpty();
    }

    @Test
    void opensOnnxModelsOnItsDevice(@TempDir Path dir) {
        String artifact = System.getProperty("vlaarena.onnxruntime.artifact", "onnxruntime");
        org.junit.jupiter.api.Assumptions.assumeTrue(artifact.equals("onnxruntime"), "built with " + artifact);
        Models auto = models(dir, "auto");
        assertThat(auto.options().device()).isEqualTo("auto");
        try (OnnxVla octo = auto.openOnnx("octo-tiny")) {
            assertThat(octo.device()).as("no CUDA provider in the CPU artifact: auto falls back").isEqualTo("cpu");
        }
        try (OnnxVla fromDirectory = models(dir, "cpu").openOnnx("onnx:" + dir.resolve("models/octo-tiny"))) {
            assertThat(fromDirectory.device()).isEqualTo("cpu");
        }
        assertThatThrownBy(() -> models(dir, "cuda:0").openOnnx("onnx:" + dir.resolve("models/octo-tiny")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("onnxruntime_gpu");
        Path fresh = dir.resolve("fresh");
        assertThatThrownBy(() -> models(fresh, "cuda").open("octo-tiny"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("onnxruntime_gpu");
        assertThat(fresh.resolve("models")).as("nothing generated for a device this build cannot use").doesNotExist();
        assertThat(models(dir, "cuda").open("mock-vla").spec().id()).as("mocks ignore the device").isEqualTo("mock-vla");
    }
}
