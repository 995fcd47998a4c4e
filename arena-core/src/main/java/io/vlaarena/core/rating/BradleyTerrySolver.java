package io.vlaarena.core.rating;

import java.util.Arrays;

/**
 * Newton's method for the Bradley–Terry maximum a posteriori fit on aggregated pair counts,
 * with work arrays reused across the bootstrap's refits. Not thread-safe: one per {@code rate} call.
 *
 * <p>Parameters are natural-log strengths {@code theta_i}; the virtual reference model sits at
 * {@code theta = 0} and each model plays {@code priorWeight} pseudo-ties against it. That prior makes
 * the log-posterior strictly concave, so the (negative) Hessian is positive definite and Newton
 * with Armijo backtracking converges from any start, in a handful of steps from a warm start.
 */
final class BradleyTerrySolver {
    private static final int MAX_ITERATIONS = 200;
    /** Below this step size (nats) the full Newton step is taken without a line search; rounding would swamp the Armijo test. */
    private static final double SMALL_STEP = 1e-3;

    private final int m;
    private final int[] first;
    private final int[] second;
    private final double priorWeight;
    /** Per pair: first's score (wins + half the ties) and the number of comparisons. */
    private final double[] score;
    private final double[] total;
    private final double[] hessian;
    private final double[] gradient;
    private final double[] step;
    private final double[] trial;

    BradleyTerrySolver(int models, int[] first, int[] second, double priorWeight) {
        this.m = models;
        this.first = first;
        this.second = second;
        this.priorWeight = priorWeight;
        this.score = new double[first.length];
        this.total = new double[first.length];
        this.hessian = new double[m * m];
        this.gradient = new double[m];
        this.step = new double[m];
        this.trial = new double[m];
    }

    /** Loads counts laid out three cells per pair: first wins, second wins, tie (ties include both_bad). */
    void setCounts(int[] cells) {
        for (int p = 0; p < score.length; p++) {
            int firstWins = cells[3 * p];
            int secondWins = cells[3 * p + 1];
            int ties = cells[3 * p + 2];
            score[p] = firstWins + 0.5 * ties;
            total[p] = firstWins + secondWins + ties;
        }
    }

    /**
     * Maximizes the log-posterior starting from {@code theta}, which receives the result.
     *
     * @param tolerance stop once no parameter moved more than this many nats in one step
     * @return the number of Newton steps taken
     */
    int fit(double[] theta, double tolerance) {
        double f = Double.NaN; // objective at theta, computed only when a line search needs it
        for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
            gradientAndHessian(theta);
            choleskySolve();
            double maxStep = 0;
            double slope = 0;
            for (int i = 0; i < m; i++) {
                maxStep = Math.max(maxStep, Math.abs(step[i]));
                slope += gradient[i] * step[i];
            }
            if (maxStep <= SMALL_STEP) {
                for (int i = 0; i < m; i++) {
                    theta[i] += step[i];
                }
                if (maxStep < tolerance) {
                    return iteration;
                }
                f = Double.NaN;
                continue;
            }
            // Far from the optimum: Armijo backtracking on the concave objective.
            if (Double.isNaN(f)) {
                f = objective(theta);
            }
            double t = 1.0;
            while (true) {
                for (int i = 0; i < m; i++) {
                    trial[i] = theta[i] + t * step[i];
                }
                double ft = objective(trial);
                if (ft >= f + 1e-4 * t * slope || t < 1e-12) {
                    f = ft;
                    break;
                }
                t *= 0.5;
            }
            System.arraycopy(trial, 0, theta, 0, m);
        }
        throw new io.vlaarena.core.ArenaException("Bradley–Terry fit did not converge in " + MAX_ITERATIONS
                + " Newton steps; parameters " + Arrays.toString(theta));
    }

    /**
     * The log-posterior up to a constant: pair likelihoods plus the pseudo-ties against the reference.
     * Written as sums of {@code -softplus} terms, which stay accurate when one model dominates,
     * rather than as {@code score * theta - n * log(e^theta_i + e^theta_j)}, which cancels catastrophically.
     */
    double objective(double[] theta) {
        double f = 0;
        for (int p = 0; p < score.length; p++) {
            double n = total[p];
            if (n == 0) {
                continue;
            }
            double d = theta[first[p]] - theta[second[p]];
            f -= score[p] * softplus(-d) + (n - score[p]) * softplus(d);
        }
        for (int i = 0; i < m; i++) {
            f -= 0.5 * priorWeight * (softplus(-theta[i]) + softplus(theta[i]));
        }
        return f;
    }

    /**
     * Gradient and negative Hessian of the objective. Each logistic term uses both {@code sigma(d)}
     * and {@code sigma(-d)} computed directly, never {@code 1 - sigma(d)}, so that a model far ahead
     * still gets an accurate gradient.
     */
    private void gradientAndHessian(double[] theta) {
        Arrays.fill(gradient, 0.0);
        Arrays.fill(hessian, 0.0);
        for (int p = 0; p < score.length; p++) {
            double n = total[p];
            if (n == 0) {
                continue;
            }
            int i = first[p];
            int j = second[p];
            double d = theta[i] - theta[j];
            double e = Math.exp(-Math.abs(d));
            double big = 1.0 / (1.0 + e);
            double small = e / (1.0 + e);
            double win = d >= 0 ? big : small; // sigma(d): i's predicted win probability
            double loss = d >= 0 ? small : big; // sigma(-d)
            double g = score[p] * loss - (n - score[p]) * win;
            gradient[i] += g;
            gradient[j] -= g;
            double h = n * win * loss;
            hessian[i * m + i] += h;
            hessian[j * m + j] += h;
            hessian[i * m + j] -= h;
            hessian[j * m + i] -= h;
        }
        for (int i = 0; i < m; i++) {
            double e = Math.exp(-Math.abs(theta[i]));
            double big = 1.0 / (1.0 + e);
            double small = e / (1.0 + e);
            double up = theta[i] >= 0 ? big : small;
            double down = theta[i] >= 0 ? small : big;
            gradient[i] += 0.5 * priorWeight * (down - up);
            hessian[i * m + i] += priorWeight * up * down;
        }
    }

    /** Solves hessian * step = gradient by Cholesky, overwriting the hessian's lower triangle. */
    private void choleskySolve() {
        double[] a = hessian;
        for (int j = 0; j < m; j++) {
            double d = a[j * m + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * m + k] * a[j * m + k];
            }
            if (!(d > 0)) {
                throw new io.vlaarena.core.ArenaException("Bradley–Terry Hessian is not positive definite (pivot " + d + ")");
            }
            d = Math.sqrt(d);
            a[j * m + j] = d;
            for (int i = j + 1; i < m; i++) {
                double s = a[i * m + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * m + k] * a[j * m + k];
                }
                a[i * m + j] = s / d;
            }
        }
        for (int i = 0; i < m; i++) {
            double s = gradient[i];
            for (int k = 0; k < i; k++) {
                s -= a[i * m + k] * step[k];
            }
            step[i] = s / a[i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = step[i];
            for (int k = i + 1; k < m; k++) {
                s -= a[k * m + i] * step[k];
            }
            step[i] = s / a[i * m + i];
        }
    }

    /** {@code log(1 + e^x)} without overflow or loss of small values. */
    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
