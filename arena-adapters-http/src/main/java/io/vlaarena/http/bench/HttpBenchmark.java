package io.vlaarena.http.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.http.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the HTTP side over the network: {@code /predict} latency and throughput of a VLA
 * service, and whole backend turns. Used by the command line's {@code bench} and by this module's
 * benchmark program; not a test (results depend on the machine and its load).
 *
 * <p>Stateless and thread-safe. Each measurement opens connections of its own (a client shared
 * across measurements would reuse connections to a closed service whose port a new one got), and
 * they stay open until the server's idle timeout: a service measured for many rounds in a row
 * needs a per-client connection cap ({@link io.vlaarena.http.ServerOptions#withMaxConnectionsPerClient}) above
 * clients × rounds, or it refuses the later rounds' connections.
 */
public final class HttpBenchmark {

    private HttpBenchmark() {}

    /**
     * What one measurement found.
     *
     * @param name what was measured
     * @param clients concurrent clients
     * @param requests requests measured (warm-up excluded)
     * @param errors requests that failed or answered an unexpected status
     * @param elapsed wall-clock time of the measured part
     * @param p50 median latency
     * @param p99 99th-percentile latency
     * @param max slowest request
     */
    public record Result(String name, int clients, int requests, int errors, Duration elapsed, Duration p50, Duration p99,
            Duration max) {
        /** Requests per second over the measured part. */
        public double throughputPerSecond() {
            return elapsed.isZero() ? 0 : requests / (elapsed.toNanos() / 1e9);
        }

        /** One line: name, clients, requests, errors, p50, p99, max (ms) and requests/s. */
        public String summary() {
            return String.format(Locale.ROOT, "%s: %d client(s), %d requests, %d errors, p50 %.3f ms, p99 %.3f ms, "
                    + "max %.3f ms, %.0f req/s", name, clients, requests, errors, p50.toNanos() / 1e6,
                    p99.toNanos() / 1e6, max.toNanos() / 1e6, throughputPerSecond());
        }
    }

    /**
     * Runs {@code call} from {@code clients} threads, {@code warmup} unmeasured then
     * {@code requestsPerClient} measured times each, and reports latencies and throughput.
     * {@code call} returns whether the request succeeded; exceptions count as errors.
     *
     * @throws IllegalArgumentException for non-positive counts
     */
    public static Result measure(String name, int clients, int warmup, int requestsPerClient, Callable<Boolean> call) {
        Objects.requireNonNull(call, "call");
        if (clients <= 0 || requestsPerClient <= 0 || warmup < 0) {
            throw new IllegalArgumentException("Need positive clients and requests and a non-negative warm-up, got "
                    + clients + ", " + requestsPerClient + ", " + warmup);
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "http-benchmark");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger errors = new AtomicInteger();
        try {
            List<Future<?>> warm = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                warm.add(pool.submit(() -> {
                    for (int i = 0; i < warmup; i++) {
                        once(call);
                    }
                }));
            }
            await(warm);
            long[][] latencies = new long[clients][requestsPerClient];
            List<Future<?>> runs = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                long[] mine = latencies[c];
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < requestsPerClient; i++) {
                        long t0 = System.nanoTime();
                        if (!once(call)) {
                            errors.incrementAndGet();
                        }
                        mine[i] = System.nanoTime() - t0;
                    }
                }));
            }
            await(runs);
            long elapsed = System.nanoTime() - start;
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(name, clients, all.length, errors.get(), Duration.ofNanos(elapsed),
                    Duration.ofNanos(percentile(all, 0.50)), Duration.ofNanos(percentile(all, 0.99)),
                    Duration.ofNanos(all[all.length - 1]));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code POST /predict} of a VLA service at {@code baseUri} (the original's request: an
     * instruction and a small scene XML) from {@code clients} concurrent clients.
     */
    public static Result predict(URI baseUri, int clients, int warmup, int requestsPerClient) {
        HttpClient http = newClient();
        ObjectNode body = Json.object();
        body.put("instruction", "Pick up the red cube");
        body.put("xml_string", "<mujoco model=\"bench\"><worldbody><body name=\"cube\"><freejoint/>"
                + "<geom type=\"box\" size=\"0.02 0.02 0.02\"/></body></worldbody></mujoco>");
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/predict")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                .build();
        return measure("predict " + baseUri, clients, warmup, requestsPerClient,
                () -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200);
    }

    /**
     * Whole turns on a backend at {@code baseUri}: each measured call starts a session on
     * {@code robot}/{@code scene} and plays one turn ({@code POST /api/battles/{id}/turns}); the
     * latency is the turn's alone.
     */
    public static Result turns(URI baseUri, String robot, String scene, int warmup, int turns) {
        HttpClient http = newClient();
        long[] latencies = new long[turns];
        int errors = 0;
        long start = 0;
        for (int i = -warmup; i < turns; i++) {
            if (i == 0) {
                start = System.nanoTime();
            }
            try {
                ObjectNode init = Json.object();
                init.put("robot_id", robot);
                init.put("scene_id", scene);
                HttpResponse<byte[]> s = post(http, baseUri.resolve("/api/sessions/init"), init);
                JsonNode session = Json.MAPPER.readTree(s.body());
                ObjectNode turn = Json.object();
                turn.put("instruction", "Pick up the red cube");
                long t0 = System.nanoTime();
                HttpResponse<byte[]> t = post(http, baseUri.resolve("/api/battles/" + session.path("battle_id").asText()
                        + "/turns"), turn);
                long took = System.nanoTime() - t0;
                if (i >= 0) {
                    latencies[i] = took;
                    if (s.statusCode() != 201 || t.statusCode() != 201) {
                        errors++;
                    }
                }
            } catch (IOException e) {
                if (i >= 0) {
                    errors++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while benchmarking turns", e);
            }
        }
        long elapsed = System.nanoTime() - start;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result("turn " + baseUri, 1, turns, errors, Duration.ofNanos(elapsed),
                Duration.ofNanos(percentile(sorted, 0.5)), Duration.ofNanos(percentile(sorted, 0.99)),
                Duration.ofNanos(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
    }

    /**
     * Reads while turns run: starts {@code turns} turns at once on a backend at {@code baseUri}
     * (each on a battle of its own) and, until they have all answered, has {@code readers} clients
     * read in a loop: the leaderboard, an episode (of a turn played and voted on first), the model
     * list and {@code /health}. The result's latencies are the reads'; a turn that fails counts as
     * an error too.
     */
    public static Result readsUnderTurns(URI baseUri, String robot, String scene, int turns, int readers) {
        if (turns <= 0 || readers <= 0) {
            throw new IllegalArgumentException("Need positive turns and readers, got " + turns + " and " + readers);
        }
        HttpClient http = newClient();
        ExecutorService pool = Executors.newFixedThreadPool(turns + readers, r -> {
            Thread t = new Thread(r, "http-benchmark");
            t.setDaemon(true);
            return t;
        });
        try {
            ObjectNode init = Json.object();
            init.put("robot_id", robot);
            init.put("scene_id", scene);
            ObjectNode instruction = Json.object();
            instruction.put("instruction", "Pick up the red cube");
            String seeded = Json.MAPPER.readTree(post(http, baseUri.resolve("/api/sessions/init"), init).body())
                    .path("battle_id").asText();
            JsonNode played = Json.MAPPER.readTree(post(http, baseUri.resolve("/api/battles/" + seeded + "/turns"),
                    instruction).body());
            ObjectNode vote = Json.object();
            vote.put("battle_id", seeded);
            vote.put("vote", "tie");
            post(http, baseUri.resolve("/api/votes"), vote);
            List<URI> reads = List.of(baseUri.resolve("/api/leaderboard?min_vote_count=0"),
                    baseUri.resolve("/api/episodes/" + played.path("left_episode_id").asText()),
                    baseUri.resolve("/api/models"), baseUri.resolve("/health"));
            List<String> battles = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                battles.add(Json.MAPPER.readTree(post(http, baseUri.resolve("/api/sessions/init"), init).body())
                        .path("battle_id").asText());
            }
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger running = new AtomicInteger(turns);
            List<Future<?>> all = new ArrayList<>();
            long start = System.nanoTime();
            for (String battle : battles) {
                all.add(pool.submit(() -> {
                    try {
                        if (post(http, baseUri.resolve("/api/battles/" + battle + "/turns"), instruction).statusCode() != 201) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } finally {
                        running.decrementAndGet();
                    }
                    return null;
                }));
            }
            List<long[]> latencies = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int r = 0; r < readers; r++) {
                int first = r;
                all.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = first; running.get() > 0; i++) {
                        URI uri = reads.get(i % reads.size());
                        long t0 = System.nanoTime();
                        boolean ok = once(() -> http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
                                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                        mine.add(System.nanoTime() - t0);
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                    latencies.add(mine.stream().mapToLong(Long::longValue).toArray());
                    return null;
                }));
            }
            await(all);
            long elapsed = System.nanoTime() - start;
            long[] sorted = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result("reads under " + turns + " turns " + baseUri, readers, sorted.length, errors.get(),
                    Duration.ofNanos(elapsed), Duration.ofNanos(percentile(sorted, 0.5)),
                    Duration.ofNanos(percentile(sorted, 0.99)), Duration.ofNanos(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        } catch (IOException e) {
            throw new IllegalStateException("Could not set up the battles to read under turn load: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while benchmarking reads under turns", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<byte[]> post(HttpClient http, URI uri, ObjectNode body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean once(Callable<Boolean> call) {
        try {
            return Boolean.TRUE.equals(call.call());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while benchmarking", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("A benchmark client failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
