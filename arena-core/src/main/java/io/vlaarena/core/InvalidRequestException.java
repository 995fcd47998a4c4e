package io.vlaarena.core;

/** A request that breaks a rule of the arena: a second vote on a battle, a vote before any completed turn, an empty instruction. */
public class InvalidRequestException extends ArenaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public InvalidRequestException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
