package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.core.arena.Vote;
import io.vlaarena.core.Png;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfReplayProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web arena's server side over real HTTP: pages and assets, the catalog, sessions, replays
 * (geometry, poses, frames), vote notes; blind before the vote; bad input answered with a
 * sentence.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebArenaServiceTest {
    static final List<String> MODELS = List.of("mock-vla", "octo-small");
    static Arena arena;
    static ArenaService api;
    static URI base;

    @BeforeAll
    static void start() {
        arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR).seed(5)
                .model(new ModelInfo("mock-vla", "Mock VLA", "VLA Arena", "MIT", true),
                        io.vlaarena.core.LocalEpisodeGenerator.of(new DeterministicVla("mock-vla"), Http.SIMULATOR,
                                io.vlaarena.core.EpisodeRunner.withDefaults()))
                .model(new ModelInfo("octo-small", "Octo Small", "Octo Model Team", "MIT", true),
                        io.vlaarena.core.LocalEpisodeGenerator.of(new DeterministicVla("octo-small"), Http.SIMULATOR,
                                io.vlaarena.core.EpisodeRunner.withDefaults()))
                .build();
        api = ArenaService.builder(arena).webArena(MjcfReplayProvider.of(Http.SIMULATOR)).start();
        base = api.baseUri();
    }

    @AfterAll
    static void stop() {
        api.close();
        arena.close();
    }

    record Played(String session, String battle, String left, String right) {}

    static Played play(String instruction) {
        JsonNode s = Http.post(base, "/api/sessions/init", Http.json(Map.of("robot_id", "franka_panda", "scene_id", "table")))
                .json();
        String battle = s.get("battle_id").asText();
        JsonNode t = Http.post(base, "/api/battles/" + battle + "/turns", Http.json(Map.of("instruction", instruction))).json();
        return new Played(s.get("session_id").asText(), battle, t.get("left_episode_id").asText(),
                t.get("right_episode_id").asText());
    }

    static HttpResponse<byte[]> bytes(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(b::header);
        try {
            return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    static void assertBlind(String body) {
        for (String model : MODELS) {
            assertThat(body).as("blind before the vote").doesNotContain(model);
        }
        assertThat(body).doesNotContain("Mock VLA").doesNotContain("Octo").doesNotContain("duration");
    }

    @Test
    void servesTheCatalogWithItsDefaults() {
        JsonNode c = Http.get(base, "/api/scenes").json();
        assertThat(c.get("robots").findValuesAsText("robot_id")).containsExactly("franka");
        assertThat(c.get("scenes").findValuesAsText("scene_id")).containsExactly("table");
        assertThat(c.get("default_robot").asText()).isEqualTo("franka");
        assertThat(c.get("default_scene").asText()).isEqualTo("table");
    }

    @Test
    void replaysCarryTheSimulatorsPosesAndNoIdentityOrTimingUntilTheVote() throws Exception {
        Played p = play("pick up the red cube");
        HttpResponse<byte[]> gz = bytes("/api/episodes/" + p.left() + "/replay", Map.of("Accept-Encoding", "gzip"));
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
        byte[] plain = gunzip(gz.body());
        assertThat(gz.body().length).as("a 75-step replay, compressed").isLessThan(200 * 1024);
        String body = new String(plain, java.nio.charset.StandardCharsets.UTF_8);
        assertBlind(body);
        JsonNode r = Http.JSON.readTree(plain);
        assertThat(r.get("frame_count").asInt()).as("the initial state and one per action").isEqualTo(76);
        assertThat(r.get("side").asText()).isEqualTo("left");
        assertThat(r.get("control_dt").asDouble()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.get("times")).hasSize(76);
        assertThat(r.get("times").get(0).asDouble()).isZero();
        int bodies = r.get("body_count").asInt();
        byte[] poses = Base64.getDecoder().decode(r.get("poses").asText());
        assertThat(poses).hasSize(76 * bodies * 7 * 4);
        JsonNode geometry = Http.get(base, r.get("geometry_url").asText()).json();
        assertThat(geometry.get("moving_bodies")).hasSize(bodies);
        // the red cube's pose at the start is where the scene puts it
        int cube = indexOf(geometry.get("moving_bodies"), "red_cube");
        ByteBuffer buf = ByteBuffer.wrap(poses).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(buf.getFloat(cube * 28)).isEqualTo(0.5f);
        assertThat(buf.getFloat(cube * 28 + 4)).isEqualTo(-0.1f);

        JsonNode session = Http.get(base, "/api/sessions/" + p.session()).json();
        assertBlind(session.toString());
        assertThat(session.get("battles").get(0).get("voted").asBoolean()).isFalse();
        assertThat(session.get("battles").get(0).get("turns").get(0).get("instruction").asText())
                .isEqualTo("pick up the red cube");

        Http.Answer vote = Http.post(base, "/api/votes", Http.json(Map.of("battle_id", p.battle(), "vote", "tie")));
        assertThat(vote.status()).isEqualTo(201);
        String left = vote.json().get("revealed_models").get("left").asText();
        assertThat(Http.get(base, "/api/episodes/" + p.left() + "/replay").json().get("model_id").asText()).isEqualTo(left);
        JsonNode after = Http.get(base, "/api/sessions/" + p.session()).json().get("battles").get(0);
        assertThat(after.get("vote").asText()).isEqualTo("tie");
        assertThat(after.get("revealed_models").get("left").asText()).isEqualTo(left);
    }

    private static int indexOf(JsonNode names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name + " not in " + names);
    }

    @Test
    void rendersFramesOfTheEpisodeAtTheAskedSize() {
        Played p = play("push the blue cube");
        HttpResponse<byte[]> first = bytes("/api/episodes/" + p.left() + "/frames/0", Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).contains("image/png");
        RgbImage start = Png.decode(first.body());
        assertThat(start.width()).isEqualTo(480);
        assertThat(start.height()).isEqualTo(360);
        RgbImage leftEnd = Png.decode(bytes("/api/episodes/" + p.left() + "/frames/75?width=320&height=240", Map.of()).body());
        RgbImage rightEnd = Png.decode(bytes("/api/episodes/" + p.right() + "/frames/75?width=320&height=240", Map.of()).body());
        RgbImage rightStart = Png.decode(bytes("/api/episodes/" + p.right() + "/frames/0?width=320&height=240", Map.of()).body());
        assertThat(leftEnd.width()).isEqualTo(320);
        assertThat(Browser.differentPixels(rightStart, rightEnd)).as("the robot moved").isGreaterThan(200);
        assertThat(Browser.differentPixels(leftEnd, rightEnd)).as("two models, two motions").isGreaterThan(200);

        assertThat(Http.get(base, "/api/episodes/" + p.left() + "/frames/76").status()).isEqualTo(404);
        assertThat(Http.get(base, "/api/episodes/" + p.left() + "/frames/76").json().get("detail").asText())
                .isEqualTo("Episode '" + p.left() + "' has frames 0..75, not 76");
        assertThat(Http.get(base, "/api/episodes/" + p.left() + "/frames/last").status()).isEqualTo(422);
        Http.Answer huge = Http.get(base, "/api/episodes/" + p.left() + "/frames/3?width=100000");
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.json().get("detail").asText())
                .isEqualTo("Query parameter 'width' must be an integer from 16 to 1280, got '100000'");
        assertThat(Http.get(base, "/api/episodes/ep_nope/frames/0").status()).isEqualTo(404);
        assertThat(Http.get(base, "/api/episodes/ep_nope/replay").status()).isEqualTo(404);
        assertThat(Http.get(base, "/api/scenes/ur10/table/geometry").status()).isEqualTo(404);
        assertThat(Http.get(base, "/api/sessions/sess_nope").status()).isEqualTo(404);
    }

    @Test
    void votesKeepValidProgressScoresAndFeedbackAndRefuseInvalidOnes() {
        Played p = play("touch the green sphere");
        String battle = p.battle();
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("left_progress", 101), "Field 'left_progress' must be between 0 and 100, got 101",
                Map.of("right_progress", -5), "Field 'right_progress' must be between 0 and 100, got -5",
                Map.of("left_progress", 55.5), "Field 'left_progress' must be an integer, got a number",
                Map.of("right_progress", "high"), "Field 'right_progress' must be an integer, got a string",
                Map.of("feedback", 42), "Field 'feedback' must be a string, got an integer",
                Map.of("feedback", "x".repeat(2001)), "Field 'feedback' must have at most 2000 characters, got 2001");
        for (var e : bad.entrySet()) {
            java.util.Map<String, Object> body = new java.util.HashMap<>(e.getKey());
            body.put("battle_id", battle);
            body.put("vote", "left_better");
            Http.Answer a = Http.post(base, "/api/votes", Http.json(body));
            assertThat(a.status()).as(e.getKey().toString()).isEqualTo(422);
            assertThat(a.json().get("detail").asText()).isEqualTo(e.getValue());
        }
        assertThat(arena.votes().stream().filter(v -> v.battleId().equals(battle))).as("nothing stored").isEmpty();
        Http.Answer ok = Http.post(base, "/api/votes", Http.json(Map.of("battle_id", battle, "vote", "right_better",
                "left_progress", 0, "right_progress", 100, "feedback", "B reached the sphere")));
        assertThat(ok.status()).isEqualTo(201);
        Vote v = arena.votes().stream().filter(x -> x.battleId().equals(battle)).findFirst().orElseThrow();
        assertThat(v.notes().leftProgress()).hasValue(0);
        assertThat(v.notes().rightProgress()).hasValue(100);
        assertThat(v.notes().feedback()).contains("B reached the sphere");
    }

    @Test
    void servesThePagesAndAssetsFromTheJarWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<byte[]> page = bytes("/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).startsWith("default-src 'self'").contains("script-src 'self' 'sha256-").contains("connect-src 'self'");
        String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
        for (String hook : List.of("robot-select", "scene-select", "new-battle", "instruction", "play-turn", "turn-progress",
                "replay-left", "replay-right", "replay-play", "replay-scrub", "vote-left_better", "vote-right_better",
                "vote-tie", "vote-both_bad", "progress-left", "progress-right", "feedback", "revealed-left",
                "revealed-right", "error")) {
            assertThat(html).as("test hook " + hook).contains("data-testid=\"" + hook + "\"");
        }
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
        String board = Http.get(base, "/leaderboard").body();
        assertThat(board).contains("data-testid=\"leaderboard\"");

        HttpResponse<byte[]> three = bytes("/assets/three/three.module.min.js", Map.of("Accept-Encoding", "gzip"));
        assertThat(three.statusCode()).isEqualTo(200);
        assertThat(three.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(three.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(new String(gunzip(three.body()), java.nio.charset.StandardCharsets.UTF_8)).contains("three.core.min.js");
        String etag = three.headers().firstValue("ETag").orElseThrow();
        assertThat(bytes("/assets/three/three.module.min.js", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
        assertThat(Http.get(base, "/assets/three/OrbitControls.js").status()).isEqualTo(200);
        assertThat(Http.get(base, "/assets/app/battle.js").body()).contains("ReplayController");
        Http.Answer missing = Http.get(base, "/assets/app/nope.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asText()).isEqualTo("Not found: no asset 'nope.js'");
        assertThat(Http.get(base, "/assets/app/..%2Fbattle.html").status()).as("no path is resolved from the URL").isIn(400, 404);
    }

    @Test
    void withoutTheWebArenaTheServiceIsTheApiAlone() {
        try (ArenaService plain = ArenaService.builder(arena).start()) {
            assertThat(Http.get(plain.baseUri(), "/").status()).isEqualTo(404);
            assertThat(Http.get(plain.baseUri(), "/api/episodes/ep_x/replay").status()).isEqualTo(404);
            assertThat(Http.get(plain.baseUri(), "/api/scenes").status()).isEqualTo(200);
        }
    }
}
