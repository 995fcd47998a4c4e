package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.sim.BundledScenes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Expensive work (turns, {@code /execute}) runs on bounded lanes of its own: a full lane answers
 * 503 with {@code Retry-After}, a client over its turn rate 429, and reads keep answering while the
 * lanes are busy. Before the vote an episode carries no timing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExpensiveWorkTest {

    /** A model whose every prediction waits for {@code gate}; counts the predictions started. */
    static Vla gated(String id, CountDownLatch gate, AtomicInteger started) {
        return Vla.stateless(VlaSpec.builder(id).actionDimension(8).build(), (o, i) -> {
            started.incrementAndGet();
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ActionChunk.of(DeterministicVla.action(id, i));
        });
    }

    static String battle(URI api) {
        return Http.post(api, "/api/sessions/init", Http.json(Map.of("robot_id", "franka", "scene_id", "table")))
                .json().get("battle_id").asText();
    }

    static CompletableFuture<HttpResponse<String>> postAsync(URI base, String path, String body) {
        return Http.CLIENT.sendAsync(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void awaitCount(AtomicInteger n, int atLeast) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (n.get() < atLeast && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(n.get()).isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void turnsBeyondTheirLaneGet503WithRetryAfterWhileReadsKeepAnswering() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (Arena arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR)
                .model(gated("a", gate, started)).model(gated("b", gate, started)).maxSteps(1).build();
                ArenaService api = ArenaService.builder(arena).turnThreads(1, 1).turnsPerClient(0, Duration.ofMinutes(1))
                        .start()) {
            URI base = api.baseUri();
            List<String> battles = List.of(battle(base), battle(base), battle(base));
            CompletableFuture<HttpResponse<String>> running = postAsync(base, "/api/battles/" + battles.get(0) + "/turns",
                    "{\"instruction\":\"one\"}");
            awaitCount(started, 2);
            CompletableFuture<HttpResponse<String>> queued = postAsync(base, "/api/battles/" + battles.get(1) + "/turns",
                    "{\"instruction\":\"two\"}");
            Thread.sleep(300);
            Http.Answer refused = Http.post(base, "/api/battles/" + battles.get(2) + "/turns", "{\"instruction\":\"three\"}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
            assertThat(refused.json().get("detail").asText()).contains("busy");
            // the turn lane is full, yet reads answer at once
            for (String path : List.of("/health", "/api/models", "/api/leaderboard")) {
                long t0 = System.nanoTime();
                assertThat(Http.get(base, path).status()).isEqualTo(200);
                assertThat((System.nanoTime() - t0) / 1_000_000).as(path).isLessThan(1000);
            }
            gate.countDown();
            assertThat(running.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            assertThat(queued.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            assertThat(arena.store().turns(battles.get(2))).isEmpty();
        }
    }

    @Test
    void aClientOverItsTurnRateGets429WithRetryAfter() {
        try (Arena arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR)
                .model(new DeterministicVla("a")).model(new DeterministicVla("b")).maxSteps(1).build();
                ArenaService api = ArenaService.builder(arena).turnsPerClient(2, Duration.ofMinutes(1)).start()) {
            URI base = api.baseUri();
            String battle = battle(base);
            for (int i = 0; i < 2; i++) {
                assertThat(Http.post(base, "/api/battles/" + battle + "/turns", "{\"instruction\":\"go\"}").status())
                        .isEqualTo(201);
            }
            Http.Answer limited = Http.post(base, "/api/battles/" + battle + "/turns", "{\"instruction\":\"go\"}");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 31L);
            assertThat(limited.json().get("detail").asText()).contains("2 per 1 min");
            assertThat(limited.json().get("status_code").asInt()).isEqualTo(429);
            assertThat(arena.store().turns(battle)).hasSize(2);
            // other routes are not rate limited
            assertThat(Http.get(base, "/api/models").status()).isEqualTo(200);
        }
    }

    @Test
    void executeBeyondItsLaneGets503WithRetryAfter() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (VlaService service = VlaService.builder(gated("slow", gate, started)).environments(Http.SIMULATOR)
                .executeThreads(1, 1).start()) {
            String body = Http.json(Map.of("instruction", "go", "xml_string", Http.SCENE, "max_steps", 1));
            CompletableFuture<HttpResponse<String>> running = postAsync(service.baseUri(), "/execute", body);
            awaitCount(started, 1);
            CompletableFuture<HttpResponse<String>> queued = postAsync(service.baseUri(), "/execute", body);
            Thread.sleep(300);
            Http.Answer refused = Http.post(service.baseUri(), "/execute", body);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(Http.get(service.baseUri(), "/health").status()).isEqualTo(200);
            gate.countDown();
            assertThat(running.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void episodesCarryNoTimingBeforeTheVote() {
        try (Arena arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR)
                .model(new DeterministicVla("a")).model(new DeterministicVla("b")).maxSteps(2).build();
                ArenaService api = ArenaService.builder(arena).start()) {
            URI base = api.baseUri();
            String battle = battle(base);
            var turn = Http.post(base, "/api/battles/" + battle + "/turns", "{\"instruction\":\"go\"}").json();
            List<String> episodes = new ArrayList<>(List.of(turn.get("left_episode_id").asText(),
                    turn.get("right_episode_id").asText()));
            for (String id : episodes) {
                var e = Http.get(base, "/api/episodes/" + id).json();
                assertThat(e.has("duration_ms")).as("no timing before the vote").isFalse();
                assertThat(e.has("model_id")).isFalse();
                assertThat(e.get("actions")).hasSize(2);
            }
            assertThat(Http.post(base, "/api/votes", Http.json(Map.of("battle_id", battle, "vote", "tie"))).status())
                    .isEqualTo(201);
            for (String id : episodes) {
                var e = Http.get(base, "/api/episodes/" + id).json();
                assertThat(e.get("duration_ms").isIntegralNumber()).isTrue();
                assertThat(e.get("model_id").asText()).isIn("a", "b");
            }
        }
    }
}
