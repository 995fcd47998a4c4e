package io.vlaarena.sim.internal.solver;

import io.vlaarena.sim.internal.physics.MjData;

/**
 * Projected Gauss–Seidel on the dual ({@code mj_solPGS}):
 * {@code min ½ fᵀ(A+R)f + fᵀ(a0 − aref)}, {@code f ≥ 0} except on equality rows, sweeping each
 * row against the rows it couples with. The problem is strictly convex, so the warm start
 * changes the number of sweeps, not the answer. At most 200 sweeps; stops when no force changes
 * by more than 1e-10 relative. Stateless.
 */
public final class Pgs {
    /** Sweeps at most. */
    public static final int MAX_ITERATIONS = 200;
    /** Relative change of the forces below which the sweeps stop. */
    public static final double TOLERANCE = 1e-10;

    private Pgs() {
    }

    /** Solves for {@code d.efc_force} from its warm start; sets {@code d.solver_iter}. */
    public static void solve(MjData d) {
        int n = d.nefc;
        double[] ar = d.efc_AR, force = d.efc_force, b = d.efc_b;
        d.solver_iter = 0;
        boolean onlyEqualities = d.ne == n;
        for (int it = 0; it < (onlyEqualities ? 0 : MAX_ITERATIONS); it++) {
            d.solver_iter++;
            double change = 0, scale = 0;
            for (int r = 0; r < n; r++) {
                double res = b[r];
                int ro = r * n;
                for (int k = d.efc_adjadr[r]; k < d.efc_adjadr[r + 1]; k++) {
                    int s = d.efc_adj[k];
                    res += ar[ro + s] * force[s];
                }
                double f = force[r] - res / ar[ro + r];
                if (f < 0 && d.efc_type[r] != MjData.CNSTR_EQUALITY) {
                    f = 0;
                }
                change = Math.max(change, Math.abs(f - force[r]));
                scale = Math.max(scale, f);
                force[r] = f;
            }
            if (change <= TOLERANCE * (1 + scale)) {
                break;
            }
        }
    }
}
