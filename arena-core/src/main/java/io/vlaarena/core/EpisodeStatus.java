package io.vlaarena.core;

/** How an episode ended. */
public enum EpisodeStatus {
    /** Ran to {@code maxSteps}; every action was valid and executed. */
    COMPLETED,
    /** Stopped early; {@link Episode#failure()} says why. */
    FAILED
}
