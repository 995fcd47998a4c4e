package io.vlaarena.testkit.junit;

import static io.vlaarena.testkit.ArenaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.core.scene.SceneCatalog;
import io.vlaarena.storage.MongoArenaStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArenaExtension.class)
@ArenaSettings(maxSteps = 10)
@Timeout(60)
class ArenaExtensionTest {

    @Test
    void injectsAReadyArena(Arena arena, SceneCatalog scenes) {
        assertThat(arena.models()).extracting(ModelInfo::id).containsExactly("mock-vla", "mock-vla-2");
        assertThat(scenes.robotIds()).contains("franka_panda");
        SessionStart s = arena.startSession("franka_panda", "table_pick_place");
        assertThat(arena.playTurn(s.battleId(), "pick up the red cube").isCompleted()).isTrue();
        assertThat(arena.battle(s.battleId()).orElseThrow()).isBlind().hasTurns(1);
        arena.vote(s.battleId(), VoteChoice.TIE);
        assertThat(arena.battle(s.battleId()).orElseThrow()).isRevealed();
        String episode = arena.battle(s.battleId()).orElseThrow().turns().get(0).leftEpisodeId();
        assertThat(arena.episode(episode).orElseThrow().actions()).hasSize(10);
    }

    @Test
    @ArenaSettings(models = {"a", "b", "c"}, maxSteps = 3)
    void methodSettingsWin(Arena arena) {
        assertThat(arena.models()).extracting(ModelInfo::id).containsExactly("a", "b", "c");
    }

    @Test
    void eachTestGetsItsOwnArena(Arena arena) {
        assertThat(arena.votes()).isEmpty();
    }

    @Test
    @ArenaSettings(maxSteps = 3, store = ArenaSettings.Store.EMBEDDED)
    void anEmbeddedStoreKeepsWhatTheArenaPlays(Arena arena, @EmbeddedArenaStore MongoArenaStore store) {
        assertThat(arena.store()).isSameAs(store);
        SessionStart s = arena.startSession("franka", "table");
        TurnOutcome turn = arena.playTurn(s.battleId(), "push the red cube");
        assertThat(turn.isCompleted()).isTrue();
        try (MongoClient client = MongoClients.create(store.embeddedServer().orElseThrow().uri())) {
            assertThat(client.getDatabase("vlaarena").getCollection("episodes")
                    .countDocuments(new Document("battle_id", s.battleId()))).isEqualTo(2);
        }
        assertThat(store.turns(s.battleId())).hasSize(1);
    }
}
