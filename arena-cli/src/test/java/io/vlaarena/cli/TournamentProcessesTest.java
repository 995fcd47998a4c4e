package io.vlaarena.cli;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.vlaarena.core.arena.Vote;
import io.vlaarena.core.tournament.Match;
import io.vlaarena.core.tournament.TournamentPlan;
import io.vlaarena.sim.task.TableTasks;
import io.vlaarena.storage.embedded.EmbeddedMongo;
import io.vlaarena.storage.MongoArenaStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arena tournament} as batch engines run it: separate JVM processes against one MongoDB (the
 * embedded server of this test, reached over its wire protocol like any MongoDB).
 */
@Timeout(600)
class TournamentProcessesTest {
    private static final List<String> MODELS = List.of("mock-vla", "mock-vla-2", "mock-vla-3");
    @TempDir
    static Path dir;
    private static EmbeddedMongo mongo;

    @BeforeAll
    static void startStore() {
        mongo = EmbeddedMongo.start(dir.resolve("mongo"));
    }

    @AfterAll
    static void stopStore() {
        mongo.close();
    }

    private static String uri(String database) {
        return mongo.uri() + "/" + database;
    }

    /** Starts {@code arena tournament} in a JVM of its own, output to files. */
    private static Process start(String database, String name, List<String> extra, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ArenaCli.class.getName(), "tournament",
                "--models", String.join(",", MODELS), "--name", name, "--mongo", uri(database)));
        cmd.addAll(extra);
        return new ProcessBuilder(cmd).redirectOutput(log.toFile()).redirectError(new File(log + ".err")).start();
    }

    private static String finish(Process p, Path log) throws Exception {
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the process ends").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out + Files.readString(Path.of(log + ".err"))).isZero();
        return out;
    }

    private static List<String> votes(String database, TournamentPlan plan) {
        try (MongoArenaStore store = MongoArenaStore.connect(uri(database))) {
            List<String> out = new ArrayList<>();
            for (Match m : plan.matches()) {
                Vote v = store.vote(m.battleId()).orElseThrow(() -> new AssertionError("no vote on " + m.battleId()));
                out.add(v.battleId() + " " + v.leftModel() + " " + v.rightModel() + " " + v.choice() + " " + v.task() + " "
                        + v.notes().leftProgress() + " " + v.notes().rightProgress());
            }
            return out;
        }
    }

    private static TournamentPlan plan(String name, List<String> taskIds, int rounds, int steps) {
        return TournamentPlan.builder().name(name).models(MODELS).tasks(TableTasks.suite().select(taskIds)).rounds(rounds)
                .maxSteps(steps).build();
    }

    private static String results(String out) {
        return out.substring(out.indexOf("Success rates"));
    }

    @Test
    void threeShardProcessesStoreExactlyTheMatchesAndBoardOfOneProcess() throws Exception {
        List<String> args = List.of("--tasks", "lift_red_cube,push_red_to_square", "--steps", "8");
        List<Process> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shards.add(start("sharded", "equal", concat(args, "--shard", i + "/3"), dir.resolve("shard" + i + ".log")));
        }
        Process single = start("single", "equal", args, dir.resolve("single.log"));
        for (int i = 0; i < 3; i++) {
            String out = finish(shards.get(i), dir.resolve("shard" + i + ".log"));
            assertThat(out).contains("This process plays shard " + i + "/3: 4 matches").contains("4 played, 0 already stored");
        }
        finish(single, dir.resolve("single.log"));

        TournamentPlan plan = plan("equal", List.of("lift_red_cube", "push_red_to_square"), 1, 8);
        assertThat(votes("sharded", plan)).hasSize(12).isEqualTo(votes("single", plan));
        Process reportSharded = start("sharded", "equal", concat(args, "--report-only"), dir.resolve("rs.log"));
        Process reportSingle = start("single", "equal", concat(args, "--report-only"), dir.resolve("r1.log"));
        String sharded = finish(reportSharded, dir.resolve("rs.log"));
        String one = finish(reportSingle, dir.resolve("r1.log"));
        assertThat(sharded).contains("12 of the plan's 12 matches are stored.").contains("Bradley-Terry with Davidson ties");
        assertThat(results(sharded)).isEqualTo(results(one));
        try (MongoClient client = MongoClients.create(mongo.uri())) {
            MongoDatabase db = client.getDatabase("sharded");
            assertThat(db.getCollection("turns").countDocuments()).isEqualTo(12);
            assertThat(db.getCollection("votes").countDocuments()).isEqualTo(12);
            assertThat(db.getCollection("episodes").countDocuments()).isEqualTo(24);
        }
    }

    @Test
    void aProcessKilledMidRunAndRestartedCompletesWithoutDuplicates() throws Exception {
        List<String> args = List.of("--tasks", "lift_red_cube,stack_red_on_blue,touch_green_sphere", "--rounds", "2",
                "--steps", "15");
        TournamentPlan plan = plan("killed", List.of("lift_red_cube", "stack_red_on_blue", "touch_green_sphere"), 2, 15);
        Process first = start("killed", "killed", args, dir.resolve("first.log"));
        long stored = 0;
        try (MongoClient client = MongoClients.create(mongo.uri())) {
            var votes = client.getDatabase("killed").getCollection("votes");
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (stored < 6 && System.nanoTime() < deadline && first.isAlive()) {
                Thread.sleep(100);
                stored = votes.countDocuments();
            }
        }
        first.destroyForcibly().waitFor(60, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no clean close
        assertThat(stored).as("killed mid-run").isBetween(6L, 35L);

        String out = finish(start("killed", "killed", args, dir.resolve("second.log")), dir.resolve("second.log"));

        assertThat(out).containsPattern("Shard 0/1: \\d+ played, \\d+ already stored, 0 failed.")
                .contains("36 of the plan's 36 matches are stored.");
        String counts = out.lines().filter(l -> l.startsWith("Shard 0/1:")).findFirst().orElseThrow();
        int played = Integer.parseInt(counts.replaceAll(".*: (\\d+) played.*", "$1"));
        int skipped = Integer.parseInt(counts.replaceAll(".*, (\\d+) already stored.*", "$1"));
        assertThat(played + skipped).isEqualTo(36);
        assertThat(skipped).isGreaterThanOrEqualTo((int) stored);
        try (MongoClient client = MongoClients.create(mongo.uri()); MongoArenaStore store = MongoArenaStore.connect(uri("killed"))) {
            MongoDatabase db = client.getDatabase("killed");
            for (Match m : plan.matches()) {
                assertThat(db.getCollection("votes").countDocuments(eq("battle_id", m.battleId()))).as(m.battleId()).isEqualTo(1);
                assertThat(db.getCollection("turns").countDocuments(eq("battle_id", m.battleId()))).as(m.battleId()).isEqualTo(1);
                assertThat(db.getCollection("battles").countDocuments(eq("battle_id", m.battleId()))).isEqualTo(1);
                assertThat(store.turns(m.battleId()).get(0).leftEpisodeId()).satisfies(e -> assertThat(store.episode(e)).isPresent());
            }
            assertThat(db.getCollection("votes").countDocuments()).isEqualTo(36);
            // a turn the kill cut before its commit point left invisible episodes; the sweep removes them
            store.sweep(Duration.ZERO);
            assertThat(db.getCollection("episodes").countDocuments()).isEqualTo(72);
            assertThat(db.getCollection("turn_writes").countDocuments(new Document())).isZero();
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
