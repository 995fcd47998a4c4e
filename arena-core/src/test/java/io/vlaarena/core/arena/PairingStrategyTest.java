package io.vlaarena.core.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairingStrategyTest {
    private static final List<String> MODELS = List.of("a", "b", "c", "d");
    private static final Map<String, Integer> EVALUATIONS = Map.of("a", 0, "b", 9, "c", 99, "d", 999);

    @Test
    void activeWeightIsRoboArenasFormula() {
        assertThat(ActivePairing.weight(0)).isCloseTo(Math.pow(500, 0.8), within(1e-9));
        assertThat(ActivePairing.weight(499)).isCloseTo(1.0, within(1e-12));
        assertThat(ActivePairing.weight(9)).isGreaterThan(ActivePairing.weight(99));
    }

    @Test
    void activePairingDrawsUnderEvaluatedModelsAsOftenAsTheWeightsSay() {
        PairingStrategy active = PairingStrategy.active(7);
        int draws = 40_000;
        Map<String, Integer> inPair = new HashMap<>();
        Map<String, Integer> onLeft = new HashMap<>();
        for (int k = 0; k < draws; k++) {
            List<String> pair = active.pair(MODELS, EVALUATIONS);
            assertThat(pair).hasSize(2).doesNotHaveDuplicates();
            pair.forEach(m -> inPair.merge(m, 1, Integer::sum));
            onLeft.merge(pair.get(0), 1, Integer::sum);
        }
        double total = MODELS.stream().mapToDouble(m -> ActivePairing.weight(EVALUATIONS.get(m))).sum();
        for (String m : MODELS) {
            // drawn first with weight w / W, or second uniformly from the other three after another first draw
            double first = ActivePairing.weight(EVALUATIONS.get(m)) / total;
            double expected = first + (1 - first) / 3;
            assertThat(inPair.get(m) / (double) draws).as("share of pairs with %s", m).isCloseTo(expected, within(0.01));
            // sides are shuffled: a model is on the left in half of its pairs
            assertThat(onLeft.get(m) / (double) inPair.get(m)).as("left share of %s", m).isCloseTo(0.5, within(0.02));
        }
        assertThat(inPair.get("a")).isGreaterThan(2 * inPair.get("d"));
    }

    @Test
    void theSameSeedGivesTheSamePairs() {
        PairingStrategy one = PairingStrategy.active(3);
        PairingStrategy two = PairingStrategy.active(3);
        for (int k = 0; k < 50; k++) {
            assertThat(one.pair(MODELS, EVALUATIONS)).isEqualTo(two.pair(MODELS, EVALUATIONS));
        }
    }

    @Test
    void withoutCountsEveryModelWeighsTheSame() {
        PairingStrategy active = PairingStrategy.active(11);
        Map<String, Integer> inPair = new HashMap<>();
        for (int k = 0; k < 20_000; k++) {
            active.pair(MODELS).forEach(m -> inPair.merge(m, 1, Integer::sum));
        }
        for (String m : MODELS) {
            assertThat(inPair.get(m) / 20_000.0).isCloseTo(0.5, within(0.015));
        }
    }

    @Test
    void randomPairingStaysAvailableAndIgnoresTheCounts() {
        PairingStrategy random = PairingStrategy.random(5);
        Map<String, Integer> inPair = new HashMap<>();
        for (int k = 0; k < 20_000; k++) {
            random.pair(MODELS, EVALUATIONS).forEach(m -> inPair.merge(m, 1, Integer::sum));
        }
        for (String m : MODELS) {
            assertThat(inPair.get(m) / 20_000.0).isCloseTo(0.5, within(0.015));
        }
    }
}
