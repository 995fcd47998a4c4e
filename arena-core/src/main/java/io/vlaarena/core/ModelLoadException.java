package io.vlaarena.core;

/** A policy that cannot be loaded: a missing file, a model card that disagrees with its graph, an unavailable device. */
public class ModelLoadException extends ArenaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public ModelLoadException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
