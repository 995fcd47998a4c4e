package io.vlaarena.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.rating.RatedVote;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticVotesTest {
    @Test
    void evenlySpacedRatingsAverage1500() {
        double[] ratings = SyntheticVotes.evenlySpaced(5, 400);

        assertThat(ratings).containsExactly(1300, 1400, 1500, 1600, 1700);
        assertThat(Arrays.stream(ratings).average().orElseThrow()).isEqualTo(1500);
    }

    @Test
    void drawsTheRequestedMixOfOutcomes() {
        List<RatedVote> votes = SyntheticVotes.draw(SyntheticVotes.evenlySpaced(4, 0), 20_000, 0.2, 0.1, 1);

        assertThat(votes).hasSize(20_000);
        assertThat(votes.stream().filter(v -> v.choice() == VoteChoice.TIE).count() / 20_000.0)
                .isCloseTo(0.2, within(0.02));
        assertThat(votes.stream().filter(v -> v.choice() == VoteChoice.BOTH_BAD).count() / 20_000.0)
                .isCloseTo(0.1, within(0.02));
        assertThat(votes.stream().filter(v -> v.choice() == VoteChoice.LEFT_BETTER).count() / 20_000.0)
                .isCloseTo(0.35, within(0.02));
    }

    @Test
    void sameSeedDrawsTheSameVotes() {
        double[] ratings = SyntheticVotes.evenlySpaced(3, 100);

        assertThat(SyntheticVotes.draw(ratings, 50, 0.1, 0.1, 9)).isEqualTo(SyntheticVotes.draw(ratings, 50, 0.1, 0.1, 9));
    }
}
