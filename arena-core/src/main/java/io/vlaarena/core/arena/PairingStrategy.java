package io.vlaarena.core.arena;

import java.util.List;

/**
 * Chooses the two models of a new battle and their sides. Implementations are thread-safe.
 */
@FunctionalInterface
public interface PairingStrategy {

    /**
     * Picks two distinct models from {@code activeModels} (at least two, sorted by id) and returns
     * them as {@code [left, right]}.
     */
    List<String> pair(List<String> activeModels);

    /** Uniformly random distinct models on random sides, from a seeded generator. */
    static PairingStrategy random(long seed) {
        java.util.Random random = new java.util.Random(seed);
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
}
