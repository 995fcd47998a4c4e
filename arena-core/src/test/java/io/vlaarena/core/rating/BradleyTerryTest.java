package io.vlaarena.core.rating;

import static io.vlaarena.core.VoteChoice.BOTH_BAD;
import static io.vlaarena.core.VoteChoice.LEFT_BETTER;
import static io.vlaarena.core.VoteChoice.RIGHT_BETTER;
import static io.vlaarena.core.VoteChoice.TIE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.bench.SyntheticVotes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BradleyTerryTest {
    private static final BradleyTerry POINT_FIT =
            BradleyTerry.builder().confidenceIntervals(false).minVoteCount(0).build();

    private static List<RatedVote> repeat(String left, String right, VoteChoice choice, int times) {
        return Collections.nCopies(times, RatedVote.of(left, right, choice));
    }

    private static List<RatedVote> concat(List<List<RatedVote>> parts) {
        List<RatedVote> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    private static double rating(Leaderboard board, String model) {
        return board.find(model).orElseThrow().rating();
    }

    private static double meanRating(Leaderboard board) {
        return board.rankings().stream().mapToDouble(Ranking::rating).average().orElseThrow();
    }

    @Test
    void symmetricDataGivesEqualRatings() {
        List<RatedVote> votes = concat(List.of(
                repeat("a", "b", LEFT_BETTER, 7), repeat("a", "b", RIGHT_BETTER, 7),
                repeat("b", "c", LEFT_BETTER, 4), repeat("c", "b", LEFT_BETTER, 4),
                repeat("c", "a", TIE, 3)));

        Leaderboard board = BradleyTerry.builder().minVoteCount(0).bootstrapRounds(100).build().rate(votes);

        for (Ranking r : board.rankings()) {
            assertThat(r.rating()).isCloseTo(1500.0, within(1e-6));
            assertThat(r.ciLower()).isLessThanOrEqualTo(r.rating());
            assertThat(r.ciUpper()).isGreaterThanOrEqualTo(r.rating());
        }
        assertThat(board.method()).isEqualTo(Leaderboard.Method.BRADLEY_TERRY);
        assertThat(board.confidenceLevel()).isEqualTo(0.95);
    }

    @Test
    void twoModelsMatchTheClosedFormWhenThePriorIsNegligible() {
        List<RatedVote> votes = concat(List.of(repeat("a", "b", LEFT_BETTER, 75), repeat("b", "a", LEFT_BETTER, 25)));

        Leaderboard board = POINT_FIT.toBuilder().priorWeight(1e-9).build().rate(votes);

        // p_a / p_b = 75 / 25, so the gap is 400 * log10(3) = 190.849, split around 1500.
        double gap = 400 * Math.log10(3);
        assertThat(rating(board, "a")).isCloseTo(1500 + gap / 2, within(1e-4));
        assertThat(rating(board, "b")).isCloseTo(1500 - gap / 2, within(1e-4));
    }

    @Test
    void defaultPriorShrinksSmallSamplesOnlySlightly() {
        List<RatedVote> votes = concat(List.of(repeat("a", "b", LEFT_BETTER, 75), repeat("b", "a", LEFT_BETTER, 25)));

        double gap = rating(POINT_FIT.rate(votes), "a") - rating(POINT_FIT.rate(votes), "b");

        assertThat(gap).isLessThan(400 * Math.log10(3)).isGreaterThan(400 * Math.log10(3) - 2);
    }

    @Test
    void recoversKnownStrengthsFromManyVotes() {
        double[] truth = SyntheticVotes.evenlySpaced(10, 400);
        List<RatedVote> votes = SyntheticVotes.draw(truth, 20_000, 0, 0, 7);

        Leaderboard board = POINT_FIT.rate(votes);

        List<String> expectedOrder = new ArrayList<>();
        for (int i = truth.length - 1; i >= 0; i--) {
            expectedOrder.add(SyntheticVotes.modelId(i));
        }
        assertThat(board.modelIds()).containsExactlyElementsOf(expectedOrder);
        for (int i = 0; i < truth.length; i++) {
            assertThat(rating(board, SyntheticVotes.modelId(i))).isCloseTo(truth[i], within(20.0));
        }
    }

    @Test
    void intervalsCoverTheTrueRatingsAtAboutTheNominalRate() {
        int repetitions = 20;
        int models = 8;
        int covered = 0;
        double width = 0;
        for (int rep = 0; rep < repetitions; rep++) {
            double[] truth = SyntheticVotes.evenlySpaced(models, 300); // mean already 1500
            List<RatedVote> votes = SyntheticVotes.draw(truth, 2_000, 0, 0, 1000 + rep);
            Leaderboard board = BradleyTerry.builder().minVoteCount(0).bootstrapRounds(200).seed(rep).build()
                    .rate(votes);
            for (int i = 0; i < models; i++) {
                Ranking r = board.find(SyntheticVotes.modelId(i)).orElseThrow();
                if (r.ciLower() <= truth[i] && truth[i] <= r.ciUpper()) {
                    covered++;
                }
                width += r.ciUpper() - r.ciLower();
            }
        }
        double rate = (double) covered / (repetitions * models);
        System.out.printf("Bradley-Terry 95%% bootstrap coverage: %d/%d = %.3f, mean width %.1f points%n",
                covered, repetitions * models, rate, width / (repetitions * models));
        assertThat(rate).isBetween(0.85, 0.995);
    }

    @Test
    void undefeatedModelStaysFinite() {
        List<RatedVote> votes = repeat("champion", "b", LEFT_BETTER, 50);

        Leaderboard board = BradleyTerry.builder().bootstrapRounds(50).build().rate(votes);

        Ranking champion = board.find("champion").orElseThrow();
        Ranking b = board.find("b").orElseThrow();
        assertThat(champion.rating()).isFinite().isGreaterThan(b.rating() + 400);
        assertThat(champion.ciLower()).isFinite();
        assertThat(champion.ciUpper()).isFinite();
        assertThat(champion.winRate()).isEqualTo(1.0);
    }

    @Test
    void disconnectedComparisonsStayFiniteAndAverage1500() {
        List<RatedVote> votes = concat(List.of(
                repeat("a", "b", LEFT_BETTER, 6), repeat("c", "d", LEFT_BETTER, 6), repeat("d", "c", LEFT_BETTER, 2)));

        Leaderboard board = POINT_FIT.rate(votes);

        assertThat(board.rankings()).hasSize(4).allSatisfy(r -> assertThat(r.rating()).isFinite());
        assertThat(meanRating(board)).isCloseTo(1500.0, within(1e-9));
        assertThat(rating(board, "a")).isGreaterThan(rating(board, "c"));
    }

    @Test
    void tiesCountHalfAWinForEachSide() {
        List<RatedVote> split = List.of(RatedVote.of("a", "b", LEFT_BETTER), RatedVote.of("a", "b", RIGHT_BETTER),
                RatedVote.of("a", "c", LEFT_BETTER), RatedVote.of("a", "c", LEFT_BETTER));
        List<RatedVote> tied = List.of(RatedVote.of("a", "b", TIE), RatedVote.of("b", "a", TIE),
                RatedVote.of("a", "c", LEFT_BETTER), RatedVote.of("a", "c", LEFT_BETTER));
        List<RatedVote> bothBad = List.of(RatedVote.of("a", "b", BOTH_BAD), RatedVote.of("a", "b", TIE),
                RatedVote.of("a", "c", LEFT_BETTER), RatedVote.of("a", "c", LEFT_BETTER));

        Leaderboard fromSplit = POINT_FIT.rate(split);
        Leaderboard fromTies = POINT_FIT.rate(tied);
        Leaderboard fromBothBad = POINT_FIT.rate(bothBad);

        for (String model : List.of("a", "b", "c")) {
            assertThat(rating(fromTies, model)).isCloseTo(rating(fromSplit, model), within(1e-9));
            assertThat(rating(fromBothBad, model)).isCloseTo(rating(fromSplit, model), within(1e-9));
        }
        assertThat(fromTies.find("b").orElseThrow().ties()).isEqualTo(2);
        assertThat(fromBothBad.find("b").orElseThrow().ties()).isEqualTo(1);
        assertThat(fromBothBad.find("b").orElseThrow().bothBad()).isEqualTo(1);
    }

    @Test
    void ratingsDoNotDependOnVoteOrder() {
        List<RatedVote> votes = new ArrayList<>(SyntheticVotes.draw(SyntheticVotes.evenlySpaced(5, 200), 500, 0.1, 0.1, 3));
        Leaderboard before = POINT_FIT.rate(votes);

        Collections.reverse(votes);
        Leaderboard after = POINT_FIT.rate(votes);

        for (Ranking r : before.rankings()) {
            assertThat(rating(after, r.modelId())).isCloseTo(r.rating(), within(1e-6));
        }
    }

    @Test
    void sameSeedGivesTheSameLeaderboard() {
        List<RatedVote> votes = SyntheticVotes.draw(SyntheticVotes.evenlySpaced(6, 300), 1_000, 0.1, 0.05, 11);
        BradleyTerry rater = BradleyTerry.builder().bootstrapRounds(100).seed(5).build();

        Leaderboard first = rater.rate(votes);
        Leaderboard second = rater.rate(votes);
        Leaderboard otherSeed = rater.toBuilder().seed(6).build().rate(votes);

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed.rankings().get(0).rating()).isEqualTo(first.rankings().get(0).rating());
        assertThat(otherSeed.rankings().get(0).ciLower()).isNotEqualTo(first.rankings().get(0).ciLower());
    }

    @Test
    void fitsEveryModelButShowsOnlyThoseWithEnoughVotes() {
        List<RatedVote> votes = concat(List.of(
                repeat("a", "b", LEFT_BETTER, 6), repeat("b", "c", LEFT_BETTER, 6), repeat("rare", "a", LEFT_BETTER, 2)));

        Leaderboard all = POINT_FIT.rate(votes);
        Leaderboard shown = POINT_FIT.toBuilder().minVoteCount(5).build().rate(votes);

        assertThat(shown.modelIds()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(meanRating(all)).isCloseTo(1500.0, within(1e-9));
        for (Ranking r : shown.rankings()) {
            assertThat(r.rating()).isEqualTo(rating(all, r.modelId()));
        }
        Ranking a = shown.find("a").orElseThrow();
        assertThat(a.voteCount()).isEqualTo(8);
        assertThat(a.wins()).isEqualTo(6);
        assertThat(a.losses()).isEqualTo(2);
    }

    @Test
    void higherConfidenceLevelGivesWiderIntervals() {
        List<RatedVote> votes = SyntheticVotes.draw(SyntheticVotes.evenlySpaced(4, 200), 400, 0, 0, 9);
        BradleyTerry rater = BradleyTerry.builder().bootstrapRounds(300).build();

        Ranking narrow = rater.toBuilder().confidenceLevel(0.5).build().rate(votes).rankings().get(0);
        Ranking wide = rater.rate(votes).rankings().get(0);

        assertThat(wide.ciUpper() - wide.ciLower()).isGreaterThan(narrow.ciUpper() - narrow.ciLower());
    }

    @Test
    void withoutIntervalsRowsCarryNaN() {
        Leaderboard board = POINT_FIT.rate(repeat("a", "b", TIE, 3));

        assertThat(board.rankings()).allSatisfy(r -> assertThat(r.hasConfidenceInterval()).isFalse());
        assertThat(board.confidenceLevel()).isNull();
    }

    @Test
    void noVotesGiveAnEmptyBoard() {
        assertThat(BradleyTerry.of().rate(List.of()).rankings()).isEmpty();
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> BradleyTerry.builder().bootstrapRounds(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrapRounds must be positive, was 0");
        assertThatThrownBy(() -> BradleyTerry.builder().confidenceLevel(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> BradleyTerry.builder().confidenceLevel(0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BradleyTerry.builder().confidenceLevel(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BradleyTerry.builder().priorWeight(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BradleyTerry.builder().minVoteCount(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreDocumented() {
        BradleyTerry bt = BradleyTerry.of();

        assertThat(bt.bootstrapRounds()).isEqualTo(1000);
        assertThat(bt.confidenceLevel()).isEqualTo(0.95);
        assertThat(bt.priorWeight()).isEqualTo(0.5);
        assertThat(bt.minVoteCount()).isEqualTo(5);
        assertThat(bt.confidenceIntervals()).isTrue();
    }

    @Test
    void indexDrawsAreUniformAndInRange() {
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[7];
        for (int k = 0; k < 70_000; k++) {
            counts[BradleyTerry.nextIndex(random, 7)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
    }

    /** Votes drawn from Davidson's model with these ratings and tie parameter, uniformly random pairs. */
    private static List<RatedVote> davidsonVotes(double[] ratings, double nu, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RatedVote> votes = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int a = random.nextInt(ratings.length);
            int b = random.nextInt(ratings.length - 1);
            if (b >= a) {
                b++;
            }
            double d = (ratings[a] - ratings[b]) / BradleyTerry.SCALE;
            double pa = Math.exp(d / 2);
            double pb = Math.exp(-d / 2);
            double u = random.nextDouble() * (pa + pb + nu);
            VoteChoice c = u < pa ? LEFT_BETTER : u < pa + pb ? RIGHT_BETTER : TIE;
            votes.add(RatedVote.of(SyntheticVotes.modelId(a), SyntheticVotes.modelId(b), c));
        }
        return votes;
    }

    @Test
    void davidsonTiesRecoverKnownStrengthsWhenTiesAreFrequent() {
        double[] truth = {1350, 1450, 1550, 1650};
        List<RatedVote> votes = davidsonVotes(truth, 1.5, 20_000, 3);
        BradleyTerry davidson = POINT_FIT.toBuilder().ties(BradleyTerry.Ties.DAVIDSON).build();

        Leaderboard board = davidson.rate(votes);
        Leaderboard halfWin = POINT_FIT.rate(votes);

        assertThat(board.method()).isEqualTo(Leaderboard.Method.BRADLEY_TERRY_DAVIDSON);
        for (int i = 0; i < truth.length; i++) {
            assertThat(rating(board, SyntheticVotes.modelId(i))).isCloseTo(truth[i], within(15.0));
        }
        // Half-win ties shrink the gaps when ties are this common (nu = 1.5: about 40% ties).
        double spread = rating(board, "model-03") - rating(board, "model-00");
        double halfSpread = rating(halfWin, "model-03") - rating(halfWin, "model-00");
        assertThat(halfSpread).isLessThan(spread * 0.8);
    }

    @Test
    void davidsonMatchesTheClosedFormForTwoModels() {
        List<RatedVote> votes = concat(List.of(repeat("a", "b", LEFT_BETTER, 30), repeat("a", "b", RIGHT_BETTER, 10),
                repeat("a", "b", TIE, 20)));
        BradleyTerry tiny = POINT_FIT.toBuilder().priorWeight(1e-9).build();

        double davidsonGap = rating(tiny.toBuilder().ties(BradleyTerry.Ties.DAVIDSON).build().rate(votes), "a")
                - rating(tiny.toBuilder().ties(BradleyTerry.Ties.DAVIDSON).build().rate(votes), "b");
        Leaderboard half = tiny.rate(votes);

        assertThat(davidsonGap).isCloseTo(400 * Math.log10(3), within(1e-4)); // ln(a / b): 190.85 points
        assertThat(rating(half, "a") - rating(half, "b")).isCloseTo(400 * Math.log10(40.0 / 20), within(1e-4)); // 120.41
    }

    @Test
    void progressSplitsTiesTowardsTheSideThatGotFurther() {
        List<RatedVote> ties = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ties.add(RatedVote.of("a", "b", i % 2 == 0 ? TIE : BOTH_BAD).withProgress(80, 20));
        }

        Leaderboard weighted = POINT_FIT.rate(ties);
        Leaderboard ignored = POINT_FIT.toBuilder().progressWeight(0).build().rate(ties);
        Leaderboard davidson = POINT_FIT.toBuilder().ties(BradleyTerry.Ties.DAVIDSON).build().rate(ties);

        assertThat(rating(weighted, "a")).isGreaterThan(rating(weighted, "b") + 50);
        assertThat(rating(davidson, "a")).isGreaterThan(rating(davidson, "b") + 50);
        assertThat(rating(ignored, "a")).isCloseTo(rating(ignored, "b"), within(1e-9));
        // Half-win ties: each vote scores 0.5 + 0.5 * 0.6 / 2 = 0.65 for a, the same as 13 wins in 20.
        List<RatedVote> equivalent = concat(List.of(repeat("a", "b", LEFT_BETTER, 13), repeat("a", "b", RIGHT_BETTER, 7)));
        assertThat(rating(weighted, "a")).isCloseTo(rating(POINT_FIT.rate(equivalent), "a"), within(1e-6));
    }

    @Test
    void progressNeverChangesADecisiveVote() {
        List<RatedVote> plain = concat(List.of(repeat("a", "b", LEFT_BETTER, 6), repeat("a", "b", RIGHT_BETTER, 4)));
        List<RatedVote> scored = plain.stream().map(v -> v.withProgress(0, 100)).toList();

        assertThat(rating(POINT_FIT.rate(scored), "a")).isEqualTo(rating(POINT_FIT.rate(plain), "a"));
    }

    @Test
    void rejectsAProgressWeightOutsideZeroToOne() {
        assertThatThrownBy(() -> BradleyTerry.builder().progressWeight(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("progressWeight must be between 0 and 1, was 1.5");
    }

    @Test
    void modelsWhoseIntervalsOverlapShareARank() {
        List<RatedVote> votes = concat(List.of(repeat("a", "b", LEFT_BETTER, 40), repeat("b", "a", LEFT_BETTER, 10),
                repeat("b", "c", LEFT_BETTER, 26), repeat("c", "b", LEFT_BETTER, 24),
                repeat("a", "c", LEFT_BETTER, 45), repeat("c", "a", LEFT_BETTER, 5)));

        Leaderboard board = BradleyTerry.builder().minVoteCount(0).bootstrapRounds(300).build().rate(votes);

        assertThat(board.modelIds()).containsExactly("a", "b", "c");
        assertThat(board.rank("a")).isEqualTo(1);
        // b and c are close: neither's lower bound clears the other's upper bound, so both come after a only
        assertThat(board.find("b").orElseThrow().ciLower()).isLessThan(board.find("c").orElseThrow().ciUpper());
        assertThat(board.rank("b")).isEqualTo(2);
        assertThat(board.rank("c")).isEqualTo(2);
        assertThatThrownBy(() -> board.rank("zed")).hasMessageContaining("'zed' is not on this leaderboard");
        Leaderboard elo = EloRating.builder().minVoteCount(0).build().rate(votes);
        assertThat(elo.modelIds().stream().map(elo::rank).toList()).containsExactly(1, 2, 3);
    }
}
