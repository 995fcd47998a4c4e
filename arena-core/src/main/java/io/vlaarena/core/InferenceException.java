package io.vlaarena.core;

/** A policy that failed to produce an action: it threw, returned a non-finite value or an action of the wrong size. */
public class InferenceException extends ArenaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public InferenceException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
