package io.vlaarena.sim.internal.solver;

import io.vlaarena.sim.internal.constraint.Impedance;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import java.util.Arrays;

/**
 * MuJoCo 2.2.2's Newton solver ({@code mj_solNewton}) on the primal problem:
 * {@code min ½(a − a₀)ᵀM(a − a₀) + Σ s_i(J_i a − aref_i)} over the joint accelerations, where a
 * row's cost is {@code ½ D_i x²} when it is active (equalities always; limits and pyramid edges
 * while {@code x < 0}; frictionloss rows while {@code |x| < R f}, linear with slope ±f beyond),
 * {@code D = 1/R}. An elliptic cone's rows share one cost over the contact's
 * {@code U = (μ x₀, μ₁ x₁, ...)}, {@code N = U₀}, {@code T = |U₁..|} (μ the regularized cone's
 * {@code μ₁ √(R₁/R₀)}): nothing in the top zone {@code N ≥ μT}, {@code ½ Σ D_j x_j²} in the
 * bottom zone {@code μN + T ≤ 0}, and {@code ½ D₀/(μ²(1+μ²)) (N − μT)²} in between (the cone
 * state), whose Hessian is added per contact (MuJoCo's {@code mj_constraintUpdate} and
 * {@code HessianCone}). Each iteration solves with the Hessian
 * {@code M + Jᵀ D J} of the active rows plus the cones' ({@link TreeCholesky}) and takes an exact line search on
 * the piecewise quadratic cost (MuJoCo's bracketing Newton line search); it stops when the scaled
 * improvement or gradient falls below the model's tolerance (1e-8 by default), after at most its
 * iterations (100); the line search has its own (0.01 of that tolerance, 50 iterations). It
 * starts from the better of last step's solution and the unconstrained acceleration, as MuJoCo's
 * warm start does. With the model's {@code solver="CG"} the same loop is MuJoCo's CG solver
 * ({@code mj_solCGNewton} with {@code flg_Newton} off): no Hessian, the gradient preconditioned
 * by the mass matrix alone and {@link PolakRibiere} search directions. Holds its scratch; one per
 * rollout, not thread-safe.
 */
public final class Newton {

    private final TreeCholesky chol = new TreeCholesky();
    /** The CG solver's direction rule; null for Newton. */
    private final PolakRibiere cg;
    private double[] ma = new double[0], mv = new double[0], grad = new double[0], mgrad = new double[0],
            search = new double[0], qfrc = new double[0];
    private double[] jaref = new double[0], jv = new double[0], dd = new double[0], quad = new double[0];
    /** Each row's state at the last update ({@code SATISFIED}, {@code QUADRATIC}, {@code LINEAR_NEG}, {@code LINEAR_POS}). */
    private byte[] state = new byte[0];
    /** Each row's frictionloss (0 for rows that are not frictionloss rows). */
    private double[] floss = new double[0];
    /** Each row's regularizer R (= 1/D). */
    private double[] rr = new double[0];
    private static final byte SATISFIED = 0, QUADRATIC = 1, LINEAR_NEG = 2, LINEAR_POS = 3, CONE = 4;
    /** The regularized cone's friction coefficient of each elliptic contact, at its first row (MuJoCo's contact mu). */
    private double[] coneMu = new double[0];
    /** The cone Hessian of each elliptic contact in the cone state (dim x dim, row-major), at 36 times its first row. */
    private double[] coneH = new double[0];
    /** Scratch: a cone Hessian's Cholesky factor, and Lᵀ J of a contact (dim rows of its nonzeros). */
    private final double[] local = new double[36], coneU = new double[6], coneEval = new double[3];
    private double[] ltj = new double[0];
    private int[] ltjCol = new int[0];
    /** Contacts in the cone state at the last update. */
    private int ncone;
    private final double[] quadGauss = new double[3];
    private double cost;
    private int lsIter;
    private final Point p0 = new Point(), p1 = new Point(), p2 = new Point(), pmid = new Point(), p1next = new Point(),
            p2next = new Point();
    /** Copies of p1next, p2next and pmid: MuJoCo's bracket updates read the candidates as they were before either update. */
    private final Point[] candidates = {new Point(), new Point(), new Point()};

    /** A line-search point: step, cost, first and second derivatives. */
    private static final class Point {
        double alpha, cost, d0, d1;

        void set(Point o) {
            alpha = o.alpha;
            cost = o.cost;
            d0 = o.d0;
            d1 = o.d1;
        }
    }

    private Newton(boolean newton) {
        cg = newton ? null : new PolakRibiere();
    }

    /** The rollout's solver (Newton, or CG when the model asks for it), created on first use. */
    public static Newton of(MjData d) {
        boolean newton = d.model.m.solver != io.vlaarena.sim.internal.model.MjModel.SOL_CG;
        if (!(d.solver instanceof Newton s) || (s.cg == null) != newton) {
            d.solver = new Newton(newton);
        }
        return (Newton) d.solver;
    }

    private void ensure(int nv, int nefc) {
        if (ma.length < nv) {
            ma = new double[nv];
            mv = new double[nv];
            grad = new double[nv];
            mgrad = new double[nv];
            search = new double[nv];
            qfrc = new double[nv];
        }
        if (jaref.length < nefc) {
            int cap = Math.max(nefc, 2 * jaref.length);
            jaref = new double[cap];
            jv = new double[cap];
            dd = new double[cap];
            state = new byte[cap];
            floss = new double[cap];
            rr = new double[cap];
            quad = new double[3 * cap];
            coneMu = new double[cap];
        }
        if (ltj.length < 6 * nv) {
            ltj = new double[6 * nv];
            ltjCol = new int[6 * nv];
        }
    }

    /** Room for the cone Hessians, allocated when a model first has an elliptic contact. */
    private void ensureCones(int nefc) {
        if (coneH.length < 36 * nefc) {
            coneH = new double[36 * Math.max(nefc, jaref.length)];
        }
    }

    /**
     * Solves for {@code d.qacc}, {@code d.efc_force} and {@code d.qfrc_constraint}; needs the rows
     * with their impedance and reference acceleration, {@code qacc_smooth} and {@code qfrc_smooth}.
     */
    public void solve(PhysicsModel pm, MjData d) {
        int nv = pm.m.nv, nefc = d.nefc;
        ensure(nv, nefc);
        if (cg == null) {
            chol.setModel(pm);
            chol.analyze(d);
        }
        lastData = d;
        for (int r = 0; r < nefc; r++) {
            rr[r] = Impedance.regularizer(d, r);
            dd[r] = 1 / rr[r];
            int type = d.efc_type[r];
            floss[r] = type == MjData.CNSTR_FRICTION_DOF ? pm.m.dof_frictionloss[d.efc_id[r]]
                    : type == MjData.CNSTR_FRICTION_TENDON ? pm.m.tendon_frictionloss[d.efc_id[r]] : 0;
        }
        for (int r = 0; r < nefc; r++) {
            if (d.efc_type[r] == MjData.CNSTR_CONTACT_ELLIPTIC) {
                ensureCones(nefc);
                r += ellipticRegularizers(pm, d, r) - 1;
            }
        }
        if ((pm.m.disableflags & io.vlaarena.sim.internal.model.MjModel.DSBL_WARMSTART) == 0) {
            warmstart(pm, d);
        } else {
            System.arraycopy(d.qacc_smooth, 0, d.qacc, 0, nv);
        }
        // Ma, Jaref at the start
        mulM(pm, d, d.qacc, ma);
        mulJ(d, d.qacc, jaref, nv);
        for (int r = 0; r < nefc; r++) {
            jaref[r] -= d.efc_aref[r];
        }
        update(pm, d);
        if (cg == null) {
            hessian(pm, d);
        }
        gradient(pm, nv);
        for (int i = 0; i < nv; i++) {
            search[i] = -mgrad[i];
        }
        int iter = 0;
        double scale = pm.m.stat_meaninertia * Math.max(1, nv);
        while (iter < pm.m.iterations) {
            double alpha = lineSearch(pm, d, scale);
            if (alpha == 0) {
                break;
            }
            for (int i = 0; i < nv; i++) {
                d.qacc[i] += alpha * search[i];
                ma[i] += alpha * mv[i];
            }
            for (int r = 0; r < nefc; r++) {
                jaref[r] += alpha * jv[r];
            }
            if (cg != null) {
                cg.remember(grad, mgrad, nv);
            }
            double oldcost = cost;
            if (update(pm, d) && cg == null) {
                // MuJoCo updates the factor by a rank-1 term per row that changed state; here it is rebuilt
                hessian(pm, d);
            }
            gradient(pm, nv);
            iter++;
            double improvement = (oldcost - cost) / scale;
            double gnorm = 0;
            for (int i = 0; i < nv; i++) {
                gnorm += grad[i] * grad[i];
            }
            if (improvement < pm.m.tolerance || Math.sqrt(gnorm) / scale < pm.m.tolerance) {
                break;
            }
            if (cg != null) {
                cg.direction(grad, mgrad, search, nv);
            } else {
                for (int i = 0; i < nv; i++) {
                    search[i] = -mgrad[i];
                }
            }
        }
        d.solver_iter = iter;
        System.arraycopy(d.qacc, 0, d.qacc_warmstart, 0, nv);
    }

    /**
     * The regularizers of the elliptic contact whose rows start at r ({@code mj_makeImpedance}):
     * the normal row's from its impedance, the first tangent's that divided by impratio, every
     * other friction row's such that {@code R_j μ_j² = R₁ μ₁²}; and the regularized cone's
     * {@code μ = μ₁ √(R₁/R₀)}. Returns the contact's number of rows.
     */
    private int ellipticRegularizers(PhysicsModel pm, MjData d, int r) {
        int c = d.efc_id[r], dim = d.contact_dim[c], f = 5 * c;
        double[] fr = d.contact_friction;
        rr[r + 1] = rr[r] / Math.max(1e-15, pm.m.impratio);
        coneMu[r] = fr[f] * Math.sqrt(rr[r + 1] / rr[r]);
        for (int j = 1; j < dim - 1; j++) {
            rr[r + j + 1] = rr[r + 1] * fr[f] * fr[f] / (fr[f + j] * fr[f + j]);
        }
        for (int j = 0; j < dim; j++) {
            dd[r + j] = 1 / rr[r + j];
        }
        return dim;
    }

    /** Starts from the better (lower cost) of last step's acceleration and the unconstrained one. */
    private void warmstart(PhysicsModel pm, MjData d) {
        int nv = pm.m.nv, nefc = d.nefc;
        System.arraycopy(d.qacc_warmstart, 0, d.qacc, 0, nv);
        mulJ(d, d.qacc_warmstart, jaref, nv);
        for (int r = 0; r < nefc; r++) {
            jaref[r] -= d.efc_aref[r];
        }
        double costWarm = constraintCost(d, jaref);
        mulM(pm, d, d.qacc_warmstart, ma);
        for (int i = 0; i < nv; i++) {
            costWarm += 0.5 * (ma[i] - d.qfrc_smooth[i]) * (d.qacc_warmstart[i] - d.qacc_smooth[i]);
        }
        // at qacc_smooth, J a - aref = efc_b
        double costSmooth = constraintCost(d, d.efc_b);
        if (costWarm > costSmooth) {
            System.arraycopy(d.qacc_smooth, 0, d.qacc, 0, nv);
        }
    }

    /** The constraint cost at {@code x = J a − aref}. */
    private double constraintCost(MjData d, double[] x) {
        double s = 0;
        for (int r = 0; r < d.nefc; r++) {
            if (d.efc_type[r] == MjData.CNSTR_CONTACT_ELLIPTIC) {
                s += cone(d, r, x, false);
                r += d.contact_dim[d.efc_id[r]] - 1;
            } else {
                s += rowCost(d, r, x[r]);
            }
        }
        return s;
    }

    /**
     * The cost of the elliptic contact whose rows start at r, at {@code x}
     * ({@code mj_constraintUpdate}); with {@code update}, also its rows' state, forces and, in
     * the cone state, its cone Hessian.
     */
    private double cone(MjData d, int r, double[] x, boolean update) {
        int c = d.efc_id[r], dim = d.contact_dim[c], f = 5 * c;
        double mu = coneMu[r];
        double[] fr = d.contact_friction, u = coneU;
        u[0] = x[r] * mu;
        double tt = 0;
        for (int j = 1; j < dim; j++) {
            u[j] = x[r + j] * fr[f + j - 1];
            tt += u[j] * u[j];
        }
        double n = u[0], t = Math.sqrt(tt), s = 0;
        byte st;
        if (n >= mu * t || (t <= 0 && n >= 0)) {
            st = SATISFIED;
            if (update) {
                for (int j = 0; j < dim; j++) {
                    d.efc_force[r + j] = 0;
                }
            }
        } else if (mu * n + t <= 0 || (t <= 0 && n < 0)) {
            st = QUADRATIC;
            for (int j = 0; j < dim; j++) {
                s += 0.5 * dd[r + j] * x[r + j] * x[r + j];
                if (update) {
                    d.efc_force[r + j] = -dd[r + j] * x[r + j];
                }
            }
        } else {
            st = CONE;
            double dm = dd[r] / (mu * mu * (1 + mu * mu)), nmt = n - mu * t;
            s = 0.5 * dm * nmt * nmt;
            if (update) {
                double f0 = -dm * nmt * mu;
                d.efc_force[r] = f0;
                for (int j = 1; j < dim; j++) {
                    d.efc_force[r + j] = -f0 / t * u[j] * fr[f + j - 1];
                }
                coneHessian(d, r, dim, f, mu, n, t, dm);
            }
        }
        if (update) {
            for (int j = 0; j < dim; j++) {
                state[r + j] = st;
            }
        }
        return s;
    }

    /**
     * The cone Hessian of a contact in the cone state, as MuJoCo's: {@code Dm · S H S} with
     * {@code S = diag(μ, μ₁, ...)} and H's first row {@code (1, −μ/T U)}, its lower block
     * {@code μN/T³ UUᵀ + (μ² − μN/T) I}, symmetric.
     */
    private void coneHessian(MjData d, int r, int dim, int f, double mu, double n, double t, double dm) {
        double[] h = coneH, u = coneU, fr = d.contact_friction;
        int o = 36 * r;
        double scl = -mu / t;
        h[o] = 1;
        for (int j = 1; j < dim; j++) {
            h[o + j] = scl * u[j];
        }
        scl = mu * n / (t * t * t);
        for (int k = 1; k < dim; k++) {
            for (int j = k; j < dim; j++) {
                h[o + k * dim + j] = scl * u[j] * u[k];
            }
        }
        scl = mu * mu - mu * n / t;
        for (int j = 1; j < dim; j++) {
            h[o + j * (dim + 1)] += scl;
        }
        for (int k = 0; k < dim; k++) {
            scl = dm * (k == 0 ? mu : fr[f + k - 1]);
            for (int j = k; j < dim; j++) {
                h[o + k * dim + j] *= scl * (j == 0 ? mu : fr[f + j - 1]);
            }
        }
        for (int k = 0; k < dim; k++) {
            for (int j = k + 1; j < dim; j++) {
                h[o + j * dim + k] = h[o + k * dim + j];
            }
        }
    }

    /**
     * Row r's state at {@code x = J a − aref} ({@code mj_constraintUpdate}): equalities are always
     * quadratic; frictionloss rows are quadratic within {@code |x| < R·f} and linear beyond (force
     * ±f); limits and contacts are quadratic while {@code x < 0}.
     */
    private byte rowState(MjData d, int r, double x) {
        int type = d.efc_type[r];
        if (type == MjData.CNSTR_EQUALITY) {
            return QUADRATIC;
        }
        if (type == MjData.CNSTR_FRICTION_DOF || type == MjData.CNSTR_FRICTION_TENDON) {
            double rf = rr[r] * floss[r];
            return x <= -rf ? LINEAR_NEG : x >= rf ? LINEAR_POS : QUADRATIC;
        }
        return x < 0 ? QUADRATIC : SATISFIED;
    }

    /** Row r's cost at {@code x}. */
    private double rowCost(MjData d, int r, double x) {
        double f = floss[r], rf = rr[r] * f;
        return switch (rowState(d, r, x)) {
            case QUADRATIC -> 0.5 * dd[r] * x * x;
            case LINEAR_NEG -> -0.5 * rf * f - f * x;
            case LINEAR_POS -> -0.5 * rf * f + f * x;
            default -> 0;
        };
    }

    /**
     * Forces, qfrc_constraint and the cost at the current acceleration ({@code mj_constraintUpdate});
     * true when the Hessian must be refactored: a row changed state since the last call, or a
     * contact is in the cone state (its cone Hessian follows the acceleration).
     */
    private boolean update(PhysicsModel pm, MjData d) {
        int nv = pm.m.nv, nefc = d.nefc;
        double s = 0;
        boolean changed = false;
        ncone = 0;
        Arrays.fill(d.qfrc_constraint, 0, nv, 0);
        for (int r = 0; r < nefc; r++) {
            if (d.efc_type[r] == MjData.CNSTR_CONTACT_ELLIPTIC) {
                byte old = state[r];
                s += updateCone(d, r);
                changed |= state[r] != old;
                r += d.contact_dim[d.efc_id[r]] - 1;
                continue;
            }
            double x = jaref[r];
            byte st = rowState(d, r, x);
            changed |= st != state[r];
            state[r] = st;
            double f = switch (st) {
                case QUADRATIC -> -dd[r] * x;
                case LINEAR_NEG -> floss[r];
                case LINEAR_POS -> -floss[r];
                default -> 0;
            };
            d.efc_force[r] = f;
            if (st != SATISFIED) {
                s += rowCost(d, r, x);
                for (int k = d.efc_J_rowadr[r], end = k + d.efc_J_rownnz[r]; k < end; k++) {
                    d.qfrc_constraint[d.efc_J_colind[k]] += d.efc_J[k] * f;
                }
            }
        }
        double gauss = 0;
        for (int i = 0; i < nv; i++) {
            gauss += 0.5 * (ma[i] - d.qfrc_smooth[i]) * (d.qacc[i] - d.qacc_smooth[i]);
        }
        quadGauss[0] = gauss;
        cost = s + gauss;
        return changed || ncone > 0;
    }

    /**
     * The elliptic contact whose rows start at r at the current acceleration: its state, forces
     * and cone Hessian, its forces added to qfrc_constraint, its cone counted; returns its cost.
     */
    private double updateCone(MjData d, int r) {
        double s = cone(d, r, jaref, true);
        if (state[r] == CONE) {
            ncone++;
        }
        if (state[r] != SATISFIED) {
            for (int j = r, end = r + d.contact_dim[d.efc_id[r]]; j < end; j++) {
                double f = d.efc_force[j];
                for (int k = d.efc_J_rowadr[j], e = k + d.efc_J_rownnz[j]; k < e; k++) {
                    d.qfrc_constraint[d.efc_J_colind[k]] += d.efc_J[k] * f;
                }
            }
        }
        return s;
    }

    /** Factors {@code M + Jᵀ D J} over the active rows, plus {@code J_cᵀ H_c J_c} for each contact in the cone state. */
    private void hessian(PhysicsModel pm, MjData d) {
        chol.beginWithMassMatrix(d);
        for (int r = 0; r < d.nefc; r++) {
            if (state[r] == QUADRATIC) {
                chol.addRow(d, r, dd[r]);
            }
        }
        if (ncone > 0) {
            for (int r = 0; r < d.nefc; r++) {
                if (state[r] == CONE) {
                    int dim = d.contact_dim[d.efc_id[r]];
                    addCone(d, r, dim);
                    r += dim - 1;
                }
            }
        }
        if (!chol.factor()) {
            throw new io.vlaarena.core.ArenaException(String.format(java.util.Locale.ROOT,
                    "Simulation diverged at t=%.4f s: the constraint Hessian is not positive definite.", d.time));
        }
    }

    /**
     * Adds a cone Hessian as MuJoCo's {@code HessianCone} does: H = L Lᵀ (Cholesky with MuJoCo's
     * floor of 1e-15 on the pivots, H being only semidefinite), then each row of {@code Lᵀ J} as
     * a rank-one term.
     */
    private void addCone(MjData d, int r, int dim) {
        double[] l = local;
        System.arraycopy(coneH, 36 * r, l, 0, dim * dim);
        for (int j = 0; j < dim; j++) {
            double t = l[j * (dim + 1)];
            for (int k = 0; k < j; k++) {
                t -= l[j * dim + k] * l[j * dim + k];
            }
            if (t < 1e-15) {
                t = 1e-15;
            }
            l[j * (dim + 1)] = Math.sqrt(t);
            t = 1 / l[j * (dim + 1)];
            for (int i = j + 1; i < dim; i++) {
                double v = l[i * dim + j];
                for (int k = 0; k < j; k++) {
                    v -= l[i * dim + k] * l[j * dim + k];
                }
                l[i * dim + j] = v * t;
            }
        }
        int nnz = d.efc_J_rownnz[r];
        Arrays.fill(ltj, 0, dim * nnz, 0);
        for (int row = 0; row < dim; row++) {
            int adr = d.efc_J_rowadr[r + row];
            for (int c = 0; c <= row; c++) {
                double w = l[row * dim + c];
                for (int k = 0; k < nnz; k++) {
                    ltj[c * nnz + k] += w * d.efc_J[adr + k];
                }
            }
        }
        for (int c = 0; c < dim; c++) {
            System.arraycopy(d.efc_J_colind, d.efc_J_rowadr[r], ltjCol, c * nnz, nnz);
            chol.addSparse(ltj, ltjCol, c * nnz, (c + 1) * nnz, 1);
        }
    }

    /** grad = M a − qfrc_smooth − qfrc_constraint, and H⁻¹ grad (CG: M⁻¹ grad). */
    private void gradient(PhysicsModel pm, int nv) {
        MjData d = lastData;
        for (int i = 0; i < nv; i++) {
            grad[i] = ma[i] - d.qfrc_smooth[i] - d.qfrc_constraint[i];
        }
        System.arraycopy(grad, 0, mgrad, 0, nv);
        if (cg == null) {
            chol.solve(mgrad);
        } else {
            io.vlaarena.sim.internal.physics.Smooth.solveM(pm, d, mgrad);
        }
    }

    private MjData lastData;

    /** MuJoCo's exact line search along {@code search}: returns the step, 0 when there is no improvement. */
    private double lineSearch(PhysicsModel pm, MjData d, double scale) {
        int nv = pm.m.nv, nefc = d.nefc;
        lsIter = 0;
        double snorm = 0;
        for (int i = 0; i < nv; i++) {
            snorm += search[i] * search[i];
        }
        snorm = Math.sqrt(snorm);
        if (snorm < 1e-15) {
            return 0;
        }
        double gtol = pm.m.tolerance * pm.m.ls_tolerance * snorm * scale;
        mulM(pm, d, search, mv);
        mulJ(d, search, jv, nv);
        // quadratics: Gauss and each row
        double vma = 0, vqs = 0, vmv = 0;
        for (int i = 0; i < nv; i++) {
            vma += search[i] * ma[i];
            vqs += search[i] * d.qfrc_smooth[i];
            vmv += search[i] * mv[i];
        }
        quadGauss[1] = vma - vqs;
        quadGauss[2] = 0.5 * vmv;
        for (int r = 0; r < nefc; r++) {
            double dj0 = dd[r] * jaref[r];
            quad[3 * r] = 0.5 * jaref[r] * dj0;
            quad[3 * r + 1] = jv[r] * dj0;
            quad[3 * r + 2] = 0.5 * jv[r] * dd[r] * jv[r];
            if (d.efc_type[r] == MjData.CNSTR_CONTACT_ELLIPTIC) {
                r += prepareCone(d, r) - 1;
            }
        }
        p0.alpha = 0;
        eval(d, p0);
        p1.alpha = p0.alpha - p0.d0 / p0.d1;
        eval(d, p1);
        if (p0.cost < p1.cost) {
            p1.set(p0);
        }
        if (Math.abs(p1.d0) < gtol) {
            return p1.alpha;
        }
        int dir = p1.d0 < 0 ? 1 : -1;
        boolean p2update = false;
        while (p1.d0 * dir <= -gtol && lsIter < pm.m.ls_iterations) {
            p2.set(p1);
            p2update = true;
            p1.alpha -= p1.d0 / p1.d1;
            eval(d, p1);
            if (Math.abs(p1.d0) < gtol) {
                return p1.alpha;
            }
        }
        if (lsIter >= pm.m.ls_iterations || !p2update) {
            return p1.alpha;
        }
        p2next.set(p1);
        p1next.alpha = p1.alpha - p1.d0 / p1.d1;
        eval(d, p1next);
        while (lsIter < pm.m.ls_iterations) {
            pmid.alpha = 0.5 * (p1.alpha + p2.alpha);
            eval(d, pmid);
            candidates[0].set(p1next);
            candidates[1].set(p2next);
            candidates[2].set(pmid);
            double bestcost = 0;
            int bestind = -1;
            for (int i = 0; i < 3; i++) {
                if (Math.abs(candidates[i].d0) < gtol && (bestind == -1 || candidates[i].cost < bestcost)) {
                    bestcost = candidates[i].cost;
                    bestind = i;
                }
            }
            if (bestind >= 0) {
                return candidates[bestind].alpha;
            }
            boolean b1 = updateBracket(d, p1, p1next);
            boolean b2 = updateBracket(d, p2, p2next);
            if (!b1 && !b2) {
                return pmid.alpha;
            }
        }
        if (p1.cost <= p2.cost && p1.cost < p0.cost) {
            return p1.alpha;
        } else if (p2.cost <= p1.cost && p2.cost < p0.cost) {
            return p2.alpha;
        }
        return 0;
    }

    /**
     * The line's quadratics of the elliptic contact whose rows start at r (MuJoCo's
     * {@code CGprepare}): the bottom zone's sum over all rows at {@code quad[3r..3r+2]}, then
     * {@code U₀, V₀, Σ U_j², Σ U_j V_j, Σ V_j², Dm} at {@code quad[3r+3..3r+8]} (U at the start,
     * V along the search, both in the circular cone's scaling). Returns the contact's rows.
     */
    private int prepareCone(MjData d, int r) {
        int c = d.efc_id[r], dim = d.contact_dim[c], f = 5 * c, q = 3 * r;
        double[] fr = d.contact_friction;
        double q0 = jaref[r] * (dd[r] * jaref[r]), q1 = jv[r] * (dd[r] * jaref[r]), q2 = jv[r] * dd[r] * jv[r];
        for (int j = 1; j < dim; j++) {
            double dj = dd[r + j] * jaref[r + j];
            q0 += jaref[r + j] * dj;
            q1 += jv[r + j] * dj;
            q2 += jv[r + j] * dd[r + j] * jv[r + j];
        }
        double mu = coneMu[r], uu = 0, uv = 0, vv = 0;
        for (int j = 1; j < dim; j++) {
            double u = jaref[r + j] * fr[f + j - 1], v = jv[r + j] * fr[f + j - 1];
            uu += u * u;
            uv += u * v;
            vv += v * v;
        }
        quad[q] = 0.5 * q0;
        quad[q + 1] = q1;
        quad[q + 2] = 0.5 * q2;
        quad[q + 3] = jaref[r] * mu;
        quad[q + 4] = jv[r] * mu;
        quad[q + 5] = uu;
        quad[q + 6] = uv;
        quad[q + 7] = vv;
        quad[q + 8] = dd[r] / (mu * mu * (1 + mu * mu));
        return dim;
    }

    private boolean updateBracket(MjData d, Point p, Point pnext) {
        int flag = 0;
        for (int i = 0; i < 3; i++) {
            Point c = candidates[i];
            if (p.d0 < 0 && c.d0 < 0 && p.d0 < c.d0) {
                p.set(c);
                flag = 1;
            } else if (p.d0 > 0 && c.d0 > 0 && p.d0 > c.d0) {
                p.set(c);
                flag = 2;
            }
        }
        if (flag != 0) {
            pnext.alpha = p.alpha - p.d0 / p.d1;
            eval(d, pnext);
        }
        return flag != 0;
    }

    /** Cost and derivatives of the line at step {@code p.alpha}. */
    private void eval(MjData d, Point p) {
        double alpha = p.alpha;
        double q0 = quadGauss[0], q1 = quadGauss[1], q2 = quadGauss[2];
        double cost = 0, d0 = 0, d1 = 0;
        for (int r = 0; r < d.nefc; r++) {
            double x = jaref[r] + alpha * jv[r];
            int type = d.efc_type[r];
            if (type >= MjData.CNSTR_LIMIT_JOINT && type <= MjData.CNSTR_CONTACT_PYRAMIDAL) {
                // limits, frictionless contacts and pyramid edges (the common rows): active while x < 0
                if (x < 0) {
                    q0 += quad[3 * r];
                    q1 += quad[3 * r + 1];
                    q2 += quad[3 * r + 2];
                }
            } else if (type == MjData.CNSTR_FRICTION_DOF || type == MjData.CNSTR_FRICTION_TENDON) {
                double f = floss[r], rf = rr[r] * f;
                if (-rf < x && x < rf) {
                    q0 += quad[3 * r];
                    q1 += quad[3 * r + 1];
                    q2 += quad[3 * r + 2];
                } else if (x <= -rf) {
                    q0 += f * (-0.5 * rf - jaref[r]);
                    q1 += -f * jv[r];
                } else {
                    q0 += f * (-0.5 * rf + jaref[r]);
                    q1 += f * jv[r];
                }
            } else if (type == MjData.CNSTR_CONTACT_ELLIPTIC) {
                int zone = evalCone(r, alpha);
                if (zone == QUADRATIC) {
                    q0 += quad[3 * r];
                    q1 += quad[3 * r + 1];
                    q2 += quad[3 * r + 2];
                } else if (zone == CONE) {
                    cost += coneEval[0];
                    d0 += coneEval[1];
                    d1 += coneEval[2];
                }
                r += d.contact_dim[d.efc_id[r]] - 1;
            } else {
                // equalities: always active
                q0 += quad[3 * r];
                q1 += quad[3 * r + 1];
                q2 += quad[3 * r + 2];
            }
        }
        p.cost = cost + (alpha * alpha * q2 + alpha * q1 + q0);
        p.d0 = d0 + (2 * alpha * q2 + q1);
        p.d1 = d1 + 2 * q2;
        if (p.d1 <= 0) {
            p.d1 = 1e-15;
        }
        lsIter++;
    }

    /**
     * The zone of the elliptic contact whose rows start at r at step {@code alpha} along the line
     * (MuJoCo's {@code CGeval}): {@code SATISFIED} (top), {@code QUADRATIC} (bottom: its
     * quadratic at {@code quad[3r..]} applies) or {@code CONE}, whose cost and first and second
     * derivatives go to {@code coneEval}.
     */
    private int evalCone(int r, double alpha) {
        int q = 3 * r;
        double mu = coneMu[r], dm = quad[q + 8];
        double n = quad[q + 3] + alpha * quad[q + 4];
        double tsqr = quad[q + 5] + alpha * (2 * quad[q + 6] + alpha * quad[q + 7]);
        if (tsqr <= 0) {
            return n < 0 ? QUADRATIC : SATISFIED;
        }
        double t = Math.sqrt(tsqr);
        if (n >= mu * t) {
            return SATISFIED;
        }
        if (mu * n + t <= 0) {
            return QUADRATIC;
        }
        double n1 = quad[q + 4], t1 = (quad[q + 6] + alpha * quad[q + 7]) / t;
        double t2 = quad[q + 7] / t - (quad[q + 6] + alpha * quad[q + 7]) * t1 / (t * t);
        coneEval[0] = 0.5 * dm * (n - mu * t) * (n - mu * t);
        coneEval[1] = dm * (n - mu * t) * (n1 - mu * t1);
        coneEval[2] = dm * ((n1 - mu * t1) * (n1 - mu * t1) + (n - mu * t) * (-mu * t2));
        return CONE;
    }

    /** {@code out = M v} with the tree-sparse mass matrix ({@code mj_mulM}). */
    private static void mulM(PhysicsModel pm, MjData d, double[] v, double[] out) {
        int nv = pm.m.nv;
        int[] madr = pm.dofMadr, par = pm.m.dof_parentid;
        for (int i = 0; i < nv; i++) {
            out[i] = d.qM[madr[i]] * v[i];
        }
        for (int i = 0; i < nv; i++) {
            int adr = madr[i] + 1;
            for (int j = par[i]; j >= 0; j = par[j], adr++) {
                out[i] += d.qM[adr] * v[j];
                out[j] += d.qM[adr] * v[i];
            }
        }
    }

    /** {@code out = J v} over the rows' nonzeros. */
    private static void mulJ(MjData d, double[] v, double[] out, int nv) {
        for (int r = 0; r < d.nefc; r++) {
            double s = 0;
            for (int k = d.efc_J_rowadr[r], end = k + d.efc_J_rownnz[r]; k < end; k++) {
                s += d.efc_J[k] * v[d.efc_J_colind[k]];
            }
            out[r] = s;
        }
    }
}
