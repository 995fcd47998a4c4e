package io.vlaarena.core.rating;

import static io.vlaarena.core.VoteChoice.BOTH_BAD;
import static io.vlaarena.core.VoteChoice.LEFT_BETTER;
import static io.vlaarena.core.VoteChoice.RIGHT_BETTER;
import static io.vlaarena.core.VoteChoice.TIE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EloRatingTest {
    private static final EloRating ALL_MODELS = EloRating.builder().minVoteCount(0).build();

    private static double rating(Leaderboard board, String model) {
        return board.find(model).orElseThrow().rating();
    }

    @Test
    void defaultsAreTheOriginalArenas() {
        EloRating elo = EloRating.of();
        assertThat(elo.initialRating()).isEqualTo(1500.0);
        assertThat(elo.kFactor()).isEqualTo(32.0);
        assertThat(elo.minVoteCount()).isEqualTo(5);
    }

    @Test
    void firstLeftWinBetweenFreshModelsGives1516And1484() {
        Leaderboard board = ALL_MODELS.rate(List.of(RatedVote.of("a", "b", LEFT_BETTER)));

        // E = 1/(1+10^0) = 0.5 each; a: 1500 + 32*(1-0.5), b: 1500 + 32*(0-0.5).
        assertThat(rating(board, "a")).isEqualTo(1516.0);
        assertThat(rating(board, "b")).isEqualTo(1484.0);
        assertThat(board.method()).isEqualTo(Leaderboard.Method.ELO);
    }

    @Test
    void rightWinMovesTheRightModelUp() {
        Leaderboard board = ALL_MODELS.rate(List.of(RatedVote.of("a", "b", RIGHT_BETTER)));

        assertThat(rating(board, "a")).isEqualTo(1484.0);
        assertThat(rating(board, "b")).isEqualTo(1516.0);
    }

    @Test
    void tiesPullRatingsTogether() {
        List<RatedVote> votes = List.of(
                RatedVote.of("a", "b", LEFT_BETTER), // 1516 / 1484
                RatedVote.of("a", "b", TIE),
                RatedVote.of("b", "a", TIE));
        Leaderboard board = ALL_MODELS.rate(votes);

        // Vote 2: E_a = 1/(1+10^((1484-1516)/400)) = 1/(1+10^-0.08) = 0.5459219;
        //   a = 1516 + 32*(0.5-0.5459219) = 1514.5304985, b = 1485.4695015.
        // Vote 3: E_a = 1/(1+10^(-29.061/400)) = 0.5417249;
        //   a = 1514.5304985 + 32*(0.5-0.5417249) = 1513.1953025, b = 1486.8046975.
        assertThat(rating(board, "a")).isCloseTo(1513.1953025, within(1e-6));
        assertThat(rating(board, "b")).isCloseTo(1486.8046975, within(1e-6));
        assertThat(board.find("a").orElseThrow().ties()).isEqualTo(2);
    }

    @Test
    void tieBetweenEqualModelsChangesNothing() {
        Leaderboard board = ALL_MODELS.rate(List.of(RatedVote.of("a", "b", TIE)));

        assertThat(rating(board, "a")).isEqualTo(1500.0);
        assertThat(rating(board, "b")).isEqualTo(1500.0);
    }

    @Test
    void bothBadCostsBothModelsEightPoints() {
        Leaderboard board = ALL_MODELS.rate(List.of(RatedVote.of("a", "b", BOTH_BAD)));

        // Actual 0.25 each against an expected 0.5: 1500 + 32*(0.25-0.5) = 1492.
        assertThat(rating(board, "a")).isEqualTo(1492.0);
        assertThat(rating(board, "b")).isEqualTo(1492.0);
        Ranking a = board.find("a").orElseThrow();
        assertThat(a.voteCount()).isEqualTo(1);
        assertThat(a.wins() + a.losses() + a.ties()).isZero();
        assertThat(a.bothBad()).isEqualTo(1);
    }

    @Test
    void threeVoteSequenceMatchesHandComputation() {
        List<RatedVote> votes = List.of(
                RatedVote.of("a", "b", LEFT_BETTER),
                RatedVote.of("c", "a", LEFT_BETTER),
                RatedVote.of("b", "c", TIE));
        Leaderboard board = ALL_MODELS.rate(votes);

        // 1. a beats b, both fresh: a = 1516, b = 1484.
        // 2. c (1500) beats a (1516): E_c = 1/(1+10^(16/400)) = 1/(1+1.0964782) = 0.4769904,
        //    E_a = 0.5230096; c = 1500 + 32*(1-0.4769904) = 1516.7363068,
        //    a = 1516 + 32*(0-0.5230096) = 1499.2636932.
        // 3. b (1484) ties c (1516.7363068): E_b = 1/(1+10^(32.7363068/400)) = 0.4530276,
        //    E_c = 0.5469724; b = 1484 + 32*(0.5-0.4530276) = 1485.5031171,
        //    c = 1516.7363068 + 32*(0.5-0.5469724) = 1515.2331897.
        assertThat(rating(board, "a")).isCloseTo(1499.2636932, within(1e-6));
        assertThat(rating(board, "b")).isCloseTo(1485.5031171, within(1e-6));
        assertThat(rating(board, "c")).isCloseTo(1515.2331897, within(1e-6));
        assertThat(board.modelIds()).containsExactly("c", "a", "b");
        assertThat(board.find("c").orElseThrow().eloScore()).isEqualTo(1515);
    }

    @Test
    void modelNeedsFiveVotesToAppearByDefault() {
        List<RatedVote> votes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            votes.add(RatedVote.of("five", i < 4 ? "four" : "one", LEFT_BETTER));
        }
        Leaderboard board = EloRating.of().rate(votes);

        assertThat(board.modelIds()).containsExactly("five");
        assertThat(board.minVoteCount()).isEqualTo(5);
        assertThat(EloRating.builder().minVoteCount(4).build().rate(votes).modelIds())
                .containsExactly("five", "four");
        assertThat(EloRating.builder().minVoteCount(0).build().rate(votes).modelIds())
                .containsExactly("five", "one", "four");
    }

    @Test
    void winRateIsWinsOverAllVotesIncludingBothBad() {
        List<RatedVote> votes = List.of(
                RatedVote.of("a", "b", LEFT_BETTER),
                RatedVote.of("b", "a", RIGHT_BETTER),
                RatedVote.of("a", "b", RIGHT_BETTER),
                RatedVote.of("a", "b", TIE),
                RatedVote.of("a", "b", BOTH_BAD));
        Ranking a = EloRating.of().rate(votes).find("a").orElseThrow();

        assertThat(a.voteCount()).isEqualTo(5);
        assertThat(a.wins()).isEqualTo(2);
        assertThat(a.losses()).isEqualTo(1);
        assertThat(a.ties()).isEqualTo(1);
        assertThat(a.winRate()).isEqualTo(0.4);
        assertThat(a.hasConfidenceInterval()).isFalse();
        assertThat(a.ciLower()).isNull();
        assertThat(a.ciUpper()).isNull();
    }

    @Test
    void customInitialRatingAndKFactorApply() {
        Leaderboard board = EloRating.builder().initialRating(1000).kFactor(16).minVoteCount(0).build()
                .rate(List.of(RatedVote.of("a", "b", LEFT_BETTER)));

        assertThat(rating(board, "a")).isEqualTo(1008.0);
        assertThat(rating(board, "b")).isEqualTo(992.0);
        assertThat(EloRating.of(1000, 16).kFactor()).isEqualTo(16.0);
    }

    @Test
    void resultDependsOnVoteOrder() {
        RatedVote aWins = RatedVote.of("a", "b", LEFT_BETTER);
        RatedVote bWins = RatedVote.of("a", "b", RIGHT_BETTER);

        double first = rating(ALL_MODELS.rate(List.of(aWins, bWins)), "a");
        double second = rating(ALL_MODELS.rate(List.of(bWins, aWins)), "a");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void equalRatingsAreOrderedByModelId() {
        Leaderboard board = ALL_MODELS.rate(List.of(RatedVote.of("z", "m", TIE), RatedVote.of("b", "y", TIE)));

        assertThat(board.modelIds()).containsExactly("b", "m", "y", "z");
    }

    @Test
    void noVotesGiveAnEmptyBoard() {
        assertThat(EloRating.of().rate(List.of()).rankings()).isEmpty();
    }

    @Test
    void rejectsInvalidSettingsAndInput() {
        assertThatThrownBy(() -> EloRating.builder().kFactor(0)).hasMessageContaining("kFactor");
        assertThatThrownBy(() -> EloRating.builder().initialRating(Double.NaN)).hasMessageContaining("initialRating");
        assertThatThrownBy(() -> EloRating.builder().minVoteCount(-1)).hasMessageContaining("minVoteCount");
        assertThatThrownBy(() -> EloRating.of().rate(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EloRating.of().rate(Arrays.asList(RatedVote.of("a", "b", TIE), null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("index 1");
    }

    @Test
    void toBuilderKeepsSettings() {
        EloRating elo = EloRating.builder().kFactor(24).minVoteCount(2).build();

        EloRating copy = elo.toBuilder().initialRating(1200).build();

        assertThat(copy.kFactor()).isEqualTo(24);
        assertThat(copy.minVoteCount()).isEqualTo(2);
        assertThat(copy.initialRating()).isEqualTo(1200);
    }
}
