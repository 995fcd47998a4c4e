package io.vlaarena.core;

/**
 * Produces an episode of one model for a request: locally ({@link LocalEpisodeGenerator}: the
 * episode runner in an environment of this process) or remotely (a VLA service that simulates the
 * episode itself).
 *
 * <p>Implementations are thread-safe: the arena generates many episodes concurrently. Faults of
 * the model, the scene or a remote service are reported as a failed {@link Episode}, not thrown.
 */
public interface EpisodeGenerator extends AutoCloseable {

    /** The id of the model whose episodes this generator produces. */
    String modelId();

    /** Produces one episode; never {@code null}, failed rather than thrown on faults. */
    Episode generate(EpisodeRequest request);

    /**
     * Whether the model can play episodes now: for a remote model, whether its service answers its
     * health check. The arena pairs only live models. Implementations answer within a few seconds
     * (a check that would take longer answers {@code false}) and may cache the answer briefly. The
     * default says yes.
     */
    default boolean isLive() {
        return true;
    }

    /** Releases what the generator owns; the default does nothing. */
    @Override
    default void close() {}
}
