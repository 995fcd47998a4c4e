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
        double f = objective(theta);
        for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
            gradientAndHessian(theta);
            choleskySolve();
            double maxStep = 0;
            double slope = 0;
            for (int i = 0; i < m; i++) {
                maxStep = Math.max(maxStep, Math.abs(step[i]));
                slope += gradient[i] * step[i];
            }
            double t = 1.0;
            if (maxStep > SMALL_STEP) {
                // Armijo backtracking on the concave objective.
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
            }
            for (int i = 0; i < m; i++) {
                theta[i] += t * step[i];
            }
            if (maxStep > SMALL_STEP) {
                continue;
            }
            if (t * maxStep < tolerance) {
                return iteration;
            }
            f = objective(theta);
        }
        throw new IllegalStateException("Bradley–Terry fit did not converge in " + MAX_ITERATIONS
                + " Newton steps; parameters " + Arrays.toString(theta));
    }

    /** The log-posterior up to a constant: pair likelihoods plus the pseudo-ties against the reference. */
    double objective(double[] theta) {
        double f = 0;
        for (int p = 0; p < score.length; p++) {
            double n = total[p];
            if (n == 0) {
                continue;
            }
            double ti = theta[first[p]];
            double tj = theta[second[p]];
            f += score[p] * ti + (n - score[p]) * tj - n * logSumExp(ti, tj);
        }
        for (int i = 0; i < m; i++) {
            f += priorWeight * (0.5 * theta[i] - logSumExp(theta[i], 0.0));
        }
        return f;
    }

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
            double s = sigmoid(theta[i] - theta[j]);
            double g = score[p] - n * s;
            gradient[i] += g;
            gradient[j] -= g;
            double h = n * s * (1 - s);
            hessian[i * m + i] += h;
            hessian[j * m + j] += h;
            hessian[i * m + j] -= h;
            hessian[j * m + i] -= h;
        }
        for (int i = 0; i < m; i++) {
            double s = sigmoid(theta[i]);
            gradient[i] += priorWeight * (0.5 - s);
            hessian[i * m + i] += priorWeight * s * (1 - s);
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
                throw new IllegalStateException("Bradley–Terry Hessian is not positive definite (pivot " + d + ")");
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

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    private static double logSumExp(double x, double y) {
        double max = Math.max(x, y);
        return max + Math.log1p(Math.exp(-Math.abs(x - y)));
    }
}
