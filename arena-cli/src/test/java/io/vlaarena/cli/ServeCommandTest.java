package io.vlaarena.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class ServeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern READY = Pattern.compile(
            "ready: api (\\S+)\\s+mock-vla (\\S+)\\s+(\\S+) (http\\S+)\\s+store (mongodb://\\S+)");
    private static final List<String> EPISODE_FIELDS = List.of("episode_id", "session_id", "battle_id", "turn_id",
            "battle_seq_in_session", "turn_seq", "seq_in_turn", "side", "model_id", "actions", "states", "duration_ms",
            "created_at");

    /** An {@code arena serve} running on a background thread of this JVM, stopped by interrupting it. */
    static final class Served implements AutoCloseable {
        final Thread thread;
        final SyncWriter out = new SyncWriter();
        final SyncWriter err = new SyncWriter();
        volatile int code = -1;
        URI api;
        URI mock;
        String octoId;
        URI octo;
        String storeUri;

        Served(String... args) throws InterruptedException {
            thread = new Thread(() -> code = ArenaCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true)),
                    "serve-under-test");
            thread.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Matcher m = READY.matcher("");
            while (!(m = READY.matcher(out.text())).find()) {
                if (!thread.isAlive()) {
                    throw new AssertionError("serve ended with " + code + " before it was ready: " + out.text() + err.text());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("serve was not ready in time: " + out.text() + err.text());
                }
                Thread.sleep(50);
            }
            api = URI.create(m.group(1));
            mock = URI.create(m.group(2));
            octoId = m.group(3);
            octo = URI.create(m.group(4));
            storeUri = m.group(5);
        }

        List<Integer> httpPorts() {
            return List.of(api.getPort(), mock.getPort(), octo.getPort());
        }

        int storePort() {
            return URI.create(storeUri).getPort();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
            assertThat(thread.isAlive()).as("serve stops when interrupted").isFalse();
        }
    }

    /** A writer the test polls while serve writes to it. */
    static final class SyncWriter extends Writer {
        private final StringBuffer buffer = new StringBuffer();

        @Override
        public void write(char[] cbuf, int off, int len) {
            buffer.append(cbuf, off, len);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        String text() {
            return buffer.toString();
        }
    }

    /** serve's arguments for a test: every port free, data and models under {@code dir}, octo-tiny; {@code more} overrides pairs. */
    static String[] args(Path dir, String... more) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--api-port", "0");
        options.put("--mock-port", "0");
        options.put("--octo-port", "0");
        options.put("--store-port", "0");
        options.put("--data", dir.resolve("store").toString());
        options.put("--models-dir", dir.resolve("models").toString());
        options.put("--octo-model", "octo-tiny");
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        List<String> a = new ArrayList<>(List.of("serve"));
        options.forEach((k, v) -> {
            a.add(k);
            a.add(v);
        });
        return a.toArray(String[]::new);
    }

    static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(URI base, String path, Object body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static void assertClosed(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            throw new AssertionError("port " + port + " still accepts connections");
        } catch (ConnectException expected) {
            // refused: nothing listens any more
        } catch (IOException e) {
            throw new AssertionError("port " + port + ": " + e, e);
        }
    }

    @Test
    void servesTheOriginalsStackAndStoresEpisodesTheOriginalsWay(@TempDir Path dir) throws Exception {
        Served served = new Served(args(dir));
        try {
            assertThat(served.out.text()).contains("Generating octo-tiny");
            assertThat(served.octoId).isEqualTo("octo-tiny");
            for (URI base : List.of(served.api, served.mock, served.octo)) {
                HttpResponse<String> health = get(base, "/health");
                assertThat(health.statusCode()).as(base.toString()).isEqualTo(200);
                assertThat(json(health).path("status").asText()).isEqualTo("healthy");
            }
            JsonNode mockInfo = json(get(served.mock, "/info"));
            assertThat(mockInfo.path("model_id").asText()).isEqualTo("mock-vla");
            assertThat(mockInfo.path("type").asText()).isEqualTo("mock");
            assertThat(mockInfo.path("loaded").asBoolean()).isTrue();
            JsonNode octoInfo = json(get(served.octo, "/info"));
            assertThat(octoInfo.path("model_id").asText()).isEqualTo("octo-tiny");
            assertThat(octoInfo.path("type").asText()).isEqualTo("octo-tiny");
            assertThat(octoInfo.path("device").asText()).isEqualTo("cpu");
            assertThat(octoInfo.path("framework").asText()).isEqualTo("onnxruntime");
            assertThat(octoInfo.path("parameters").asText()).matches("\\d+(\\.\\d)?M");

            String xml = get(served.api, "/api/models/xml?robot_id=franka_panda&scene_id=table_pick_place").body();
            JsonNode predicted = json(post(served.octo, "/predict", Map.of("instruction", "pick up the red cube",
                    "xml_string", xml)));
            assertThat(predicted.path("action")).hasSize(8);
            assertThat(post(served.mock, "/predict", Map.of("instruction", "x", "xml_string", "<mujoco><bad")).statusCode())
                    .as("the mock service checks the MJCF with the real simulator").isEqualTo(400);
            HttpResponse<String> executed = post(served.mock, "/execute", Map.of("instruction", "pick up the red cube",
                    "xml_string", xml, "max_steps", 5));
            assertThat(executed.statusCode()).as(executed.body()).isEqualTo(200);
            assertThat(json(executed).path("states").get(4).path("qpos").size()).isGreaterThan(7);

            HttpResponse<String> init = post(served.api, "/api/sessions/init",
                    Map.of("robot_id", "franka_panda", "scene_id", "table_pick_place"));
            assertThat(init.statusCode()).as(init.body()).isEqualTo(201);
            JsonNode session = json(init);
            assertThat(session.path("left_model").asText()).isEqualTo("???");
            assertThat(session.path("right_model").asText()).isEqualTo("???");
            String battle = session.path("battle_id").asText();
            assertThat(battle).startsWith("battle_");

            HttpResponse<String> turnResponse = post(served.api, "/api/battles/" + battle + "/turns",
                    Map.of("instruction", "pick up the red cube"));
            assertThat(turnResponse.statusCode()).as(turnResponse.body()).isEqualTo(201);
            JsonNode turn = json(turnResponse);
            assertThat(turn.path("status").asText()).isEqualTo("completed");
            String leftEpisode = turn.path("left_episode_id").asText();

            JsonNode episode = json(get(served.api, "/api/episodes/" + leftEpisode));
            assertThat(episode.path("episode_id").asText()).isEqualTo(leftEpisode);
            assertThat(episode.path("actions")).hasSize(75);
            assertThat(episode.path("actions").get(0)).hasSize(8);
            assertThat(episode.path("states")).hasSize(75);
            assertThat(episode.path("states").get(0).has("qpos")).isTrue();
            assertThat(episode.path("states").get(0).has("qvel")).isTrue();
            assertThat(episode.path("states").get(74).path("time").asDouble()).isCloseTo(15.0,
                    org.assertj.core.data.Offset.offset(1e-6));
            assertThat(episode.has("model_id")).as("blind before the vote").isFalse();

            // the web arena is on by default: the battle page and the replays of the turn
            assertThat(served.out.text()).contains("web arena: open " + served.api + "/");
            HttpResponse<String> page = get(served.api, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("data-testid=\"replay-left\"");
            JsonNode replay = json(get(served.api, "/api/episodes/" + leftEpisode + "/replay"));
            assertThat(replay.path("frame_count").asInt()).isEqualTo(76);
            assertThat(replay.has("model_id")).as("blind before the vote").isFalse();
            assertThat(get(served.api, "/api/episodes/" + leftEpisode + "/frames/75").headers().firstValue("Content-Type"))
                    .contains("image/png");

            HttpResponse<String> vote = post(served.api, "/api/votes", Map.of("battle_id", battle, "vote", "left_better",
                    "left_progress", 70, "right_progress", 20, "feedback", "left got closer"));
            assertThat(vote.statusCode()).as(vote.body()).isEqualTo(201);
            JsonNode revealed = json(vote).path("revealed_models");
            assertThat(Set.of(revealed.path("left").asText(), revealed.path("right").asText()))
                    .containsExactlyInAnyOrder("mock-vla", "octo-tiny");

            JsonNode board = json(get(served.api, "/api/leaderboard"));
            assertThat(board.path("rankings").isArray()).isTrue();
            JsonNode counted = json(get(served.api, "/api/leaderboard?min_vote_count=1"));
            assertThat(counted.path("rankings")).hasSize(2);
            assertThat(counted.path("rankings").get(0).path("model_id").asText()).isEqualTo(revealed.path("left").asText());
            JsonNode listed = json(get(served.api, "/api/models"));
            assertThat(listed.path("models")).hasSize(2);

            try (MongoClient mongo = MongoClients.create(served.storeUri)) {
                MongoCollection<Document> episodes = mongo.getDatabase("vlaarena").getCollection("episodes");
                Document stored = episodes.find(Filters.eq("episode_id", leftEpisode)).first();
                assertThat(stored).isNotNull();
                Set<String> fields = new HashSet<>(stored.keySet());
                fields.remove("_id");
                assertThat(fields).containsExactlyInAnyOrderElementsOf(EPISODE_FIELDS);
                assertThat(stored.getString("side")).isEqualTo("left");
                assertThat(stored.getInteger("seq_in_turn")).isZero();
                assertThat(stored.getString("model_id")).isEqualTo(revealed.path("left").asText());
                assertThat(stored.getList("actions", List.class)).hasSize(75);
                assertThat(episodes.countDocuments(Filters.eq("battle_id", battle))).isEqualTo(2);
                assertThat(mongo.getDatabase("vlaarena").getCollection("votes").countDocuments()).isEqualTo(1);
                Document storedVote = mongo.getDatabase("vlaarena").getCollection("votes").find().first();
                assertThat(storedVote.getInteger("left_progress")).isEqualTo(70);
                assertThat(storedVote.getInteger("right_progress")).isEqualTo(20);
                assertThat(storedVote.getString("feedback")).isEqualTo("left got closer");
            }
        } finally {
            served.close();
        }
        assertThat(served.code).as(served.err.text()).isZero();
        assertThat(served.out.text()).contains("arena serve: stopped");
        served.httpPorts().forEach(ServeCommandTest::assertClosed);
        assertClosed(served.storePort());

        Served again = new Served(args(dir));
        try {
            assertThat(again.out.text()).as("the model is generated once").doesNotContain("Generating");
            JsonNode board = json(get(again.api, "/api/leaderboard?min_vote_count=1"));
            assertThat(board.path("rankings")).as("the vote survived the restart").hasSize(2);
        } finally {
            again.close();
        }
    }

    @Test
    void battlesTheModelsOfAModelsYaml(@TempDir Path dir) throws Exception {
        int mockPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            mockPort = free.getLocalPort();
        }
        String service = "http://127.0.0.1:" + mockPort;
        io.vlaarena.core.Vla remoteMock = new io.vlaarena.models.MockVla("mock-openpi");
        io.vlaarena.openpi.OpenPiServer openpi = io.vlaarena.openpi.OpenPiServer.builder(remoteMock)
                .mapping(io.vlaarena.openpi.OpenPiMapping.arena(remoteMock.spec())).start();
        Path yaml = Files.writeString(dir.resolve("models.yaml"), """
                models:
                  - id: mock-execute
                    name: Mock VLA over HTTP
                    model: mock
                    base_url: %s
                    api_key_env: null
                    organization: VLA Arena
                    license: MIT
                    status: active
                  - id: mock-step
                    base_url: %s
                    mode: step
                  - id: mock-local
                    type: mock
                  - id: octo-local
                    type: onnx
                    path: models/octo-tiny
                  - id: retired
                    type: onnx
                    path: not-generated
                    status: inactive
                  - id: mock-openpi
                    type: openpi
                    base_url: %s
                    preset: arena
                """.formatted(service, service, openpi.uri()));
        String device = System.getProperty("vlaarena.onnxruntime.artifact", "onnxruntime").equals("onnxruntime")
                ? "auto" : "cpu"; // auto falls back to the CPU with the CPU artifact only
        Served served = new Served(args(dir, "--models", yaml.toString(), "--mock-port", String.valueOf(mockPort),
                "--device", device));
        try {
            assertThat(served.mock.getPort()).isEqualTo(mockPort);
            assertThat(served.out.text()).contains("mock-execute").contains("execute " + service)
                    .contains("mock-step").contains("step " + service).contains("octo-local").contains("retired")
                    .contains("mock-openpi").contains("openpi " + openpi.uri());
            assertThat(served.out.text()).as("--device reaches the Octo-style model and the models.yaml ONNX entries").contains("Warmed up octo-tiny (ONNX Runtime on cpu)")
                    .containsPattern("model octo-local +in process \\(onnx\\), ONNX Runtime on cpu");
            assertThat(json(get(served.octo, "/info")).path("device").asText()).isEqualTo("cpu");
            Map<String, String> status = new LinkedHashMap<>();
            for (JsonNode m : json(get(served.api, "/api/models")).path("models")) {
                status.put(m.path("model_id").asText(), m.path("status").asText());
            }
            assertThat(status).containsExactly(Map.entry("mock-execute", "active"), Map.entry("mock-step", "active"),
                    Map.entry("mock-local", "active"), Map.entry("octo-local", "active"), Map.entry("retired", "inactive"),
                    Map.entry("mock-openpi", "active"));

            Set<String> battled = new HashSet<>();
            // random pairs: each model sits out a battle with probability 3/5, so 40 battles miss one with ~1e-9
            for (int i = 0; i < 40 && battled.size() < 5; i++) {
                String battle = json(post(served.api, "/api/sessions/init",
                        Map.of("robot_id", "franka", "scene_id", "table"))).path("battle_id").asText();
                HttpResponse<String> turn = post(served.api, "/api/battles/" + battle + "/turns",
                        Map.of("instruction", "pick up the red cube"));
                assertThat(turn.statusCode()).as(turn.body()).isEqualTo(201);
                JsonNode revealed = json(post(served.api, "/api/votes", Map.of("battle_id", battle, "vote", "tie")))
                        .path("revealed_models");
                battled.add(revealed.path("left").asText());
                battled.add(revealed.path("right").asText());
            }
            assertThat(battled).containsExactlyInAnyOrder("mock-execute", "mock-step", "mock-local", "octo-local",
                    "mock-openpi");
            assertThat(openpi.episodesStarted()).as("the openpi model's episodes ran on its server").isPositive();
        } finally {
            served.close();
            openpi.close();
        }
        served.httpPorts().forEach(ServeCommandTest::assertClosed);
    }

    @Test
    void aPortInUseIsOneLineNamingThePort(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            ArenaCliTest.Run api = ArenaCliTest.run(args(dir, "--api-port", String.valueOf(port)));
            assertThat(api.code()).isEqualTo(1);
            assertThat(api.err().lines().toList()).hasSize(1);
            assertThat(api.err()).contains("backend API").contains("127.0.0.1:" + port).contains("--api-port")
                    .doesNotContain("\tat ");

            ArenaCliTest.Run store = ArenaCliTest.run(args(dir, "--store-port", String.valueOf(port)));
            assertThat(store.code()).isEqualTo(1);
            assertThat(store.err().lines().toList()).hasSize(1);
            assertThat(store.err()).contains(":" + port).contains("--store-port");
        }
        // what the failed starts opened is closed again: the same directory serves at once
        new Served(args(dir)).close();
    }

    @Test
    void badModelsYamlIsOneLineError(@TempDir Path dir) throws Exception {
        ArenaCliTest.Run missing = ArenaCliTest.run(args(dir, "--models", dir.resolve("nope.yaml").toString()));
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().lines().toList()).hasSize(1);
        assertThat(missing.err()).contains("nope.yaml");

        Path unknown = Files.writeString(dir.resolve("models.yaml"), """
                - id: a
                  type: mock
                - id: b
                  type: warp-drive
                """);
        ArenaCliTest.Run type = ArenaCliTest.run(args(dir, "--models", unknown.toString()));
        assertThat(type.code()).isEqualTo(1);
        assertThat(type.err()).contains("model 2 ('b')").contains("unknown type 'warp-drive'").contains("mock, onnx")
                .contains("openpi").contains("openvla");

        Path one = Files.writeString(dir.resolve("one.yaml"), "- id: a\n  type: mock\n- id: b\n  type: mock\n  status: inactive\n");
        ArenaCliTest.Run lonely = ArenaCliTest.run(args(dir, "--models", one.toString()));
        assertThat(lonely.code()).isEqualTo(1);
        assertThat(lonely.err()).contains("1 active model(s)");
    }

    @Test
    void anUnknownOrUnusableDeviceIsOneLineAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
        ArenaCliTest.Run unknown = ArenaCliTest.run(args(dir, "--device", "gpu0"));
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().lines().toList()).as(unknown.err()).hasSize(1);
        assertThat(unknown.err()).startsWith("arena: Unknown device 'gpu0'").contains("cpu, cuda, cuda:N").contains("auto");
        assertThat(unknown.out()).as("checked before anything starts").doesNotContain("starting");
        assertThat(dir.resolve("store")).doesNotExist();
        assertThat(dir.resolve("models")).doesNotExist();

        ArenaCliTest.assumeCpuArtifact();
        int storePort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            storePort = free.getLocalPort();
        }
        ArenaCliTest.Run cuda = ArenaCliTest.run(args(dir, "--device", "cuda", "--store-port", String.valueOf(storePort)));
        assertThat(cuda.code()).isEqualTo(1);
        assertThat(cuda.err().lines().toList()).as(cuda.err()).hasSize(1);
        assertThat(cuda.err()).contains("Device 'cuda:0' was requested but").contains("onnxruntime_gpu")
                .doesNotContain("\tat ");
        assertThat(cuda.out()).doesNotContain("ready");
        assertThat(dir.resolve("store")).as("checked before the store opens").doesNotExist();
        assertThat(dir.resolve("models")).as("and before a model is generated").doesNotExist();
        assertClosed(storePort);
    }

    @Test
    void sigtermStopsTheProcessAndFreesItsPorts(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ArenaCli.class.getName()));
        command.addAll(List.of(args(dir)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringWriter seen = new StringWriter();
        Matcher ready = null;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
            for (String line; (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready = m;
                    break;
                }
            }
            assertThat(ready).as(seen.toString()).isNotNull();
            List<Integer> ports = new ArrayList<>();
            for (int g : new int[] {1, 2, 4, 5}) {
                ports.add(URI.create(ready.group(g)).getPort());
            }
            assertThat(get(URI.create(ready.group(1)), "/health").statusCode()).isEqualTo(200);
            // SIGTERM, as Ctrl-C's sibling; Process.destroy() would also close the output we read
            assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor()).isZero();
            for (String line; (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
            }
            assertThat(process.waitFor()).as(seen.toString()).isEqualTo(143);
            assertThat(seen.toString()).contains("arena serve: stopped");
            ports.forEach(ServeCommandTest::assertClosed);
        } finally {
            process.destroyForcibly();
        }
    }
}
