package io.vlaarena.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderboardTest {
    @Test
    void sortsBestFirstThenByModelId() {
        List<Ranking> rows = List.of(
                Ranking.of("low", 1400, 5, 0, 5, 0),
                Ranking.of("zeta", 1550, 5, 3, 2, 0),
                Ranking.of("alpha", 1550, 5, 3, 2, 0));

        Leaderboard board = new Leaderboard(Leaderboard.Method.ELO, 5, null, rows);

        assertThat(board.modelIds()).containsExactly("alpha", "zeta", "low");
    }

    @Test
    void copiesItsRows() {
        List<Ranking> rows = new ArrayList<>(List.of(Ranking.of("a", 1500, 5, 1, 1, 1)));
        Leaderboard board = new Leaderboard(Leaderboard.Method.ELO, 0, null, rows);

        rows.clear();

        assertThat(board.rankings()).hasSize(1);
        assertThatThrownBy(() -> board.rankings().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void findsRowsByModelId() {
        Leaderboard board = new Leaderboard(Leaderboard.Method.ELO, 0, null,
                List.of(Ranking.of("a", 1500, 5, 1, 1, 1)));

        assertThat(board.find("a")).isPresent();
        assertThat(board.find("b")).isEmpty();
    }

    @Test
    void rejectsRepeatedModelsAndBadSettings() {
        Ranking a = Ranking.of("a", 1500, 5, 1, 1, 1);
        assertThatThrownBy(() -> new Leaderboard(Leaderboard.Method.ELO, 0, null, List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a' appears twice");
        assertThatThrownBy(() -> new Leaderboard(Leaderboard.Method.ELO, -1, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Leaderboard(Leaderboard.Method.BRADLEY_TERRY, 0, 1.0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statesTheMinimumVoteRuleSoThatAnEmptyBoardSaysWhy() {
        List<RatedVote> votes = List.of(new RatedVote("a", "b", io.vlaarena.core.VoteChoice.LEFT_BETTER),
                new RatedVote("a", "c", io.vlaarena.core.VoteChoice.TIE));
        Leaderboard board = EloRating.of().rate(votes);
        assertThat(board.rankings()).isEmpty();
        assertThat(board.hiddenModels()).isEqualTo(3);
        assertThat(board.minimumVoteRule()).isEqualTo("Models appear with at least 5 votes; 3 rated models have fewer and are not shown.");
        Leaderboard all = EloRating.builder().minVoteCount(1).build().rate(votes);
        assertThat(all.hiddenModels()).isZero();
        assertThat(all.minimumVoteRule()).isEqualTo("Models appear with at least 1 vote.");
        assertThat(BradleyTerry.builder().minVoteCount(2).bootstrapRounds(10).build().rate(votes).hiddenModels()).isEqualTo(2);
    }
}
