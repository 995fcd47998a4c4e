package com.example.policy;

import static io.vlaarena.testkit.ArenaAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.EpisodeView;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.http.HttpVla;
import io.vlaarena.http.ServiceHealth;
import io.vlaarena.http.VlaService;
import io.vlaarena.http.VlaServiceClient;
import io.vlaarena.storage.MongoArenaStore;
import io.vlaarena.models.MockVla;
import io.vlaarena.testkit.junit.ArenaExtension;
import io.vlaarena.testkit.junit.ArenaSettings;
import io.vlaarena.testkit.junit.EmbeddedArenaStore;
import io.vlaarena.testkit.junit.MockVlaService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The policy against the mock model served over HTTP (the original's mock VLA service), in an
 * arena that stores into an embedded MongoDB.
 */
@ExtendWith(ArenaExtension.class)
@ArenaSettings(models = {}, maxSteps = 10, store = ArenaSettings.Store.EMBEDDED)
@Timeout(120)
class ReachPolicyOverHttpTest {

    /** One mock VLA service for the whole class, on a free port, stopped after the class. */
    @MockVlaService
    static VlaService mockService;

    @Test
    void theMockServiceAnswersLikeTheOriginal(@MockVlaService VlaServiceClient client) {
        ServiceHealth health = client.health();
        assertTrue(health.healthy());
        assertEquals("mock-vla", health.model());
        assertEquals("mock", client.info().type());
    }

    @Test
    void battlesTheRemoteMockAndStoresTheTurn(Arena arena, @EmbeddedArenaStore MongoArenaStore store,
            @MockVlaService VlaServiceClient client) {
        arena.register(ReachPolicy.create());
        // The remote mock in step mode: one POST /predict per action.
        arena.register(HttpVla.of(client, VlaSpec.builder("mock-vla").actionDimension(8).build()).withoutObservation());

        SessionStart session = arena.startSession("franka", "table");
        TurnOutcome turn = arena.playTurn(session.battleId(), "pick up the red cube");
        assertTrue(turn.isCompleted(), turn.detail());
        assertThat(arena.battle(session.battleId()).orElseThrow()).isBlind().hasTurns(1);

        List<Turn> stored = store.turns(session.battleId());
        assertEquals(1, stored.size());
        arena.vote(session.battleId(), VoteChoice.LEFT_BETTER);
        Set<String> models = new HashSet<>();
        for (String episodeId : List.of(stored.get(0).leftEpisodeId(), stored.get(0).rightEpisodeId())) {
            EpisodeView episode = arena.episode(episodeId).orElseThrow();
            assertEquals(10, episode.actions().size());
            models.add(episode.modelId().orElseThrow());
            if (episode.modelId().orElseThrow().equals("mock-vla")) {
                // The remote mock's actions are the mock's deterministic action for the instruction.
                assertEquals(MockVla.action("mock-vla", "pick up the red cube"), episode.actions().get(0));
            }
        }
        assertEquals(Set.of("reach-policy", "mock-vla"), models);
    }
}
