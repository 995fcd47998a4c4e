package io.vlaarena.core.arena;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Action;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VoteChoice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryArenaStoreTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static EpisodeRecord episode(String id, String turnId, Side side) {
        return new EpisodeRecord(id, "sess_1", "battle_1", turnId, 0, 0, side, side == Side.LEFT ? "a" : "b",
                List.of(Action.of(1, 2)), List.of(new SimState(new double[] {1}, new double[] {0}, 0.2)),
                Duration.ofMillis(12), T);
    }

    @Test
    void retriedTurnIsStoredOnce() {
        InMemoryArenaStore store = new InMemoryArenaStore();
        Turn turn = new Turn("turn_1", "battle_1", "sess_1", 0, "pick", "ep_l", "ep_r", T);
        store.saveTurn(turn, episode("ep_l", "turn_1", Side.LEFT), episode("ep_r", "turn_1", Side.RIGHT));
        store.saveTurn(turn, episode("ep_l", "turn_1", Side.LEFT), episode("ep_r", "turn_1", Side.RIGHT));
        assertThat(store.turns("battle_1")).containsExactly(turn);
        assertThat(store.episode("ep_l")).isPresent();
        assertThat(store.episode("ep_r").orElseThrow().durationMs()).isEqualTo(12);
    }

    @Test
    void secondVoteOnABattleIsRefused() {
        InMemoryArenaStore store = new InMemoryArenaStore();
        Vote v1 = new Vote("vote_1", "battle_1", "sess_1", VoteChoice.TIE, "a", "b", "franka", "table", T);
        Vote v2 = new Vote("vote_2", "battle_1", "sess_1", VoteChoice.LEFT_BETTER, "a", "b", "franka", "table", T);
        assertThat(store.saveVote(v1)).isTrue();
        assertThat(store.saveVote(v2)).isFalse();
        assertThat(store.vote("battle_1")).contains(v1);
        assertThat(store.votes()).containsExactly(v1);
    }
}
