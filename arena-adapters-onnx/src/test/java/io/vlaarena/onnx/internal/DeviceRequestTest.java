package io.vlaarena.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRequestTest {
    private static final Optional<String> GPU_ARTIFACT = Optional.empty();
    private static final Optional<String> CPU_ARTIFACT = Optional.of("no CUDA execution provider (onnxruntime_gpu)");

    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            log.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        DeviceRequest.LOG.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        DeviceRequest.LOG.removeHandler(handler);
    }

    /** A probe of an empty machine: no driver, no libraries. */
    private CudaProbe bareMachine() {
        return new CudaProbe(true, List.of(tmp), List.of(), tmp.resolve("nvidia"));
    }

    /** A probe that finds nothing missing. */
    private static CudaProbe readyMachine() {
        return new CudaProbe(false, List.of(), List.of(), Path.of("/nonexistent"));
    }

    private String open(String device, Optional<String> artifact, CudaProbe probe, IntFunction<String> onCuda) {
        return DeviceRequest.parse(device).open("m", artifact, probe, i -> {
            calls.add("cuda:" + i);
            return onCuda.apply(i);
        }, () -> {
            calls.add("cpu");
            return "cpu";
        });
    }

    private static IntFunction<String> failing(String runtimeMessage) {
        return i -> {
            throw new DeviceRequest.Unavailable(runtimeMessage, null);
        };
    }

    @Test
    void cpuNeverTouchesCuda() {
        assertThat(open("cpu", CPU_ARTIFACT, bareMachine(), i -> "gpu")).isEqualTo("cpu");
        assertThat(calls).containsExactly("cpu");
        assertThat(log).isEmpty();
    }

    @Test
    void explicitCudaWithoutTheGpuArtifactNamesTheArtifact() {
        assertThatThrownBy(() -> open("cuda:1", CPU_ARTIFACT, readyMachine(), i -> "gpu"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("Device 'cuda:1' was requested for model 'm' but no CUDA execution provider (onnxruntime_gpu)");
        assertThat(calls).isEmpty();
    }

    @Test
    void autoWithoutTheGpuArtifactFallsBackWithOneLine() {
        assertThat(open("auto", CPU_ARTIFACT, readyMachine(), i -> "gpu")).isEqualTo("cpu");
        assertThat(calls).containsExactly("cpu");
        assertThat(log).containsExactly("Model 'm' runs on cpu: device 'auto' found no usable CUDA device because "
                + "no CUDA execution provider (onnxruntime_gpu)");
    }

    @Test
    void autoDoesNotTryCudaWhenTheProbeFindsSomethingMissing() {
        assertThat(open("auto", GPU_ARTIFACT, bareMachine(), i -> "gpu")).isEqualTo("cpu");
        assertThat(calls).containsExactly("cpu");
        assertThat(log).singleElement().asString().contains("the CUDA execution provider cannot start: no NVIDIA kernel driver")
                .contains("libcudnn.so.9");
    }

    @Test
    void autoUsesCudaWhenEverythingIsThere() {
        assertThat(open("auto", GPU_ARTIFACT, readyMachine(), i -> "gpu" + i)).isEqualTo("gpu0");
        assertThat(calls).containsExactly("cuda:0");
        assertThat(log).isEmpty();
    }

    @Test
    void explicitCudaTriesEvenWhenTheProbeDisagrees() {
        assertThat(open("cuda:1", GPU_ARTIFACT, bareMachine(), i -> "gpu" + i)).isEqualTo("gpu1");
        assertThat(calls).containsExactly("cuda:1");
    }

    @Test
    void explicitCudaThatFailsSaysWhatIsMissingAndWhatTheRuntimeSaid() {
        assertThatThrownBy(() -> open("cuda", GPU_ARTIFACT, bareMachine(), failing("Failed to load shared library")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("Device 'cuda:0' was requested for model 'm' but the CUDA execution provider could "
                        + "not start on device 0: no NVIDIA kernel driver is loaded")
                .hasMessageContaining("libcuda.so.1").hasMessageEndingWith("; the runtime said: Failed to load shared library");
        assertThat(calls).containsExactly("cuda:0");
        assertThatThrownBy(() -> open("cuda", GPU_ARTIFACT, readyMachine(), failing("CUDA failure 100")))
                .hasMessageContaining("were all found").hasMessageEndingWith("the runtime said: CUDA failure 100");
    }

    @Test
    void autoFallsBackWhenTheRuntimeRefusesTheDevice() {
        assertThat(open("auto", GPU_ARTIFACT, readyMachine(), failing("CUDA failure 100"))).isEqualTo("cpu");
        assertThat(calls).containsExactly("cuda:0", "cpu");
        assertThat(log).singleElement().asString().endsWith("the runtime said: CUDA failure 100");
    }
    @Test
    void parsesEveryForm() {
        assertThat(DeviceRequest.parse("cpu")).isEqualTo(new DeviceRequest(DeviceRequest.Kind.CPU, 0));
        assertThat(DeviceRequest.parse("auto").kind()).isEqualTo(DeviceRequest.Kind.AUTO);
        assertThat(DeviceRequest.parse("cuda")).isEqualTo(new DeviceRequest(DeviceRequest.Kind.CUDA, 0));
        assertThat(DeviceRequest.parse("cuda:3").cudaName()).isEqualTo("cuda:3");
    }

    @Test
    void rejectsUnknownDevices() {
        for (String bad : new String[] {"", "tpu", "gpu", "cuda:-1", "cuda:x", "CUDA"}) {
            assertThatThrownBy(() -> DeviceRequest.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Unknown device '" + bad + "'; valid devices: cpu, cuda, cuda:N (N >= 0), auto");
        }
    }

    @Test
    void reportsWhetherThisBuildsArtifactHasTheCudaProvider() {
        if (System.getProperty("vlaarena.onnxruntime.artifact", "onnxruntime").equals("onnxruntime_gpu")) {
            assertThat(DeviceRequest.missingCudaProvider()).isEmpty();
            return;
        }
        assertThat(DeviceRequest.missingCudaProvider()).hasValueSatisfying(m -> assertThat(m).contains("onnxruntime_gpu"));
    }
}
