package io.vlaarena.core;

/** An id (robot, scene, model, session, battle, episode) that the arena does not know. */
public class NotFoundException extends ArenaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public NotFoundException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
