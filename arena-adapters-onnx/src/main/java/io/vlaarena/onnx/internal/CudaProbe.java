package io.vlaarena.onnx.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Says what a Linux machine lacks for ONNX Runtime's CUDA execution provider, without loading
 * anything: the NVIDIA kernel driver, the driver's user-space library, the CUDA 12 and cuDNN 9
 * libraries that the provider library of ONNX Runtime 1.23 links against, and the requested
 * device. ONNX Runtime itself only says "Failed to load shared library" in its exception.
 *
 * <p>Libraries are looked up as the dynamic linker would find them by name: in
 * {@code LD_LIBRARY_PATH}, in the linker's cache ({@code /etc/ld.so.cache}) and in the default
 * directories. Immutable and thread-safe.
 */
public final class CudaProbe {
    /** The driver's user-space library, which the CUDA runtime opens at run time. */
    static final String DRIVER_LIBRARY = "libcuda.so.1";
    /** The CUDA 12 libraries the CUDA provider of ONNX Runtime 1.23.x needs (its ELF NEEDED entries). */
    static final List<String> CUDA_LIBRARIES = List.of("libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12",
            "libcufft.so.11", "libcurand.so.10");
    /** The cuDNN 9 library the CUDA provider needs. */
    static final String CUDNN_LIBRARY = "libcudnn.so.9";

    private static final List<String> DEFAULT_DIRECTORIES = List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64",
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib/wsl/lib");

    private final boolean linux;
    private final List<Path> libraryDirectories;
    private final Set<String> cachedLibraries;
    private final Path nvidiaProc;

    /**
     * A probe of an explicit machine layout (for tests).
     *
     * @param linux whether the probe applies (elsewhere it finds nothing to report)
     * @param libraryDirectories directories searched for the libraries, in order
     * @param cachedLibraryPaths full paths listed by the dynamic linker's cache
     * @param nvidiaProc the driver's {@code /proc/driver/nvidia} directory
     */
    CudaProbe(boolean linux, List<Path> libraryDirectories, List<String> cachedLibraryPaths, Path nvidiaProc) {
        this.linux = linux;
        this.libraryDirectories = List.copyOf(libraryDirectories);
        Set<String> cached = new LinkedHashSet<>();
        for (String p : cachedLibraryPaths) {
            if (Files.isRegularFile(Path.of(p))) {
                cached.add(Path.of(p).getFileName().toString());
            }
        }
        this.cachedLibraries = Set.copyOf(cached);
        this.nvidiaProc = nvidiaProc;
    }

    /** A probe of this machine. */
    public static CudaProbe system() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        List<Path> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String d : DEFAULT_DIRECTORIES) {
            dirs.add(Path.of(d));
        }
        return new CudaProbe(linux, dirs, linkerCachePaths(Path.of("/etc/ld.so.cache")), Path.of("/proc/driver/nvidia"));
    }

    /**
     * What is missing for CUDA device {@code index}, as one clause per finding joined by "; ", or
     * empty when everything looked for is present (or the machine is not Linux, where nothing is
     * looked for).
     */
    public Optional<String> missing(int index) {
        if (!linux) {
            return Optional.empty();
        }
        List<String> findings = new ArrayList<>();
        boolean kernelDriver = Files.isRegularFile(nvidiaProc.resolve("version"));
        if (!kernelDriver) {
            findings.add("no NVIDIA kernel driver is loaded (" + nvidiaProc.resolve("version") + " does not exist)");
        }
        if (!found(DRIVER_LIBRARY)) {
            findings.add("the NVIDIA driver library " + DRIVER_LIBRARY + " is not on the library path");
        }
        List<String> cuda = CUDA_LIBRARIES.stream().filter(l -> !found(l)).toList();
        if (!cuda.isEmpty()) {
            findings.add("the CUDA 12 libraries " + String.join(", ", cuda) + " are not on the library path");
        }
        if (!found(CUDNN_LIBRARY)) {
            findings.add("cuDNN 9 (" + CUDNN_LIBRARY + ") is not on the library path");
        }
        if (kernelDriver) {
            int gpus = gpuCount();
            if (gpus >= 0 && index >= gpus) {
                findings.add(gpus == 0 ? "the driver sees no GPU"
                        : "there is no device cuda:" + index + " (the driver sees " + gpus + (gpus == 1 ? " GPU" : " GPUs") + ")");
            }
        }
        if (findings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", findings) + " (searched LD_LIBRARY_PATH, the dynamic linker's cache and "
                + "the default library directories)");
    }

    private boolean found(String library) {
        if (cachedLibraries.contains(library)) {
            return true;
        }
        for (Path d : libraryDirectories) {
            if (Files.exists(d.resolve(library))) {
                return true;
            }
        }
        return false;
    }

    /** GPUs the driver lists under {@code gpus/}, or -1 when it does not say. */
    private int gpuCount() {
        Path gpus = nvidiaProc.resolve("gpus");
        if (!Files.isDirectory(gpus)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(gpus)) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The library paths named in the dynamic linker's cache file: every NUL-terminated string of
     * printable ASCII in it that starts with '/' (the cache stores each library's name and full path
     * as such strings; other bytes that happen to look like one are dropped when no file is there).
     * Empty when the file cannot be read.
     */
    static List<String> linkerCachePaths(Path cacheFile) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(cacheFile) || Files.size(cacheFile) > 64L << 20) {
                return List.of();
            }
            bytes = Files.readAllBytes(cacheFile);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        int start = 0;
        boolean printable = true;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (printable && i - start > 1 && bytes[start] == '/') {
                    paths.add(new String(bytes, start, i - start, StandardCharsets.US_ASCII));
                }
                start = i + 1;
                printable = true;
            } else if (bytes[i] < 0x21 || bytes[i] > 0x7e) {
                printable = false;
            }
        }
        return paths;
    }
}
