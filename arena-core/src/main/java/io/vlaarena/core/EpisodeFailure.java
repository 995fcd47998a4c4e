package io.vlaarena.core;

import java.util.Objects;

/**
 * Why an episode failed, and at which control step.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind the category of the failure
 * @param step the control step at which it happened (0-based), or -1 before the first step
 * @param message a full sentence naming the model and the cause
 */
public record EpisodeFailure(Kind kind, int step, String message) {
    /** Validates. */
    public EpisodeFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The sentence for a policy whose prediction failed: {@code Model 'id' failed at step s: <its
     * message>}. The episode runner and the VLA service's {@code /predict} say it alike.
     */
    public static String modelFailed(String modelId, int step, Throwable cause) {
        String msg = cause.getMessage();
        return "Model '" + modelId + "' failed at step " + step + ": "
                + (msg == null || msg.isBlank() ? cause.getClass().getSimpleName() : msg);
    }

    /**
     * The sentence for a policy whose chunk does not have its declared action dimension, or {@code
     * null} when it has.
     */
    public static String wrongDimension(String modelId, int step, ActionChunk chunk, VlaSpec spec) {
        if (chunk == null) {
            return "Model '" + modelId + "' returned no action chunk at step " + step;
        }
        return chunk.dimension() == spec.actionDimension() ? null : "Model '" + modelId + "' returned actions of dimension "
                + chunk.dimension() + " at step " + step + " but its spec declares " + spec.actionDimension();
    }

    /** Categories of failure, so callers can tell a broken model from a broken scene. */
    public enum Kind {
        /** The policy threw or could not start. */
        MODEL_ERROR,
        /** The policy returned no action, an action of the wrong size, or one the environment rejected. */
        INVALID_ACTION,
        /** A prediction exceeded the per-step deadline or the episode exceeded its deadline. */
        TIMEOUT,
        /** The scene could not be loaded or the simulation failed (e.g. diverged). */
        ENVIRONMENT_ERROR,
        /** The remote service that runs the episode failed or could not be reached. */
        REMOTE_ERROR,
        /** The thread running the episode was interrupted. */
        INTERRUPTED
    }
}
