package io.vlaarena.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceRequestTest {
    @Test
    void parsesEveryForm() {
        assertThat(DeviceRequest.parse("cpu")).isEqualTo(new DeviceRequest(DeviceRequest.Kind.CPU, 0));
        assertThat(DeviceRequest.parse("auto").kind()).isEqualTo(DeviceRequest.Kind.AUTO);
        assertThat(DeviceRequest.parse("cuda")).isEqualTo(new DeviceRequest(DeviceRequest.Kind.CUDA, 0));
        assertThat(DeviceRequest.parse("cuda:3").cudaName()).isEqualTo("cuda:3");
    }

    @Test
    void rejectsUnknownDevices() {
        for (String bad : new String[] {"", "tpu", "cuda:-1", "cuda:x", "CUDA"}) {
            assertThatThrownBy(() -> DeviceRequest.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("valid devices");
        }
    }

    @Test
    void reportsTheMissingGpuArtifactOnTheCpuBuild() {
        assertThat(DeviceRequest.missingCudaProvider()).hasValueSatisfying(m -> assertThat(m).contains("onnxruntime_gpu"));
    }
}
