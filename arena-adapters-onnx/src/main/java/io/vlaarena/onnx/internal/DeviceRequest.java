package io.vlaarena.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.Optional;
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

    /** Parses a device string; throws {@link IllegalArgumentException} naming the valid forms. */
    public static DeviceRequest parse(String device) {
        String d = device == null ? "" : device.trim();
        if (d.equals("cpu")) {
            return new DeviceRequest(Kind.CPU, 0);
        }
        if (d.equals("auto")) {
            return new DeviceRequest(Kind.AUTO, 0);
        }
        if (d.equals("cuda") || d.equals("gpu")) {
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
        throw new IllegalArgumentException("Unknown device '" + device + "'; valid devices: cpu, cuda, cuda:N (N >= 0), auto");
    }

    /** The name reported for a CUDA device, e.g. {@code cuda:0}. */
    public String cudaName() {
        return "cuda:" + index;
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
