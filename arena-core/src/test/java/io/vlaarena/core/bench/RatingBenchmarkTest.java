package io.vlaarena.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RatingBenchmarkTest {
    @Test
    void smallScenarioReportsItsSettingsAndTimings() {
        RatingBenchmark.Result result = RatingBenchmark.builder()
                .votes(2_000).models(5).bootstrapRounds(20).warmupRuns(0).measuredRuns(3).build().run();

        assertThat(result.votes()).isEqualTo(2_000);
        assertThat(result.models()).isEqualTo(5);
        assertThat(result.bootstrapRounds()).isEqualTo(20);
        assertThat(result.measuredRuns()).isEqualTo(3);
        assertThat(result.fastest()).isLessThanOrEqualTo(result.median());
        assertThat(result.median()).isLessThanOrEqualTo(result.slowest());
        assertThat(result.target()).isEqualTo(RatingBenchmark.TARGET);
        assertThat(result.summary()).contains("2,000 votes", "5 models", "20 bootstrap rounds");
    }

    @Test
    void rejectsEmptyScenarios() {
        assertThatThrownBy(() -> RatingBenchmark.builder().models(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RatingBenchmark.builder().measuredRuns(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
