package io.vlaarena.sim.internal.constraint;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import io.vlaarena.sim.internal.physics.Support;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * The constraint rows of a state, MuJoCo's {@code mj_makeConstraint}, in MuJoCo's row order:
 * equalities ({@code mj_instantiateEquality}), joint then tendon limits
 * ({@code mj_instantiateLimit}), contacts ({@code mj_instantiateContact}). Each row gets its
 * type and object, Jacobian, position (violation), inverse weight (MuJoCo's approximate
 * diagonal, {@code mj_diagApprox}) and the kinematic trees it acts on; then the impedances
 * ({@link Impedance#makeImpedance}). Rows are sparse ({@code efc_J_rownnz/rowadr/colind}, as
 * MuJoCo's sparse Jacobian): a contact or connect/weld row holds the dofs that move either body
 * (their dof chains merged), so building a row costs its chains, not nv. Stateless.
 */
public final class Constraint {
    private Constraint() {
    }

    /** Builds all rows of this state ({@code d.nefc}); needs positions, dof axes and contacts. */
    public static void makeConstraint(PhysicsModel pm, MjData d) {
        d.nefc = 0;
        d.ne = 0;
        d.nf = 0;
        int off = pm.m.disableflags;
        if ((off & MjModel.DSBL_CONSTRAINT) != 0) {
            return;
        }
        if (pm.m.neq > 0 && (off & MjModel.DSBL_EQUALITY) == 0) {
            instantiateEquality(pm, d);
        }
        d.ne = d.nefc;
        if ((off & MjModel.DSBL_FRICTIONLOSS) == 0) {
            instantiateFriction(pm, d);
        }
        d.nf = d.nefc - d.ne;
        if ((off & MjModel.DSBL_LIMIT) == 0) {
            instantiateJointLimits(pm, d);
            if (pm.limitedTendons.length > 0) {
                instantiateTendonLimits(pm, d);
            }
        }
        if ((off & MjModel.DSBL_CONTACT) == 0) {
            instantiateContact(pm, d);
        }
        Impedance.makeImpedance(pm, d);
    }

    /** Starts row r's Jacobian with room for {@code n} entries after the previous row's; returns its address. */
    private static int beginRow(MjData d, int r, int n) {
        int adr = r == 0 ? 0 : d.efc_J_rowadr[r - 1] + d.efc_J_rownnz[r - 1];
        d.ensureEfcNnz(adr + n);
        d.efc_J_rowadr[r] = adr;
        d.efc_J_rownnz[r] = n;
        return adr;
    }

    /** Row r's Jacobian from the nonzeros of {@code d.rowDense}, which is left all zero. */
    private static void denseRow(PhysicsModel pm, MjData d, int r) {
        int nv = pm.m.nv, n = 0;
        double[] dense = d.rowDense;
        for (int i = 0; i < nv; i++) {
            if (dense[i] != 0) {
                n++;
            }
        }
        int adr = beginRow(d, r, n);
        for (int i = 0; i < nv; i++) {
            if (dense[i] != 0) {
                d.efc_J_colind[adr] = i;
                d.efc_J[adr++] = dense[i];
                dense[i] = 0;
            }
        }
    }

    /**
     * The dofs that move body b1 or b2 (their dof chains merged, {@code mj_mergeChain}) into
     * {@code d.chain} in increasing order; returns their number. Entries of {@code d.jac3} (and of
     * {@code d.jacr3} when {@code angular}) at those dofs are zeroed for the Jacobians to come.
     */
    private static int mergeChains(PhysicsModel pm, MjData d, int b1, int b2, boolean angular) {
        int[] c = d.chain, par = pm.m.dof_parentid;
        int n = 0, i = pm.bodyLastDof[b1], j = pm.bodyLastDof[b2];
        while (i >= 0 || j >= 0) {
            if (i > j) {
                c[n++] = i;
                i = par[i];
            } else if (j > i) {
                c[n++] = j;
                j = par[j];
            } else {
                c[n++] = i;
                i = par[i];
                j = par[j];
            }
        }
        int nv = pm.m.nv;
        for (int a = 0, b = n - 1; a < b; a++, b--) {
            int t = c[a];
            c[a] = c[b];
            c[b] = t;
        }
        for (int k = 0; k < n; k++) {
            int v = c[k];
            d.jac3[v] = d.jac3[nv + v] = d.jac3[2 * nv + v] = 0;
            if (angular) {
                d.jacr3[v] = d.jacr3[nv + v] = d.jacr3[2 * nv + v] = 0;
            }
        }
        return n;
    }

    /** Starts row r: type, object, trees; its inverse weight and position are set by the caller. */
    private static void row(MjData d, int r, int type, int id, int tree1, int tree2) {
        d.efc_type[r] = type;
        d.efc_id[r] = id;
        d.efc_tree1[r] = tree1;
        d.efc_tree2[r] = tree2;
    }

    /**
     * MuJoCo's frictionloss rows ({@code mj_instantiateFriction}), after the equalities: one row per
     * dof with positive {@code dof_frictionloss} (Jacobian: that dof), then one per tendon with
     * positive {@code tendon_frictionloss} (the tendon's Jacobian); position and margin 0.
     */
    private static void instantiateFriction(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        for (int i : pm.frictionDofs) {
            d.ensureEfc(d.nefc + 1);
            int r = d.nefc++;
            int adr = beginRow(d, r, 1);
            d.efc_J_colind[adr] = i;
            d.efc_J[adr] = 1;
            d.efc_pos[r] = 0;
            d.efc_margin[r] = 0;
            d.efc_invweight[r] = m.dof_invweight0[i];
            row(d, r, MjData.CNSTR_FRICTION_DOF, i, pm.bodyTree[m.dof_bodyid[i]], -1);
        }
        for (int t : pm.frictionTendons) {
            d.ensureEfc(d.nefc + 1);
            int r = d.nefc++;
            addTendonJacobian(pm, d, t, 1, d.rowDense);
            denseRow(pm, d, r);
            d.efc_pos[r] = 0;
            d.efc_margin[r] = 0;
            d.efc_invweight[r] = m.tendon_invweight0[t];
            row(d, r, MjData.CNSTR_FRICTION_TENDON, t, pm.tendonTree1[t], pm.tendonTree2[t]);
        }
    }

    /**
     * Joint limit rows ({@code mj_instantiateLimit}): for each limited hinge or slide, one row per
     * side whose distance to the bound is below the joint's margin (lower side first, Jacobian ±1);
     * for a limited ball joint one row when its rotation angle comes within the margin of the
     * larger range value, Jacobian minus the rotation axis on its three dofs.
     */
    private static void instantiateJointLimits(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        for (int j = 0; j < m.njnt; j++) {
            int type = m.jnt_type[j];
            if (!m.jnt_limited[j] || type == MjModel.JNT_FREE) {
                continue;
            }
            int qa = m.jnt_qposadr[j], dof = m.jnt_dofadr[j];
            double margin = m.jnt_margin[j];
            if (type == MjModel.JNT_BALL) {
                double[] axis = d.tmp3;
                double angle = ballAngleAxis(d.qpos, qa, axis);
                double dist = Math.max(m.jnt_range[2 * j], m.jnt_range[2 * j + 1]) - angle;
                if (dist < margin) {
                    d.ensureEfc(d.nefc + 1);
                    int r = d.nefc++;
                    int adr = beginRow(d, r, 3);
                    for (int k = 0; k < 3; k++) {
                        d.efc_J_colind[adr + k] = dof + k;
                        d.efc_J[adr + k] = -axis[k];
                    }
                    d.efc_pos[r] = dist;
                    d.efc_margin[r] = margin;
                    d.efc_invweight[r] = m.dof_invweight0[dof];
                    row(d, r, MjData.CNSTR_LIMIT_JOINT, j, pm.bodyTree[m.dof_bodyid[dof]], -1);
                }
                continue;
            }
            double lo = d.qpos[qa] - m.jnt_range[2 * j], hi = m.jnt_range[2 * j + 1] - d.qpos[qa];
            for (int side = 0; side < 2; side++) {
                double dist = side == 0 ? lo : hi;
                if (dist < margin) {
                    d.ensureEfc(d.nefc + 1);
                    int r = d.nefc++;
                    int adr = beginRow(d, r, 1);
                    d.efc_J_colind[adr] = dof;
                    d.efc_J[adr] = side == 0 ? 1 : -1;
                    d.efc_pos[r] = dist;
                    d.efc_margin[r] = margin;
                    d.efc_invweight[r] = m.dof_invweight0[dof];
                    row(d, r, MjData.CNSTR_LIMIT_JOINT, j, pm.bodyTree[m.dof_bodyid[dof]], -1);
                }
            }
        }
    }

    /**
     * A ball joint's rotation as MuJoCo's {@code mju_quat2Vel(q, 1)} followed by
     * {@code mju_normalize3}: the unit axis into {@code axis} (x if the rotation is zero), the angle
     * returned.
     */
    private static double ballAngleAxis(double[] qpos, int qa, double[] axis) {
        Spatial.quat2Vel(qpos, qa, axis);
        return Spatial.normalize3(axis, 0);
    }

    /**
     * MuJoCo's tendon limit rows, after the joint limits: for each limited tendon and side (lower
     * first) with distance {@code len - lo} or {@code hi - len} below the tendon's margin, one
     * unilateral row with that distance and the tendon's Jacobian (negated for the upper side).
     */
    private static void instantiateTendonLimits(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        for (int t : pm.limitedTendons) {
            double len = d.ten_length[t];
            double margin = m.tendon_margin[t];
            for (int side = 0; side < 2; side++) {
                double dist = side == 0 ? len - m.tendon_range[2 * t] : m.tendon_range[2 * t + 1] - len;
                if (dist < margin) {
                    d.ensureEfc(d.nefc + 1);
                    int r = d.nefc++;
                    addTendonJacobian(pm, d, t, side == 0 ? 1 : -1, d.rowDense);
                    denseRow(pm, d, r);
                    d.efc_pos[r] = dist;
                    d.efc_margin[r] = margin;
                    d.efc_invweight[r] = m.tendon_invweight0[t];
                    row(d, r, MjData.CNSTR_LIMIT_TENDON, t, pm.tendonTree1[t], pm.tendonTree2[t]);
                }
            }
        }
    }

    /** Adds {@code scale} times tendon t's Jacobian (a fixed tendon's joint coefficients, a spatial tendon's ten_J row) to {@code dense}. */
    private static void addTendonJacobian(PhysicsModel pm, MjData d, int t, double scale, double[] dense) {
        MjModel m = pm.m;
        if (pm.tendonSpatial[t]) {
            for (int i = 0, o = t * m.nv; i < m.nv; i++) {
                dense[i] += scale * d.ten_J[o + i];
            }
            return;
        }
        for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
            dense[m.jnt_dofadr[m.wrap_jntid[w]]] += scale * m.wrap_coef[w];
        }
    }

    /**
     * Contact rows ({@code mj_instantiateContact}), for each contact not excluded by its gap: the
     * relative Jacobian (body2 minus body1) at the contact point along the frame; condim 1 gives
     * one frictionless row, condim 3, 4 and 6 with the pyramidal cone the pairs of edges
     * {@code n ± μ_k d_k} over the tangents, then the torsional (normal) and rolling (tangent)
     * angular directions; with the elliptic cone one row per direction (normal, tangents,
     * torsion, rolling). Position = distance and margin = the contact's margin − gap on the
     * normal row (all pyramid edges), 0 on an elliptic cone's friction rows. Inverse weights
     * ({@code mj_diagApprox} adjusted by {@code mj_makeImpedance}), with
     * {@code t = body_invweight0(b1) + body_invweight0(b2)} (translational) and μ the frictions:
     * pyramid {@code 2μ₁²(1+μ₁²)·t / impratio} for every edge; elliptic cone {@code t} for the
     * normal, {@code t / impratio} for the first tangent and {@code t·μ₁²/(μ_k² impratio)} for
     * the others, so that every friction row's R·μ² is the same; this sets the resting depths
     * where MuJoCo puts them.
     */
    private static void instantiateContact(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        int nv = m.nv;
        double[] jac3 = d.jac3, jacr = d.jacr3, frame = d.contact_frame, pos = d.contact_pos;
        for (int c = 0; c < d.ncon; c++) {
            if (d.contact_exclude[c] != 0) {
                d.contact_efc_address[c] = -1;
                continue;
            }
            int dim = d.contact_dim[c];
            int b1 = m.geom_bodyid[d.contact_geom1[c]], b2 = m.geom_bodyid[d.contact_geom2[c]];
            int n = mergeChains(pm, d, b1, b2, dim > 3);
            int[] chain = d.chain;
            double px = pos[3 * c], py = pos[3 * c + 1], pz = pos[3 * c + 2];
            Support.addPointJacobian(pm, d, b2, px, py, pz, 1, jac3);
            Support.addPointJacobian(pm, d, b1, px, py, pz, -1, jac3);
            if (dim > 3) {
                Support.addAngularJacobian(pm, d, b2, 1, jacr);
                Support.addAngularJacobian(pm, d, b1, -1, jacr);
            }
            boolean elliptic = dim > 1 && m.cone == MjModel.CONE_ELLIPTIC;
            int rows = dim == 1 || elliptic ? dim : 2 * (dim - 1);
            d.contact_efc_address[c] = d.nefc;
            d.ensureEfc(d.nefc + rows);
            int o9 = 9 * c, n0 = d.nefc, f5 = 5 * c;
            int adr0 = beginRow(d, n0, n);
            for (int r = 1; r < rows; r++) {
                beginRow(d, n0 + r, n);
            }
            double[] efcJ = d.efc_J;
            int[] colind = d.efc_J_colind;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(chain, 0, colind, adr0 + r * n, n);
            }
            for (int a = 0; a < n; a++) {
                int i = chain[a];
                double jn = frame[o9] * jac3[i] + frame[o9 + 1] * jac3[nv + i] + frame[o9 + 2] * jac3[2 * nv + i];
                efcJ[adr0 + a] = jn;
                for (int k = 1; k < dim; k++) {
                    double jk;
                    if (k < 3) {
                        int f = o9 + 3 * k;
                        jk = frame[f] * jac3[i] + frame[f + 1] * jac3[nv + i] + frame[f + 2] * jac3[2 * nv + i];
                    } else {
                        int f = o9 + 3 * (k - 3);
                        jk = frame[f] * jacr[i] + frame[f + 1] * jacr[nv + i] + frame[f + 2] * jacr[2 * nv + i];
                    }
                    if (elliptic) {
                        efcJ[adr0 + k * n + a] = jk;
                        continue;
                    }
                    double mu = d.contact_friction[f5 + k - 1];
                    int r = 2 * (k - 1);
                    efcJ[adr0 + r * n + a] = jn + mu * jk;
                    efcJ[adr0 + (r + 1) * n + a] = jn - mu * jk;
                }
            }
            double mu = d.contact_friction[f5];
            double t = m.body_invweight0[2 * b1] + m.body_invweight0[2 * b2];
            int type = dim == 1 ? MjData.CNSTR_CONTACT_FRICTIONLESS
                    : elliptic ? MjData.CNSTR_CONTACT_ELLIPTIC : MjData.CNSTR_CONTACT_PYRAMIDAL;
            for (int r = 0; r < rows; r++) {
                boolean normal = r == 0 || !elliptic;
                d.efc_pos[n0 + r] = normal ? d.contact_dist[c] : 0;
                d.efc_margin[n0 + r] = normal ? d.contact_includemargin[c] : 0;
                double w;
                if (dim == 1 || (elliptic && r == 0)) {
                    w = t;
                } else if (elliptic) {
                    double mk = d.contact_friction[f5 + r - 1];
                    w = t / m.impratio * (mu * mu) / (mk * mk);
                } else {
                    w = 2 * mu * mu * (1 + mu * mu) * t;
                    if (m.impratio != 1) {
                        w /= m.impratio;
                    }
                }
                d.efc_invweight[n0 + r] = w;
                row(d, n0 + r, type, c, pm.bodyTree[b1], pm.bodyTree[b2]);
            }
            d.nefc += rows;
        }
    }

    /**
     * MuJoCo's equality rows, first in the row order: connect (3 rows: the anchor of body1 minus
     * its qpos0 image on body2), weld (those 3 with body1's point at relpose and body2's at the
     * anchor, then 3 rows of the orientation error {@code Im(q2* q1 relquat)} with the Jacobian
     * scaled by torquescale), joint and tendon (1 row: {@code x1 - x1_0 - poly(x2 - x2_0)}).
     * Inactive equalities and those between bodies that cannot move make no rows.
     */
    private static void instantiateEquality(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        int nv = m.nv;
        double[] data = m.eq_data, p1 = d.tmp3, p2 = d.tmp3b, jac3 = d.jac3;
        for (int e = 0; e < m.neq; e++) {
            if (!m.eq_active[e] || (pm.eqTree1[e] < 0 && pm.eqTree2[e] < 0)) {
                continue;
            }
            int type = m.eq_type[e], o1 = m.eq_obj1id[e], o2 = m.eq_obj2id[e], od = MjModel.NEQDATA * e;
            int rows = type == MjModel.EQ_CONNECT ? 3 : type == MjModel.EQ_WELD ? 6 : 1;
            d.ensureEfc(d.nefc + rows);
            double[] efcPos = d.efc_pos, dense = d.rowDense;
            int r0 = d.nefc;
            double invWeight;
            if (type == MjModel.EQ_CONNECT || type == MjModel.EQ_WELD) {
                boolean weld = type == MjModel.EQ_WELD;
                // weld: body1's point sits at relpose (data 3..5), body2's at the anchor (data 0..2)
                int a1 = weld ? od + 3 : od, a2 = weld ? od : od + 3;
                Spatial.mulMatVec(d.xmat, 9 * o1, data, a1, p1, 0);
                Spatial.mulMatVec(d.xmat, 9 * o2, data, a2, p2, 0);
                for (int k = 0; k < 3; k++) {
                    p1[k] += d.xpos[3 * o1 + k];
                    p2[k] += d.xpos[3 * o2 + k];
                    efcPos[r0 + k] = p1[k] - p2[k];
                }
                int n = mergeChains(pm, d, o1, o2, false);
                Support.addPointJacobian(pm, d, o1, p1[0], p1[1], p1[2], 1, jac3);
                Support.addPointJacobian(pm, d, o2, p2[0], p2[1], p2[2], -1, jac3);
                for (int k = 0; k < 3; k++) {
                    int adr = beginRow(d, r0 + k, n);
                    for (int a = 0; a < n; a++) {
                        d.efc_J_colind[adr + a] = d.chain[a];
                        d.efc_J[adr + a] = jac3[k * nv + d.chain[a]];
                    }
                }
                if (weld) {
                    weldRotation(pm, d, o1, o2, od, r0 + 3, n);
                }
                invWeight = m.body_invweight0[2 * o1] + m.body_invweight0[2 * o2];
            } else {
                double x1, x2 = 0, x2ref = 0;
                if (type == MjModel.EQ_JOINT) {
                    int qa = m.jnt_qposadr[o1];
                    x1 = d.qpos[qa] - m.qpos0[qa];
                    dense[m.jnt_dofadr[o1]] = 1;
                    invWeight = m.dof_invweight0[m.jnt_dofadr[o1]];
                    if (o2 >= 0) {
                        int qb = m.jnt_qposadr[o2];
                        x2 = d.qpos[qb];
                        x2ref = m.qpos0[qb];
                        invWeight += m.dof_invweight0[m.jnt_dofadr[o2]];
                    }
                } else {
                    addTendonJacobian(pm, d, o1, 1, dense);
                    x1 = d.ten_length[o1] - m.tendon_length0[o1];
                    invWeight = m.tendon_invweight0[o1];
                    if (o2 >= 0) {
                        x2 = d.ten_length[o2];
                        x2ref = m.tendon_length0[o2];
                        invWeight += m.tendon_invweight0[o2];
                    }
                }
                double c0 = data[od], c1 = data[od + 1], c2 = data[od + 2], c3 = data[od + 3], c4 = data[od + 4];
                if (o2 >= 0) {
                    double x = x2 - x2ref;
                    efcPos[r0] = x1 - (c0 + c1 * x + c2 * x * x + c3 * x * x * x + c4 * x * x * x * x);
                    double deriv = c1 + 2 * c2 * x + 3 * c3 * x * x + 4 * c4 * x * x * x;
                    if (type == MjModel.EQ_JOINT) {
                        dense[m.jnt_dofadr[o2]] -= deriv;
                    } else {
                        addTendonJacobian(pm, d, o2, -deriv, dense);
                    }
                } else {
                    efcPos[r0] = x1 - c0;
                }
                denseRow(pm, d, r0);
            }
            // the impedance follows the norm of the whole violation; MuJoCo 2.2.2 scales a weld's
            // rotation part by torquescale there (not in efc_pos or aref), found by experiment
            double norm = 0;
            for (int r = r0; r < r0 + rows; r++) {
                double p = r - r0 >= 3 ? data[od + 10] * efcPos[r] : efcPos[r];
                norm += p * p;
            }
            norm = Math.sqrt(norm);
            for (int r = r0; r < r0 + rows; r++) {
                d.efc_margin[r] = 0;
                d.efc_invweight[r] = invWeight;
                d.efc_eqnorm[r] = norm;
                row(d, r, MjData.CNSTR_EQUALITY, e, pm.eqTree1[e], pm.eqTree2[e]);
            }
            d.nefc += rows;
        }
    }

    /**
     * The weld's orientation rows from row r: error {@code e = q2* q1 relquat}, position = e's
     * vector part; Jacobian column of dof i = torquescale/2 times the vector part of
     * {@code q2* (0, w1_i - w2_i) q1 relquat}, w the world angular Jacobians of the two bodies.
     */
    private static void weldRotation(PhysicsModel pm, MjData d, int b1, int b2, int od, int r, int n) {
        MjModel m = pm.m;
        int nv = m.nv;
        double[] q = d.xquat, data = m.eq_data, cdof = d.cdof, jac3 = d.jac3;
        double[] q1 = d.tmp4, q2 = d.tmp4b, q3 = d.tmp4c, q4 = d.tmp4d;
        int[] chain = d.chain;
        // qr = q1 relquat
        Spatial.mulQuat(q, 4 * b1, data, od + 6, q1, 0);
        // e = conj(q2) qr
        q2[0] = q[4 * b2];
        q2[1] = -q[4 * b2 + 1];
        q2[2] = -q[4 * b2 + 2];
        q2[3] = -q[4 * b2 + 3];
        Spatial.mulQuat(q2, 0, q1, 0, q3, 0);
        d.efc_pos[r] = q3[1];
        d.efc_pos[r + 1] = q3[2];
        d.efc_pos[r + 2] = q3[3];
        double half = 0.5 * data[od + 10];
        for (int a = 0; a < n; a++) {
            int i = chain[a];
            jac3[i] = jac3[nv + i] = jac3[2 * nv + i] = 0;
        }
        for (int i = pm.bodyLastDof[b1]; i >= 0; i = m.dof_parentid[i]) {
            jac3[i] += cdof[6 * i];
            jac3[nv + i] += cdof[6 * i + 1];
            jac3[2 * nv + i] += cdof[6 * i + 2];
        }
        for (int i = pm.bodyLastDof[b2]; i >= 0; i = m.dof_parentid[i]) {
            jac3[i] -= cdof[6 * i];
            jac3[nv + i] -= cdof[6 * i + 1];
            jac3[2 * nv + i] -= cdof[6 * i + 2];
        }
        int adr0 = beginRow(d, r, n), adr1 = beginRow(d, r + 1, n), adr2 = beginRow(d, r + 2, n);
        double[] efcJ = d.efc_J;
        for (int a = 0; a < n; a++) {
            int i = chain[a];
            d.efc_J_colind[adr0 + a] = d.efc_J_colind[adr1 + a] = d.efc_J_colind[adr2 + a] = i;
            double ax = jac3[i], ay = jac3[nv + i], az = jac3[2 * nv + i];
            if (ax == 0 && ay == 0 && az == 0) {
                efcJ[adr0 + a] = efcJ[adr1 + a] = efcJ[adr2 + a] = 0;
                continue;
            }
            // t = conj(q2) (0, a), then t qr
            double w2 = q2[0], x2 = q2[1], y2 = q2[2], z2 = q2[3];
            q4[0] = -x2 * ax - y2 * ay - z2 * az;
            q4[1] = w2 * ax + y2 * az - z2 * ay;
            q4[2] = w2 * ay - x2 * az + z2 * ax;
            q4[3] = w2 * az + x2 * ay - y2 * ax;
            Spatial.mulQuat(q4, 0, q1, 0, q3, 0);
            efcJ[adr0 + a] = half * q3[1];
            efcJ[adr1 + a] = half * q3[2];
            efcJ[adr2 + a] = half * q3[3];
        }
    }
}
