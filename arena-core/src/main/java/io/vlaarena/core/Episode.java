package io.vlaarena.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rollout of one policy in one scene for one instruction: the executed actions, the simulator
 * state after each action, the wall-clock duration and how it ended.
 *
 * <p>A completed episode has exactly one state per action. A failed one keeps what was executed
 * before the failure, for diagnosis, and is never stored as part of a turn.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelId the policy's id
 * @param instruction the instruction it was given
 * @param actions executed actions, in order
 * @param states state after each executed action
 * @param duration wall-clock time the episode took
 * @param status completed or failed
 * @param failure why it failed; empty when completed
 */
public record Episode(String modelId, String instruction, List<Action> actions, List<SimState> states,
        Duration duration, EpisodeStatus status, Optional<EpisodeFailure> failure) {

    /** Validates and copies; a completed episode has no failure, a failed one has one. */
    public Episode {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(instruction, "instruction");
        actions = List.copyOf(actions);
        states = List.copyOf(states);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failure, "failure");
        if (status == EpisodeStatus.COMPLETED && failure.isPresent()) {
            throw new IllegalArgumentException("A completed episode has no failure");
        }
        if (status == EpisodeStatus.FAILED && failure.isEmpty()) {
            throw new IllegalArgumentException("A failed episode needs a failure");
        }
        if (status == EpisodeStatus.COMPLETED && actions.size() != states.size()) {
            throw new IllegalArgumentException("A completed episode has one state per action, got "
                    + actions.size() + " actions and " + states.size() + " states");
        }
    }

    /** A completed episode. */
    public static Episode completed(String modelId, String instruction, List<Action> actions, List<SimState> states,
            Duration duration) {
        return new Episode(modelId, instruction, actions, states, duration, EpisodeStatus.COMPLETED, Optional.empty());
    }

    /** A failed episode keeping what ran before the failure. */
    public static Episode failed(String modelId, String instruction, List<Action> actions, List<SimState> states,
            Duration duration, EpisodeFailure failure) {
        return new Episode(modelId, instruction, actions, states, duration, EpisodeStatus.FAILED, Optional.of(failure));
    }

    /**
     * An episode that failed before its first action (the scene did not load, the model could not
     * be reached or started): no actions, no states, failure step -1.
     */
    public static Episode failedBeforeStart(String modelId, String instruction, Duration duration,
            EpisodeFailure.Kind kind, String message) {
        return failed(modelId, instruction, List.of(), List.of(), duration, new EpisodeFailure(kind, -1, message));
    }

    /** Whether the episode ran to the end. */
    public boolean isCompleted() {
        return status == EpisodeStatus.COMPLETED;
    }

    /** Number of executed actions. */
    public int length() {
        return actions.size();
    }
}
