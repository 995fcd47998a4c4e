package io.vlaarena.http;

import java.util.Objects;

/**
 * A VLA service's answer to {@code GET /health} (SPEC.md §2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param status {@code "healthy"} or {@code "unhealthy"}
 * @param model the service's model id
 * @param modelStatus {@code "loaded"} when the model is ready
 */
public record ServiceHealth(String status, String model, String modelStatus) {
    /** Validates. */
    public ServiceHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modelStatus, "modelStatus");
    }

    /** Whether the service reports itself healthy. */
    public boolean healthy() {
        return "healthy".equals(status);
    }
}
