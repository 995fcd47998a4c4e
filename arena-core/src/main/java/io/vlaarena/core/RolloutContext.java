package io.vlaarena.core;

import java.util.Objects;

/**
 * What a policy learns when an episode starts.
 *
 * <p>Immutable and thread-safe.
 *
 * @param instruction the natural-language instruction of the episode
 * @param sceneXml the MJCF XML of the scene (remote policies send it along, as the original does)
 * @param seed seed for any randomness of the episode (diffusion noise, sampling)
 * @param maxSteps the most control steps the episode will run
 */
public record RolloutContext(String instruction, String sceneXml, long seed, int maxSteps) {
    /** Validates. */
    public RolloutContext {
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(sceneXml, "sceneXml");
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive, was " + maxSteps);
        }
    }
}
