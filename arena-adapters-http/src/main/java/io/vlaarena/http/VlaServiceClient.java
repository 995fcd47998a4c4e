package io.vlaarena.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.EpisodeRequest;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RemoteServiceException;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import io.vlaarena.http.internal.Json;
import io.vlaarena.core.Png;
import io.vlaarena.http.internal.Replicas;
import io.vlaarena.http.internal.Replicas.Replica;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of one model's VLA service (SPEC.md §2) spread over one or more replicas: typed
 * {@code /health} and {@code /info}, {@code /predict} and {@code /execute}, with load balancing,
 * failover, retries and timeouts.
 *
 * <p>Each request goes to a replica chosen by the {@link Balancing}. A replica that refuses the
 * connection, drops it, or answers 502/503/504 is marked down for the cool-down and the request
 * fails over at once to a replica it has not tried yet; when none is left it waits the
 * {@link RetryPolicy}'s backoff and tries again, up to {@code maxAttempts} rounds. A replica whose
 * cool-down has ended is probed again by the next request that picks it. Other errors (4xx, 500,
 * a read timeout) are not retried and raise a {@link RemoteStatusException} or
 * {@link RemoteServiceException} whose message names the URL and the status or cause, never the
 * token.
 *
 * <p>Thread-safe and shared; owns its {@link HttpClient} threads, which {@link #close()} stops
 * (idempotent; later requests throw {@link IllegalStateException}).
 */
public final class VlaServiceClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VlaServiceClient.class.getName());

    private final Replicas replicas;
    private final HttpClient http;
    private final ExecutorService httpExecutor;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final RetryPolicy retry;
    private final Duration cooldown;
    private final Balancing balancing;
    private final String authorization;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VlaServiceClient(Builder b) {
        this.replicas = new Replicas(b.baseUris, b.balancing, b.cooldown.toNanos(), System::nanoTime);
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.retry = b.retry;
        this.cooldown = b.cooldown;
        this.balancing = b.balancing;
        this.authorization = b.token == null ? null : "Bearer " + b.token;
        AtomicInteger n = new AtomicInteger();
        this.httpExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vla-http-client-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(httpExecutor)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A builder; at least one base URL is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A client of one service at {@code baseUrl} with the default settings and no token. */
    public static VlaServiceClient of(String baseUrl) {
        return builder().baseUrl(baseUrl).build();
    }

    /** The replicas' base URLs, in configuration order. */
    public List<URI> baseUris() {
        return replicas.all().stream().map(Replica::baseUri).toList();
    }

    /** Whether the replica at {@code baseUri} is cooling down after a failure (for monitoring and tests). */
    public boolean isMarkedDown(URI baseUri) {
        return replicas.all().stream().filter(r -> r.baseUri().equals(baseUri)).anyMatch(replicas::isDown);
    }

    /**
     * {@code GET /health} of the next replica. A 503 answer with {@code "status":"unhealthy"} is
     * returned as an unhealthy result, not thrown.
     *
     * @throws RemoteServiceException when no replica answers
     */
    public ServiceHealth health() {
        JsonNode body = send("GET", "/health", null, true);
        return new ServiceHealth(text(body, "status", "unknown"), text(body, "model", ""), text(body, "model_status", ""));
    }

    /** How long {@link #isLive()} reuses a health answer. */
    public static final Duration LIVENESS_CACHE = Duration.ofSeconds(5);

    private volatile long liveCheckedAt;
    private volatile boolean live;

    /**
     * Whether the service is live: {@link #health()} answered {@code healthy}. The answer is reused
     * for {@link #LIVENESS_CACHE}, so that pairing many battles does not flood the service; an
     * unreachable service is not live. The arena bounds how long it waits for this check.
     */
    public boolean isLive() {
        long now = System.nanoTime();
        if (liveCheckedAt != 0 && now - liveCheckedAt < LIVENESS_CACHE.toNanos()) {
            return live;
        }
        boolean answer;
        try {
            answer = health().healthy();
        } catch (RuntimeException e) {
            answer = false;
        }
        live = answer;
        liveCheckedAt = System.nanoTime();
        return answer;
    }

    /**
     * {@code GET /info} of the next replica.
     *
     * @throws RemoteServiceException when no replica answers or the answer lacks {@code model_id}
     */
    public ServiceInfo info() {
        JsonNode b = send("GET", "/info", null, false);
        String modelId = text(b, "model_id", null);
        if (modelId == null) {
            throw new RemoteServiceException("The /info answer of " + baseUris() + " has no 'model_id'");
        }
        JsonNode loaded = b.get("loaded");
        JsonNode maxSteps = b.get("max_steps");
        return new ServiceInfo(text(b, "service_name", ""), text(b, "service_version", ""), modelId,
                text(b, "device", ""), loaded == null || loaded.asBoolean(true),
                maxSteps != null && maxSteps.canConvertToInt() && maxSteps.asInt() > 0 ? maxSteps.asInt() : 75,
                text(b, "type", ""), text(b, "parameters", ""), text(b, "framework", ""));
    }

    /**
     * {@code POST /predict}: the next action (chunk) for an instruction in a scene.
     *
     * @param instruction the instruction
     * @param sceneXml the scene's MJCF XML ({@code xml_string})
     * @param observation sent as the {@code observation} extension (images as base64 PNG) when present
     * @return the service's {@code actions} chunk, or its single {@code action}
     * @throws RemoteServiceException when the call fails or the answer holds no valid action
     */
    public ActionChunk predict(String instruction, String sceneXml, Optional<Observation> observation) {
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(sceneXml, "sceneXml");
        ObjectNode req = Json.object();
        req.put("instruction", instruction);
        req.put("xml_string", sceneXml);
        observation.ifPresent(o -> req.set("observation", observationJson(o)));
        JsonNode b = send("POST", "/predict", Json.bytes(req), false);
        try {
            JsonNode chunk = b.get("actions");
            if (chunk != null && chunk.isArray() && chunk.size() > 0 && chunk.get(0).isArray()) {
                return new ActionChunk(Json.readActions(chunk, "actions"));
            }
            return ActionChunk.of(new Action(Json.readDoubles(b.get("action"), "action")));
        } catch (IllegalArgumentException e) {
            throw new RemoteServiceException("The /predict answer of " + baseUris() + " is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * {@code POST /execute}: the service simulates a whole episode.
     *
     * @throws RemoteServiceException when the call fails or the answer is not a valid episode
     */
    public ExecuteResult execute(EpisodeRequest request) {
        ObjectNode req = Json.object();
        req.put("instruction", request.instruction());
        req.put("xml_string", request.sceneXml());
        req.put("max_steps", request.maxSteps());
        req.put("seed", request.seed());
        JsonNode b = send("POST", "/execute", Json.bytes(req), false);
        try {
            List<Action> actions = Json.readActions(b.get("actions"), "actions");
            JsonNode st = b.get("states");
            if (st == null || !st.isArray()) {
                throw new IllegalArgumentException("'states' must be an array of states");
            }
            List<SimState> states = new ArrayList<>(st.size());
            for (int i = 0; i < st.size(); i++) {
                states.add(Json.readState(st.get(i), "states[" + i + "]"));
            }
            JsonNode ms = b.get("duration_ms");
            Duration duration = ms != null && ms.isNumber() ? Duration.ofMillis(Math.max(0, ms.asLong())) : Duration.ZERO;
            return new ExecuteResult(actions, states, duration);
        } catch (IllegalArgumentException e) {
            throw new RemoteServiceException("The /execute answer of " + baseUris() + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Stops the client's threads; idempotent. Requests in flight fail. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            httpExecutor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "VlaServiceClient" + baseUris() + "[" + balancing + ", connect " + connectTimeout + ", read "
                + readTimeout + ", " + retry.maxAttempts() + " attempts, cool-down " + cooldown
                + (authorization != null ? ", bearer token set" : "") + "]";
    }

    private static ObjectNode observationJson(Observation o) {
        ObjectNode obs = Json.state(o.state());
        if (!o.images().isEmpty()) {
            ObjectNode images = obs.putObject("images");
            for (Map.Entry<String, RgbImage> e : o.images().entrySet()) {
                RgbImage img = e.getValue();
                ObjectNode i = images.putObject(e.getKey());
                i.put("width", img.width());
                i.put("height", img.height());
                i.put("encoding", "png");
                i.put("data", Base64.getEncoder().encodeToString(Png.encode(img)));
            }
        }
        return obs;
    }

    private static String text(JsonNode b, String field, String fallback) {
        JsonNode n = b.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    private JsonNode send(String method, String path, byte[] body, boolean acceptUnhealthy) {
        if (closed.get()) {
            throw new IllegalStateException("This VLA service client is closed");
        }
        Set<Replica> tried = new HashSet<>();
        Random random = ThreadLocalRandom.current();
        RuntimeException last = null;
        int round = 1;
        while (true) {
            Replica replica = replicas.pick(tried);
            tried.add(replica);
            String url = replica.baseUri().toString() + path;
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout)
                    .header("Accept", "application/json");
            if (authorization != null) {
                rb.header("Authorization", authorization);
            }
            if (body != null) {
                rb.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                rb.GET();
            }
            replica.begin();
            try {
                HttpResponse<byte[]> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = resp.statusCode();
                if (status >= 200 && status < 300 || (acceptUnhealthy && status == 503 && isJson(resp.body()))) {
                    replicas.markUp(replica);
                    return parse(url, resp.body());
                }
                RemoteStatusException e = new RemoteStatusException(url, status, detail(resp.body()));
                if (status == 502 || status == 503 || status == 504) {
                    replicas.markDown(replica);
                    last = e;
                } else {
                    throw e;
                }
            } catch (HttpConnectTimeoutException e) {
                replicas.markDown(replica);
                last = new RemoteServiceException("Could not connect to the service at " + url + " within "
                        + connectTimeout, e);
            } catch (HttpTimeoutException e) {
                throw new RemoteServiceException("The service at " + url + " did not answer within " + readTimeout, e);
            } catch (IOException e) {
                replicas.markDown(replica);
                last = new RemoteServiceException((isConnect(e) ? "Could not connect to the service at " : "The connection to the service at ")
                        + url + (isConnect(e) ? "" : " failed") + ": " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteServiceException("Interrupted while calling the service at " + url, e);
            } finally {
                replica.end();
            }
            LOG.log(System.Logger.Level.DEBUG, "Replica {0} failed; trying again", replica.baseUri());
            if (replicas.hasUntried(tried)) {
                continue; // failover without waiting
            }
            if (round >= retry.maxAttempts()) {
                throw last;
            }
            Duration wait = retry.backoff(round, random);
            round++;
            tried.clear();
            try {
                Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteServiceException("Interrupted while waiting to retry the service at " + url, e);
            }
            if (closed.get()) {
                throw last;
            }
        }
    }

    private static boolean isConnect(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if ((m == null || m.isBlank()) && e.getCause() != null) {
            m = e.getCause().getMessage();
        }
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    private static boolean isJson(byte[] body) {
        try {
            return Json.MAPPER.readTree(body).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode parse(String url, byte[] body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw new RemoteServiceException("The service at " + url + " answered something other than a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new RemoteServiceException("The service at " + url + " answered invalid JSON: " + e.getMessage(), e);
        }
    }

    private static String detail(byte[] body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n != null && n.has("detail")) {
                JsonNode d = n.get("detail");
                return d.isTextual() ? d.textValue() : d.toString();
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw text
        }
        String s = new String(body, StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? "(no detail)" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Builds {@link VlaServiceClient}s; not thread-safe. */
    public static final class Builder {
        private final List<URI> baseUris = new ArrayList<>();
        private Balancing balancing = Balancing.ROUND_ROBIN;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(120);
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration cooldown = Duration.ofSeconds(5);
        private String token;

        private Builder() {}

        /**
         * Adds a replica base URL, e.g. {@code http://localhost:8001} (a trailing slash is dropped).
         *
         * @throws IllegalArgumentException for a URL that is not absolute http(s)
         */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String s = baseUrl.strip();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            URI u;
            try {
                u = URI.create(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid base URL '" + baseUrl + "': " + e.getMessage(), e);
            }
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("Invalid base URL '" + baseUrl + "'; expected http(s)://host[:port]");
            }
            baseUris.add(u);
            return this;
        }

        /** Adds several replica base URLs. */
        public Builder baseUrls(List<String> baseUrls) {
            baseUrls.forEach(this::baseUrl);
            return this;
        }

        /** How requests are spread over the replicas (default round-robin). */
        public Builder balancing(Balancing balancing) {
            this.balancing = Objects.requireNonNull(balancing, "balancing");
            return this;
        }

        /** The connect timeout (default 10 s, as the original). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** The longest wait for an answer (default 120 s, as the original). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive("readTimeout", timeout);
            return this;
        }

        /** The retry policy (default {@link RetryPolicy#defaults()}). */
        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** How long a failed replica is skipped before it is probed again (default 5 s). */
        public Builder replicaCooldown(Duration cooldown) {
            Objects.requireNonNull(cooldown, "cooldown");
            if (cooldown.isNegative()) {
                throw new IllegalArgumentException("The replica cool-down must not be negative, was " + cooldown);
            }
            this.cooldown = cooldown;
            return this;
        }

        /** A bearer token sent as {@code Authorization: Bearer …}; {@code null} for none. Never logged. */
        public Builder bearerToken(String token) {
            this.token = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /**
         * The bearer token from the environment variable {@code variable} (the original's
         * {@code api_key_env}); no token when the variable is unset or empty.
         */
        public Builder bearerTokenFromEnv(String variable) {
            return bearerToken(variable == null ? null : System.getenv(variable));
        }

        /**
         * Builds the client.
         *
         * @throws io.vlaarena.core.InvalidRequestException without any base URL
         */
        public VlaServiceClient build() {
            if (baseUris.isEmpty()) {
                throw new io.vlaarena.core.InvalidRequestException("A VLA service client needs at least one base URL: call baseUrl(...)");
            }
            return new VlaServiceClient(this);
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }
    }
}
