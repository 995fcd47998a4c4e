package io.vlaarena.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RankingTest {
    @Test
    void eloScoreRoundsHalvesUp() {
        assertThat(Ranking.of("a", 1515.5, 1, 1, 0, 0).eloScore()).isEqualTo(1516);
        assertThat(Ranking.of("a", 1515.49, 1, 1, 0, 0).eloScore()).isEqualTo(1515);
    }

    @Test
    void winRateAndBothBadDeriveFromCounts() {
        Ranking r = Ranking.of("a", 1500, 10, 4, 3, 2);

        assertThat(r.winRate()).isEqualTo(0.4);
        assertThat(r.bothBad()).isEqualTo(1);
        assertThat(Ranking.of("a", 1500, 0, 0, 0, 0).winRate()).isZero();
    }

    @Test
    void intervalIsPresentOnlyWhenBothBoundsAre() {
        assertThat(new Ranking("a", 1500, 1490.0, 1510.0, 5, 2, 2, 1).hasConfidenceInterval()).isTrue();
        assertThat(Ranking.of("a", 1500, 5, 2, 2, 1).hasConfidenceInterval()).isFalse();
        assertThatThrownBy(() -> new Ranking("a", 1500, 1490.0, null, 5, 2, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Confidence interval");
        assertThatThrownBy(() -> new Ranking("a", 1500, 1510.0, 1490.0, 5, 2, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ranking("a", 1500, Double.NaN, Double.NaN, 5, 2, 2, 1))
                .as("no interval is null, never NaN").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsInconsistentCountsAndRatings() {
        assertThatThrownBy(() -> Ranking.of("a", 1500, 3, 2, 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("voteCount=3");
        assertThatThrownBy(() -> Ranking.of("a", Double.POSITIVE_INFINITY, 3, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> Ranking.of(" ", 1500, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
