package io.vlaarena.core;

import java.util.Objects;

/**
 * How a policy describes itself: identity, the actions it emits and the observations it needs.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder(String)}.
 *
 * @param id stable model id, e.g. {@code "mock-vla"} or {@code "octo-small"}
 * @param name human-readable name
 * @param actionDimension values per action
 * @param actionSpace what the action values mean
 * @param actionHorizon actions per predicted chunk (1 for single-step policies)
 * @param observation what the policy needs to see
 */
public record VlaSpec(String id, String name, int actionDimension, ActionSpace actionSpace, int actionHorizon,
        ObservationSpec observation) {

    /** Validates every field. */
    public VlaSpec {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("Model id must not be blank");
        }
        Objects.requireNonNull(name, "name");
        if (actionDimension <= 0) {
            throw new IllegalArgumentException("actionDimension must be positive, was " + actionDimension);
        }
        Objects.requireNonNull(actionSpace, "actionSpace");
        if (actionHorizon <= 0) {
            throw new IllegalArgumentException("actionHorizon must be positive, was " + actionHorizon);
        }
        Objects.requireNonNull(observation, "observation");
    }

    /** A builder with defaults: name = id, 8-dim {@code ctrl} actions, horizon 1, proprioception only. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A builder starting from this spec. */
    public Builder toBuilder() {
        return new Builder(id).name(name).actionDimension(actionDimension).actionSpace(actionSpace)
                .actionHorizon(actionHorizon).observation(observation);
    }

    /** Builds {@link VlaSpec}s; not thread-safe. */
    public static final class Builder {
        private final String id;
        private String name;
        private int actionDimension = 8;
        private ActionSpace actionSpace = ActionSpace.CTRL;
        private int actionHorizon = 1;
        private ObservationSpec observation = ObservationSpec.proprioceptionOnly();

        private Builder(String id) {
            this.id = id;
            this.name = id;
        }

        /** Human-readable name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Values per action. */
        public Builder actionDimension(int actionDimension) {
            this.actionDimension = actionDimension;
            return this;
        }

        /** What the action values mean. */
        public Builder actionSpace(ActionSpace actionSpace) {
            this.actionSpace = actionSpace;
            return this;
        }

        /** Actions per predicted chunk. */
        public Builder actionHorizon(int actionHorizon) {
            this.actionHorizon = actionHorizon;
            return this;
        }

        /** What the policy needs to see. */
        public Builder observation(ObservationSpec observation) {
            this.observation = observation;
            return this;
        }

        /** Builds the spec; throws {@link IllegalArgumentException} on an invalid field. */
        public VlaSpec build() {
            return new VlaSpec(id, name, actionDimension, actionSpace, actionHorizon, observation);
        }
    }
}
