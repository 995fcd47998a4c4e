package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request bounds proved where they matter: the services run in a child JVM with a 256 MiB
 * heap, each bomb is sent (some twice at once), and the services answer 4xx, keep serving, and
 * never log an {@code OutOfMemoryError}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SmallHeapTest {
    @TempDir
    static Path dir;
    static Process child;
    static Path log;
    static URI api;
    static URI vla;

    @BeforeAll
    static void startChild() throws Exception {
        log = dir.resolve("server.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SmallHeapServerMain.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String ready = null;
        while (ready == null && System.nanoTime() < end && child.isAlive()) {
            ready = Files.readAllLines(log).stream().filter(l -> l.startsWith("ready ")).findFirst().orElse(null);
            Thread.sleep(50);
        }
        assertThat(ready).as("the child server started: " + Files.readString(log)).isNotNull();
        String[] ports = ready.split(" ");
        api = URI.create("http://127.0.0.1:" + ports[1]);
        vla = URI.create("http://127.0.0.1:" + ports[2]);
    }

    @AfterAll
    static void stopChild() throws Exception {
        if (child != null) {
            child.getOutputStream().close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /** Sends {@code copies} of the same request at once and returns their statuses. */
    private static List<Integer> atOnce(int copies, URI base, String path, String body) {
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            all.add(CompletableFuture.supplyAsync(() -> Http.post(base, path, body).status()));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    private static void stillServingWithoutOutOfMemory() throws Exception {
        assertThat(child.isAlive()).isTrue();
        assertThat(Http.get(api, "/health").status()).isEqualTo(200);
        assertThat(Http.get(vla, "/health").status()).isEqualTo(200);
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    }

    @Test
    void imageBombsAreRefused() throws Exception {
        var state = new io.vlaarena.sim.MjcfEnvironmentFactory().create(Http.SCENE,
                io.vlaarena.core.EnvironmentOptions.defaults()).reset(0);
        byte[] bomb = RequestBoundsTest.bombPng(8192, 8192);
        Map<String, byte[]> twenty = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            twenty.put("camera_" + i, bomb);
        }
        assertThat(atOnce(2, vla, "/predict", RequestBoundsTest.predictBody(state.qpos(), state.qvel(), twenty)))
                .containsOnly(422);
        assertThat(atOnce(2, vla, "/predict", RequestBoundsTest.predictBody(state.qpos(), state.qvel(),
                Map.of("primary", bomb)))).containsOnly(422);
        stillServingWithoutOutOfMemory();
    }

    @Test
    void sevenMegabyteInstructionsAreRefused() throws Exception {
        String huge = "x".repeat(7 * 1000 * 1000);
        String battle = Http.post(api, "/api/sessions/init", Http.json(Map.of("robot_id", "franka", "scene_id", "table")))
                .json().get("battle_id").asText();
        assertThat(atOnce(2, api, "/api/battles/" + battle + "/turns", Http.json(Map.of("instruction", huge))))
                .containsOnly(422);
        assertThat(atOnce(2, vla, "/predict", Http.json(Map.of("instruction", huge, "xml_string", Http.SCENE))))
                .containsOnly(422);
        assertThat(atOnce(2, vla, "/execute", Http.json(Map.of("instruction", huge, "xml_string", Http.SCENE))))
                .containsOnly(422);
        stillServingWithoutOutOfMemory();
    }

    @Test
    void modelBombsAreRefused() throws Exception {
        assertThat(atOnce(3, vla, "/execute", Http.json(Map.of("instruction", "go", "xml_string",
                RequestBoundsTest.spheres(900), "max_steps", 1)))).containsOnly(422);
        assertThat(atOnce(2, vla, "/execute", Http.json(Map.of("instruction", "go", "xml_string",
                RequestBoundsTest.withTimestep(1e-8), "max_steps", 1)))).containsOnly(422);
        stillServingWithoutOutOfMemory();
    }

    @Test
    void bodiesOverTheLimitAreRefusedUnread() throws Exception {
        String nineMegabytes = "{\"instruction\":\"" + "y".repeat(9 * 1024 * 1024) + "\"}";
        assertThat(atOnce(3, vla, "/predict", nineMegabytes)).containsOnly(413);
        stillServingWithoutOutOfMemory();
    }
}
