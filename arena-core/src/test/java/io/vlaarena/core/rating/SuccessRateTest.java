package io.vlaarena.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SuccessRateTest {

    private static SuccessRate rate(int successes, int trials) {
        return new SuccessRate("m", Optional.empty(), successes, trials);
    }

    @Test
    void wilsonIntervalsMatchPublishedValues() {
        // 81/263 is Newcombe's (1998) worked example of the score interval; 5/10, 0/10 and 10/10 are the formula by hand
        assertThat(rate(5, 10).ciLower()).isCloseTo(0.2366, within(1e-4));
        assertThat(rate(5, 10).ciUpper()).isCloseTo(0.7634, within(1e-4));
        assertThat(rate(0, 10).ciLower()).isZero();
        assertThat(rate(0, 10).ciUpper()).isCloseTo(0.2775, within(1e-4));
        assertThat(rate(10, 10).ciLower()).isCloseTo(0.7225, within(1e-4));
        assertThat(rate(10, 10).ciUpper()).isEqualTo(1.0);
        assertThat(rate(81, 263).ciLower()).isCloseTo(0.2553, within(1e-4));
        assertThat(rate(81, 263).ciUpper()).isCloseTo(0.3662, within(1e-4));
        assertThat(rate(81, 263).rate()).isCloseTo(81 / 263.0, within(1e-12));
    }

    @Test
    void intervalsCoverTheTrueRateAtAboutTheNominalRate() {
        SplittableRandom random = new SplittableRandom(5);
        int covered = 0;
        int experiments = 2000;
        for (int e = 0; e < experiments; e++) {
            int s = 0;
            for (int t = 0; t < 50; t++) {
                s += random.nextDouble() < 0.9 ? 1 : 0;
            }
            SuccessRate r = rate(s, 50);
            covered += r.ciLower() <= 0.9 && 0.9 <= r.ciUpper() ? 1 : 0;
        }
        assertThat(covered / (double) experiments).isBetween(0.92, 0.98);
    }

    @Test
    void groupsTrialsByModelAndByModelAndTask() {
        List<SuccessRate.Trial> trials = new ArrayList<>();
        trials.add(new SuccessRate.Trial("b", "lift", true));
        trials.add(new SuccessRate.Trial("a", "lift", true));
        trials.add(new SuccessRate.Trial("a", "push", false));
        trials.add(new SuccessRate.Trial("a", "lift", false));

        List<SuccessRate> byModel = SuccessRate.byModel(trials);
        List<SuccessRate> byTask = SuccessRate.byModelAndTask(trials);

        assertThat(byModel).containsExactly(new SuccessRate("a", Optional.empty(), 1, 3),
                new SuccessRate("b", Optional.empty(), 1, 1));
        assertThat(byTask).containsExactly(new SuccessRate("a", Optional.of("lift"), 1, 2),
                new SuccessRate("a", Optional.of("push"), 0, 1), new SuccessRate("b", Optional.of("lift"), 1, 1));
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> rate(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A success rate needs 1 or more trials and 0..trials successes, was 0 of 0");
        assertThatThrownBy(() -> rate(4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuccessRate.Trial(" ", "t", true)).isInstanceOf(IllegalArgumentException.class);
    }
}
