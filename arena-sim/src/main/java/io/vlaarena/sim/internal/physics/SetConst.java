package io.vlaarena.sim.internal.physics;

import io.vlaarena.core.ArenaException;
import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * The model constants derived from the rest of the model, MuJoCo's {@code mj_setConst}: subtree
 * masses, geom bounding radii, tendon lengths at qpos0, and the inverse weights at qpos0 that
 * scale the constraint regularization ({@code body_invweight0}: the mean diagonal of the
 * translational block of {@code J M⁻¹ Jᵀ} at each body's centre of mass; {@code dof_invweight0}:
 * the diagonal of {@code M⁻¹}, averaged over a ball joint's dofs and over a free joint's
 * translations and rotations; {@code tendon_invweight0}: {@code J M⁻¹ Jᵀ} of each tendon). The
 * MJCF compiler runs it last; code that lays out a model by hand calls it before simulating.
 */
public final class SetConst {
    private SetConst() {
    }

    /**
     * Fills the derived constants of {@code m} (which must otherwise be complete).
     *
     * @throws SceneException when the mass matrix is singular at qpos0 (a moving body without
     *                        mass or inertia whose joints have no armature)
     */
    public static void setConst(MjModel m) {
        for (int b = m.nbody - 1; b >= 0; b--) {
            m.body_subtreemass[b] = 0;
        }
        for (int b = m.nbody - 1; b >= 0; b--) {
            m.body_subtreemass[b] += m.body_mass[b];
            if (b > 0) {
                m.body_subtreemass[m.body_parentid[b]] += m.body_subtreemass[b];
            }
        }
        for (int g = 0; g < m.ngeom; g++) {
            // the bounding sphere about the geom's frame origin
            double a = m.geom_size[3 * g], b = m.geom_size[3 * g + 1], c = m.geom_size[3 * g + 2];
            m.geom_rbound[g] = switch (m.geom_type[g]) {
                case MjModel.GEOM_PLANE, MjModel.GEOM_HFIELD -> 0; // as MuJoCo: no bounding sphere
                case MjModel.GEOM_SPHERE -> a;
                case MjModel.GEOM_CAPSULE -> a + b;
                case MjModel.GEOM_CYLINDER -> Math.sqrt(a * a + b * b);
                case MjModel.GEOM_ELLIPSOID -> Math.max(a, Math.max(b, c));
                default -> Math.sqrt(a * a + b * b + c * c);
            };
        }
        for (int t = 0; t < m.ntendon; t++) {
            if (m.tendon_num[t] > 0 && m.wrap_type[m.tendon_adr[t]] != MjModel.WRAP_JOINT) {
                continue; // spatial: measured on the kinematics at qpos0 below
            }
            double len = 0;
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                len += m.wrap_coef[w] * m.qpos0[m.jnt_qposadr[m.wrap_jntid[w]]];
            }
            m.tendon_length0[t] = len;
        }
        PhysicsModel pm = new PhysicsModel(m, false);
        MjData d = new MjData(pm);
        // the moving cameras' and lights' offsets and orientations at qpos0 (mj_setConst)
        Smooth.kinematics(pm, d);
        Smooth.comPos(pm, d);
        Smooth.camlightFixed(pm, d);
        for (int i = 0; i < m.ncam; i++) {
            offsets(d, i, m.cam_bodyid[i], m.cam_targetbodyid[i], d.cam_xpos, m.cam_pos0, m.cam_poscom0);
            System.arraycopy(d.cam_xmat, 9 * i, m.cam_mat0, 9 * i, 9);
        }
        for (int i = 0; i < m.nlight; i++) {
            offsets(d, i, m.light_bodyid[i], m.light_targetbodyid[i], d.light_xpos, m.light_pos0, m.light_poscom0);
            System.arraycopy(d.light_xdir, 3 * i, m.light_dir0, 3 * i, 3);
            Spatial.normalize3(m.light_dir0, 3 * i);
        }
        try {
            invWeights(pm, d);
        } catch (ArenaException e) {
            throw new SceneException("The model's mass matrix is singular at qpos0: a moving body has no mass or "
                    + "inertia and its joints no armature.", e);
        }
    }

    /** A camera's or light's offsets at qpos0 from its body and from the (target's, else the body's) subtree centre of mass. */
    private static void offsets(MjData d, int i, int b, int t, double[] xpos, double[] pos0, double[] poscom0) {
        for (int k = 0; k < 3; k++) {
            pos0[3 * i + k] = xpos[3 * i + k] - d.xpos[3 * b + k];
            poscom0[3 * i + k] = xpos[3 * i + k] - d.subtree_com[3 * (t >= 0 ? t : b) + k];
        }
    }

    /** The sum of the diagonal of {@code J M⁻¹ Jᵀ} for the 3 rows of {@code jac} on dofs [lo, hi). */
    private static double meanDiagonal(PhysicsModel pm, MjData d, double[] jac, double[] x, int lo, int hi) {
        int nv = pm.m.nv;
        double sum = 0;
        for (int r = 0; r < 3; r++) {
            System.arraycopy(jac, r * nv + lo, x, lo, hi - lo);
            Smooth.solveLD(pm, d.qLD, x, lo, hi);
            for (int i = lo; i < hi; i++) {
                sum += jac[r * nv + i] * x[i];
            }
        }
        return sum;
    }

    /**
     * The inverse weights, each computed on the kinematic tree of its body or dof only (M is block
     * diagonal over trees), so that a model of many independent bodies costs linear time.
     */
    private static void invWeights(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        int nv = m.nv;
        Smooth.kinematics(pm, d);
        Smooth.comPos(pm, d);
        Smooth.crb(pm, d);
        Smooth.factorM(pm, d);
        if (nv > 0) {
            double sum = 0;
            for (int i = 0; i < nv; i++) {
                sum += d.qM[pm.dofMadr[i]];
            }
            m.stat_meaninertia = sum / nv;
        }
        double[] jac = new double[3 * nv], x = new double[nv];
        for (int b = 1; b < m.nbody; b++) {
            if (pm.bodyLastDof[b] < 0) {
                m.body_invweight0[2 * b] = 0;
                m.body_invweight0[2 * b + 1] = 0;
                continue;
            }
            int tree = pm.bodyTree[b], lo = pm.treeDofLo[tree], hi = pm.treeDofHi[tree];
            for (int r = 0; r < 3; r++) {
                java.util.Arrays.fill(jac, r * nv + lo, r * nv + hi, 0);
            }
            Support.addPointJacobian(pm, d, b, d.xipos[3 * b], d.xipos[3 * b + 1], d.xipos[3 * b + 2], 1, jac);
            double tran = meanDiagonal(pm, d, jac, x, lo, hi);
            // rotation: the dof axes' angular parts along the body's chain
            for (int r = 0; r < 3; r++) {
                java.util.Arrays.fill(jac, r * nv + lo, r * nv + hi, 0);
            }
            for (int i = pm.bodyLastDof[b]; i >= 0; i = m.dof_parentid[i]) {
                jac[i] = d.cdof[6 * i];
                jac[nv + i] = d.cdof[6 * i + 1];
                jac[2 * nv + i] = d.cdof[6 * i + 2];
            }
            double rot = meanDiagonal(pm, d, jac, x, lo, hi);
            m.body_invweight0[2 * b] = Math.max(1e-15, tran / 3);
            m.body_invweight0[2 * b + 1] = Math.max(1e-15, rot / 3);
        }
        for (int i = 0; i < nv; i++) {
            int tree = pm.bodyTree[m.dof_bodyid[i]], lo = pm.treeDofLo[tree], hi = pm.treeDofHi[tree];
            java.util.Arrays.fill(x, lo, hi, 0);
            x[i] = 1;
            Smooth.solveLD(pm, d.qLD, x, lo, hi);
            m.dof_invweight0[i] = x[i];
        }
        // as MuJoCo: the dofs of a ball joint, and the translations and rotations of a free joint, share their mean
        for (int j = 0; j < m.njnt; j++) {
            int id = m.jnt_dofadr[j], type = m.jnt_type[j];
            if (type == MjModel.JNT_FREE || type == MjModel.JNT_BALL) {
                for (int g = 0; g < (type == MjModel.JNT_FREE ? 2 : 1); g++) {
                    int o = id + 3 * g;
                    double mean = (m.dof_invweight0[o] + m.dof_invweight0[o + 1] + m.dof_invweight0[o + 2]) / 3;
                    m.dof_invweight0[o] = m.dof_invweight0[o + 1] = m.dof_invweight0[o + 2] = mean;
                }
            }
        }
        // tendons: J M^-1 J' with J the fixed tendon's joint coefficients or the spatial tendon's Jacobian at qpos0
        java.util.Arrays.fill(x, 0);
        for (int t = 0; t < m.ntendon; t++) {
            java.util.Arrays.fill(x, 0);
            if (pm.tendonSpatial[t]) {
                Wrap.spatial(pm, d, t);
                m.tendon_length0[t] = d.ten_length[t];
                System.arraycopy(d.ten_J, t * nv, x, 0, nv);
            }
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t] && !pm.tendonSpatial[t]; w++) {
                x[m.jnt_dofadr[m.wrap_jntid[w]]] += m.wrap_coef[w];
            }
            double[] jt = x.clone();
            Smooth.solveM(pm, d, x);
            double sum = 0;
            for (int i = 0; i < nv; i++) {
                sum += jt[i] * x[i];
            }
            m.tendon_invweight0[t] = sum;
        }
        // actuator_acc0: |M^-1 moment| at qpos0, from the transmission at qpos0 (muscles scale their force by it)
        if (m.nu > 0 && nv > 0) {
            Smooth.tendon(pm, d);
            Actuation.actuation(pm, d);
            for (int u = 0; u < m.nu; u++) {
                java.util.Arrays.fill(x, 0);
                for (int k = pm.momentAdr[u]; k < pm.momentAdr[u] + pm.momentNum[u]; k++) {
                    x[pm.momentDof[k]] = d.actuator_moment[k];
                }
                Smooth.solveM(pm, d, x);
                double sum = 0;
                for (int i = 0; i < nv; i++) {
                    sum += x[i] * x[i];
                }
                m.actuator_acc0[u] = Math.sqrt(sum);
            }
        }
        // spatial tendons without springlength rest at their length in the spring pose (MuJoCo's setSpring)
        boolean spring = false;
        for (int t : pm.spatialTendons) {
            spring |= m.tendon_lengthspring[t] < 0;
        }
        if (spring) {
            System.arraycopy(m.qpos_spring, 0, d.qpos, 0, m.nq);
            Smooth.kinematics(pm, d);
            Smooth.comPos(pm, d);
            for (int t : pm.spatialTendons) {
                if (m.tendon_lengthspring[t] < 0) {
                    Wrap.spatial(pm, d, t);
                    m.tendon_lengthspring[t] = d.ten_length[t];
                }
            }
        }
    }
}
