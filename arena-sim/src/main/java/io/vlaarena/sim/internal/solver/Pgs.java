package io.vlaarena.sim.internal.solver;

import io.vlaarena.sim.internal.constraint.Impedance;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Smooth;

/**
 * MuJoCo 2.2.2's PGS solver ({@code mj_solPGS}) with pyramidal cones: projected Gauss–Seidel on
 * the dual problem {@code min ½fᵀ(A + R)f + fᵀb} over the row forces, {@code A = J M⁻¹ Jᵀ}
 * ({@code mj_projectConstraint}: {@code efc_AR}, dense), {@code b = J a₀ − aref}. Each sweep
 * minimizes over one row at a time and projects: equality rows free, frictionloss rows into
 * {@code [−f, f]}, limit and contact rows to non-negative; a row whose update would raise the
 * cost by more than 1e-10 keeps its force. It stops when a sweep's scaled improvement falls
 * below the model's tolerance, after at most its iterations. Its warm start is MuJoCo's: the
 * forces of the primal cost at last step's acceleration, or zero when those cost more than
 * zero forces. Then {@code qfrc_constraint = Jᵀf} and {@code qacc = a₀ + M⁻¹ qfrc_constraint}.
 * Elliptic cones are not handled here (the loader refuses them with PGS). Holds its scratch,
 * which grows with the rows and is kept; one per rollout, not thread-safe.
 */
public final class Pgs {

    /** Rows times dofs: {@code J M^-1/2} (MuJoCo's JM2); rows squared: {@code A + R}. */
    private double[] jm2 = new double[0], ar = new double[0];
    private double[] arinv = new double[0], floss = new double[0], rr = new double[0], jar = new double[0];

    private Pgs() {
    }

    /** The rollout's PGS solver, created on first use. */
    public static Pgs of(MjData d) {
        if (!(d.solver instanceof Pgs)) {
            d.solver = new Pgs();
        }
        return (Pgs) d.solver;
    }

    private void ensure(int nv, int nefc) {
        if (arinv.length < nefc) {
            int cap = Math.max(nefc, 2 * arinv.length);
            arinv = new double[cap];
            floss = new double[cap];
            rr = new double[cap];
            jar = new double[cap];
        }
        if (ar.length < nefc * nefc) {
            int cap = Math.max(nefc, (int) Math.sqrt(ar.length) * 2);
            ar = new double[cap * cap];
        }
        if (jm2.length < nefc * nv) {
            jm2 = new double[Math.max(nefc * nv, 2 * jm2.length)];
        }
    }

    /**
     * Solves for {@code d.efc_force}, {@code d.qfrc_constraint} and {@code d.qacc}; needs the rows
     * with their impedance and reference acceleration, {@code efc_b} and {@code qacc_smooth}.
     */
    public void solve(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        int nv = m.nv, nefc = d.nefc;
        ensure(nv, nefc);
        for (int r = 0; r < nefc; r++) {
            rr[r] = Impedance.regularizer(d, r);
            int type = d.efc_type[r];
            floss[r] = type == MjData.CNSTR_FRICTION_DOF ? m.dof_frictionloss[d.efc_id[r]]
                    : type == MjData.CNSTR_FRICTION_TENDON ? m.tendon_frictionloss[d.efc_id[r]] : 0;
        }
        project(pm, d);
        double[] force = d.efc_force;
        if ((m.disableflags & MjModel.DSBL_WARMSTART) == 0) {
            warmstart(d);
        } else {
            java.util.Arrays.fill(force, 0, nefc, 0);
        }
        for (int r = 0; r < nefc; r++) {
            arinv[r] = 1 / ar[r * (nefc + 1)];
        }
        double scale = m.stat_meaninertia * Math.max(1, nv);
        int iter = 0;
        while (iter < m.iterations) {
            double improvement = 0;
            for (int i = 0; i < nefc; i++) {
                double res = d.efc_b[i];
                for (int j = 0, o = i * nefc; j < nefc; j++) {
                    res += ar[o + j] * force[j];
                }
                double old = force[i];
                force[i] -= res * arinv[i];
                int type = d.efc_type[i];
                if (type == MjData.CNSTR_FRICTION_DOF || type == MjData.CNSTR_FRICTION_TENDON) {
                    if (force[i] < -floss[i]) {
                        force[i] = -floss[i];
                    } else if (force[i] > floss[i]) {
                        force[i] = floss[i];
                    }
                } else if (type != MjData.CNSTR_EQUALITY && force[i] < 0) {
                    force[i] = 0;
                }
                // the cost change of this row's update (costChange): kept only when it does not raise the cost
                double delta = force[i] - old;
                double change = 0.5 * delta * delta * (1 / arinv[i]) + delta * res;
                if (change > 1e-10) {
                    force[i] = old;
                    change = 0;
                }
                improvement -= change;
            }
            iter++;
            if (improvement / scale < m.tolerance) {
                break;
            }
        }
        d.solver_iter = iter;
        // dualFinish: joint forces and the constrained acceleration
        java.util.Arrays.fill(d.qfrc_constraint, 0, nv, 0);
        for (int r = 0; r < nefc; r++) {
            for (int k = d.efc_J_rowadr[r], end = k + d.efc_J_rownnz[r]; k < end; k++) {
                d.qfrc_constraint[d.efc_J_colind[k]] += d.efc_J[k] * force[r];
            }
        }
        System.arraycopy(d.qfrc_constraint, 0, d.qacc, 0, nv);
        Smooth.solveM(pm, d, d.qacc);
        for (int i = 0; i < nv; i++) {
            d.qacc[i] += d.qacc_smooth[i];
        }
        System.arraycopy(d.qacc, 0, d.qacc_warmstart, 0, nv);
    }

    /**
     * {@code AR = JM2·JM2ᵀ + diag(R)} with {@code JM2 = J L⁻ᵀ D^-½} from the factored mass matrix
     * ({@code mj_projectConstraint} with {@code mj_solveM2}).
     */
    private void project(PhysicsModel pm, MjData d) {
        int nv = pm.m.nv, nefc = d.nefc;
        int[] par = pm.m.dof_parentid, madr = pm.dofMadr;
        double[] ld = d.qLD;
        for (int r = 0; r < nefc; r++) {
            int o = r * nv;
            java.util.Arrays.fill(jm2, o, o + nv, 0);
            for (int k = d.efc_J_rowadr[r], end = k + d.efc_J_rownnz[r]; k < end; k++) {
                jm2[o + d.efc_J_colind[k]] = d.efc_J[k];
            }
            for (int i = nv - 1; i >= 0; i--) {
                double xi = jm2[o + i];
                if (xi != 0) {
                    int ij = madr[i] + 1;
                    for (int j = par[i]; j >= 0; j = par[j]) {
                        jm2[o + j] -= ld[ij++] * xi;
                    }
                }
            }
            for (int i = 0; i < nv; i++) {
                jm2[o + i] *= 1 / Math.sqrt(ld[madr[i]]);
            }
        }
        for (int r = 0; r < nefc; r++) {
            for (int c = 0; c < nefc; c++) {
                double s = 0;
                for (int i = 0, a = r * nv, b = c * nv; i < nv; i++) {
                    s += jm2[a + i] * jm2[b + i];
                }
                ar[r * nefc + c] = s;
            }
            ar[r * (nefc + 1)] += rr[r];
        }
    }

    /**
     * MuJoCo's PGS warm start: the forces {@code mj_constraintUpdate} gives at last step's
     * acceleration, kept when their dual cost {@code fᵀb + ½fᵀ·AR·f} is not positive, else zero.
     */
    private void warmstart(MjData d) {
        int nefc = d.nefc;
        double[] force = d.efc_force;
        for (int r = 0; r < nefc; r++) {
            double x = -d.efc_aref[r];
            for (int k = d.efc_J_rowadr[r], end = k + d.efc_J_rownnz[r]; k < end; k++) {
                x += d.efc_J[k] * d.qacc_warmstart[d.efc_J_colind[k]];
            }
            jar[r] = x;
        }
        for (int r = 0; r < nefc; r++) {
            double x = jar[r], dr = 1 / rr[r];
            int type = d.efc_type[r];
            if (type == MjData.CNSTR_EQUALITY) {
                force[r] = -dr * x;
            } else if (type == MjData.CNSTR_FRICTION_DOF || type == MjData.CNSTR_FRICTION_TENDON) {
                double rf = rr[r] * floss[r];
                force[r] = x <= -rf ? floss[r] : x >= rf ? -floss[r] : -dr * x;
            } else {
                force[r] = x < 0 ? -dr * x : 0;
            }
        }
        double cost = 0;
        for (int r = 0; r < nefc; r++) {
            cost += force[r] * d.efc_b[r];
        }
        double quad = 0;
        for (int r = 0; r < nefc; r++) {
            double s = 0;
            for (int c = 0, o = r * nefc; c < nefc; c++) {
                s += ar[o + c] * force[c];
            }
            quad += force[r] * s;
        }
        cost += 0.5 * quad;
        if (cost > 0) {
            java.util.Arrays.fill(force, 0, nefc, 0);
        }
    }
}
