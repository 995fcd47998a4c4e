package io.vlaarena.core;

/** A scene that cannot be loaded: malformed or unsafe XML, an unknown MJCF element, a model that makes no physical sense. */
public class SceneException extends ArenaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public SceneException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public SceneException(String message, Throwable cause) {
        super(message, cause);
    }
}
