package io.vlaarena.core.arena;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** {@link PairingStrategy#active(long)}: RoboArena's sampling of under-evaluated models. Thread-safe. */
final class ActivePairing implements PairingStrategy {
    private final Random random;

    ActivePairing(long seed) {
        this.random = new Random(seed);
    }

    /** The weight of a model with {@code n} evaluations: {@code (500 / (n + 1))^0.8}. */
    static double weight(int n) {
        return Math.pow(500.0 / (Math.max(0, n) + 1), 0.8);
    }

    @Override
    public List<String> pair(List<String> models) {
        return pair(models, Map.of());
    }

    @Override
    public List<String> pair(List<String> models, Map<String, Integer> evaluations) {
        int n = models.size();
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += weight(evaluations.getOrDefault(models.get(i), 0));
            cumulative[i] = total;
        }
        double u;
        int j;
        boolean swap;
        synchronized (random) {
            u = random.nextDouble() * total;
            j = random.nextInt(n - 1);
            swap = random.nextBoolean();
        }
        int first = 0;
        while (first < n - 1 && cumulative[first] <= u) {
            first++;
        }
        int second = j >= first ? j + 1 : j;
        String a = models.get(first);
        String b = models.get(second);
        return swap ? List.of(b, a) : List.of(a, b);
    }

    @Override
    public String toString() {
        return "PairingStrategy.active";
    }
}
