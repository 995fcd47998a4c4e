package io.vlaarena.core.rating;

import java.util.Arrays;

/**
 * Newton's method for the Bradley–Terry maximum a posteriori fit on aggregated pair counts, with
 * ties either as half a win for each side (LMSYS Chatbot Arena) or as their own outcome in
 * Davidson's (1970) model (RoboArena); work arrays are reused across the bootstrap's refits.
 * Not thread-safe: one per {@code rate} call.
 *
 * <p><b>Parameters.</b> Natural-log strengths {@code theta_i}, and with Davidson ties one more,
 * {@code kappa = log(nu)}, the tie parameter: with {@code d = theta_i - theta_j},
 * {@code P(i wins) = e^(d/2) / D}, {@code P(j wins) = e^(-d/2) / D},
 * {@code P(tie) = nu / D}, {@code D = e^(d/2) + e^(-d/2) + nu}. Without ties Davidson's model is
 * Bradley–Terry's, {@code P(i wins) = 1 / (1 + e^-d)}.
 *
 * <p><b>Prior.</b> A virtual reference model sits at {@code theta = 0}; each model plays
 * {@code priorWeight} pseudo-comparisons against it: half won and half lost with half-win ties,
 * and a third won, a third lost and a third tied with Davidson ties (the outcome probabilities
 * of two equal models when {@code nu = 1}). The prior makes the log-posterior strictly concave in
 * all parameters (Davidson's log-likelihood is jointly concave in {@code d} and {@code kappa}), so
 * the negative Hessian is positive definite and Newton with Armijo backtracking converges from any
 * start, in a handful of steps from a warm start; it also keeps {@code kappa} finite when no vote
 * is a tie.
 */
final class BradleyTerrySolver {
    private static final int MAX_ITERATIONS = 200;
    /** Below this step size (nats) the full Newton step is taken without a line search; rounding would swamp the Armijo test. */
    private static final double SMALL_STEP = 1e-3;
    /** A Newton step expected to gain less than this (in log-likelihood) ends the fit. */
    private static final double NEGLIGIBLE_GAIN = 1e-13;

    private final int m;
    private final int n;
    private final boolean davidson;
    private final int[] first;
    private final int[] second;
    private final double priorWeight;
    /** Per pair: first's wins, second's wins and ties (fractional: progress may split a vote). */
    private final double[] firstWins;
    private final double[] secondWins;
    private final double[] ties;
    private final double[] hessian;
    private final double[] gradient;
    private final double[] step;
    private final double[] trial;

    /** A half-win-ties solver, as LMSYS Chatbot Arena fits. */
    BradleyTerrySolver(int models, int[] first, int[] second, double priorWeight) {
        this(models, first, second, priorWeight, false);
    }

    /**
     * A solver over {@code models} models and the pairs {@code (first[p], second[p])}; with
     * {@code davidson} the tie parameter is the last of the {@link #dimension()} parameters.
     */
    BradleyTerrySolver(int models, int[] first, int[] second, double priorWeight, boolean davidson) {
        this.m = models;
        this.davidson = davidson;
        this.n = davidson ? models + 1 : models;
        this.first = first;
        this.second = second;
        this.priorWeight = priorWeight;
        this.firstWins = new double[first.length];
        this.secondWins = new double[first.length];
        this.ties = new double[first.length];
        this.hessian = new double[n * n];
        this.gradient = new double[n];
        this.step = new double[n];
        this.trial = new double[n];
    }

    /** How many parameters {@link #fit} takes: one per model, plus the tie parameter with Davidson ties. */
    int dimension() {
        return n;
    }

    /** Loads counts laid out three cells per pair: first wins, second wins, ties (ties include both_bad). */
    void setCounts(double[] cells) {
        for (int p = 0; p < firstWins.length; p++) {
            firstWins[p] = cells[3 * p];
            secondWins[p] = cells[3 * p + 1];
            ties[p] = cells[3 * p + 2];
        }
    }

    /** {@link #setCounts(double[])} for whole counts. */
    void setCounts(int[] cells) {
        double[] d = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            d[i] = cells[i];
        }
        setCounts(d);
    }

    /**
     * Maximizes the log-posterior starting from {@code params} ({@link #dimension()} values), which
     * receives the result.
     *
     * @param tolerance stop once no parameter moved more than this many nats in one step
     * @return the number of Newton steps taken
     */
    int fit(double[] params, double tolerance) {
        double f = Double.NaN; // objective at params, computed only when a line search needs it
        for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
            gradientAndHessian(params);
            choleskySolve();
            double maxStep = 0;
            double slope = 0;
            for (int i = 0; i < n; i++) {
                maxStep = Math.max(maxStep, Math.abs(step[i]));
                slope += gradient[i] * step[i];
            }
            if (maxStep <= SMALL_STEP) {
                for (int i = 0; i < n; i++) {
                    params[i] += step[i];
                }
                // Converged when the step is below the tolerance, or when the Newton decrement (the
                // gain this step expected) is below what rounding resolves: along a flat ridge (a model
                // that never loses, with Davidson ties) steps stay large while the objective no longer moves.
                if (maxStep < tolerance || slope < NEGLIGIBLE_GAIN) {
                    return iteration;
                }
                f = Double.NaN;
                continue;
            }
            // Far from the optimum: Armijo backtracking on the concave objective.
            if (Double.isNaN(f)) {
                f = objective(params);
            }
            double t = 1.0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    trial[i] = params[i] + t * step[i];
                }
                double ft = objective(trial);
                if (ft >= f + 1e-4 * t * slope || t < 1e-12) {
                    f = ft;
                    break;
                }
                t *= 0.5;
            }
            System.arraycopy(trial, 0, params, 0, n);
        }
        throw new io.vlaarena.core.ArenaException("Bradley–Terry fit did not converge in " + MAX_ITERATIONS
                + " Newton steps; parameters " + Arrays.toString(params));
    }

    /**
     * The log-posterior up to a constant: pair likelihoods plus the pseudo-comparisons against the
     * reference. Written with {@code softplus} and log-sum-exp terms, which stay accurate when one
     * model dominates, rather than as differences of large logarithms, which cancel catastrophically.
     */
    double objective(double[] params) {
        double f = 0;
        double kappa = davidson ? params[m] : 0;
        for (int p = 0; p < firstWins.length; p++) {
            double d = params[first[p]] - params[second[p]];
            f += pairLogLikelihood(d, kappa, firstWins[p], secondWins[p], ties[p]);
        }
        for (int i = 0; i < m; i++) {
            f += davidson ? pairLogLikelihood(params[i], kappa, priorWeight / 3, priorWeight / 3, priorWeight / 3)
                    : pairLogLikelihood(params[i], 0, priorWeight / 4, priorWeight / 4, priorWeight / 2);
        }
        return f;
    }

    private double pairLogLikelihood(double d, double kappa, double a, double b, double t) {
        double total = a + b + t;
        if (total == 0) {
            return 0;
        }
        if (!davidson) {
            double score = a + 0.5 * t;
            return -score * softplus(-d) - (total - score) * softplus(d);
        }
        double hi = Math.max(Math.abs(d) / 2, kappa);
        double logD = hi + Math.log(Math.exp(d / 2 - hi) + Math.exp(-d / 2 - hi) + Math.exp(kappa - hi));
        return (a - b) * d / 2 + t * kappa - total * logD;
    }

    /**
     * Gradient and negative Hessian of the objective. Each term uses ratios computed directly from
     * scaled exponentials (never {@code 1 - sigma}), so that a model far ahead still gets an
     * accurate gradient.
     */
    private void gradientAndHessian(double[] params) {
        Arrays.fill(gradient, 0.0);
        Arrays.fill(hessian, 0.0);
        double kappa = davidson ? params[m] : 0;
        for (int p = 0; p < firstWins.length; p++) {
            addPair(first[p], second[p], params[first[p]] - params[second[p]], kappa, firstWins[p], secondWins[p], ties[p]);
        }
        for (int i = 0; i < m; i++) {
            if (davidson) {
                addPair(i, -1, params[i], kappa, priorWeight / 3, priorWeight / 3, priorWeight / 3);
            } else {
                addPair(i, -1, params[i], 0, priorWeight / 4, priorWeight / 4, priorWeight / 2);
            }
        }
    }

    /** Adds one pair's terms; {@code j < 0} is the reference model (a constant). */
    private void addPair(int i, int j, double d, double kappa, double a, double b, double t) {
        double total = a + b + t;
        if (total == 0) {
            return;
        }
        double gd;
        double hdd;
        if (!davidson) {
            double e = Math.exp(-Math.abs(d));
            double big = 1.0 / (1.0 + e);
            double small = e / (1.0 + e);
            double win = d >= 0 ? big : small; // sigma(d): i's predicted win probability
            double loss = d >= 0 ? small : big; // sigma(-d)
            double score = a + 0.5 * t;
            gd = score * loss - (total - score) * win;
            hdd = total * win * loss;
        } else {
            double hi = Math.max(Math.abs(d) / 2, kappa);
            double e1 = Math.exp(d / 2 - hi);
            double e2 = Math.exp(-d / 2 - hi);
            double e3 = Math.exp(kappa - hi);
            double sum = e1 + e2 + e3;
            double sOverD = (e1 - e2) / (2 * sum); // sinh(d/2) / D
            double cOverD = (e1 + e2) / (2 * sum); // cosh(d/2) / D
            double nuOverD = e3 / sum; // nu / D
            double invD = Math.exp(-hi) / sum; // 1 / D
            gd = (a - b) / 2 - total * sOverD;
            hdd = total * (invD * invD + cOverD * nuOverD / 2);
            double gk = t - total * nuOverD;
            double hdk = -total * sOverD * nuOverD;
            double hkk = 2 * total * cOverD * nuOverD;
            gradient[m] += gk;
            hessian[m * n + m] += hkk;
            hessian[i * n + m] += hdk;
            hessian[m * n + i] += hdk;
            if (j >= 0) {
                hessian[j * n + m] -= hdk;
                hessian[m * n + j] -= hdk;
            }
        }
        gradient[i] += gd;
        hessian[i * n + i] += hdd;
        if (j >= 0) {
            gradient[j] -= gd;
            hessian[j * n + j] += hdd;
            hessian[i * n + j] -= hdd;
            hessian[j * n + i] -= hdd;
        }
    }

    /** Solves hessian * step = gradient by Cholesky, overwriting the hessian's lower triangle. */
    private void choleskySolve() {
        double[] a = hessian;
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * n + k] * a[j * n + k];
            }
            if (!(d > 0)) {
                throw new io.vlaarena.core.ArenaException("Bradley–Terry Hessian is not positive definite (pivot " + d + ")");
            }
            d = Math.sqrt(d);
            a[j * n + j] = d;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = s / d;
            }
        }
        for (int i = 0; i < n; i++) {
            double s = gradient[i];
            for (int k = 0; k < i; k++) {
                s -= a[i * n + k] * step[k];
            }
            step[i] = s / a[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = step[i];
            for (int k = i + 1; k < n; k++) {
                s -= a[k * n + i] * step[k];
            }
            step[i] = s / a[i * n + i];
        }
    }

    /** {@code log(1 + e^x)} without overflow or loss of small values. */
    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
