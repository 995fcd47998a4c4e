package io.vlaarena.core;

import java.time.Duration;

/**
 * Observes an episode as it runs: one call before the first step, one per executed action and one
 * at the end. Called on the thread running the episode; implementations must be quick and must not
 * throw (an exception from a listener is ignored and never fails the episode).
 */
public interface EpisodeListener {

    /** A listener that does nothing. */
    EpisodeListener NONE = new EpisodeListener() {};

    /** The environment was reset; {@code initial} is the state before the first action. */
    default void onStart(RolloutContext context, SimState initial) {}

    /**
     * One action was executed.
     *
     * @param step the control step, 0-based
     * @param action the executed action
     * @param state the state after it
     * @param elapsed wall-clock time since the episode started
     */
    default void onStep(int step, Action action, SimState state, Duration elapsed) {}

    /** The episode ended, completed or failed. */
    default void onFinish(Episode episode) {}
}
