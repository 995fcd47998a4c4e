package io.vlaarena.http;

import io.vlaarena.core.Action;
import io.vlaarena.core.SimState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A VLA service's answer to {@code POST /execute}: the episode it simulated.
 *
 * <p>Immutable and thread-safe.
 *
 * @param actions executed actions, in order
 * @param states the state after each action
 * @param duration the service's {@code duration_ms}
 */
public record ExecuteResult(List<Action> actions, List<SimState> states, Duration duration) {
    /** Copies. */
    public ExecuteResult {
        actions = List.copyOf(actions);
        states = List.copyOf(states);
        Objects.requireNonNull(duration, "duration");
    }
}
