package io.vlaarena.testkit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.vlaarena.core.ChunkExecution;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.http.ArenaService;
import io.vlaarena.http.RemoteEpisodeGenerator;
import io.vlaarena.http.RetryPolicy;
import io.vlaarena.http.ServiceInfo;
import io.vlaarena.http.VlaService;
import io.vlaarena.http.VlaServiceClient;
import io.vlaarena.onnx.OnnxOptions;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.storage.MongoArenaStore;
import io.vlaarena.models.MockVla;
import io.vlaarena.testkit.junit.EmbeddedArenaStore;
import io.vlaarena.testkit.junit.MockVlaService;
import io.vlaarena.models.onnx.OctoModels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original VLA Arena's integration scenarios (issue 4, "Acceptance"), end to end over real
 * HTTP on free loopback ports: a mock VLA service ({@code mock-vla}), an Octo-style service
 * ({@code octo-small}), and the backend API over an arena whose two models are those remote
 * services, storing into MongoDB (the embedded server, read back through the MongoDB driver as the
 * original's tests do).
 *
 * <p>The Octo-style service runs the generated {@code octo-tiny} weights opened under the id
 * {@code octo-small}: the full {@code octo-small-arch} weights (about 100 MB, seconds per
 * prediction on two cores) are too heavy for the suite, and the scenarios only need the
 * interface. Its {@code /info} reports what the original's Octo-Small service reports.
 */
@Timeout(120)
class OriginalScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String XML = BundledScenes.frankaTableXml();
    private static final int STEPS = 8;

    @MockVlaService
    static VlaService mock;
    @EmbeddedArenaStore
    static MongoArenaStore store;

    private static OnnxVla octoModel;
    private static VlaService octo;
    private static VlaServiceClient mockClient;
    private static VlaServiceClient octoClient;
    private static Arena arena;
    private static ArenaService backend;

    @BeforeAll
    static void startTheStack(@TempDir Path models) {
        octoModel = OnnxVla.open(OctoModels.writeOctoTiny(models.resolve("octo-tiny"), 42),
                OnnxOptions.builder().modelId("octo-small").intraOpThreads(1).interOpThreads(1).build());
        octo = VlaService.builder(octoModel)
                .info(ServiceInfo.of("octo-small").withServiceName("Octo-Small VLA Service").withType("octo-small")
                        .withParameters("27M").withFramework("onnxruntime").withDevice(octoModel.device()))
                .environments(new MjcfEnvironmentFactory())
                // Execute whole chunks as the CLI's Octo service does: one prediction per 4 actions.
                .runner(EpisodeRunner.builder().maxSteps(VlaService.MAX_EXECUTE_STEPS)
                        .chunkExecution(ChunkExecution.WHOLE_CHUNK).build())
                .port(0).start();
        mockClient = VlaServiceClient.of(mock.baseUri().toString());
        octoClient = VlaServiceClient.of(octo.baseUri().toString());
        arena = Arena.builder().scenes(BundledScenes.catalog()).store(store).maxSteps(STEPS).seed(7)
                .model(ModelInfo.of("mock-vla", "Mock VLA"), RemoteEpisodeGenerator.of("mock-vla", mockClient))
                .model(ModelInfo.of("octo-small", "Octo Small"), RemoteEpisodeGenerator.of("octo-small", octoClient))
                .build();
        backend = ArenaService.builder(arena).port(0).start();
    }

    @AfterAll
    static void stopTheStack() {
        // The mock service and the store belong to the extensions, which stop them after this.
        for (AutoCloseable c : new AutoCloseable[] {backend, arena, mockClient, octoClient, octo, octoModel}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop " + c, e);
            }
        }
    }

    // ---- the VLA services ------------------------------------------------------------------------

    @Test
    void bothServicesAreHealthy() throws Exception {
        for (var expected : Map.of(mock.baseUri(), "mock-vla", octo.baseUri(), "octo-small").entrySet()) {
            Reply health = get(expected.getKey(), "/health");
            assertThat(health.status).isEqualTo(200);
            assertThat(health.json.get("status").asText()).isEqualTo("healthy");
            assertThat(health.json.get("model").asText()).isEqualTo(expected.getValue());
            assertThat(health.json.get("model_status").asText()).isEqualTo("loaded");
        }
    }

    @Test
    void bothServicesDescribeThemselves() throws Exception {
        Reply mockInfo = get(mock.baseUri(), "/info");
        Reply octoInfo = get(octo.baseUri(), "/info");
        for (Reply info : List.of(mockInfo, octoInfo)) {
            assertThat(info.status).isEqualTo(200);
            assertThat(fieldNames(info.json)).containsExactlyInAnyOrder("service_name", "service_version", "model_id",
                    "device", "loaded", "max_steps", "type", "parameters", "framework");
            assertThat(info.json.get("loaded").isBoolean()).isTrue();
            assertThat(info.json.get("max_steps").isInt()).isTrue();
        }
        assertThat(mockInfo.json.get("model_id").asText()).isEqualTo("mock-vla");
        assertThat(mockInfo.json.get("device").asText()).isEqualTo("cpu");
        assertThat(mockInfo.json.get("loaded").asBoolean()).isTrue();
        assertThat(mockInfo.json.get("type").asText()).isEqualTo("mock");
        assertThat(octoInfo.json.get("model_id").asText()).isEqualTo("octo-small");
        assertThat(octoInfo.json.get("type").asText()).isEqualTo("octo-small");
        assertThat(octoInfo.json.get("parameters").asText()).isEqualTo("27M");
        assertThat(octoInfo.json.get("device").asText()).isEqualTo("cpu");
    }

    @Test
    void bothServicesPredictEightValueActionsForTheBundledScene() throws Exception {
        for (URI service : List.of(mock.baseUri(), octo.baseUri())) {
            Reply reply = predict(service, "pick up the red cube");
            assertThat(reply.status).isEqualTo(200);
            assertThat(doubles(reply.json.get("action"))).hasSize(8).allSatisfy(v -> assertThat(v).isFinite());
        }
        assertThat(doubles(predict(mock.baseUri(), "pick up the red cube").json.get("action")))
                .isEqualTo(Arrays.stream(MockVla.action("mock-vla", "pick up the red cube").values()).boxed().toList());
    }

    @Test
    void differentModelsGiveDifferentActions() throws Exception {
        List<Double> fromMock = doubles(predict(mock.baseUri(), "push the blue cube").json.get("action"));
        List<Double> fromOcto = doubles(predict(octo.baseUri(), "push the blue cube").json.get("action"));
        assertThat(fromMock).isNotEqualTo(fromOcto);
        assertThat(doubles(predict(mock.baseUri(), "push the blue cube").json.get("action"))).isEqualTo(fromMock);
    }

    @Test
    void badRequestsAre422AndBadXmlIs400() throws Exception {
        for (URI service : List.of(mock.baseUri(), octo.baseUri())) {
            assertDetail(post(service, "/predict", "{\"xml_string\":" + quote(XML) + "}"), 422, "instruction");
            assertDetail(post(service, "/predict", "{\"instruction\":\"pick\"}"), 422, "xml_string");
            assertDetail(post(service, "/predict", "{\"instruction\":5,\"xml_string\":" + quote(XML) + "}"), 422,
                    "instruction");
            assertDetail(post(service, "/predict", "{\"instruction\":\"pick\",\"xml_string\":\"<not-xml\"}"), 400, null);
            assertDetail(post(service, "/execute",
                    "{\"instruction\":\"pick\",\"xml_string\":\"<mujoco><worldbody><geom type='bogus'/></worldbody></mujoco>\"}"),
                    400, null);
        }
    }

    @Test
    void requestsAreSpreadRoundRobinOverTwoServices() {
        try (VlaServiceClient both = VlaServiceClient.builder().baseUrl(mock.baseUri().toString())
                .baseUrl(octo.baseUri().toString()).build()) {
            List<String> answeredBy = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answeredBy.add(both.info().modelId());
            }
            assertThat(answeredBy).containsExactly("mock-vla", "octo-small", "mock-vla", "octo-small");
        }
    }

    @Test
    void requestsFailOverPastADeadPort() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        URI deadUri = URI.create("http://127.0.0.1:" + dead);
        try (VlaServiceClient client = VlaServiceClient.builder().baseUrl(deadUri.toString())
                .baseUrl(mock.baseUri().toString()).retry(RetryPolicy.none()).connectTimeout(Duration.ofSeconds(2))
                .build()) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.predict("stack the cubes", XML, Optional.empty()).first())
                        .isEqualTo(MockVla.action("mock-vla", "stack the cubes"));
            }
            assertThat(client.isMarkedDown(deadUri)).isTrue();
        }
    }

    @Test
    void tenConcurrentPredictionsFiveToEachService() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            URI service = i % 2 == 0 ? mock.baseUri() : octo.baseUri();
            String body = JSON.createObjectNode().put("instruction", "pick up the red cube " + i).put("xml_string", XML)
                    .toString();
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(service.resolve("/predict"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("action")).hasSize(8);
        }
    }

    // ---- the backend over the two remote models ------------------------------------------------------

    @Test
    void aBlindBattleIsStoredTurnByTurnThenRevealedAndRanked() throws Exception {
        List<String> beforeVote = new ArrayList<>();
        Reply session = post(backend.baseUri(), "/api/sessions/init", "{\"robot_id\":\"franka\",\"scene_id\":\"table\"}");
        assertThat(session.status).isEqualTo(201);
        beforeVote.add(session.body);
        String sessionId = session.json.get("session_id").asText();
        String battleId = session.json.get("battle_id").asText();
        assertThat(sessionId).startsWith("sess_");
        assertThat(battleId).startsWith("battle_");
        assertThat(session.json.get("left_model").asText()).isEqualTo("???");
        assertThat(session.json.get("right_model").asText()).isEqualTo("???");

        List<String> turnIds = new ArrayList<>();
        List<String> episodeIds = new ArrayList<>();
        for (String instruction : List.of("pick up the red cube", "push the blue cube to the left", "lift the green sphere")) {
            Reply turn = post(backend.baseUri(), "/api/battles/" + battleId + "/turns",
                    "{\"instruction\":" + quote(instruction) + "}");
            assertThat(turn.status).as(turn.body).isEqualTo(201);
            beforeVote.add(turn.body);
            assertThat(turn.json.get("status").asText()).isEqualTo("completed");
            assertThat(turn.json.get("turn_id").asText()).startsWith("turn_");
            turnIds.add(turn.json.get("turn_id").asText());
            for (String side : List.of("left_episode_id", "right_episode_id")) {
                String id = turn.json.get(side).asText();
                assertThat(id).startsWith("ep_");
                episodeIds.add(id);
                Reply episode = get(backend.baseUri(), "/api/episodes/" + id);
                assertThat(episode.status).isEqualTo(200);
                beforeVote.add(episode.body);
                assertThat(episode.json.get("episode_id").asText()).isEqualTo(id);
                assertThat(episode.json.get("actions")).hasSize(STEPS);
                assertThat(episode.json.get("states")).hasSize(STEPS);
                assertThat(episode.json.has("model_id")).isFalse();
            }
        }
        assertThat(Set.copyOf(turnIds)).hasSize(3);

        // Blindness: nothing returned before the vote names a model.
        assertThat(beforeVote).noneMatch(body -> body.contains("mock-vla") || body.contains("octo-small"));

        Map<String, String> modelBySide = checkStoredEpisodes(sessionId, battleId, turnIds, episodeIds);
        assertThat(Set.copyOf(modelBySide.values())).containsExactlyInAnyOrder("mock-vla", "octo-small");

        Reply vote = post(backend.baseUri(), "/api/votes", "{\"battle_id\":" + quote(battleId) + ",\"vote\":\"left_better\"}");
        assertThat(vote.status).isEqualTo(201);
        assertThat(vote.json.get("vote_id").asText()).startsWith("vote_");
        assertThat(vote.json.get("revealed_models").get("left").asText()).isEqualTo(modelBySide.get("left"));
        assertThat(vote.json.get("revealed_models").get("right").asText()).isEqualTo(modelBySide.get("right"));
        assertThat(get(backend.baseUri(), "/api/episodes/" + episodeIds.get(0)).json.get("model_id").asText())
                .isEqualTo(modelBySide.get("left"));
        assertDetail(post(backend.baseUri(), "/api/votes", "{\"battle_id\":" + quote(battleId) + ",\"vote\":\"tie\"}"), 400,
                null);
        assertDetail(post(backend.baseUri(), "/api/battles/" + battleId + "/turns", "{\"instruction\":\"again\"}"), 400,
                null);

        Reply board = get(backend.baseUri(), "/api/leaderboard?min_vote_count=1");
        assertThat(board.status).isEqualTo(200);
        JsonNode rankings = board.json.get("rankings");
        assertThat(rankings).hasSize(2);
        assertThat(rankings.get(0).get("model_id").asText()).isEqualTo(modelBySide.get("left"));
        assertThat(rankings.get(1).get("model_id").asText()).isEqualTo(modelBySide.get("right"));
        for (JsonNode row : rankings) {
            assertThat(row.get("elo_score").isInt()).isTrue();
            assertThat(row.get("vote_count").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(row.get("win_rate").isNumber()).isTrue();
            assertThat(row.get("name").asText()).isIn("Mock VLA", "Octo Small");
        }
        assertThat(rankings.get(0).get("elo_score").asInt()).isGreaterThan(rankings.get(1).get("elo_score").asInt());
    }

    @Test
    void aTurnWithAnUnreachableServiceIs503AndLeavesNothingStored(
            @EmbeddedArenaStore(name = "unreachable") MongoArenaStore emptyStore) throws Exception {
        // The service answers its health check when the session pairs it, then goes away before the turn.
        VlaService going = VlaService.builder(new MockVla("gone-vla")).environments(new MjcfEnvironmentFactory())
                .port(0).start();
        try (going; VlaServiceClient deadClient = VlaServiceClient.builder().baseUrl(going.baseUri().toString())
                .retry(RetryPolicy.none()).build();
                Arena broken = Arena.builder().scenes(BundledScenes.catalog()).store(emptyStore).maxSteps(STEPS)
                        .model(ModelInfo.of("mock-vla"), RemoteEpisodeGenerator.of("mock-vla", mockClient))
                        .model(ModelInfo.of("gone-vla"), RemoteEpisodeGenerator.of("gone-vla", deadClient)).build();
                ArenaService api = ArenaService.builder(broken).port(0).start()) {
            Reply session = post(api.baseUri(), "/api/sessions/init", "{\"robot_id\":\"franka\",\"scene_id\":\"table\"}");
            String battleId = session.json.get("battle_id").asText();
            going.close();
            Reply turn = post(api.baseUri(), "/api/battles/" + battleId + "/turns", "{\"instruction\":\"pick\"}");
            assertDetail(turn, 503, null);
            assertThat(turn.body).doesNotContain("mock-vla").doesNotContain("gone-vla");
            assertThat(emptyStore.turns(battleId)).isEmpty();
            try (MongoClient client = MongoClients.create(emptyStore.embeddedServer().orElseThrow().uri())) {
                assertThat(client.getDatabase("vlaarena").getCollection("episodes").countDocuments()).isZero();
            }
        }
    }

    /** Reads the battle's episodes and indexes the way the original's tests do; returns the model id of each side. */
    private static Map<String, String> checkStoredEpisodes(String sessionId, String battleId, List<String> turnIds,
            List<String> episodeIds) {
        try (MongoClient client = MongoClients.create(store.embeddedServer().orElseThrow().uri())) {
            MongoCollection<Document> episodes = client.getDatabase("vlaarena").getCollection("episodes");
            List<Document> stored = episodes.find(new Document("battle_id", battleId)).into(new ArrayList<>());
            assertThat(stored).extracting(d -> d.getString("episode_id")).containsExactlyInAnyOrderElementsOf(episodeIds);
            Map<String, String> modelBySide = new java.util.HashMap<>();
            for (Document d : stored) {
                assertThat(d.keySet()).containsExactlyInAnyOrder("_id", "episode_id", "session_id", "battle_id", "turn_id",
                        "battle_seq_in_session", "turn_seq", "seq_in_turn", "side", "model_id", "actions", "states",
                        "duration_ms", "created_at");
                assertThat(d.getString("session_id")).isEqualTo(sessionId);
                assertThat(d.getString("turn_id")).isIn(turnIds);
                assertThat(d.getInteger("battle_seq_in_session")).isZero();
                assertThat(d.getInteger("turn_seq")).isEqualTo(turnIds.indexOf(d.getString("turn_id")));
                String side = d.getString("side");
                assertThat(side).isIn("left", "right");
                assertThat(d.getInteger("seq_in_turn")).isEqualTo(side.equals("left") ? 0 : 1);
                String model = d.getString("model_id");
                assertThat(modelBySide.putIfAbsent(side, model)).isIn(null, model);
                List<?> actions = d.getList("actions", Object.class);
                assertThat(actions).hasSize(STEPS).allSatisfy(a -> assertThat((List<?>) a).hasSize(8)
                        .allSatisfy(v -> assertThat(v).isInstanceOf(Double.class)));
                List<Document> states = d.getList("states", Document.class);
                assertThat(states).hasSize(STEPS).allSatisfy(s -> {
                    assertThat(s.keySet()).containsExactlyInAnyOrder("qpos", "qvel", "time");
                    assertThat(s.getList("qpos", Double.class)).isNotEmpty();
                    assertThat(s.getList("qvel", Double.class)).isNotEmpty();
                    assertThat(s.get("time")).isInstanceOf(Double.class);
                });
                assertThat(d.get("duration_ms")).isInstanceOfAny(Integer.class, Long.class);
                assertThat(d.get("created_at")).isInstanceOf(Date.class);
            }
            assertThat(modelBySide.get("left")).isNotEqualTo(modelBySide.get("right"));
            List<Document> indexes = episodes.listIndexes().into(new ArrayList<>());
            assertThat(indexes).extracting(i -> i.get("key", Document.class).keySet().stream().toList())
                    .contains(List.of("episode_id"), List.of("battle_id", "side"), List.of("turn_id"), List.of("model_id"));
            assertThat(indexes).filteredOn(i -> i.get("key", Document.class).keySet().equals(Set.of("episode_id")))
                    .singleElement().satisfies(i -> assertThat(i.getBoolean("unique")).isTrue());
            assertThat(client.getDatabase("vlaarena").getCollection("votes").listIndexes().into(new ArrayList<>()))
                    .filteredOn(i -> i.get("key", Document.class).keySet().equals(Set.of("battle_id")))
                    .singleElement().satisfies(i -> assertThat(i.getBoolean("unique")).isTrue());
            return modelBySide;
        }
    }

    // ---- HTTP helpers ---------------------------------------------------------------------------

    private record Reply(int status, String body, JsonNode json) {}

    private static Reply predict(URI service, String instruction) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("instruction", instruction).put("xml_string", XML);
        return post(service, "/predict", body.toString());
    }

    private static Reply get(URI base, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private static Reply post(URI base, String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), JSON.readTree(r.body().isEmpty() ? "{}" : r.body()));
    }

    private static void assertDetail(Reply reply, int status, String mentions) {
        assertThat(reply.status).as(reply.body).isEqualTo(status);
        assertThat(reply.json.get("detail").isTextual()).as(reply.body).isTrue();
        if (mentions != null) {
            assertThat(reply.json.get("detail").asText()).contains(mentions);
        }
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String quote(String text) {
        return JSON.getNodeFactory().textNode(text).toString();
    }
}
