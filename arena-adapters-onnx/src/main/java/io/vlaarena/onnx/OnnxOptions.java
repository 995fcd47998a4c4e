package io.vlaarena.onnx;

import io.vlaarena.onnx.internal.DeviceRequest;
import java.util.Locale;
import java.util.Objects;

/**
 * How to load a model directory: the device and the runtime's session settings. Settings left at
 * their defaults ({@code 0} threads, no optimization level) take the model card's values, and
 * where the card is silent, the runtime's own defaults.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}.
 *
 * @param device {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto} (CUDA when usable, else the CPU)
 * @param intraOpThreads threads inside one operator; 0 for the card's or the runtime's default
 * @param interOpThreads threads across operators; 0 for the card's or the runtime's default
 * @param optimizationLevel graph optimization level {@code disabled}, {@code basic}, {@code extended},
 *     {@code all}, or {@code null} for the card's (default {@code all})
 * @param modelId the model id reported in the {@link io.vlaarena.core.VlaSpec}, or {@code null} for the card's
 */
public record OnnxOptions(String device, int intraOpThreads, int interOpThreads, String optimizationLevel, String modelId) {
    /**
     * The device names {@link #device()} accepts: {@code cpu}, {@code cuda} (device 0), {@code cuda:N}
     * ({@code N} a CUDA device index, N ≥ 0) and {@code auto} (CUDA when usable, else the CPU). Any
     * other name, aliases such as {@code gpu} included, is refused naming these.
     */
    public static final java.util.List<String> DEVICES = DeviceRequest.VALID;


    /** Validates every field; throws {@link IllegalArgumentException} naming the valid values. */
    public OnnxOptions {
        DeviceRequest.parse(device);
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("Thread counts must not be negative, were " + intraOpThreads + " and " + interOpThreads);
        }
        if (optimizationLevel != null) {
            optimizationLevel = optimizationLevel.toLowerCase(Locale.ROOT);
            if (!java.util.List.of("disabled", "basic", "extended", "all").contains(optimizationLevel)) {
                throw new IllegalArgumentException("Unknown graph optimization level '" + optimizationLevel
                        + "'; valid levels: [disabled, basic, extended, all]");
            }
        }
        if (modelId != null && modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
    }

    /** The defaults: device {@code cpu}, the card's threads and optimization level, the card's id. */
    public static OnnxOptions defaults() {
        return builder().build();
    }

    /** A builder with the {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.device = device;
        b.intraOpThreads = intraOpThreads;
        b.interOpThreads = interOpThreads;
        b.optimizationLevel = optimizationLevel;
        b.modelId = modelId;
        return b;
    }

    /** Builds {@link OnnxOptions}; not thread-safe. */
    public static final class Builder {
        private String device = "cpu";
        private int intraOpThreads;
        private int interOpThreads;
        private String optimizationLevel;
        private String modelId;

        private Builder() {}

        /** {@code cpu} (default), {@code cuda}, {@code cuda:N} or {@code auto}. */
        public Builder device(String device) {
            DeviceRequest.parse(device);
            this.device = device.trim();
            return this;
        }

        /** Threads inside one operator; 0 (default) for the card's or the runtime's default. */
        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /** Threads across operators; 0 (default) for the card's or the runtime's default. */
        public Builder interOpThreads(int threads) {
            this.interOpThreads = threads;
            return this;
        }

        /** {@code disabled}, {@code basic}, {@code extended} or {@code all}; {@code null} (default) for the card's. */
        public Builder optimizationLevel(String level) {
            this.optimizationLevel = level;
            return this;
        }

        /** The model id to report instead of the card's; {@code null} (default) for the card's. */
        public Builder modelId(String modelId) {
            this.modelId = modelId;
            return this;
        }

        /** Builds the options. */
        public OnnxOptions build() {
            return new OnnxOptions(Objects.requireNonNull(device, "device"), intraOpThreads, interOpThreads, optimizationLevel, modelId);
        }
    }
}
