package io.vlaarena.http.internal;

import io.vlaarena.http.ServerOptions;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors the server finds before a route runs (a malformed request line, an over-long
 * URL or header, a bad {@code Content-Length}, a body that arrives too slowly) with the same JSON
 * body as every other error, in place of the server library's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ServerOptions options;

    JsonErrorHandler(ServerOptions options) {
        this.options = options;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        byte[] body = JsonServer.errorBody(code, detail(code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(JsonServer.errorBody(status, detail(status, reason)));
    }

    /** A sentence for the status, naming the limit where one was exceeded. */
    String detail(int code, String message) {
        return switch (code) {
            case HttpStatus.URI_TOO_LONG_414 -> "The request line is longer than the limit of "
                    + options.maxHeaderBytes() + " bytes";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "The request line and headers are larger than the limit of "
                    + options.maxHeaderBytes() + " bytes";
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "The request body is larger than the limit of "
                    + options.maxBodyBytes() + " bytes";
            case HttpStatus.REQUEST_TIMEOUT_408 -> "The request did not arrive in time (bodies must arrive at "
                    + options.minBodyBytesPerSecond() + " bytes/s or faster; headers within "
                    + options.headerTimeout().toMillis() + " ms)";
            case HttpStatus.BAD_REQUEST_400 -> "Malformed request: " + reason(code, message);
            default -> reason(code, message);
        };
    }

    private static String reason(int code, String message) {
        String m = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        // the library's messages sometimes start with an exception class name: keep the sentence only
        int colon = m.indexOf(": ");
        if (colon > 0 && m.substring(0, colon).matches("[a-z][\\w.]*\\.[A-Z]\\w*(Exception|Error)")) {
            m = m.substring(colon + 2);
        }
        return m.isEmpty() ? HttpStatus.getMessage(code) : m.substring(0, 1).toUpperCase(Locale.ROOT) + m.substring(1);
    }
}
