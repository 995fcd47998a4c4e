package io.vlaarena.onnx;

import io.vlaarena.core.RolloutContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link OnnxTranslator} knows about the episode it works for: the model's id, the rollout's
 * context (instruction, scene, seed) and a map for its own per-episode state. One per episode.
 *
 * <p>Not thread-safe: confined to the episode's thread, as the rollout is.
 */
public final class TranslatorContext {
    private final String modelId;
    private final RolloutContext rollout;
    private final Map<String, Object> attributes = new HashMap<>();

    /** A context for one episode of model {@code modelId} (tests of a translator make their own). */
    public TranslatorContext(String modelId, RolloutContext rollout) {
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
    }

    /** The model's id. */
    public String modelId() {
        return modelId;
    }

    /** The episode's context: instruction, scene, seed, step budget. */
    public RolloutContext rollout() {
        return rollout;
    }

    /** The translator's per-episode state; empty at the start of each episode, mutable. */
    public Map<String, Object> attributes() {
        return attributes;
    }
}
