package io.vlaarena.core.rating;

import io.vlaarena.core.internal.Checks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How often a model succeeded at a task (or at all tasks together), with a Wilson score interval,
 * as LeRobot and SimplerEnv report their evaluations: the interval stays inside [0, 1] and is
 * honest for small numbers of trials and for rates near 0 or 1, unlike the normal approximation.
 *
 * <p>Wilson's interval for {@code s} successes in {@code n} trials at level {@code z} (1.96 for
 * 95%): centre {@code (p + z²/2n) / (1 + z²/n)}, half-width
 * {@code z / (1 + z²/n) · sqrt(p(1 - p)/n + z²/4n²)}, with {@code p = s / n}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelId the model
 * @param taskId the task, or empty for all tasks together
 * @param successes successful trials, from 0 to {@code trials}
 * @param trials trials, at least 1
 */
public record SuccessRate(String modelId, Optional<String> taskId, int successes, int trials) {
    /** The normal quantile of a two-sided 95% interval. */
    public static final double Z_95 = 1.959963984540054;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException for no trials or successes outside 0..trials
     */
    public SuccessRate {
        Checks.nonBlank("modelId", modelId);
        Objects.requireNonNull(taskId, "taskId");
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("A success rate needs 1 or more trials and 0..trials successes, was "
                    + successes + " of " + trials);
        }
    }

    /** One model's try at one task: whether it succeeded. */
    public record Trial(String modelId, String taskId, boolean success) {
        /** Validates. */
        public Trial {
            Checks.nonBlank("modelId", modelId);
            Checks.nonBlank("taskId", taskId);
        }
    }

    /** {@code successes / trials}. */
    public double rate() {
        return (double) successes / trials;
    }

    /** The lower end of the 95% Wilson interval. */
    public double ciLower() {
        return wilson(-1);
    }

    /** The upper end of the 95% Wilson interval. */
    public double ciUpper() {
        return wilson(+1);
    }

    private double wilson(int sign) {
        if (sign < 0 && successes == 0 || sign > 0 && successes == trials) {
            return sign < 0 ? 0 : 1; // exactly, where rounding would leave 1 - 1e-16
        }
        double n = trials;
        double p = rate();
        double z2 = Z_95 * Z_95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z_95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.max(0, Math.min(1, centre + sign * half));
    }

    /** Per model over all the trials' tasks together, by model id. */
    public static List<SuccessRate> byModel(List<Trial> trials) {
        Map<String, int[]> counts = new TreeMap<>();
        for (Trial t : trials) {
            int[] c = counts.computeIfAbsent(t.modelId(), k -> new int[2]);
            c[0] += t.success() ? 1 : 0;
            c[1]++;
        }
        List<SuccessRate> out = new ArrayList<>();
        counts.forEach((m, c) -> out.add(new SuccessRate(m, Optional.empty(), c[0], c[1])));
        return out;
    }

    /** Per model and task, by model id and then task id. */
    public static List<SuccessRate> byModelAndTask(List<Trial> trials) {
        Map<String, Map<String, int[]>> counts = new TreeMap<>();
        for (Trial t : trials) {
            int[] c = counts.computeIfAbsent(t.modelId(), k -> new TreeMap<>()).computeIfAbsent(t.taskId(), k -> new int[2]);
            c[0] += t.success() ? 1 : 0;
            c[1]++;
        }
        List<SuccessRate> out = new ArrayList<>();
        counts.forEach((m, tasks) -> tasks.forEach((task, c) -> out.add(new SuccessRate(m, Optional.of(task), c[0], c[1]))));
        out.sort(Comparator.comparing(SuccessRate::modelId).thenComparing(r -> r.taskId().orElse("")));
        return out;
    }
}
