package io.vlaarena.cli.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable: a backend on the embedded store is killed with {@code kill -9} at
 * a random moment of a mixed load (new battles, turns, votes from several clients), restarted on
 * the same data, and every battle, turn, episode and vote it had answered 201 for is checked
 * through the API, round after round.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class KillNineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 3;
    private static final int CLIENTS = 6;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** What the server acknowledged (201) before it was killed. */
    private record Turn(String battleId, String turnId, String left, String right) {}

    private final List<String> battles = new CopyOnWriteArrayList<>();
    private final List<Turn> turns = new CopyOnWriteArrayList<>();
    private final Map<String, Turn> votedBattles = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedWriteSurvivesKillNine(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("store");
        Random random = new Random(12);
        for (int round = 0; round < ROUNDS; round++) {
            Process server = start(data, dir.resolve("server-" + round + ".log"));
            try {
                URI base = awaitReady(server, dir.resolve("server-" + round + ".log"));
                verify(base, round, false);
                AtomicBoolean loading = new AtomicBoolean(true);
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    long seed = random.nextLong();
                    Thread t = new Thread(() -> load(base, new Random(seed), loading));
                    t.setDaemon(true);
                    t.start();
                    clients.add(t);
                }
                Thread.sleep(800 + random.nextInt(2200));
                server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                server.waitFor(10, TimeUnit.SECONDS);
                loading.set(false);
                for (Thread t : clients) {
                    t.join(10_000);
                }
            } finally {
                server.destroyForcibly();
            }
        }
        Process last = start(data, dir.resolve("server-last.log"));
        try {
            verify(awaitReady(last, dir.resolve("server-last.log")), ROUNDS, true);
        } finally {
            last.destroyForcibly();
        }
        assertThat(turns).as("the load acknowledged turns to check").hasSizeGreaterThan(10);
        assertThat(votedBattles).as("and votes").hasSizeGreaterThan(3);
    }

    private Process start(Path data, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                StoreBackedServerMain.class.getName(), data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static URI awaitReady(Process server, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end && server.isAlive()) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("ready ")) {
                    return URI.create("http://127.0.0.1:" + line.substring(6).trim());
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The server did not start: " + Files.readString(log));
    }

    /** One client: new battles, turns on known battles, votes on battles with a turn. */
    private void load(URI base, Random random, AtomicBoolean loading) {
        while (loading.get()) {
            try {
                int what = random.nextInt(10);
                if (what < 3 || turns.isEmpty() && battles.isEmpty()) {
                    HttpResponse<String> r = post(base, "/api/sessions/init", "{\"robot_id\":\"franka\",\"scene_id\":\"table\"}");
                    if (r.statusCode() == 201) {
                        battles.add(JSON.readTree(r.body()).get("battle_id").asText());
                    }
                } else if (what < 8 && !battles.isEmpty()) {
                    String battle = battles.get(random.nextInt(battles.size()));
                    if (votedBattles.containsKey(battle)) {
                        continue;
                    }
                    HttpResponse<String> r = post(base, "/api/battles/" + battle + "/turns", "{\"instruction\":\"pick\"}");
                    if (r.statusCode() == 201) {
                        JsonNode t = JSON.readTree(r.body());
                        turns.add(new Turn(battle, t.get("turn_id").asText(), t.get("left_episode_id").asText(),
                                t.get("right_episode_id").asText()));
                    }
                } else if (!turns.isEmpty()) {
                    Turn turn = turns.get(random.nextInt(turns.size()));
                    HttpResponse<String> r = post(base, "/api/votes", "{\"battle_id\":\"" + turn.battleId()
                            + "\",\"vote\":\"tie\"}");
                    if (r.statusCode() == 201) {
                        votedBattles.put(turn.battleId(), turn);
                    }
                }
            } catch (IOException e) {
                // the server was killed: this request was never acknowledged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Checks every acknowledged turn and vote, and every battle ({@code allBattles}) or the last ten. */
    private void verify(URI base, int round, boolean allBattles) throws Exception {
        System.out.printf("kill -9 round %d: checking %d battles, %d turns, %d votes%n", round, battles.size(), turns.size(),
                votedBattles.size());
        for (Turn t : turns) {
            for (String episode : List.of(t.left(), t.right())) {
                HttpResponse<String> r = get(base, "/api/episodes/" + episode);
                assertThat(r.statusCode()).as("round %d: episode %s of acknowledged turn %s", round, episode, t.turnId())
                        .isEqualTo(200);
            }
        }
        for (Map.Entry<String, Turn> v : votedBattles.entrySet()) {
            JsonNode episode = JSON.readTree(get(base, "/api/episodes/" + v.getValue().left()).body());
            assertThat(episode.has("model_id")).as("round %d: the acknowledged vote on %s reveals the models", round,
                    v.getKey()).isTrue();
        }
        List<String> toCheck = allBattles ? List.copyOf(battles) : battles.subList(Math.max(0, battles.size() - 10),
                battles.size());
        for (String battle : toCheck) {
            // a battle that exists takes a turn (201), or refuses it as voted on (400); a lost one is 404
            HttpResponse<String> r = post(base, "/api/battles/" + battle + "/turns", "{\"instruction\":\"check\"}");
            assertThat(r.statusCode()).as("round %d: acknowledged battle %s: %s", round, battle, r.body()).isIn(201, 400);
            if (r.statusCode() == 201) {
                JsonNode t = JSON.readTree(r.body());
                turns.add(new Turn(battle, t.get("turn_id").asText(), t.get("left_episode_id").asText(),
                        t.get("right_episode_id").asText()));
            }
        }
    }

    private HttpResponse<String> post(URI base, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
