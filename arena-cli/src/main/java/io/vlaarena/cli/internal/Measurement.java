package io.vlaarena.cli.internal;

import java.util.Arrays;
import java.util.Locale;

/**
 * One benchmark's outcome: the figure measured in each round, its median and spread, and the
 * target it is held against.
 *
 * @param name short id, e.g. {@code physics.franka_table}
 * @param description what was measured
 * @param unit unit of the figures, e.g. {@code steps/s} or {@code ms}
 * @param rounds the figure of each measured round
 * @param target the target figure
 * @param higherIsBetter whether the target is a floor ({@code true}) or a ceiling
 * @param cpuRounds the same figure computed from the measuring thread's CPU time instead of wall
 *     time (empty when not measured): less sensitive to other work on the machine
 * @param referenceRounds the same work done by MuJoCo 2.2.2 in the same run, rounds interleaved
 *     with ours, from its process's CPU time (empty when MuJoCo is not available). When present
 *     the verdict holds our CPU-time median against its median instead of the fixed target.
 */
public record Measurement(String name, String description, String unit, double[] rounds, double target,
        boolean higherIsBetter, double[] cpuRounds, double[] referenceRounds) {

    /** Copies the rounds. */
    public Measurement {
        rounds = rounds.clone();
        cpuRounds = cpuRounds.clone();
        referenceRounds = referenceRounds.clone();
        if (rounds.length == 0) {
            throw new IllegalArgumentException("A measurement needs at least one round");
        }
    }

    /** A measurement without a MuJoCo reference. */
    public Measurement(String name, String description, String unit, double[] rounds, double target, boolean higherIsBetter,
            double[] cpuRounds) {
        this(name, description, unit, rounds, target, higherIsBetter, cpuRounds, new double[0]);
    }

    @Override
    public double[] referenceRounds() {
        return referenceRounds.clone();
    }

    /** The median of MuJoCo's figures, or NaN when MuJoCo was not measured. */
    public double referenceMedian() {
        return median(referenceRounds);
    }

    /** Our CPU-time median over MuJoCo's (higher is better) or MuJoCo's over ours; NaN without MuJoCo. */
    public double referenceRatio() {
        return higherIsBetter ? cpuMedian() / referenceMedian() : referenceMedian() / cpuMedian();
    }

    @Override
    public double[] rounds() {
        return rounds.clone();
    }

    @Override
    public double[] cpuRounds() {
        return cpuRounds.clone();
    }

    /** The median of the CPU-time figures, or NaN when not measured. */
    public double cpuMedian() {
        return median(cpuRounds);
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The median of the rounds. */
    public double median() {
        return percentile(0.5);
    }

    /** The worst round (lowest when higher is better). */
    public double worst() {
        double[] s = sorted();
        return higherIsBetter ? s[0] : s[s.length - 1];
    }

    /** The best round. */
    public double best() {
        double[] s = sorted();
        return higherIsBetter ? s[s.length - 1] : s[0];
    }

    /** Whether the median meets the target; with a MuJoCo reference, whether our CPU-time median matches or beats MuJoCo's. */
    public boolean meetsTarget() {
        if (referenceRounds.length > 0) {
            return referenceRatio() >= 1;
        }
        return higherIsBetter ? median() >= target : median() <= target;
    }

    /** The target as text, e.g. {@code ≥ 35,000 steps/s}, or {@code >= MuJoCo (cpu)} with a MuJoCo reference. */
    public String targetText() {
        if (referenceRounds.length > 0) {
            return (higherIsBetter ? ">= " : "<= ") + "MuJoCo (cpu)";
        }
        return (higherIsBetter ? ">= " : "<= ") + format(target) + " " + unit;
    }

    /** A figure formatted for the table. */
    public static String format(double v) {
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private double percentile(double p) {
        double[] s = sorted();
        double idx = p * (s.length - 1);
        int lo = (int) Math.floor(idx);
        int hi = (int) Math.ceil(idx);
        return s[lo] + (s[hi] - s[lo]) * (idx - lo);
    }

    private double[] sorted() {
        double[] s = rounds.clone();
        Arrays.sort(s);
        return s;
    }
}
