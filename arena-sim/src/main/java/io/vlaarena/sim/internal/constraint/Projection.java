package io.vlaarena.sim.internal.constraint;

import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Smooth;

/**
 * The constraint rows projected into the dual, MuJoCo's {@code mj_projectConstraint}:
 * {@code M⁻¹Jᵀ} row by row and {@code A + R} with {@code A = J M⁻¹ Jᵀ}. M is block diagonal over
 * kinematic trees (the dofs of a tree are contiguous), so each row is solved only on the trees it
 * touches, and only rows sharing a tree couple: {@code A} is filled for those pairs and each row
 * lists them ({@code efc_adjadr}, {@code efc_adj}). Stateless.
 */
public final class Projection {
    private Projection() {
    }

    /** Whether rows r and s act on a common kinematic tree. */
    public static boolean coupled(MjData d, int r, int s) {
        int r1 = d.efc_tree1[r], r2 = d.efc_tree2[r], s1 = d.efc_tree1[s], s2 = d.efc_tree2[s];
        return (r1 >= 0 && (r1 == s1 || r1 == s2)) || (r2 >= 0 && (r2 == s1 || r2 == s2));
    }

    /** Fills each row's nonzero dofs, {@code efc_MinvJT}, the couplings and {@code efc_AR = A + R}. */
    public static void projectConstraint(PhysicsModel pm, MjData d) {
        int nv = pm.m.nv, n = d.nefc;
        double[] vec = d.tmpNv, j = d.efc_J;
        for (int r = 0; r < n; r++) {
            int cnt = 0;
            for (int i = 0; i < nv; i++) {
                if (j[r * nv + i] != 0) {
                    d.efc_nnzidx[r * nv + cnt++] = i;
                }
            }
            d.efc_nnz[r] = cnt;
            System.arraycopy(j, r * nv, vec, 0, nv);
            int t1 = d.efc_tree1[r], t2 = d.efc_tree2[r];
            if (t1 >= 0) {
                Smooth.solveRange(pm, d.qLD, vec, pm.treeDofLo[t1], pm.treeDofHi[t1]);
            }
            if (t2 >= 0 && t2 != t1) {
                Smooth.solveRange(pm, d.qLD, vec, pm.treeDofLo[t2], pm.treeDofHi[t2]);
            }
            System.arraycopy(vec, 0, d.efc_MinvJT, r * nv, nv);
        }
        double[] ar = d.efc_AR;
        int na = 0;
        for (int r = 0; r < n; r++) {
            d.efc_adjadr[r] = na;
            int r1 = d.efc_tree1[r], r2 = d.efc_tree2[r];
            for (int s = 0; s < n; s++) {
                if (coupled(d, r, s)) {
                    d.efc_adj[na++] = s;
                    if (s <= r) {
                        // J_r is zero outside its trees' contiguous dof ranges
                        double a = 0;
                        if (r1 >= 0) {
                            a += dotRange(d, nv, r, s, pm.treeDofLo[r1], pm.treeDofHi[r1]);
                        }
                        if (r2 >= 0 && r2 != r1) {
                            a += dotRange(d, nv, r, s, pm.treeDofLo[r2], pm.treeDofHi[r2]);
                        }
                        ar[r * n + s] = a;
                        ar[s * n + r] = a;
                    }
                }
            }
        }
        d.efc_adjadr[n] = na;
        for (int r = 0; r < n; r++) {
            ar[r * n + r] += Impedance.regularizer(d, r);
        }
    }

    private static double dotRange(MjData d, int nv, int r, int s, int lo, int hi) {
        double a = 0;
        int ro = r * nv, so = s * nv;
        for (int i = lo; i < hi; i++) {
            a += d.efc_J[ro + i] * d.efc_MinvJT[so + i];
        }
        return a;
    }
}
