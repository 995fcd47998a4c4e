package io.vlaarena.core;

/**
 * The root of every exception the arena throws on purpose.
 *
 * <p>Subclasses exist only where a caller recovers differently: {@link NotFoundException} for an
 * unknown id, {@link InvalidRequestException} for a request that breaks a rule of the arena,
 * {@link SceneException} for a model (MJCF) that cannot be loaded, {@link InferenceException}
 * for a failing policy, {@link ModelLoadException} for a policy that cannot be loaded,
 * {@link StorageException} for the store and {@link RemoteServiceException} for a remote service.
 * Messages are full sentences that name the bad value.
 */
public class ArenaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public ArenaException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public ArenaException(String message, Throwable cause) {
        super(message, cause);
    }
}
