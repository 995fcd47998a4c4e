package io.vlaarena.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.InMemoryArenaStore;
import io.vlaarena.http.ArenaService;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.MjcfReplayProvider;
import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The web arena's page benchmark: a backend with the web arena and two in-process policies that keep moving,
 * measured as the page uses it. Over HTTP: the compressed size of a 75-step replay and the time
 * from a completed turn to both sides' first frame (the requests the page makes). In Debian's
 * headless Chromium, when it is installed: the time the page itself reports from the turn's answer
 * to both viewers showing their first frame, in the 3D view and in the rendered-frames view, and
 * the playback pace (wall time of a whole replay over its simulated time). The browser is driven
 * over the W3C WebDriver protocol through its own chromedriver. Not thread-safe; close it.
 */
final class PageBenchmark implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final Arena arena;
    private final ArenaService api;
    private Process driver;
    private URI driverUri;
    private Path profile;
    private String session;

    PageBenchmark() {
        MjcfEnvironmentFactory environments = new MjcfEnvironmentFactory();
        arena = Arena.builder().scenes(BundledScenes.catalog()).environments(environments).store(new InMemoryArenaStore())
                .model(sweeping("sweep-a", 0.0)).model(sweeping("sweep-b", 1.3)).build();
        api = ArenaService.builder(arena).webArena(MjcfReplayProvider.of(environments)).start();
    }

    /**
     * A policy whose arm never rests: every joint target follows a sine around the home pose, so
     * the poses of every step differ (the least compressible replay; a policy that settles
     * compresses far better).
     */
    static Vla sweeping(String id, double phase) {
        double[] home = {0, -0.785, 0, -2.356, 0, 1.571, 0.785};
        return Vla.stateless(VlaSpec.builder(id).actionDimension(8).build(), (obs, instruction) -> {
            double[] a = new double[8];
            for (int i = 0; i < 7; i++) {
                a[i] = home[i] + 0.6 * Math.sin(2 * Math.PI * obs.step() / 15.0 + phase + i);
            }
            a[7] = obs.step() % 20 < 10 ? 0.04 : 0;
            return ActionChunk.of(new Action(a));
        });
    }

    /** Whether Debian's chromium and chromium-driver are installed. */
    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Plays a turn over the API: its two episode ids. */
    List<String> playTurn() {
        JsonNode s = post(api.baseUri().resolve("/api/sessions/init"), Map.of("robot_id", "franka", "scene_id", "table"));
        JsonNode t = post(api.baseUri().resolve("/api/battles/" + s.get("battle_id").asText() + "/turns"),
                Map.of("instruction", "pick up the red cube"));
        return List.of(t.get("left_episode_id").asText(), t.get("right_episode_id").asText());
    }

    /** Bytes of a replay document as sent to a browser: gzip-compressed, or not. */
    long replayBytes(String episodeId, boolean gzip) {
        return get(api.baseUri().resolve("/api/episodes/" + episodeId + "/replay"), gzip).body().length;
    }

    /**
     * Milliseconds from a completed turn until both sides could draw their first frame, as the
     * frames view asks for them: both replay documents, then both first frames, each side in
     * parallel as the browser does.
     */
    double serverFirstFramesMillis(List<String> episodes) {
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> sides = new ArrayList<>();
        for (String id : episodes) {
            sides.add(CompletableFuture.runAsync(() -> {
                get(api.baseUri().resolve("/api/episodes/" + id + "/replay"), true);
                get(api.baseUri().resolve("/api/episodes/" + id + "/frames/0?width=480&height=360"), false);
            }));
        }
        sides.forEach(CompletableFuture::join);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** In the browser: the page's own time from the turn's answer to both first frames, in {@code view}. */
    double browserFirstFramesMillis(String view) {
        if (session != null) {
            execute("localStorage.clear(); return true;"); // a fresh visitor: no battle to restore
        }
        startBrowser();
        navigate(api.baseUri().resolve("/?view=" + view).toString());
        script("return document.body.dataset.ready === 'true'", 30_000);
        execute("localStorage.clear(); const i = document.getElementById('instruction'); i.value = 'pick up the red cube';"
                + " document.getElementById('play-turn').click(); return true;");
        String ms = (String) poll("const f = document.querySelector('[data-testid=replay-right]');"
                + " return f.dataset.state !== 'loading' && f.dataset.episode ? document.querySelector("
                + "'[data-testid=replay-left]').dataset.firstFrameMs : null", 60_000);
        return Double.parseDouble(ms);
    }

    /**
     * In the browser (rendered-frames view, the last turn loaded): the wall time of a whole replay
     * from step 0 to its end, over its simulated time; 1.0 is the simulation's own pace.
     */
    double browserPlaybackPace() {
        execute("document.getElementById('replay-loop').checked = false;"
                + " const s = document.getElementById('replay-scrub'); s.value = '0';"
                + " s.dispatchEvent(new Event('input', {bubbles: true})); return true;");
        JsonNode r = executeAsync("const done = arguments[arguments.length - 1];"
                + " const fig = document.querySelector('[data-testid=replay-left]');"
                + " const frames = Number(document.getElementById('replay-scrub').max);"
                + " const t0 = performance.now();"
                + " new MutationObserver((m, o) => { if (fig.dataset.state === 'ended') { o.disconnect();"
                + " done({ms: performance.now() - t0, frames}); } }).observe(fig, {attributes: true});"
                + " document.getElementById('replay-play').click();");
        double simulated = r.get("frames").asDouble() * 0.2;
        return r.get("ms").asDouble() / 1000 / simulated;
    }

    // ---- a minimal W3C WebDriver client ------------------------------------------------------------

    private void startBrowser() {
        if (session != null) {
            return;
        }
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            driverUri = URI.create("http://127.0.0.1:" + port);
            profile = Files.createTempDirectory("arena-bench-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start chromedriver: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (get(driverUri.resolve("/status"), false).statusCode() == 200) {
                    break;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("chromedriver did not start within 20 s");
            }
            sleep(100);
        }
        ObjectNode options = JSON.createObjectNode();
        options.put("binary", CHROMIUM.toString());
        var args = options.putArray("args");
        for (String a : List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--user-data-dir=" + profile)) {
            args.add(a);
        }
        ObjectNode caps = JSON.createObjectNode();
        caps.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome").set("goog:chromeOptions", options);
        session = post(driverUri.resolve("/session"), caps).get("value").get("sessionId").asText();
    }

    private void navigate(String url) {
        post(driverUri.resolve("/session/" + session + "/url"), Map.of("url", url));
    }

    private Object execute(String script) {
        JsonNode v = post(driverUri.resolve("/session/" + session + "/execute/sync"), Map.of("script", script, "args", List.of()))
                .get("value");
        return v.isTextual() ? v.asText() : v.isBoolean() ? v.asBoolean() : v.isNull() ? null : v;
    }

    private JsonNode executeAsync(String script) {
        post(driverUri.resolve("/session/" + session + "/timeouts"), Map.of("script", 120_000));
        return post(driverUri.resolve("/session/" + session + "/execute/async"), Map.of("script", script, "args", List.of()))
                .get("value");
    }

    private Object poll(String script, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            Object v = execute(script);
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The page did not get there within " + timeoutMillis + " ms: " + script);
            }
            sleep(20);
        }
    }

    private void script(String script, long timeoutMillis) {
        poll(script, timeoutMillis);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static JsonNode post(URI uri, Object body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("POST " + uri + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static HttpResponse<byte[]> get(URI uri, boolean gzip) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
            if (gzip) {
                b.header("Accept-Encoding", "gzip");
            }
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + r.statusCode());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                HTTP.send(HttpRequest.newBuilder(driverUri.resolve("/session/" + session)).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } catch (IOException | InterruptedException ignored) {
            // the process is stopped below anyway
        } finally {
            if (driver != null) {
                driver.destroy();
            }
            api.close();
            arena.close();
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary profile left behind is harmless
                }
            }
        }
    }
}
