package io.vlaarena.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaProbeTest {
    @TempDir
    Path tmp;

    private Path libs;
    private Path proc;

    private CudaProbe probe(List<String> cached) throws IOException {
        libs = Files.createDirectories(tmp.resolve("lib"));
        proc = tmp.resolve("proc/driver/nvidia");
        return new CudaProbe(true, List.of(tmp.resolve("missing-dir"), libs), cached, proc);
    }

    private void installAll(int gpus) throws IOException {
        List<String> all = new ArrayList<>(CudaProbe.CUDA_LIBRARIES);
        all.add(CudaProbe.CUDNN_LIBRARY);
        all.add(CudaProbe.DRIVER_LIBRARY);
        for (String l : all) {
            Files.writeString(libs.resolve(l), "");
        }
        Files.createDirectories(proc.resolve("gpus"));
        Files.writeString(proc.resolve("version"), "NVRM version: 550\n");
        for (int i = 0; i < gpus; i++) {
            Files.createDirectories(proc.resolve("gpus/0000:0" + i + ":00.0"));
        }
    }

    @Test
    void namesEverythingThatIsMissingOnAMachineWithoutCuda() throws IOException {
        String m = probe(List.of()).missing(0).orElseThrow();
        assertThat(m).contains("no NVIDIA kernel driver is loaded").contains("libcuda.so.1")
                .contains("the CUDA 12 libraries libcudart.so.12, libcublas.so.12, libcublasLt.so.12, libcufft.so.11, "
                        + "libcurand.so.10 are not on the library path")
                .contains("cuDNN 9 (libcudnn.so.9)").contains("LD_LIBRARY_PATH");
    }

    @Test
    void findsNothingMissingWhenDriverLibrariesAndDeviceArePresent() throws IOException {
        CudaProbe p = probe(List.of());
        installAll(1);
        assertThat(p.missing(0)).isEmpty();
    }

    @Test
    void namesOnlyWhatIsMissing() throws IOException {
        CudaProbe p = probe(List.of());
        installAll(1);
        Files.delete(libs.resolve("libcublasLt.so.12"));
        Files.delete(libs.resolve("libcudnn.so.9"));
        assertThat(p.missing(0)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("the CUDA 12 libraries libcublasLt.so.12 are not on the library path; cuDNN 9 (libcudnn.so.9)")
                .doesNotContain("kernel driver").doesNotContain("libcuda.so.1"));
    }

    @Test
    void namesAMissingDevice() throws IOException {
        CudaProbe p = probe(List.of());
        installAll(2);
        assertThat(p.missing(1)).isEmpty();
        assertThat(p.missing(2)).hasValueSatisfying(m -> assertThat(m).startsWith("there is no device cuda:2 (the driver sees 2 GPUs)"));
        Files.delete(proc.resolve("gpus/0000:01:00.0"));
        Files.delete(proc.resolve("gpus/0000:00:00.0"));
        assertThat(p.missing(0)).hasValueSatisfying(m -> assertThat(m).startsWith("the driver sees no GPU"));
    }

    @Test
    void findsLibrariesThroughTheLinkerCache() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("cuda/lib64"));
        List<String> cached = new ArrayList<>();
        for (String l : CudaProbe.CUDA_LIBRARIES) {
            Files.writeString(elsewhere.resolve(l), "");
            cached.add(elsewhere.resolve(l).toString());
        }
        cached.add(tmp.resolve("gone/libcudnn.so.9").toString()); // listed but no longer on disk
        String m = probe(cached).missing(0).orElseThrow();
        assertThat(m).doesNotContain("CUDA 12 libraries").contains("libcudnn.so.9");
    }

    @Test
    void readsPathsOutOfALinkerCacheFile() throws IOException {
        byte[] junk = {'g', 'l', 'i', 'b', 'c', 0, '/', (byte) 0xC3, 'x', 0, 5, 0};
        byte[] body = ("libcudart.so.12\0/opt/cuda/libcudart.so.12\0" + "libc.so.6\0/usr/lib/libc.so.6\0/\0")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[junk.length + body.length];
        System.arraycopy(junk, 0, file, 0, junk.length);
        System.arraycopy(body, 0, file, junk.length, body.length);
        Path cache = Files.write(tmp.resolve("ld.so.cache"), file);
        assertThat(CudaProbe.linkerCachePaths(cache)).containsExactly("/opt/cuda/libcudart.so.12", "/usr/lib/libc.so.6");
        assertThat(CudaProbe.linkerCachePaths(tmp.resolve("absent"))).isEmpty();
    }

    @Test
    void looksForNothingOutsideLinux() {
        assertThat(new CudaProbe(false, List.of(), List.of(), tmp).missing(0)).isEmpty();
    }

    @Test
    void thisMachineWithoutAGpuIsReportedSo() {
        assumeFalse(Files.exists(Path.of("/proc/driver/nvidia/version")), "this machine has an NVIDIA driver");
        assumeFalse(!System.getProperty("os.name").toLowerCase().contains("linux"), "not Linux");
        assertThat(CudaProbe.system().missing(0)).hasValueSatisfying(m -> assertThat(m).contains("no NVIDIA kernel driver"));
    }
}
