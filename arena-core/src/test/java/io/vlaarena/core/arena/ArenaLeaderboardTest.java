package io.vlaarena.core.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.FakeEnvironment;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.Ranking;
import io.vlaarena.core.scene.SceneCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ArenaLeaderboardTest {
    static final SceneCatalog CATALOG = SceneCatalog.builder().robot("franka", ArenaTest.ROBOT).robot("ur5", ArenaTest.ROBOT)
            .scene("table", ArenaTest.SCENE).robotAlias("franka_panda", "franka").build();

    private static Vla model(String id) {
        return Vla.stateless(VlaSpec.builder(id).actionDimension(2).build(), (o, i) -> ActionChunk.of(Action.of(0, 0)));
    }

    /** Plays and votes a battle, with the better model as judged by {@code better} winning. */
    private static void battle(Arena arena, String robot, String better) {
        SessionStart s = arena.startSession(robot, "table");
        arena.playTurn(s.battleId(), "pick");
        Battle b = arena.store().battle(s.battleId()).orElseThrow();
        VoteChoice choice = b.leftModel().equals(better) ? VoteChoice.LEFT_BETTER
                : b.rightModel().equals(better) ? VoteChoice.RIGHT_BETTER : VoteChoice.TIE;
        arena.vote(s.battleId(), choice);
    }

    @Test
    void ranksFromStoredVotesOverallAndPerRobot() {
        try (Arena arena = Arena.builder().scenes(CATALOG).environments((x, o) -> new FakeEnvironment(2, 2)).seed(7)
                .maxSteps(2).model(model("good")).model(model("bad")).build()) {
            for (int i = 0; i < 6; i++) {
                battle(arena, "franka", "good");
            }
            for (int i = 0; i < 6; i++) {
                battle(arena, "ur5", "bad");
            }
            for (int i = 0; i < 2; i++) {
                battle(arena, "franka", "good");
            }

            Leaderboard elo = arena.leaderboard(LeaderboardQuery.elo());
            assertThat(elo.method()).isEqualTo(Leaderboard.Method.ELO);
            assertThat(elo.rankings()).extracting(Ranking::voteCount).containsOnly(14);

            Leaderboard franka = arena.leaderboard(LeaderboardQuery.defaults().withRobot("franka_panda"));
            assertThat(franka.modelIds()).containsExactly("good", "bad");
            Ranking good = franka.find("good").orElseThrow();
            assertThat(good.voteCount()).isEqualTo(8);
            assertThat(good.wins()).isEqualTo(8);
            assertThat(good.winRate()).isEqualTo(1.0);
            // unanimous votes: every bootstrap resample is the same, so the interval collapses onto the fit
            assertThat(good.ciLower()).isLessThanOrEqualTo(good.rating());
            assertThat(good.ciUpper()).isGreaterThanOrEqualTo(good.rating());

            Leaderboard ur5 = arena.leaderboard(LeaderboardQuery.elo().withRobot("ur5"));
            assertThat(ur5.modelIds()).containsExactly("bad", "good");
            // The original's Elo: after 6 straight wins from 1500/1500 the winner is well above 1500.
            assertThat(ur5.find("bad").orElseThrow().eloScore()).isGreaterThan(1560);

            assertThat(arena.leaderboard(LeaderboardQuery.defaults().withRobot("ur10")).rankings()).isEmpty();
            assertThat(arena.leaderboard(LeaderboardQuery.elo().withMinVoteCount(9).withRobot("franka")).rankings()).isEmpty();
            assertThat(arena.leaderboard(LeaderboardQuery.elo().withScene("table")).rankings()).hasSize(2);
        }
    }

    @Test
    void rejectsBadQueries() {
        assertThatThrownBy(() -> LeaderboardQuery.defaults().withMinVoteCount(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LeaderboardQuery.defaults().withBootstrapRounds(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
