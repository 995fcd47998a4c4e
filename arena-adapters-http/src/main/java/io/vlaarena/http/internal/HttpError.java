package io.vlaarena.http.internal;

import java.util.Map;

/** An error answer a handler wants sent: status and the {@code detail} sentence, plus optional headers. */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Map<String, String> headers;

    public HttpError(int status, String detail) {
        this(status, detail, Map.of());
    }

    public HttpError(int status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }
}
