package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeGenerator;
import io.vlaarena.core.EpisodeRequest;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.sim.BundledScenes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The backend REST API (SPEC.md §3) over real HTTP, with both models behind real VLA services
 * reached through {@link RemoteEpisodeGenerator}s.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ArenaServiceTest {
    static final List<String> MODEL_IDS = List.of("mock-vla", "octo-small");
    static VlaService mockService;
    static VlaService octoService;
    static VlaServiceClient mockClient;
    static VlaServiceClient octoClient;
    static Arena arena;
    static ArenaService api;
    static URI base;

    @BeforeAll
    static void start() {
        mockService = VlaService.builder(new DeterministicVla("mock-vla")).environments(Http.SIMULATOR).start();
        octoService = VlaService.builder(new DeterministicVla("octo-small")).environments(Http.SIMULATOR).start();
        mockClient = VlaServiceClient.of(mockService.baseUri().toString());
        octoClient = VlaServiceClient.of(octoService.baseUri().toString());
        arena = Arena.builder().scenes(BundledScenes.catalog()).seed(11).maxSteps(10)
                .model(new ModelInfo("mock-vla", "Mock VLA", "VLA Arena", "MIT", true), RemoteEpisodeGenerator.of("mock-vla", mockClient))
                .model(new ModelInfo("octo-small", "Octo Small", "Octo Model Team", "MIT", true),
                        RemoteEpisodeGenerator.of("octo-small", octoClient))
                .build();
        api = ArenaService.builder(arena).options(ServerOptions.defaults().withMaxBodyBytes(16 * 1024)).start();
        base = api.baseUri();
    }

    @AfterAll
    static void stop() {
        api.close();
        arena.close();
        mockClient.close();
        octoClient.close();
        mockService.close();
        octoService.close();
    }

    @Test
    void sessionTurnEpisodesVoteRevealStayingBlindUntilTheVote() throws Exception {
        List<String> bodies = new ArrayList<>();
        Http.Answer init = Http.post(base, "/api/sessions/init", Http.fixture("session_init_request.json"));
        bodies.add(init.body());
        assertThat(init.status()).isEqualTo(201);
        JsonNode s = init.json();
        assertThat(s.get("session_id").asText()).startsWith("sess_");
        assertThat(s.get("battle_id").asText()).startsWith("battle_");
        assertThat(s.get("left_model").asText()).isEqualTo("???");
        assertThat(s.get("right_model").asText()).isEqualTo("???");
        String battle = s.get("battle_id").asText();

        List<String> episodeIds = new ArrayList<>();
        for (String instruction : List.of("Pick up the red cube", "Push the green sphere")) {
            Http.Answer turn = Http.post(base, "/api/battles/" + battle + "/turns", Http.json(Map.of("instruction", instruction)));
            bodies.add(turn.body());
            assertThat(turn.status()).isEqualTo(201);
            JsonNode t = turn.json();
            assertThat(t.get("turn_id").asText()).startsWith("turn_");
            assertThat(t.get("left_episode_id").asText()).startsWith("ep_");
            assertThat(t.get("right_episode_id").asText()).startsWith("ep_");
            assertThat(t.get("status").asText()).isEqualTo("completed");
            episodeIds.add(t.get("left_episode_id").asText());
            episodeIds.add(t.get("right_episode_id").asText());
        }
        for (String id : episodeIds) {
            Http.Answer ep = Http.get(base, "/api/episodes/" + id);
            bodies.add(ep.body());
            assertThat(ep.status()).isEqualTo(200);
            JsonNode e = ep.json();
            assertThat(e.get("episode_id").asText()).isEqualTo(id);
            assertThat(e.get("actions")).hasSize(10);
            assertThat(e.get("actions").get(0)).hasSize(8);
            assertThat(e.get("states")).hasSize(10);
            assertThat(VlaServiceTest.fieldNames(e.get("states").get(0))).containsExactlyInAnyOrder("qpos", "qvel", "time");
            assertThat(e.has("model_id")).isFalse();
        }
        for (String body : bodies) {
            for (String model : MODEL_IDS) {
                assertThat(body).as("blind before the vote").doesNotContain(model).doesNotContain("Mock VLA").doesNotContain("Octo");
            }
        }

        Http.Answer vote = Http.post(base, "/api/votes", Http.json(Map.of("battle_id", battle, "vote", "left_better")));
        assertThat(vote.status()).isEqualTo(201);
        assertThat(vote.json().get("vote_id").asText()).startsWith("vote_");
        JsonNode revealed = vote.json().get("revealed_models");
        assertThat(List.of(revealed.get("left").asText(), revealed.get("right").asText()))
                .containsExactlyInAnyOrderElementsOf(MODEL_IDS);
        assertThat(Http.get(base, "/api/episodes/" + episodeIds.get(0)).json().get("model_id").asText())
                .isEqualTo(revealed.get("left").asText());

        Http.Answer again = Http.post(base, "/api/votes", Http.json(Map.of("battle_id", battle, "vote", "tie")));
        assertThat(again.status()).isEqualTo(400);
        Http.Answer afterVote = Http.post(base, "/api/battles/" + battle + "/turns", Http.json(Map.of("instruction", "more")));
        assertThat(afterVote.status()).isEqualTo(400);
        Http.Answer next = Http.post(base, "/api/sessions/" + s.get("session_id").asText() + "/battles", "");
        assertThat(next.status()).isEqualTo(201);
        assertThat(next.json().get("left_model").asText()).isEqualTo("???");
    }

    @Test
    void leaderboardPerTaskCarriesSuccessRatesAndTheDavidsonBoard() {
        io.vlaarena.core.task.Task lift = io.vlaarena.sim.task.TableTasks.suite().task("lift_red_cube");
        for (int i = 0; i < 3; i++) {
            var planned = new io.vlaarena.core.arena.PlannedBattle("sess_judged-" + i, "battle_judged-" + i, "franka", "table",
                    i % 2 == 0 ? "mock-vla" : "octo-small", i % 2 == 0 ? "octo-small" : "mock-vla");
            arena.openBattle(planned);
            // the remote services simulate the task's scene for the seed (its poses travel in the XML)
            assertThat(arena.playTurn(planned.battleId(), lift, 40 + i).isCompleted()).isTrue();
            boolean mockLeft = planned.leftModel().equals("mock-vla");
            arena.vote(planned.battleId(), mockLeft ? io.vlaarena.core.VoteChoice.LEFT_BETTER
                    : io.vlaarena.core.VoteChoice.RIGHT_BETTER, io.vlaarena.core.arena.VoteNotes.of(mockLeft ? 100 : 20,
                    mockLeft ? 20 : 100, null), io.vlaarena.core.arena.VoteTask.judged("lift_red_cube", mockLeft, !mockLeft));
        }

        JsonNode board = Http.get(base, "/api/leaderboard?task_id=lift_red_cube&method=davidson&min_vote_count=1").json();

        assertThat(board.get("method").asText()).isEqualTo("davidson");
        assertThat(board.get("task_id").asText()).isEqualTo("lift_red_cube");
        JsonNode rows = board.get("rankings");
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(first.get("model_id").asText()).isEqualTo("mock-vla");
        assertThat(first.get("vote_count").asInt()).isEqualTo(3);
        assertThat(first.get("success_rate").asDouble()).isEqualTo(1.0);
        assertThat(first.get("trials").asInt()).isEqualTo(3);
        assertThat(first.get("success_ci").get(0).asDouble()).isCloseTo(0.4385, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(first.get("success_ci").get(1).asDouble()).isEqualTo(1.0);
        assertThat(rows.get(1).get("success_rate").asDouble()).isZero();
        assertThat(first.get("rank").asInt()).isEqualTo(1);
        assertThat(first.has("ci_lower")).isTrue();
        JsonNode other = Http.get(base, "/api/leaderboard?task_id=push_red_to_square&min_vote_count=0").json();
        assertThat(other.get("rankings")).isEmpty();
        assertThat(Http.get(base, "/api/leaderboard?method=elo&min_vote_count=0").json().get("rankings").get(0).has("trials"))
                .as("success rates over the judged votes among all").isTrue();
    }

    @Test
    void leaderboardIsEloByDefaultWithTheOriginalsFields() {
        for (int i = 0; i < 5; i++) {
            String battle = Http.post(base, "/api/sessions/init", Http.json(Map.of("robot_id", "franka", "scene_id", "table")))
                    .json().get("battle_id").asText();
            assertThat(Http.post(base, "/api/battles/" + battle + "/turns", Http.json(Map.of("instruction", "go " + i))).status())
                    .isEqualTo(201);
            assertThat(Http.post(base, "/api/votes", Http.json(Map.of("battle_id", battle, "vote", i % 2 == 0 ? "left_better" : "tie")))
                    .status()).isEqualTo(201);
        }
        JsonNode board = Http.get(base, "/api/leaderboard").json();
        assertThat(board.get("method").asText()).isEqualTo("elo");
        JsonNode rows = board.get("rankings");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode row : rows) {
            assertThat(row.get("elo_score").isInt()).isTrue();
            assertThat(row.get("vote_count").asInt()).isGreaterThanOrEqualTo(5);
            assertThat(row.get("win_rate").isNumber()).isTrue();
            assertThat(MODEL_IDS).contains(row.get("model_id").asText());
            assertThat(row.get("name").asText()).isIn("Mock VLA", "Octo Small");
        }
        assertThat(rows.get(0).get("elo_score").asInt()).isGreaterThanOrEqualTo(rows.get(1).get("elo_score").asInt());
        assertThat(rows.get(0).get("elo_score").asInt() + rows.get(1).get("elo_score").asInt()).isEqualTo(3000);

        JsonNode bt = Http.get(base, "/api/leaderboard?method=bt&min_vote_count=1").json();
        assertThat(bt.get("method").asText()).isEqualTo("bt");
        assertThat(bt.get("rankings").get(0).has("ci_lower")).isTrue();
        assertThat(Http.get(base, "/api/leaderboard?robot_id=franka_panda&min_vote_count=0").json().get("rankings")).hasSize(2);
        assertThat(Http.get(base, "/api/leaderboard?robot_id=ur5").json().get("rankings")).isEmpty();
        JsonNode empty = Http.get(base, "/api/leaderboard?min_vote_count=100000").json();
        assertThat(empty.get("rankings")).isEmpty();
        assertThat(empty.get("hidden_models").asInt()).isEqualTo(2);
        assertThat(empty.get("min_vote_rule").asText())
                .isEqualTo("Models appear with at least 100000 votes; 2 rated models have fewer and are not shown.");
        assertThat(Http.get(base, "/api/leaderboard?min_vote_count=lots").status()).isEqualTo(422);
        assertThat(Http.get(base, "/api/leaderboard?method=glicko").status()).isEqualTo(422);
    }

    @Test
    void modelsAndComposedXml() {
        JsonNode models = Http.get(base, "/api/models").json().get("models");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).get("model_id").asText()).isEqualTo("mock-vla");
        assertThat(models.get(0).get("name").asText()).isEqualTo("Mock VLA");
        assertThat(models.get(0).get("provider").asText()).isEqualTo("VLA Arena");
        assertThat(models.get(0).get("status").asText()).isEqualTo("active");
        Http.Answer xml = Http.get(base, "/api/models/xml?robot_id=franka_panda&scene_id=table_pick_place");
        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.header("Content-Type")).startsWith("text/plain");
        assertThat(xml.body()).contains("<mujoco");
        assertThat(Http.get(base, "/api/models/xml?robot_id=ur10&scene_id=table").status()).isEqualTo(404);
        assertThat(Http.get(base, "/api/models/xml?robot_id=franka").status()).isEqualTo(422);
    }

    @Test
    void badInputGetsTheOriginalsStatusCodes() {
        Http.Answer missing = Http.post(base, "/api/sessions/init", "{\"robot_id\":\"franka\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("detail").asText()).contains("scene_id");
        Http.Answer tooLong = Http.post(base, "/api/sessions/init", Http.json(Map.of("robot_id", "r".repeat(51), "scene_id", "table")));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("detail").asText()).contains("robot_id");
        Http.Answer empty = Http.post(base, "/api/sessions/init", Http.json(Map.of("robot_id", "", "scene_id", "table")));
        assertThat(empty.status()).isEqualTo(422);
        Http.Answer unknown = Http.post(base, "/api/sessions/init", Http.json(Map.of("robot_id", "ur10", "scene_id", "table")));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("ur10");
        assertThat(Http.post(base, "/api/sessions/init", "{\"robot_id\": ").status()).isEqualTo(400);
        assertThat(Http.post(base, "/api/sessions/init", "{\"robot_id\":1,\"scene_id\":\"table\"}").status()).isEqualTo(422);

        assertThat(Http.post(base, "/api/battles/battle_nope/turns", "{\"instruction\":\"go\"}").status()).isEqualTo(404);
        String battle = Http.post(base, "/api/sessions/init", Http.json(Map.of("robot_id", "franka", "scene_id", "table")))
                .json().get("battle_id").asText();
        Http.Answer noInstruction = Http.post(base, "/api/battles/" + battle + "/turns", "{}");
        assertThat(noInstruction.status()).isEqualTo(422);
        assertThat(noInstruction.json().get("detail").asText()).contains("instruction");
        assertThat(Http.post(base, "/api/battles/" + battle + "/turns", "{\"instruction\":\"  \"}").status()).isEqualTo(422);

        Http.Answer badVote = Http.post(base, "/api/votes", Http.json(Map.of("battle_id", battle, "vote", "left_is_best")));
        assertThat(badVote.status()).isEqualTo(422);
        assertThat(badVote.json().get("detail").asText()).contains("vote").contains("left_better");
        assertThat(Http.post(base, "/api/votes", Http.json(Map.of("battle_id", "battle_nope", "vote", "tie"))).status()).isEqualTo(400);
        assertThat(Http.post(base, "/api/votes", Http.json(Map.of("vote", "tie"))).status()).isEqualTo(422);
        assertThat(Http.post(base, "/api/votes", Http.json(Map.of("battle_id", battle, "vote", "tie"))).status())
                .as("no completed turn yet").isEqualTo(400);

        assertThat(Http.get(base, "/api/episodes/ep_nope").status()).isEqualTo(404);
        Http.Answer wrongMethod = Http.get(base, "/api/votes");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).contains("POST");
        Http.Answer huge = Http.post(base, "/api/votes", "{\"battle_id\":\"" + "b".repeat(20_000) + "\",\"vote\":\"tie\"}");
        assertThat(huge.status()).isEqualTo(413);
        Http.Answer health = Http.get(base, "/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"healthy\",\"service\":\"vlaarena-backend\"}");
    }

    @Test
    void corsForTheFrontendOrigin() {
        Map<String, String> preflight = Map.of("Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type");
        Http.Answer ok = Http.request(base, "/api/sessions/init", "OPTIONS", null, preflight);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(ok.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(ok.header("Access-Control-Allow-Headers")).contains("content-type");
        Http.Answer evil = Http.request(base, "/api/sessions/init", "OPTIONS", null,
                Map.of("Origin", "http://evil.example", "Access-Control-Request-Method", "POST"));
        assertThat(evil.status()).isEqualTo(400);
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
        Http.Answer get = Http.request(base, "/api/models", "GET", null, Map.of("Origin", "http://localhost:3000"));
        assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        Http.Answer error = Http.request(base, "/api/episodes/ep_x", "GET", null, Map.of("Origin", "http://localhost:3000"));
        assertThat(error.header("Access-Control-Allow-Origin")).as("errors carry CORS headers too").isEqualTo("http://localhost:3000");
        Http.Answer loopback = Http.request(base, "/api/models", "GET", null, Map.of("Origin", "http://127.0.0.1:3000"));
        assertThat(loopback.header("Access-Control-Allow-Origin")).as("the frontend by its loopback address, by default")
                .isEqualTo("http://127.0.0.1:3000");
    }

    @Test
    void failedTurnsAnswer503Or500AndStoreNothing() {
        try (CannedServer failing = new CannedServer().on("/health", 200, Http.fixture("health_response.json"))
                .on("/execute", 503, "{\"detail\":\"the GPU is gone\"}");
                VlaServiceClient dead = VlaServiceClient.builder().baseUrl(failing.baseUrl())
                .retry(RetryPolicy.none()).connectTimeout(Duration.ofSeconds(2)).build();
                Arena broken = Arena.builder().scenes(BundledScenes.catalog()).seed(3).maxSteps(5)
                        .model(ModelInfo.of("mock-vla"), RemoteEpisodeGenerator.of("mock-vla", mockClient))
                        .model(ModelInfo.of("down-model"), RemoteEpisodeGenerator.of("down-model", dead))
                        .build();
                Arena crashing = Arena.builder().scenes(BundledScenes.catalog()).seed(3).maxSteps(5)
                        .model(ModelInfo.of("mock-vla"), RemoteEpisodeGenerator.of("mock-vla", mockClient))
                        .model(ModelInfo.of("crash-model"), new Crashing())
                        .build();
                ArenaService brokenApi = ArenaService.builder(broken).start();
                ArenaService crashingApi = ArenaService.builder(crashing).start()) {
            String battle = Http.post(brokenApi.baseUri(), "/api/sessions/init", Http.json(Map.of("robot_id", "franka", "scene_id", "table")))
                    .json().get("battle_id").asText();
            Http.Answer turn = Http.post(brokenApi.baseUri(), "/api/battles/" + battle + "/turns", "{\"instruction\":\"go\"}");
            assertThat(turn.status()).isEqualTo(503);
            assertThat(turn.json().get("detail").asText()).contains("failed").contains("nothing of the turn was stored")
                    .doesNotContain("down-model").doesNotContain("mock-vla")
                    .as("which service failed stays hidden").doesNotContain("remote").doesNotContain("http");
            assertThat(broken.store().turns(battle)).isEmpty();
            assertThat(Http.post(brokenApi.baseUri(), "/api/votes", Http.json(Map.of("battle_id", battle, "vote", "tie"))).status())
                    .as("no turn was stored, so there is nothing to vote on").isEqualTo(400);

            String battle2 = Http.post(crashingApi.baseUri(), "/api/sessions/init", Http.json(Map.of("robot_id", "franka", "scene_id", "table")))
                    .json().get("battle_id").asText();
            Http.Answer crash = Http.post(crashingApi.baseUri(), "/api/battles/" + battle2 + "/turns", "{\"instruction\":\"go\"}");
            assertThat(crash.status()).isEqualTo(500);
            assertThat(crash.body()).doesNotContain("crash-model").doesNotContain("secret");
            assertThat(crashing.store().turns(battle2)).isEmpty();
        }
    }

    @Test
    void aSessionNeedsTwoModelsThatAnswerTheirHealthCheck() {
        try (VlaServiceClient dead = VlaServiceClient.builder().baseUrl("http://127.0.0.1:" + Http.deadPort())
                .retry(RetryPolicy.none()).connectTimeout(Duration.ofSeconds(1)).build();
                Arena arena = Arena.builder().scenes(BundledScenes.catalog()).seed(3).maxSteps(5)
                        .model(ModelInfo.of("mock-vla"), RemoteEpisodeGenerator.of("mock-vla", mockClient))
                        .model(ModelInfo.of("down-model"), RemoteEpisodeGenerator.of("down-model", dead))
                        .build();
                ArenaService api = ArenaService.builder(arena).start()) {
            Http.Answer init = Http.post(api.baseUri(), "/api/sessions/init", Http.json(Map.of("robot_id", "franka", "scene_id", "table")));

            assertThat(init.status()).isEqualTo(503);
            assertThat(init.json().get("detail").asText()).contains("at least two live models")
                    .contains("do not answer their health check: [down-model]");
            assertThat(arena.store().votes()).isEmpty();
        }
    }

    /** A local generator whose model always fails (not a remote fault). */
    static final class Crashing implements EpisodeGenerator {
        @Override
        public String modelId() {
            return "crash-model";
        }

        @Override
        public Episode generate(EpisodeRequest request) {
            return Episode.failed("crash-model", request.instruction(), List.of(), List.of(), Duration.ZERO,
                    new EpisodeFailure(EpisodeFailure.Kind.MODEL_ERROR, 0, "Model 'crash-model' hit a secret bug"));
        }
    }
}
