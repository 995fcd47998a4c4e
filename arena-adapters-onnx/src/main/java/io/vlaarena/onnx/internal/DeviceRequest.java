package io.vlaarena.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.vlaarena.core.ModelLoadException;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A parsed device request: {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}.
 *
 * @param kind what was asked for
 * @param index the CUDA device index (0 unless {@code cuda:N})
 */
public record DeviceRequest(Kind kind, int index) {
    /** The logger of the ONNX adapters; the CPU fallback of {@code auto} logs one INFO line here. */
    public static final Logger LOG = Logger.getLogger("io.vlaarena.onnx");

    /** Device kinds. */
    public enum Kind {
        /** The CPU execution provider. */
        CPU,
        /** The CUDA execution provider, or a load failure saying what is missing. */
        CUDA,
        /** CUDA when available, otherwise the CPU with one log line. */
        AUTO
    }

    /** The device names {@link #parse} accepts, in the order the documentation lists them; N is a CUDA device index. */
    public static final java.util.List<String> VALID = java.util.List.of("cpu", "cuda", "cuda:N", "auto");

    /** Parses a device string; throws {@link IllegalArgumentException} naming the valid forms. */
    public static DeviceRequest parse(String device) {
        String d = device == null ? "" : device.trim();
        if (d.equals("cpu")) {
            return new DeviceRequest(Kind.CPU, 0);
        }
        if (d.equals("auto")) {
            return new DeviceRequest(Kind.AUTO, 0);
        }
        if (d.equals("cuda")) {
            return new DeviceRequest(Kind.CUDA, 0);
        }
        if (d.startsWith("cuda:")) {
            try {
                int n = Integer.parseInt(d.substring(5));
                if (n >= 0) {
                    return new DeviceRequest(Kind.CUDA, n);
                }
            } catch (NumberFormatException ignored) {
                // Falls through to the message below.
            }
        }
        throw new IllegalArgumentException("Unknown device '" + device + "'; valid devices: "
                + String.join(", ", VALID).replace("cuda:N", "cuda:N (N >= 0)"));
    }

    /** The name reported for a CUDA device, e.g. {@code cuda:0}. */
    public String cudaName() {
        return "cuda:" + index;
    }

    /**
     * Opens a model on the requested device, the one place that applies the device policy:
     * {@code cpu} opens on the CPU; {@code cuda[:N]} opens on that CUDA device or fails with a
     * {@link ModelLoadException} saying what is missing (the GPU artifact, or what {@code probe}
     * finds missing of the driver, libraries and device, with the runtime's own message);
     * {@code auto} opens on CUDA device 0 when the artifact is there and {@code probe} finds
     * nothing missing, and otherwise on the CPU with one INFO line on {@link #LOG} saying why.
     *
     * @param onCuda opens the model on the given CUDA device index; throws {@link Unavailable}
     *     when the runtime cannot use that device
     * @param onCpu opens the model on the CPU
     */
    public <T> T open(String modelId, CudaProbe probe, IntFunction<T> onCuda, Supplier<T> onCpu) {
        return open(modelId, kind == Kind.CPU ? Optional.empty() : missingCudaProvider(), probe, onCuda, onCpu);
    }

    /** {@link #open(String, CudaProbe, IntFunction, Supplier)} with the artifact check's result given. */
    <T> T open(String modelId, Optional<String> missingProvider, CudaProbe probe, IntFunction<T> onCuda, Supplier<T> onCpu) {
        if (kind == Kind.CPU) {
            return onCpu.get();
        }
        String problem = missingProvider.orElse(null);
        if (problem == null && kind == Kind.AUTO) {
            problem = probe.missing(index).map(m -> "the CUDA execution provider cannot start: " + m).orElse(null);
        }
        if (problem == null) {
            try {
                return onCuda.apply(index);
            } catch (Unavailable e) {
                problem = "the CUDA execution provider could not start on device " + index + ": "
                        + probe.missing(index).orElse("the driver, the CUDA and cuDNN libraries and the device were all "
                                + "found, so see the runtime's message")
                        + "; the runtime said: " + e.getMessage();
                if (kind == Kind.CUDA) {
                    throw refused(" for model '" + modelId + "'", problem, e.getCause());
                }
            }
        } else if (kind == Kind.CUDA) {
            throw refused(" for model '" + modelId + "'", problem, null);
        }
        LOG.info("Model '" + modelId + "' runs on cpu: device 'auto' found no usable CUDA device because " + problem);
        return onCpu.get();
    }

    /**
     * Fails an explicit {@code cuda[:N]} request when the ONNX Runtime on the classpath has no CUDA
     * execution provider, as {@link #open} would, without opening anything; other requests pass.
     */
    public void requireProvider() {
        if (kind == Kind.CUDA) {
            missingCudaProvider().ifPresent(problem -> {
                throw refused("", problem, null);
            });
        }
    }

    private ModelLoadException refused(String forModel, String problem, Throwable cause) {
        return new ModelLoadException("Device '" + cudaName() + "' was requested" + forModel + " but " + problem, cause);
    }

    /** The runtime could not use a CUDA device; the message is the runtime's. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A failure whose {@code message} is what the runtime said. */
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Why this ONNX Runtime build cannot use CUDA at all, or empty when its CUDA execution provider
     * is present (whether a driver and the device exist shows only when a session starts).
     */
    public static Optional<String> missingCudaProvider() {
        if (OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return Optional.empty();
        }
        return Optional.of("the ONNX Runtime on the classpath has no CUDA execution provider (it is the CPU artifact "
                + "com.microsoft.onnxruntime:onnxruntime; depend on com.microsoft.onnxruntime:onnxruntime_gpu instead, "
                + "see docs/onnx-models.md)");
    }
}
