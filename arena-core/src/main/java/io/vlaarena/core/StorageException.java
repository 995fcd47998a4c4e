package io.vlaarena.core;

/** The arena store failed: unreachable, refused a write, or holds a document it cannot read. */
public class StorageException extends ArenaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public StorageException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
