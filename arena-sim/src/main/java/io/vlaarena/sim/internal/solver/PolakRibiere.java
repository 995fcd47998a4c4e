package io.vlaarena.sim.internal.solver;

/**
 * The search direction of MuJoCo 2.2.2's CG solver ({@code mj_solCG}): nonlinear conjugate
 * gradient with the Polak–Ribière rule, preconditioned by the mass matrix. Where Newton searches
 * along {@code −H⁻¹ grad}, CG searches along {@code −M⁻¹ grad + β·search} with
 * {@code β = max(0, gradᵀ(M⁻¹grad − M⁻¹grad_old) / max(1e-15, grad_oldᵀ M⁻¹grad_old))}; the line
 * search, cost and stopping rule are {@link Newton}'s. Holds the previous iteration's gradients;
 * one per rollout, not thread-safe.
 */
final class PolakRibiere {

    /** mjMINVAL: the smallest denominator MuJoCo divides by. */
    private static final double MINVAL = 1e-15;
    private double[] gradOld = new double[0], mgradOld = new double[0];

    /** Keeps the gradient and the preconditioned gradient before the solver moves. */
    void remember(double[] grad, double[] mgrad, int nv) {
        if (gradOld.length < nv) {
            gradOld = new double[nv];
            mgradOld = new double[nv];
        }
        System.arraycopy(grad, 0, gradOld, 0, nv);
        System.arraycopy(mgrad, 0, mgradOld, 0, nv);
    }

    /** Updates {@code search} in place from the new gradient and preconditioned gradient. */
    void direction(double[] grad, double[] mgrad, double[] search, int nv) {
        double num = 0, den = 0;
        for (int i = 0; i < nv; i++) {
            num += grad[i] * (mgrad[i] - mgradOld[i]);
            den += gradOld[i] * mgradOld[i];
        }
        double beta = num / Math.max(MINVAL, den);
        if (beta < 0) {
            beta = 0;
        }
        for (int i = 0; i < nv; i++) {
            search[i] = -mgrad[i] + beta * search[i];
        }
    }
}
