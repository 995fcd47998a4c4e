package io.vlaarena.core;

/**
 * One episode's worth of a policy's state (observation history, cached text embeddings, noise
 * generator), created fresh by {@link Vla#start} for every episode.
 *
 * <p>Not thread-safe: confined to the thread running the episode. The episode runner closes it
 * when the episode ends.
 */
public interface VlaRollout extends AutoCloseable {

    /**
     * Predicts the next action chunk.
     *
     * @param observation what the policy sees now
     * @param instruction the episode's instruction
     * @return one or more future actions; the first is executed now
     * @throws ArenaException (typically {@link InferenceException}) when the policy cannot predict
     */
    ActionChunk predict(Observation observation, String instruction);

    /** Releases per-episode resources; the default does nothing. */
    @Override
    default void close() {}
}
