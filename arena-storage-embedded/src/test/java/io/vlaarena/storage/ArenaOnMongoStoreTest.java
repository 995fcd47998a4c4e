package io.vlaarena.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.EpisodeRecord;
import io.vlaarena.core.arena.LeaderboardQuery;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.storage.embedded.EmbeddedMongo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The core {@link Arena} on a {@link MongoArenaStore} over the embedded server, faults included. */
@Timeout(120)
class ArenaOnMongoStoreTest {

    @TempDir
    Path dir;
    EmbeddedMongo mongo;
    MongoArenaStore store;
    Arena arena;

    static Vla model(String id, double value) {
        // 8 ctrl values (7 arm joint targets and the gripper) for the bundled franka
        return Vla.stateless(VlaSpec.builder(id).actionDimension(8).build(),
                (obs, instr) -> ActionChunk.of(Action.of(value, -0.8, 0, -2.3, 0, 1.6, 0.8, 0.02)));
    }

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(dir);
        store = MongoArenaStore.open(MongoStoreConfig.builder().uri(mongo.uri())
                .serverSelectionTimeout(Duration.ofSeconds(1)).build());
        arena = Arena.builder().scenes(io.vlaarena.sim.BundledScenes.catalog())
                .environments(new io.vlaarena.sim.MjcfEnvironmentFactory()).store(store).seed(7).maxSteps(10)
                .model(model("alpha", 0.1)).model(model("beta", 0.2)).build();
    }

    @AfterEach
    void stop() {
        arena.close();
        store.close();
        mongo.close();
    }

    @Test
    void playsVotesAndRanksOnTheStore() {
        SessionStart s = arena.startSession("franka", "table");
        TurnOutcome t = arena.playTurn(s.battleId(), "pick up the red cube");
        assertThat(t.isCompleted()).as(t.detail()).isTrue();
        Turn turn = t.turn().orElseThrow();
        EpisodeRecord left = store.episode(turn.leftEpisodeId()).orElseThrow();
        assertThat(left.actions()).hasSize(10);
        assertThat(arena.episode(turn.leftEpisodeId()).orElseThrow().modelId()).as("blind before the vote").isEmpty();
        var revealed = arena.vote(s.battleId(), VoteChoice.LEFT_BETTER).revealed();
        assertThat(left.modelId()).isEqualTo(revealed.left());
        assertThat(arena.votes()).hasSize(1);
        assertThat(arena.leaderboard(LeaderboardQuery.defaults())).isNotNull();
    }

    @Test
    void aStoreLostWhileATurnIsStoredFailsTheTurnAndTheArenaServesOnceItIsBack() {
        SessionStart s = arena.startSession("franka", "table");
        int port = mongo.port();
        store.afterPhase(phase -> {
            if (phase.equals("journal")) {
                mongo.close(); // the server dies in the middle of the write
            }
        });
        TurnOutcome failed = arena.playTurn(s.battleId(), "pick");
        assertThat(failed.isCompleted()).isFalse();
        assertThat(failed.detail()).contains("could not be stored").contains(mongo.uri()).doesNotContain("alpha");

        TurnOutcome down = arena.playTurn(s.battleId(), "pick");
        assertThat(down.isCompleted()).as("still down: a failed turn, not an exception").isFalse();
        assertThat(down.detail()).contains("store is unavailable");

        store.afterPhase(phase -> {});
        mongo = EmbeddedMongo.start(dir, port);
        assertThat(store.turns(s.battleId())).as("nothing of the failed turn is visible").isEmpty();
        TurnOutcome ok = arena.playTurn(s.battleId(), "pick");
        assertThat(ok.isCompleted()).as(ok.detail()).isTrue();
        assertThat(ok.turn().orElseThrow().seq()).isZero();
        assertThat(store.sweep(Duration.ZERO).rolledBackTurns()).as("the failed write's journal entry").isEqualTo(1);
        assertThat(store.turns(s.battleId())).hasSize(1);
        assertThat(arena.vote(s.battleId(), VoteChoice.TIE).voteId()).startsWith("vote_");
    }
}
