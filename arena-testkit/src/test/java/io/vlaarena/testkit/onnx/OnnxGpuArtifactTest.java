package io.vlaarena.testkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.models.onnx.OctoModels;
import io.vlaarena.onnx.DjlVla;
import io.vlaarena.onnx.OnnxOptions;
import io.vlaarena.onnx.OnnxVla;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs only in the {@code -Pcuda} build, which puts ONNX Runtime's GPU artifact on the classpath:
 * the CUDA provider is there; without an NVIDIA driver, {@code cuda} fails naming what is missing
 * and {@code auto} falls back with one line; with one, both adapters run on {@code cuda:0} and
 * agree with the CPU.
 */
@Timeout(300)
class OnnxGpuArtifactTest {
    @TempDir
    Path tmp;

    private Path model;

    @BeforeEach
    void onTheGpuArtifact() {
        assumeTrue(OnnxDevicesTest.onnxRuntimeArtifact().equals("onnxruntime_gpu"), "built without -Pcuda");
        model = OctoModels.writeOctoTiny(tmp.resolve("m"), 3);
    }

    private static boolean hasNvidiaDriver() {
        return Files.exists(Path.of("/proc/driver/nvidia/version"));
    }

    @Test
    void theGpuArtifactBringsTheCudaProviderAndStillRunsOnTheCpu() {
        assertThat(OrtEnvironment.getAvailableProviders()).contains(OrtProvider.CUDA, OrtProvider.CPU);
        OnnxVla.checkDevice(OnnxOptions.builder().device("cuda:1").build()); // the artifact is there: no early failure
        try (OnnxVla cpu = OnnxVla.open(model, OnnxOptions.builder().device("cpu").build())) {
            assertThat(cpu.device()).isEqualTo("cpu");
            List<ActionChunk> chunks = OnnxVlaTest.predictions(cpu, 1, 3);
            assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(c.actions()).isNotEmpty());
        }
    }

    @Test
    void withoutADriverExplicitCudaNamesWhatIsMissing() {
        assumeFalse(hasNvidiaDriver(), "this machine has an NVIDIA driver");
        assertThatThrownBy(() -> OnnxVla.open(model, OnnxOptions.builder().device("cuda").build()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("Device 'cuda:0' was requested for model 'octo-tiny' but the CUDA execution provider "
                        + "could not start on device 0: no NVIDIA kernel driver is loaded")
                .hasMessageContaining("libcuda.so.1").hasMessageContaining("the runtime said: ");
        assertThatThrownBy(() -> DjlVla.open(model, OnnxOptions.builder().device("cuda:0").build(), "OnnxRuntime"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("no NVIDIA kernel driver is loaded")
                .hasMessageContaining("DJL could not use it");
    }

    @Test
    void withoutADriverAutoFallsBackToTheCpuWithOneLine() {
        assumeFalse(hasNvidiaDriver(), "this machine has an NVIDIA driver");
        try (AdapterLog log = new AdapterLog();
             OnnxVla vla = OnnxVla.open(model, OnnxOptions.builder().device("auto").build());
             DjlVla djl = DjlVla.open(model, OnnxOptions.builder().device("auto").build(), "OnnxRuntime")) {
            assertThat(vla.device()).isEqualTo("cpu");
            assertThat(djl.device()).isEqualTo("cpu");
            assertThat(log.messages()).hasSize(2).allSatisfy(m -> assertThat(m)
                    .startsWith("Model 'octo-tiny' runs on cpu: device 'auto' found no usable CUDA device because the CUDA "
                            + "execution provider cannot start: no NVIDIA kernel driver is loaded"));
        }
    }

    @Test
    void withAGpuBothAdaptersRunOnCudaAndAgreeWithTheCpu() {
        assumeTrue(hasNvidiaDriver(), "no NVIDIA driver on this machine");
        List<ActionChunk> expected;
        try (OnnxVla cpu = OnnxVla.open(model, OnnxOptions.builder().device("cpu").build())) {
            expected = OnnxVlaTest.predictions(cpu, 5, 4);
        }
        try (OnnxVla gpu = OnnxVla.open(model, OnnxOptions.builder().device("cuda").build());
             OnnxVla auto = OnnxVla.open(model, OnnxOptions.builder().device("auto").build());
             DjlVla djl = DjlVla.open(model, OnnxOptions.builder().device("cuda:0").build(), "OnnxRuntime")) {
            assertThat(gpu.device()).isEqualTo("cuda:0");
            assertThat(auto.device()).isEqualTo("cuda:0");
            assertThat(djl.device()).isEqualTo("cuda:0");
            assertSame(expected, OnnxVlaTest.predictions(gpu, 5, 4));
            assertSame(expected, OnnxVlaTest.predictions(djl, 5, 4));
        }
    }

    private static void assertSame(List<ActionChunk> expected, List<ActionChunk> actual) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int c = 0; c < expected.size(); c++) {
            for (int a = 0; a < expected.get(c).actions().size(); a++) {
                double[] e = expected.get(c).actions().get(a).values();
                double[] g = actual.get(c).actions().get(a).values();
                for (int i = 0; i < e.length; i++) {
                    assertThat(g[i]).as("chunk %d action %d value %d", c, a, i).isCloseTo(e[i], within(1e-3));
                }
            }
        }
    }
}
