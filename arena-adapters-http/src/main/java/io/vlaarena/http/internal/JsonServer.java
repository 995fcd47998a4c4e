package io.vlaarena.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.InvalidRequestException;
import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.SceneException;
import io.vlaarena.core.support.QuietSlf4j;
import io.vlaarena.http.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small JSON server on Jetty's core handler API: routes by path template and method, bounded
 * bodies and headers, per-connection timeouts, a cap of connections per client address, CORS,
 * bounded {@linkplain Lane lanes} for expensive routes, and error mapping that never leaks a stack
 * trace. No Jetty type appears in its API.
 *
 * <p>Cheap routes run on the server's request threads ({@link ServerOptions#workers()}); a route
 * given a lane runs on the lane's own threads, so expensive work never takes the threads that
 * answer reads and health checks. Thread-safe once started.
 */
public final class JsonServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JsonServer.class.getName());
    /** A body at most this much over the limit is read and dropped before the 413, not left unread. */
    private static final long DRAIN_BYTES = 1024 * 1024;
    /**
     * After an answer given before the body was read (413 for a larger body, 404, 401...), the rest of
     * the body is read and dropped, up to this much, before the connection closes: a client that sends
     * its whole body before it reads (the JDK's HttpClient among them) then gets the answer rather
     * than a reset.
     */
    private static final long LINGER_BYTES = 64L * 1024 * 1024;
    /** ...and for at most this long. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The request attribute holding a pending demand for more of the body (see awaitContent). */
    private static final String DEMAND_ATTRIBUTE = JsonServer.class.getName() + ".demand";

    /** A handler for one route and method. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    /**
     * What a handler sees: method, raw path, decoded path parameters, decoded query parameters
     * (first value of each), headers (names in lower case, first value of each), the client's
     * address and the bounded body.
     */
    public record Request(String method, String path, List<String> pathParams, Map<String, String> query,
            Map<String, String> headers, String client, byte[] body) {
        /** The body as a JSON object; 400 when it is not JSON, 422 when it is not an object. */
        public ObjectNode json() {
            return Json.parseObjectBody(body);
        }

        /** The {@code i}-th {@code {x}} segment of the route's template, percent-decoded. */
        public String param(int i) {
            return pathParams.get(i);
        }

        /** The first value of a header, or {@code null}; the name is case-insensitive. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What a handler returns: status, content type, body and extra headers. */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Response {
            headers = Map.copyOf(headers);
        }

        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        public static Response json(int status, JsonNode node) {
            return new Response(status, "application/json", Json.bytes(node));
        }

        public static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        /** A copy with one more header (e.g. {@code Cache-Control}). */
        public Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, contentType, body, h);
        }
    }

    /**
     * A bounded pool for expensive routes: a fixed number of threads and a queue limit. A request
     * that finds the queue full gets 503 with {@code Retry-After}; with a per-client rate, a client
     * over it gets 429 with {@code Retry-After}. Created by {@link JsonServer#lane}; the server
     * closes it.
     */
    public static final class Lane {
        private final String name;
        private final ThreadPoolExecutor pool;
        private final Duration retryAfter;
        private volatile ClientRateLimit rate;

        private Lane(String serverName, String name, int threads, int queueLimit, Duration retryAfter) {
            this.name = name;
            this.retryAfter = retryAfter;
            AtomicInteger n = new AtomicInteger();
            this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(Math.max(1, queueLimit)), r -> {
                        Thread t = new Thread(r, serverName + "-" + name + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.AbortPolicy());
        }

        /** Allows each client address {@code requests} requests per {@code period} on this lane (429 beyond). */
        public Lane perClientRate(int requests, Duration period) {
            this.rate = requests <= 0 ? null : new ClientRateLimit(requests, period);
            return this;
        }

        /** Requests running or queued on the lane. */
        public int load() {
            return pool.getActiveCount() + pool.getQueue().size();
        }
    }

    private record Route(Pattern pattern, Map<String, Handler> methods, Map<String, Lane> lanes) {}

    private final List<Route> routes = new ArrayList<>();
    private final List<Lane> lanes = new CopyOnWriteArrayList<>();
    private final Set<String> corsOrigins;
    private final boolean corsAny;
    private final long maxBodyBytes;
    private final ServerOptions options;
    private final String name;
    private final ConnectionGuard guard;
    private Server server;
    private ServerConnector connector;
    private ScheduledExecutorService sweeper;
    private volatile int boundPort;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile byte[] bearerToken;
    private final Set<String> openPaths = new java.util.HashSet<>();
    private volatile boolean stopping;

    /**
     * A server named {@code name} (in thread names and logs) listening as {@code options} says,
     * answering CORS for {@code corsOrigins} ({@code "*"}: any origin, never with credentials;
     * the {@code null} origin is never reflected).
     */
    public JsonServer(String name, ServerOptions options, Set<String> corsOrigins) {
        this.name = name;
        this.options = options;
        this.maxBodyBytes = options.maxBodyBytes();
        this.corsAny = corsOrigins.contains("*");
        Set<String> exact = new java.util.HashSet<>(corsOrigins);
        exact.remove("*");
        exact.remove("null");
        this.corsOrigins = Set.copyOf(exact);
        this.guard = new ConnectionGuard(options.maxConnectionsPerClient(), options.headerTimeout());
    }

    /** Adds a route run on the server's request threads; {@code {x}} segments match one path segment. */
    public JsonServer route(String method, String template, Handler handler) {
        return route(method, template, null, handler);
    }

    /** Adds a route run on {@code lane} (or the request threads when {@code null}). */
    public JsonServer route(String method, String template, Lane lane, Handler handler) {
        String regex = "^" + Arrays.stream(template.split("/", -1))
                .map(seg -> seg.startsWith("{") && seg.endsWith("}") ? "([^/]+)" : Pattern.quote(seg))
                .reduce((a, b) -> a + "/" + b).orElse("") + "$";
        Route route = routes.stream().filter(r -> r.pattern().pattern().equals(regex)).findFirst().orElse(null);
        if (route == null) {
            route = new Route(Pattern.compile(regex), new LinkedHashMap<>(), new HashMap<>());
            routes.add(route);
        }
        route.methods().put(method, handler);
        if (lane != null) {
            route.lanes().put(method, lane);
        }
        return this;
    }

    /**
     * A bounded lane of {@code threads} threads and at most {@code queueLimit} waiting requests;
     * {@code retryAfter} is what a refused request is told. Closed with the server.
     */
    public Lane lane(String laneName, int threads, int queueLimit, Duration retryAfter) {
        if (threads <= 0) {
            throw new IllegalArgumentException("A lane needs at least one thread, got " + threads);
        }
        Lane lane = new Lane(name, laneName, threads, queueLimit, retryAfter);
        lanes.add(lane);
        return lane;
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

    /** Binds and starts serving; {@link UncheckedIOException} when the address cannot be bound. */
    public void start() {
        QuietSlf4j.whenNoProvider(); // Jetty logs through SLF4J: no warning lines when the application has no provider
        // Jetty needs threads of its own (acceptor, selector) besides those that run requests.
        QueuedThreadPool threads = new QueuedThreadPool(options.workers() + 4, Math.min(4, options.workers() + 4));
        threads.setName(name);
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopAtShutdown(false);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(options.maxHeaderBytes());
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        connector.setAcceptQueueSize(256);
        connector.addEventListener(guard);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(options.maxConnections(), server));
        server.setErrorHandler(new JsonErrorHandler(options));
        server.setHandler(new org.eclipse.jetty.server.Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                    Callback callback) {
                dispatch(request, response, callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            IOException io = null;
            for (Throwable t = e; t != null && io == null; t = t.getCause()) {
                io = t instanceof java.net.BindException b ? b : null;
            }
            if (io == null) {
                io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
            }
            throw new UncheckedIOException("Could not bind " + options.host() + ":" + options.port() + ": "
                    + io.getMessage(), io);
        }
        boundPort = connector.getLocalPort();
        long period = Math.max(50, Math.min(1000, options.headerTimeout().toMillis() / 4));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            guard.sweep();
            for (Lane lane : lanes) {
                ClientRateLimit rate = lane.rate;
                if (rate != null) {
                    rate.forgetIdle();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": connection sweep failed: " + e);
        }
    }

    public int port() {
        return boundPort;
    }

    public String host() {
        return options.host();
    }

    /** The base URL clients use: the bound host (loopback for the wildcard address) and port. */
    public URI baseUri() {
        String host = host().equals("0.0.0.0") ? "127.0.0.1" : host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Stops accepting, lets requests in flight finish within the grace, stops the threads; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || server == null) {
            return;
        }
        stopping = true;
        long deadline = System.nanoTime() + options.stopGrace().toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopQuietly();
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        for (Lane lane : lanes) {
            lane.pool.shutdownNow();
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, name + ": stopping the server failed: " + e);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** One exchange: everything cheap (routing, CORS, authentication, the body) here, the work inline or on its lane. */
    private void dispatch(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
            Callback callback) {
        inFlight.incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        Exchange ex = new Exchange(request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                end();
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                end();
                super.failed(x);
            }

            private void end() {
                if (ended.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                }
            }
        });
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        boolean corsAllowed = cors(origin, ex.extra);
        if (stopping) {
            ex.extra.put("Connection", "close");
            ex.send(error(503, "The service is shutting down"));
            return;
        }
        Handler handler;
        Request req;
        Lane lane;
        try {
            String method = request.getMethod();
            String path = request.getHttpURI().getPath();
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
                ex.send(preflight(request, origin, corsAllowed, allowed, ex.extra));
                return;
            }
            String key = method.equals("HEAD") ? "GET" : method;
            handler = route.methods().get(key);
            if (handler == null) {
                throw new HttpError(405, "Method " + method + " is not allowed on " + path + "; allowed: " + allowed,
                        Map.of("Allow", String.join(", ", allowed)));
            }
            authenticate(request, path);
            lane = route.lanes().get(key);
            String client = org.eclipse.jetty.server.Request.getRemoteAddr(request);
            if (lane != null && lane.rate != null) {
                long waitSeconds = lane.rate.acquire(client);
                if (waitSeconds > 0) {
                    throw new HttpError(429, "Too many requests to " + path + " from this client: at most "
                            + lane.rate.describe() + "; retry in " + waitSeconds + " s",
                            Map.of("Retry-After", Long.toString(waitSeconds)));
                }
            }
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                params.add(decode(m.group(i)));
            }
            Map<String, String> headers = new HashMap<>();
            for (HttpField f : request.getHeaders()) {
                headers.putIfAbsent(f.getLowerCaseName(), f.getValue());
            }
            Map<String, String> query = query(request.getHttpURI().getQuery());
            byte[] body = readBody(request);
            req = new Request(method, path, params, query, headers, client, body);
        } catch (RuntimeException | IOException e) {
            // refused before its body was read: Exchange.send skips a body that has arrived (the
            // connection carries on) and otherwise closes, saying so, once the rest is dropped
            ex.send(errorResponse(request, e, ex.extra));
            return;
        }
        if (lane == null) {
            ex.send(run(handler, req, ex.extra));
            return;
        }
        try {
            lane.pool.execute(() -> ex.send(run(handler, req, ex.extra)));
        } catch (RejectedExecutionException e) {
            long seconds = Math.max(1, lane.retryAfter.toSeconds());
            ex.extra.put("Retry-After", Long.toString(seconds));
            ex.send(error(503, "The server is busy: too many " + lane.name + " waiting; retry in " + seconds + " s"));
        }
    }

    private Response run(Handler handler, Request req, Map<String, String> extra) {
        try {
            return handler.handle(req);
        } catch (Exception | StackOverflowError e) {
            return errorResponse(null, e, extra);
        }
    }

    private Response errorResponse(org.eclipse.jetty.server.Request request, Throwable e, Map<String, String> extra) {
        if (e instanceof HttpError h) {
            extra.putAll(h.headers());
            return error(h.status(), h.detail());
        }
        if (e instanceof IOException) {
            // the client stopped sending its body, or sent it too slowly
            extra.put("Connection", "close");
            return error(408, "The request body did not arrive: " + e.getMessage());
        }
        LOG.log(System.Logger.Level.ERROR, name + ": a request failed"
                + (request != null ? ": " + request.getMethod() + " " + request.getHttpURI().getPath() : ""), e);
        return error(500, "Internal server error");
    }

    /** Adds the CORS answer headers for an allowed origin; says whether it is allowed. */
    private boolean cors(String origin, Map<String, String> extra) {
        if (origin == null) {
            return false;
        }
        if (corsOrigins.contains(origin)) {
            extra.put("Access-Control-Allow-Origin", origin);
            extra.put("Access-Control-Allow-Credentials", "true");
            extra.put("Vary", "Origin");
            return true;
        }
        if (corsAny) {
            // any origin, never with credentials: a credentialed request from anywhere is what CORS exists to stop
            extra.put("Access-Control-Allow-Origin", "*");
            return true;
        }
        return false;
    }

    private static Response preflight(org.eclipse.jetty.server.Request request, String origin, boolean corsAllowed,
            Set<String> allowed, Map<String, String> extra) {
        String requested = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
        if (origin != null && requested != null) {
            if (!corsAllowed) {
                throw new HttpError(400, "Disallowed CORS origin");
            }
            extra.put("Access-Control-Allow-Methods", String.join(", ", allowed));
            String reqHeaders = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
            extra.put("Access-Control-Allow-Headers", reqHeaders != null ? reqHeaders : "Content-Type, Authorization");
            extra.put("Access-Control-Max-Age", "600");
        }
        extra.put("Allow", String.join(", ", allowed));
        return new Response(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8));
    }

    private void authenticate(org.eclipse.jetty.server.Request request, String path) {
        byte[] token = bearerToken;
        if (token != null && !openPaths.contains(path)) {
            String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            byte[] given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? auth.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!java.security.MessageDigest.isEqual(given, token)) {
                throw new HttpError(401, "Missing or invalid bearer token", Map.of("WWW-Authenticate", "Bearer"));
            }
        }
    }

    private byte[] readBody(org.eclipse.jetty.server.Request request) throws IOException {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            if (declared <= maxBodyBytes + DRAIN_BYTES) {
                // read and drop a body a little over the limit, so that the answer is not lost to the
                // reset a close with unread input causes, and the connection can carry on
                if (!discard(request, declared, options.minBodyBytesPerSecond(), Long.MAX_VALUE)) {
                    throw tooLarge();
                }
                throw new HttpError(413, tooLarge().detail());
            }
            throw tooLarge();
        }
        if (declared == 0) {
            return new byte[0];
        }
        // Read in chunks, checking the average rate as the body arrives: a client trickling its body
        // would otherwise hold a request thread for as long as each byte beats the idle timeout.
        long limit = maxBodyBytes + 1;
        long minRate = options.minBodyBytesPerSecond();
        long start = System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(
                (int) Math.min(declared > 0 ? declared : 8192, maxBodyBytes));
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = org.eclipse.jetty.server.Request.asInputStream(request)) {
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - body.size()))) > 0) {
                body.write(buffer, 0, n);
                if (body.size() > maxBodyBytes) {
                    throw tooLarge();
                }
                long elapsedNanos = System.nanoTime() - start;
                if (minRate > 0 && elapsedNanos > 1_000_000_000L && body.size() * 1e9 / elapsedNanos < minRate) {
                    throw new HttpError(408, "The request body arrived at " + Math.round(body.size() * 1e9 / elapsedNanos)
                            + " bytes/s, slower than the minimum of " + minRate + " bytes/s", Map.of("Connection", "close"));
                }
            }
        }
        return body.toByteArray();
    }

    /**
     * Reads and drops the request body until its end, at most {@code maxBytes} of it, waiting for more
     * while it arrives at {@code minRate} bytes/s or faster on average (checked after the first
     * second; 0: no check) and for at most {@code maxNanos} (0: only skips what has arrived). True
     * when the whole body was read.
     */
    private static boolean discard(org.eclipse.jetty.server.Request request, long maxBytes, long minRate,
            long maxNanos) {
        long start = System.nanoTime();
        long dropped = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                long allowed = minRate <= 0 ? maxNanos
                        : Math.min(maxNanos, Math.max(1_000_000_000L, (long) (dropped * 1e9 / minRate)));
                long wait = allowed - (System.nanoTime() - start);
                if (wait <= 0 || !awaitContent(request, wait)) {
                    return false;
                }
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                return false;
            }
            dropped += chunk.remaining();
            chunk.release();
            if (chunk.isLast()) {
                return true;
            }
            if (dropped > maxBytes) {
                return false;
            }
        }
    }

    /** Waits until more of the body can be read, at most {@code waitNanos}; false when it timed out. */
    private static boolean awaitContent(org.eclipse.jetty.server.Request request, long waitNanos) {
        // one demand at a time: a wait that timed out leaves its demand pending, and a later wait reuses it
        @SuppressWarnings("unchecked")
        java.util.concurrent.CompletableFuture<Void> more =
                (java.util.concurrent.CompletableFuture<Void>) request.getAttribute(DEMAND_ATTRIBUTE);
        if (more == null || more.isDone()) {
            java.util.concurrent.CompletableFuture<Void> next = new java.util.concurrent.CompletableFuture<>();
            request.setAttribute(DEMAND_ATTRIBUTE, next);
            request.demand(() -> next.complete(null));
            more = next;
        }
        try {
            more.get(waitNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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

    /** The error body every service answers: {@code {"detail", "error", "status_code"}}. */
    public static Response error(int status, String detail) {
        return new Response(status, "application/json", errorBody(status, detail));
    }

    static byte[] errorBody(int status, String detail) {
        ObjectNode o = Json.object();
        o.put("detail", detail);
        o.put("error", detail);
        o.put("status_code", status);
        return Json.bytes(o);
    }

    /** Runs a core call, mapping its exceptions for bad input to their status ({@link #mapCore}). */
    public static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw mapCore(e);
        }
    }

    /** Maps the core's exceptions for bad input (and too few models: 503) to their status; anything else is rethrown (→ 500). */
    public static HttpError mapCore(RuntimeException e) {
        if (e instanceof HttpError h) {
            return h;
        }
        if (e instanceof NotFoundException) {
            return new HttpError(404, e.getMessage());
        }
        if (e instanceof io.vlaarena.core.NotEnoughModelsException) {
            // a state of the arena, not of the request: too few models are active or answer their health check
            return new HttpError(503, e.getMessage());
        }
        if (e instanceof InvalidRequestException || e instanceof SceneException) {
            return new HttpError(400, e.getMessage());
        }
        throw e;
    }

    /** One request's answer side: the response, its callback and the extra headers gathered on the way. */
    private final class Exchange {
        final org.eclipse.jetty.server.Request request;
        final org.eclipse.jetty.server.Response response;
        final Callback callback;
        final Map<String, String> extra = new LinkedHashMap<>();

        Exchange(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void send(Response r) {
            try {
                response.setStatus(r.status());
                var h = response.getHeaders();
                h.put(HttpHeader.CONTENT_TYPE, r.contentType());
                extra.forEach(h::put);
                r.headers().forEach(h::put);
                // An answer given before the body was read (an error found first): skip what has arrived,
                // and when the body is not complete the connection cannot carry another request, so the
                // answer says Connection: close. Left unsaid, a client that pooled the connection would
                // send its next request into a socket the server closes.
                boolean complete = "close".equalsIgnoreCase(h.get(HttpHeader.CONNECTION))
                        ? false : discard(request, LINGER_BYTES, 0, 0);
                if (!complete) {
                    h.put(HttpHeader.CONNECTION, "close");
                }
                boolean noBody = request.getMethod().equals("HEAD") || r.status() == 204 || r.status() == 304;
                h.put(HttpHeader.CONTENT_LENGTH, noBody && r.status() != 200 ? 0 : r.body().length);
                ByteBuffer content = noBody ? ByteBuffer.allocate(0) : ByteBuffer.wrap(r.body());
                if (complete || stopping) {
                    response.write(true, content, callback);
                    return;
                }
                // Answer, then read and drop the rest of the body (bounded) before the connection closes:
                // closing with unread input resets the connection, and a client that reads only after
                // sending its whole body would lose the answer.
                try (Blocker.Callback written = Blocker.callback()) {
                    response.write(true, content, written);
                    written.block();
                } catch (IOException e) {
                    callback.failed(e);
                    return;
                }
                discard(request, LINGER_BYTES, options.minBodyBytesPerSecond(), LINGER_NANOS);
                callback.succeeded();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not answer: " + e);
                callback.failed(e);
            }
        }
    }
}
