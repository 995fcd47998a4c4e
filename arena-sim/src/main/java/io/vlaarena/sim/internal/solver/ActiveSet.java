package io.vlaarena.sim.internal.solver;

import io.vlaarena.sim.internal.constraint.Projection;
import io.vlaarena.sim.internal.physics.MjData;

/**
 * The exact solve of the dual on the active set, standing in for MuJoCo's Newton solver where
 * Gauss–Seidel's answer is not exact enough (equalities and tendon limits): the equality rows and
 * the unilateral rows with a positive force after Gauss–Seidel,
 * {@code (A+R)_SS f_S = −b_S} by Cholesky. The result is kept when it is the optimum (no negative
 * unilateral force, no inactive row violated), as MuJoCo's Newton solver finds it; otherwise the
 * Gauss–Seidel result stays. Stateless.
 */
public final class ActiveSet {
    private ActiveSet() {
    }

    /** Replaces {@code d.efc_force} by the exact optimum on the active set when it is one. */
    public static void solve(MjData d) {
        int n = d.nefc;
        double[] ar = d.efc_AR, a = d.act_A, f = d.act_f, b = d.efc_b, force = d.efc_force;
        int[] idx = d.act_idx;
        int k = 0;
        for (int r = 0; r < n; r++) {
            if (d.efc_type[r] == MjData.CNSTR_EQUALITY || force[r] > 0) {
                idx[k++] = r;
            }
        }
        for (int i = 0; i < k; i++) {
            int r = idx[i];
            for (int j = 0; j <= i; j++) {
                int s = idx[j];
                a[i * k + j] = i == j || Projection.coupled(d, r, s) ? ar[r * n + s] : 0;
            }
            f[i] = -b[r];
        }
        // Cholesky A = L L' in the lower triangle, then forward and back substitution
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * k + j];
                for (int p = 0; p < j; p++) {
                    sum -= a[i * k + p] * a[j * k + p];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return;
                    }
                    a[i * k + i] = Math.sqrt(sum);
                } else {
                    a[i * k + j] = sum / a[j * k + j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            double sum = f[i];
            for (int p = 0; p < i; p++) {
                sum -= a[i * k + p] * f[p];
            }
            f[i] = sum / a[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double sum = f[i];
            for (int p = i + 1; p < k; p++) {
                sum -= a[p * k + i] * f[p];
            }
            f[i] = sum / a[i * k + i];
        }
        for (int i = 0; i < k; i++) {
            if (d.efc_type[idx[i]] != MjData.CNSTR_EQUALITY && f[i] < 0) {
                return;
            }
        }
        // inactive unilateral rows must not be pulled into violation: residual >= 0
        int next = 0;
        for (int r = 0; r < n; r++) {
            if (next < k && idx[next] == r) {
                next++;
                continue;
            }
            double res = b[r];
            for (int i = 0; i < k; i++) {
                int s = idx[i];
                if (Projection.coupled(d, r, s)) {
                    res += ar[r * n + s] * f[i];
                }
            }
            if (res < -1e-10 * (1 + Math.abs(b[r]))) {
                return;
            }
        }
        for (int r = 0; r < n; r++) {
            force[r] = 0;
        }
        for (int i = 0; i < k; i++) {
            force[idx[i]] = f[i];
        }
    }
}
