package io.vlaarena.testkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.models.onnx.OctoModels;
import io.vlaarena.onnx.DjlVla;
import io.vlaarena.onnx.OnnxOptions;
import io.vlaarena.onnx.OnnxVla;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With ONNX Runtime's CPU artifact (the default build): {@code auto} falls back, explicit
 * {@code cuda} fails naming the GPU artifact. {@link OnnxGpuArtifactTest} covers {@code -Pcuda}.
 */
@Timeout(120)
class OnnxDevicesTest {
    @TempDir
    Path tmp;

    /** The name of the ONNX Runtime artifact this build chose, as the build passes it to the tests. */
    static String onnxRuntimeArtifact() {
        return System.getProperty("vlaarena.onnxruntime.artifact", "onnxruntime");
    }

    @BeforeEach
    void onTheCpuArtifact() {
        org.junit.jupiter.api.Assumptions.assumeTrue(onnxRuntimeArtifact().equals("onnxruntime"),
                "built with " + onnxRuntimeArtifact());
    }

    @Test
    void autoFallsBackToTheCpuWithOneLogLine() {
        Path dir = OctoModels.writeOctoTiny(tmp.resolve("m"), 1);
        try (AdapterLog log = new AdapterLog();
             OnnxVla vla = OnnxVla.open(dir, OnnxOptions.builder().device("auto").build())) {
            assertThat(vla.device()).isEqualTo("cpu");
            assertThat(log.messages()).singleElement().asString().contains("octo-tiny").contains("cpu")
                    .contains("onnxruntime_gpu");
        }
    }

    @Test
    void explicitCudaSaysWhatIsMissing() {
        Path dir = OctoModels.writeOctoTiny(tmp.resolve("m"), 1);
        assertThatThrownBy(() -> OnnxVla.open(dir, OnnxOptions.builder().device("cuda:1").build()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("cuda:1")
                .hasMessageContaining("no CUDA execution provider").hasMessageContaining("onnxruntime_gpu");
        assertThatThrownBy(() -> DjlVla.open(dir, OnnxOptions.builder().device("cuda").build()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("onnxruntime_gpu");
    }

    @Test
    void checkDeviceFailsFastOnlyForCudaWithoutTheGpuArtifact() {
        assertThatThrownBy(() -> OnnxVla.checkDevice(OnnxOptions.builder().device("cuda:2").build()))
                .isInstanceOf(ModelLoadException.class).hasMessageStartingWith("Device 'cuda:2' was requested but")
                .hasMessageContaining("onnxruntime_gpu");
        OnnxVla.checkDevice(OnnxOptions.builder().device("auto").build());
        OnnxVla.checkDevice(OnnxOptions.defaults());
    }

    @Test
    void rejectsAnUnknownDevice() {
        assertThatThrownBy(() -> OnnxOptions.builder().device("tpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu, cuda, cuda:N (N >= 0), auto");
    }

    @Test
    void callerSettingsOverrideTheCard() {
        Path dir = OctoModels.writeOctoTiny(tmp.resolve("m"), 1);
        OnnxOptions options = OnnxOptions.builder().intraOpThreads(1).interOpThreads(1).optimizationLevel("basic")
                .modelId("octo-renamed").build();
        try (OnnxVla vla = OnnxVla.open(dir, options)) {
            assertThat(vla.spec().id()).isEqualTo("octo-renamed");
            assertThat(OnnxVlaTest.predictions(vla, 1, 1)).hasSize(1);
        }
    }
}
