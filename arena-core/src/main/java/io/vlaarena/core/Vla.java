package io.vlaarena.core;

/**
 * A vision-language-action policy: given an observation and an instruction, it predicts an action
 * chunk. The port every model adapter implements (mock, remote HTTP service, ONNX Runtime, DJL).
 *
 * <p>Follows MuJoCo's split between model and data: a {@code Vla} is the loaded model, shared and
 * thread-safe; each episode calls {@link #start} to get a fresh {@link VlaRollout} that holds the
 * episode's state and is confined to one thread. Whoever creates a {@code Vla} closes it; the
 * arena and the episode runner never close a {@code Vla} passed to them.
 */
public interface Vla extends AutoCloseable {

    /** Describes the policy: id, name, action dimension and space, horizon and observation needs. */
    VlaSpec spec();

    /**
     * Resets for a new episode and returns its rollout state.
     *
     * @throws ArenaException when the policy cannot start (e.g. a remote service is unreachable)
     */
    VlaRollout start(RolloutContext context);

    /**
     * Whether the model can serve predictions now; a policy behind a remote service answers from
     * the service's health check (within a few seconds, possibly cached briefly). The arena pairs
     * only live models. The default, for in-process policies, says yes.
     */
    default boolean isLive() {
        return true;
    }

    /** Releases the model's resources; the default does nothing. */
    @Override
    default void close() {}

    /**
     * A policy without per-episode state, from a function. Handy for tests and for policies that
     * are pure functions of the observation.
     *
     * @param spec the policy's description
     * @param policy the prediction function; must be thread-safe
     */
    static Vla stateless(VlaSpec spec, Policy policy) {
        java.util.Objects.requireNonNull(spec, "spec");
        java.util.Objects.requireNonNull(policy, "policy");
        return new Vla() {
            @Override
            public VlaSpec spec() {
                return spec;
            }

            @Override
            public VlaRollout start(RolloutContext context) {
                return policy::predict;
            }

            @Override
            public String toString() {
                return "Vla[" + spec.id() + "]";
            }
        };
    }

    /** A pure prediction function for {@link #stateless}. */
    @FunctionalInterface
    interface Policy {
        /** Predicts a chunk for the observation and instruction. */
        ActionChunk predict(Observation observation, String instruction);
    }
}
