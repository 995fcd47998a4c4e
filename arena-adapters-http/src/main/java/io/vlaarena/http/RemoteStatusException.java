package io.vlaarena.http;

import io.vlaarena.core.RemoteServiceException;

/**
 * A remote service answered with an error status. The message names the URL (never a token), the
 * status and the service's {@code detail}.
 */
public class RemoteStatusException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;
    /** The requested URL. */
    private final String url;
    /** The HTTP status. */
    private final int status;
    /** The service's {@code detail}. */
    private final String detail;

    /** Creates the exception for {@code url} answering {@code status} with {@code detail}. */
    public RemoteStatusException(String url, int status, String detail) {
        super("The service at " + url + " answered " + status + ": " + detail);
        this.url = url;
        this.status = status;
        this.detail = detail;
    }

    /** The requested URL. */
    public String url() {
        return url;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The service's {@code detail}, or the start of its body when it sent none. */
    public String detail() {
        return detail;
    }
}
