package io.vlaarena.http.internal;

import io.vlaarena.http.internal.JsonServer.Request;
import io.vlaarena.http.internal.JsonServer.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Compression of the web arena's larger answers (replays, geometry, assets) for clients that accept gzip. */
public final class WebResponses {
    /** Below this, compressing costs more than it saves. */
    private static final int MIN_GZIP_BYTES = 1024;

    private WebResponses() {}

    /** Whether the request accepts a gzip-encoded answer. */
    public static boolean acceptsGzip(Request r) {
        String accept = r.header("Accept-Encoding");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
    }

    /** The answer gzip-encoded when the client accepts it and it is worth it; {@code Vary} set either way. */
    public static Response compressed(Request r, Response response) {
        Response varied = response.withHeader("Vary", "Accept-Encoding");
        if (!acceptsGzip(r) || response.body().length < MIN_GZIP_BYTES) {
            return varied;
        }
        return new Response(response.status(), response.contentType(), gzip(response.body()), varied.headers())
                .withHeader("Content-Encoding", "gzip");
    }

    /** {@code bytes} gzip-compressed. */
    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Compressing in memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
