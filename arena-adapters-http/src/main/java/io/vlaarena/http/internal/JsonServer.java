package io.vlaarena.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vlaarena.core.InvalidRequestException;
import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.SceneException;
import io.vlaarena.http.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small JSON server on the JDK's {@link HttpServer}: routes by path pattern and method, bounded
 * bodies, a bounded worker pool, CORS, and error mapping that never leaks a stack trace.
 */
public final class JsonServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JsonServer.class.getName());

    static {
        // The JDK server writes the headers and the body of a response separately; with Nagle's
        // algorithm on, the body waits for the client's delayed ACK (~40 ms per request). The flag
        // is read once, when the JDK server's configuration class loads; an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** A handler for one route and method. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    /** What a handler sees: method, path groups, query parameters, headers, the bounded body. */
    public record Request(String method, String path, List<String> pathParams, Map<String, String> query,
            Headers headers, byte[] body) {
        public ObjectNode json() {
            return Json.parseObjectBody(body);
        }

        public String param(int i) {
            return pathParams.get(i);
        }
    }

    /** What a handler returns; {@code headers} are sent as given (e.g. caching, content encoding). */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Response {
            headers = Map.copyOf(headers);
        }

        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        /** A copy with one more header. */
        public Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, contentType, body, h);
        }

        public static Response json(int status, JsonNode node) {
            return new Response(status, "application/json", Json.bytes(node));
        }

        public static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Route(Pattern pattern, Map<String, Handler> methods) {}

    private final List<Route> routes = new ArrayList<>();
    private final Set<String> corsOrigins;
    private final long maxBodyBytes;
    private final ServerOptions options;
    private final String name;
    private HttpServer server;
    private ThreadPoolExecutor workers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile byte[] bearerToken;
    private final Set<String> openPaths = new java.util.HashSet<>();
    private volatile boolean stopping;

    public JsonServer(String name, ServerOptions options, Set<String> corsOrigins) {
        this.name = name;
        this.options = options;
        this.maxBodyBytes = options.maxBodyBytes();
        this.corsOrigins = Set.copyOf(corsOrigins);
    }

    /** Adds a route; {@code {x}} segments of the path template match one path segment. */
    public JsonServer route(String method, String template, Handler handler) {
        String regex = "^" + Arrays.stream(template.split("/", -1))
                .map(seg -> seg.startsWith("{") && seg.endsWith("}") ? "([^/]+)" : Pattern.quote(seg))
                .reduce((a, b) -> a + "/" + b).orElse("") + "$";
        for (Route r : routes) {
            if (r.pattern().pattern().equals(regex)) {
                r.methods().put(method, handler);
                return this;
            }
        }
        Map<String, Handler> methods = new LinkedHashMap<>();
        methods.put(method, handler);
        routes.add(new Route(Pattern.compile(regex), methods));
        return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on every path but {@code openPaths}; the
     * comparison takes constant time and the token is never logged.
     */
    public JsonServer requireBearerToken(String token, Set<String> openPaths) {
        this.bearerToken = token.getBytes(StandardCharsets.UTF_8);
        this.openPaths.addAll(openPaths);
        return this;
    }

    /** Binds and starts serving. */
    public void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        // Bounded: when every worker is busy and the queue is full, the accepting thread runs the
        // request itself, which stops it accepting more: back-pressure instead of unbounded memory.
        workers = new ThreadPoolExecutor(options.workers(), options.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(64, options.workers() * 64)), r -> {
                    Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(workers);
        server.createContext("/", this::dispatch);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return options.host();
    }

    /** The base URL clients use: the bound host (loopback for the wildcard address) and port. */
    public java.net.URI baseUri() {
        String host = host().equals("0.0.0.0") ? "127.0.0.1" : host();
        return java.net.URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Stops accepting, lets requests in flight finish within the grace, stops the workers; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || server == null) {
            return;
        }
        // HttpServer.stop(delay) on JDK 17 always waits the whole delay, so wait for the requests
        // in flight ourselves (new ones are refused with 503 meanwhile), then stop at once.
        stopping = true;
        long deadline = System.nanoTime() + options.stopGrace().toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(Math.max(1, options.stopGrace().toMillis()), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void dispatch(HttpExchange ex) {
        inFlight.incrementAndGet();
        try (ex) {
            if (stopping) {
                send(ex, error(503, "The service is shutting down"), Map.of("Connection", "close"));
                return;
            }
            Response response;
            Map<String, String> extra = new LinkedHashMap<>();
            String origin = ex.getRequestHeaders().getFirst("Origin");
            boolean corsAllowed = origin != null && (corsOrigins.contains(origin) || corsOrigins.contains("*"));
            if (corsAllowed) {
                extra.put("Access-Control-Allow-Origin", origin);
                extra.put("Access-Control-Allow-Credentials", "true");
                extra.put("Vary", "Origin");
            }
            try {
                response = handle(ex, origin, corsAllowed, extra);
            } catch (HttpError e) {
                extra.putAll(e.headers());
                response = error(e.status(), e.detail());
            } catch (Exception | StackOverflowError e) {
                LOG.log(System.Logger.Level.ERROR, name + ": " + ex.getRequestMethod() + " "
                        + ex.getRequestURI().getRawPath() + " failed", e);
                response = error(500, "Internal server error");
            }
            send(ex, response, extra);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, name + ": could not answer: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": could not answer: " + e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private Response handle(HttpExchange ex, String origin, boolean corsAllowed, Map<String, String> extra)
            throws Exception {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        Route route = null;
        Matcher m = null;
        for (Route r : routes) {
            Matcher candidate = r.pattern().matcher(path);
            if (candidate.matches()) {
                route = r;
                m = candidate;
                break;
            }
        }
        if (route == null) {
            throw new HttpError(404, "Not found: " + path);
        }
        Set<String> allowed = new TreeSet<>(route.methods().keySet());
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        allowed.add("OPTIONS");
        if (method.equals("OPTIONS")) {
            String requested = ex.getRequestHeaders().getFirst("Access-Control-Request-Method");
            if (origin != null && requested != null) {
                if (!corsAllowed) {
                    throw new HttpError(400, "Disallowed CORS origin");
                }
                extra.put("Access-Control-Allow-Methods", String.join(", ", allowed));
                String reqHeaders = ex.getRequestHeaders().getFirst("Access-Control-Request-Headers");
                extra.put("Access-Control-Allow-Headers", reqHeaders != null ? reqHeaders : "Content-Type, Authorization");
                extra.put("Access-Control-Max-Age", "600");
            }
            extra.put("Allow", String.join(", ", allowed));
            return new Response(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8));
        }
        Handler handler = route.methods().get(method.equals("HEAD") ? "GET" : method);
        if (handler == null) {
            throw new HttpError(405, "Method " + method + " is not allowed on " + path + "; allowed: " + allowed,
                    Map.of("Allow", String.join(", ", allowed)));
        }
        byte[] token = bearerToken;
        if (token != null && !openPaths.contains(path)) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            byte[] given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? auth.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!java.security.MessageDigest.isEqual(given, token)) {
                throw new HttpError(401, "Missing or invalid bearer token", Map.of("WWW-Authenticate", "Bearer"));
            }
        }
        List<String> params = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
            params.add(decode(m.group(i)));
        }
        byte[] body = readBody(ex);
        return handler.handle(new Request(method, path, params, query(ex.getRequestURI().getRawQuery()),
                ex.getRequestHeaders(), body));
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new HttpError(400, "Invalid Content-Length header");
            }
            if (declared > maxBodyBytes) {
                throw tooLarge();
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        }
    }

    private HttpError tooLarge() {
        return new HttpError(413, "The request body is larger than the limit of " + maxBodyBytes + " bytes",
                Map.of("Connection", "close"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : decode(part.substring(eq + 1));
            q.putIfAbsent(k, v);
        }
        return q;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "Malformed percent-encoding in the URL: " + e.getMessage());
        }
    }

    public static Response error(int status, String detail) {
        ObjectNode o = Json.object();
        o.put("detail", detail);
        return Response.json(status, o);
    }

    /** Runs a core call, mapping its exceptions for bad input to their status ({@link #mapCore}). */
    public static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw mapCore(e);
        }
    }

    /** Maps the core's exceptions for bad input to their status; anything else is rethrown (→ 500). */
    public static HttpError mapCore(RuntimeException e) {
        if (e instanceof HttpError h) {
            return h;
        }
        if (e instanceof NotFoundException) {
            return new HttpError(404, e.getMessage());
        }
        if (e instanceof InvalidRequestException || e instanceof SceneException) {
            return new HttpError(400, e.getMessage());
        }
        throw e;
    }

    private static void send(HttpExchange ex, Response response, Map<String, String> extra) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", response.contentType());
        response.headers().forEach(h::set);
        extra.forEach(h::set);
        boolean noBody = ex.getRequestMethod().equals("HEAD") || response.status() == 204;
        ex.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length == 0 ? -1 : response.body().length);
        if (!noBody && response.body().length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
