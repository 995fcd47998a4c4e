package io.vlaarena.testkit;

import static io.vlaarena.testkit.ArenaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Action;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.BattleView;
import io.vlaarena.core.arena.RevealedModels;
import io.vlaarena.models.MockVla;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArenaAssertionsTest {
    private static Episode mockEpisode(String instruction) {
        return EpisodeRunner.builder().maxSteps(5).build().run(new MockVla(), new FakeEnvironment(8),
                new RolloutContext(instruction, "<mujoco/>", 0, 5));
    }

    @Test
    void passingAssertionsChain() {
        Episode e = mockEpisode("pick");
        assertThat(e).isCompleted().hasLength(5).hasActionDimension(8).hasFiniteValues().hasStateLayout(8, 8)
                .isDeterministicallyEqualTo(mockEpisode("pick"));
    }

    @Test
    void failingAssertionsSayWhatDiffered() {
        Episode e = mockEpisode("pick");
        assertThatThrownBy(() -> assertThat(e).hasLength(6)).isInstanceOf(AssertionError.class).hasMessageContaining("6 actions");
        assertThatThrownBy(() -> assertThat(e).hasStateLayout(9, 8)).hasMessageContaining("nq=9");
        assertThatThrownBy(() -> assertThat(e).hasFailed()).hasMessageContaining("to fail");
        assertThatThrownBy(() -> assertThat(e).isDeterministicallyEqualTo(mockEpisode("push")))
                .hasMessageContaining("differ at action 0");
        Episode blownUp = Episode.completed("m", "x", List.of(Action.of(0)),
                List.of(new SimState(new double[] {3e7}, new double[] {0}, 0.2)), Duration.ZERO);
        assertThatThrownBy(() -> assertThat(blownUp).hasFiniteValues()).hasMessageContaining("qpos of state 0");
        Episode failed = Episode.failed("m", "x", List.of(), List.of(), Duration.ZERO,
                new EpisodeFailure(EpisodeFailure.Kind.TIMEOUT, 0, "slow"));
        assertThat(failed).hasFailedWith(EpisodeFailure.Kind.TIMEOUT);
        assertThatThrownBy(() -> assertThat(failed).hasFailedWith(EpisodeFailure.Kind.MODEL_ERROR)).hasMessageContaining("TIMEOUT");
        assertThatThrownBy(() -> assertThat(failed).isCompleted()).hasMessageContaining("slow");
    }

    @Test
    void battleAssertionsCheckBlindness() {
        BattleView blind = new BattleView("battle_1", "sess_1", 0, "franka", "table", List.of(), Optional.empty(), Optional.empty());
        BattleView voted = new BattleView("battle_1", "sess_1", 0, "franka", "table", List.of(), Optional.of(VoteChoice.TIE),
                Optional.of(new RevealedModels("a", "b")));
        assertThat(blind).isBlind().hasTurns(0);
        assertThat(voted).isRevealed().hasVote(VoteChoice.TIE);
        assertThatThrownBy(() -> assertThat(voted).isBlind()).hasMessageContaining("reveals");
        assertThatThrownBy(() -> assertThat(blind).isRevealed()).hasMessageContaining("still blind");
        assertThatThrownBy(() -> assertThat(voted).hasVote(VoteChoice.BOTH_BAD)).hasMessageContaining("TIE");
    }
}
