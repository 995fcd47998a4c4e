package io.vlaarena.core;

import java.util.Objects;

/**
 * A request for one episode: which scene, which instruction, how long, which seed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sceneXml the MJCF XML of the scene
 * @param instruction the natural-language instruction, not blank
 * @param maxSteps the most actions to execute
 * @param seed seed for the episode's randomness
 */
public record EpisodeRequest(String sceneXml, String instruction, int maxSteps, long seed) {
    /** Validates. */
    public EpisodeRequest {
        Objects.requireNonNull(sceneXml, "sceneXml");
        Objects.requireNonNull(instruction, "instruction");
        if (instruction.isBlank()) {
            throw new IllegalArgumentException("The instruction must not be blank");
        }
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive, was " + maxSteps);
        }
    }

    /** The rollout context a policy receives for this request. */
    public RolloutContext toRolloutContext() {
        return new RolloutContext(instruction, sceneXml, seed, maxSteps);
    }
}
