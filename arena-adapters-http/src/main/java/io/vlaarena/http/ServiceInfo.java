package io.vlaarena.http;

import java.util.Objects;

/**
 * A VLA service's self-description, the body of {@code GET /info} (SPEC.md §2): what a client
 * reads, and what a {@link VlaService} is configured to report.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serviceName e.g. {@code "Mock VLA Service"}
 * @param serviceVersion e.g. {@code "1.0.0"}
 * @param modelId e.g. {@code "mock-vla"} or {@code "octo-small"}
 * @param device e.g. {@code "cpu"} or {@code "cuda"}
 * @param loaded whether the model is loaded (a service reports unhealthy otherwise)
 * @param maxSteps the default episode length of {@code /execute}
 * @param type the model type, e.g. {@code "mock"} or {@code "octo-small"}
 * @param parameters the parameter count as text, e.g. {@code "27M"}, or empty
 * @param framework the inference framework, e.g. {@code "java"} or {@code "onnxruntime"}
 */
public record ServiceInfo(String serviceName, String serviceVersion, String modelId, String device, boolean loaded,
        int maxSteps, String type, String parameters, String framework) {
    /** Validates. */
    public ServiceInfo {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(serviceVersion, "serviceVersion");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(framework, "framework");
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive, was " + maxSteps);
        }
    }

    /** A description for {@code modelId}: service "VLA Service" 1.0.0, cpu, loaded, 75 steps, type = id, framework "java". */
    public static ServiceInfo of(String modelId) {
        return new ServiceInfo("VLA Service", "1.0.0", modelId, "cpu", true, 75, modelId, "", "java");
    }

    /** A copy with another service name. */
    public ServiceInfo withServiceName(String name) {
        return new ServiceInfo(name, serviceVersion, modelId, device, loaded, maxSteps, type, parameters, framework);
    }

    /** A copy with another device. */
    public ServiceInfo withDevice(String device) {
        return new ServiceInfo(serviceName, serviceVersion, modelId, device, loaded, maxSteps, type, parameters, framework);
    }

    /** A copy with another type. */
    public ServiceInfo withType(String type) {
        return new ServiceInfo(serviceName, serviceVersion, modelId, device, loaded, maxSteps, type, parameters, framework);
    }

    /** A copy with another parameter count text. */
    public ServiceInfo withParameters(String parameters) {
        return new ServiceInfo(serviceName, serviceVersion, modelId, device, loaded, maxSteps, type, parameters, framework);
    }

    /** A copy with another framework. */
    public ServiceInfo withFramework(String framework) {
        return new ServiceInfo(serviceName, serviceVersion, modelId, device, loaded, maxSteps, type, parameters, framework);
    }

    /** A copy with another default episode length. */
    public ServiceInfo withMaxSteps(int maxSteps) {
        return new ServiceInfo(serviceName, serviceVersion, modelId, device, loaded, maxSteps, type, parameters, framework);
    }

    /** A copy with another loaded flag. */
    public ServiceInfo withLoaded(boolean loaded) {
        return new ServiceInfo(serviceName, serviceVersion, modelId, device, loaded, maxSteps, type, parameters, framework);
    }
}
