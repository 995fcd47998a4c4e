package io.vlaarena.core.arena;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Chooses the two models of a new battle and their sides. The arena offers only live models
 * (active, and answering their health check) and says how many evaluations (votes) each has had.
 * Implementations are thread-safe.
 *
 * <p>Two strategies come with the arena: {@link #active(long)}, RoboArena's sampling that favours
 * models with few evaluations (the arena's default), and {@link #random(long)}, uniform pairs.
 */
@FunctionalInterface
public interface PairingStrategy {

    /**
     * Picks two distinct models from {@code models} (at least two, sorted by id) and returns them
     * as {@code [left, right]}.
     */
    List<String> pair(List<String> models);

    /**
     * Picks two distinct models from {@code models} (at least two, sorted by id), knowing each one's
     * evaluation count (absent means 0), and returns them as {@code [left, right]}. The default
     * ignores the counts.
     */
    default List<String> pair(List<String> models, Map<String, Integer> evaluations) {
        return pair(models);
    }

    /** Uniformly random distinct models on random sides, from a seeded generator. */
    static PairingStrategy random(long seed) {
        Random random = new Random(seed);
        return models -> {
            int n = models.size();
            int i;
            int j;
            synchronized (random) {
                i = random.nextInt(n);
                j = random.nextInt(n - 1);
            }
            if (j >= i) {
                j++;
            }
            return List.of(models.get(i), models.get(j));
        };
    }

    /**
     * RoboArena's active sampling, from a seeded generator: the first model is drawn with weight
     * {@code (500 / (n + 1))^0.8}, where {@code n} is its evaluation count, so under-evaluated
     * models are drawn more often; the second uniformly from the others; then the sides are
     * shuffled (each order with probability 1/2).
     */
    static PairingStrategy active(long seed) {
        return new ActivePairing(seed);
    }
}
