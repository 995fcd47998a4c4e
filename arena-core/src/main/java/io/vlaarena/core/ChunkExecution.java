package io.vlaarena.core;

/** How the episode runner turns predicted action chunks into executed actions. */
public enum ChunkExecution {
    /** Predict every control step and execute only the chunk's first action, as the original arena does. */
    FIRST_ACTION,
    /** Execute every action of a chunk before predicting again (75 steps at horizon 4: 19 predictions). */
    WHOLE_CHUNK,
    /**
     * Predict every control step and execute a weighted average of all predictions for the current
     * step, a prediction made {@code k} steps ago weighted {@code exp(-decay * k)} (temporal
     * ensembling as in ACT and Octo).
     */
    TEMPORAL_ENSEMBLE
}
