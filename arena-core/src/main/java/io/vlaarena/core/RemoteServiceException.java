package io.vlaarena.core;

/** A remote service failed: unreachable, timed out, or answered with an error status. */
public class RemoteServiceException extends ArenaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public RemoteServiceException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public RemoteServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
