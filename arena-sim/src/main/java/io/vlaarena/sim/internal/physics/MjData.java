package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;
import java.util.Arrays;

/**
 * The mutable state of one rollout and everything the stages compute from it, MuJoCo's
 * {@code mjData}: the state ({@code qpos qvel ctrl qfrc_applied mocap_* time}), the positions,
 * the dynamics, the contacts and the constraint rows, with MuJoCo's names. The stages
 * ({@link Smooth}, {@link Passive}, {@link Actuation}, collision, constraint, solver, orchestrated
 * by {@code forward.Forward} and {@code forward.Step}) are code over (model, data); this class
 * only holds and lays out the arrays.
 *
 * <p>Every array is allocated in the constructor, except that the contact and constraint-row
 * arrays grow when a step needs more than any step before ({@link #ensureContacts},
 * {@link #ensureEfc}), keeping what the step has built so far; stepping therefore does not
 * allocate once the largest contact set has been seen. Spatial vectors are {@code [angular;
 * linear]} in the world frame, about the world origin. Not thread-safe: one rollout, one thread.
 */
public final class MjData {
    // ---- constraint row types, as mjtConstraint
    /** An equality row (bilateral). */
    public static final int CNSTR_EQUALITY = 0;
    /** A dof's dry-friction row (frictionloss). */
    public static final int CNSTR_FRICTION_DOF = 1;
    /** A tendon's dry-friction row (frictionloss). */
    public static final int CNSTR_FRICTION_TENDON = 2;
    /** A joint limit row. */
    public static final int CNSTR_LIMIT_JOINT = 3;
    /** A tendon limit row. */
    public static final int CNSTR_LIMIT_TENDON = 4;
    /** A frictionless contact row (condim 1). */
    public static final int CNSTR_CONTACT_FRICTIONLESS = 5;
    /** One edge of a contact's pyramidal friction cone. */
    public static final int CNSTR_CONTACT_PYRAMIDAL = 6;
    /**
     * A row of a contact's elliptic friction cone: a contact of dimension n has n such rows
     * (normal, the two tangents, torsion, the two rolling directions).
     */
    public static final int CNSTR_CONTACT_ELLIPTIC = 7;

    /** The model this data belongs to. */
    public final PhysicsModel model;

    // ---- state
    public final double[] qpos, qvel, qacc, ctrl, qfrc_applied;
    /** The last step's acceleration, where the next solve starts (MuJoCo's qacc_warmstart). */
    public final double[] qacc_warmstart;
    /** Scratch of the rangefinders' ray casts ({@link Ray#ray}). */
    public final double[] ray_scratch = new double[Ray.SCRATCH];
    /** Poses of the mocap bodies (mocap_pos 3 each, mocap_quat {@code w x y z} 4 each); set them, then step. */
    public final double[] mocap_pos, mocap_quat;
    public double time;
    /** Actuator activations (na, MuJoCo's act) and their time derivatives (act_dot, set by the actuation stage). */
    public final double[] act, act_dot;

    // ---- positions (mj_kinematics, mj_comPos, mj_camlight, mj_tendon)
    public final double[] xpos, xquat, xmat, xipos, ximat, xanchor, xaxis;
    public final double[] geom_xpos, geom_xmat, site_xpos, site_xmat, cam_xpos, cam_xmat;
    /** World position and direction of each light. */
    public final double[] light_xpos, light_xdir;
    public final double[] subtree_com;
    /** World-axis-aligned half extents of each geom around its centre (the broad phase's bounds). */
    public final double[] geom_aabb;
    /** The broad phase's scratch: bodies' world bounds (min xyz, max xyz), their sweep order, the active list, body pairs found. */
    public final double[] body_bounds;
    public final int[] sweep_order, sweep_active;
    public final long[] range_found;
    /** Body spatial inertias about the world origin (10 each: I xx yy zz xy xz yz, m·c, m) and the dof motion axes. */
    public final double[] cinert, cdof;
    /** Tendon lengths (fixed: Σ coef·q in wrap order) and velocities. */
    public final double[] ten_length, ten_velocity;
    /**
     * Spatial tendons' Jacobians, dense (ntendon x nv; rows of fixed tendons unused), empty
     * without spatial tendons; and the path scratch of {@link Wrap}.
     */
    public final double[] ten_J;
    /**
     * The tendon paths as MuJoCo records them for drawing: points (3 each, world frame) and their
     * objects (-1 a site, -2 a pulley separator, else the wrapped geom), 2 per wrap entry at most;
     * tendon t's points are {@code [ten_wrapadr[t], ten_wrapadr[t] + ten_wrapnum[t])} (none for a
     * fixed tendon). Filled by {@link Smooth#tendon}.
     */
    public final double[] wrap_xpos;
    /** See {@link #wrap_xpos}. */
    public final int[] wrap_obj, ten_wrapadr, ten_wrapnum;
    public final double[] wrapPoints = new double[12], wrapScratch = new double[21], wrap2d = new double[10],
            wrapRes = new double[6], wrapSol = new double[8], wrapGood = new double[2], wrapTmp2 = new double[2],
            wrapTmp4 = new double[4];
    public final int[] wrapBodies = new int[4];

    // ---- dynamics
    /** Composite rigid-body inertias (10 each). */
    public final double[] crb;
    /** Joint-space inertia in the tree-sparse layout of {@link PhysicsModel#dofMadr} (MuJoCo's qM). */
    public final double[] qM;
    /** {@code qM} factored {@code LᵀDL} in the same layout: D first in each row, then L. */
    public final double[] qLD;
    /** {@code qM + h·diag(dof_damping)} factored the same way, for Euler's implicit damping. */
    public final double[] qH;
    /** Body velocities, the derivatives of the dof axes, and Newton–Euler's accelerations and forces. */
    public final double[] cvel, cdof_dot, cacc, cfrc_body;
    public final double[] qfrc_bias, qfrc_passive, qfrc_actuator, qfrc_smooth, qacc_smooth, qfrc_constraint;
    public final double[] actuator_length, actuator_velocity, actuator_force;
    /** Actuator moment arms, sparse: the values for the dofs of {@link PhysicsModel#momentDof}. */
    public final double[] actuator_moment;

    // ---- sensors (Sensor): their output in MuJoCo's layout, and what mj_rnePostConstraint and
    // mj_subtreeVel compute for them (spatial forces about the world origin, as cinert)
    /** The sensors' output, {@code sensor_dim[i]} numbers from {@code sensor_adr[i]} (MuJoCo's sensordata). */
    public final double[] sensordata;
    /** External (contacts, equalities, applied) and interaction forces per body, 6 each. */
    public final double[] cfrc_ext, cfrc_int;
    /** Subtree linear velocity and angular momentum about the subtree's centre of mass, 3 each. */
    public final double[] subtree_linvel, subtree_angmom;
    /** Per-body spatial velocities at the centres of mass (scratch of the subtree sensors). */
    public final double[] body_vel;

    // ---- contacts (ncon; arrays grow, see ensureContacts)
    public int ncon;
    public int[] contact_geom1, contact_geom2;
    /** Index of the contact among its geom pair's contacts (the warm-start key with the geoms). */
    public int[] contact_index;
    /** Row of each contact's first constraint row. */
    public int[] contact_efc_address;
    /** Position, frame (normal from geom1 to geom2, then two tangents), distance (negative: penetration). */
    public double[] contact_pos, contact_frame, contact_dist;
    /**
     * MuJoCo's mjContact parameters: friction (5: two sliding, torsional, two rolling), solref
     * (2), solimp (5), dimensionality, the margin the rows use (margin − gap), and whether the
     * contact is excluded from the constraints (1: beyond margin − gap).
     */
    public double[] contact_friction, contact_solref, contact_solimp, contact_includemargin;
    public int[] contact_dim, contact_exclude;

    // ---- constraint rows (nefc; arrays grow, see ensureEfc)
    public int nefc;
    /** Rows that are equalities (they come first), then the frictionloss rows (nf). */
    public int ne, nf;
    /** Per row: its type ({@code CNSTR_*}) and object (equality, joint, tendon or contact id). */
    public int[] efc_type, efc_id;
    /**
     * The rows' Jacobian, sparse by rows as MuJoCo's (mjJAC_SPARSE): row r's entries are
     * {@code efc_J[efc_J_rowadr[r] + k]} at dof {@code efc_J_colind[efc_J_rowadr[r] + k]},
     * {@code k < efc_J_rownnz[r]}, in increasing dof order; rows are laid out one after another.
     */
    public double[] efc_J;
    public int[] efc_J_rownnz, efc_J_rowadr, efc_J_colind;
    public double[] efc_pos, efc_margin, efc_vel, efc_aref, efc_b, efc_force;
    /** The inverse weight (MuJoCo's efc_diagApprox) and impedance of each row. */
    public double[] efc_invweight, efc_imp;
    /** Per row: the two kinematic trees it acts on (-1 for none). */
    public int[] efc_tree1, efc_tree2;
    /** Per equality row: the norm of its equality's violation, which sets the impedance of all its rows. */
    public double[] efc_eqnorm;
    private int efcCap, efcNnzCap;
    private int conCap;

    // ---- solver
    /** Newton iterations of the last step. */
    public int solver_iter;

    // ---- the control callback (mjcb_control), per rollout
    /** Runs between the velocity stage and actuation on every forward; never null. */
    public ControlCallback control = ControlCallback.NONE;

    // ---- scratch for the stages: no meaning between calls
    public final double[] tmp3 = new double[3], tmp4 = new double[4], tmp9 = new double[9], tmp6 = new double[6];
    public final double[] tmp3b = new double[3], tmp4b = new double[4], tmp4c = new double[4], tmp4d = new double[4];
    /** A 6 x 6 matrix and three 3 x 3 ones (the fluid forces' velocity derivatives). */
    public final double[] tmp36 = new double[36], tmp9b = new double[9], tmp9c = new double[9], tmp9d = new double[9];
    /** A 6 x nv Jacobian in a local frame (rotation rows, then translation). */
    public final double[] jac6;
    /** nv scratch, and 3 x nv translational and angular Jacobians. */
    public final double[] tmpNv, jac3, jacr3;
    /** Scratch of the site and slider-crank transmissions: three 3 x nv Jacobians. */
    final double[] trnJac;
    /** Scratch of the ball and free joint springs: a quaternion difference and its rotation vector. */
    final double[] springDif = new double[7];
    /** Scratch of the row builder: a merged dof chain, and a dense row that is all zero between uses. */
    public final int[] chain;
    public final double[] rowDense;
    /**
     * The RK4 integrator's stage states and derivatives (4 each: qpos, qvel, act; qacc, act_dot)
     * and its combined increments; empty unless the model integrates with RK4.
     */
    public final double[][] rk_qpos, rk_qvel, rk_act, rk_qacc, rk_actdot;
    public final double[] rk_dqvel, rk_dqacc, rk_dact;
    /**
     * The implicit integrator's scratch (empty unless the model integrates implicitly): the
     * velocity derivative of the smooth forces and {@code qM − h·qDeriv} with its LU factors
     * (dense nv x nv, used on the dofs' chains only: {@code dofChain[i·nv + j]} when one of i, j is
     * an ancestor of the other or they are equal), the derivatives of body velocities, dof-axis
     * derivatives, accelerations and forces, 6x6 matrices and the step's acceleration and force.
     */
    public final double[] qDeriv, qLU, dcvel, dcdofdot, dcacc, dcfrcbody, qacc_implicit, qfrc_implicit;
    public final boolean[] dofChain;
    public final double[] mat36a = new double[36], mat36b = new double[36], mat36c = new double[36],
            mat36d = new double[36];
    /** Narrow-phase and solver state (created by those stages on first use). */
    public Object narrowPhase, solver;

    /** Lays out the data of {@code model} and resets it to qpos0. */
    public MjData(PhysicsModel model) {
        this.model = model;
        MjModel m = model.m;
        int nq = m.nq, nv = m.nv, nb = m.nbody, nj = m.njnt, nu = m.nu;
        qpos = new double[nq];
        qvel = new double[nv];
        qacc = new double[nv];
        qacc_warmstart = new double[nv];
        ctrl = new double[nu];
        act = new double[m.na];
        act_dot = new double[m.na];
        qfrc_applied = new double[nv];
        mocap_pos = new double[3 * m.nmocap];
        mocap_quat = new double[4 * m.nmocap];
        xpos = new double[3 * nb];
        xquat = new double[4 * nb];
        xmat = new double[9 * nb];
        xipos = new double[3 * nb];
        ximat = new double[9 * nb];
        xanchor = new double[3 * nj];
        xaxis = new double[3 * nj];
        geom_xpos = new double[3 * m.ngeom];
        geom_xmat = new double[9 * m.ngeom];
        site_xpos = new double[3 * m.nsite];
        site_xmat = new double[9 * m.nsite];
        cam_xpos = new double[3 * m.ncam];
        cam_xmat = new double[9 * m.ncam];
        light_xpos = new double[3 * m.nlight];
        light_xdir = new double[3 * m.nlight];
        subtree_com = new double[3 * nb];
        geom_aabb = new double[3 * m.ngeom];
        body_bounds = new double[6 * m.nbody];
        sweep_order = model.sweepBodies.clone();
        sweep_active = new int[model.sweepBodies.length];
        range_found = new long[(model.rangeBody1.length + 63) / 64];
        cinert = new double[10 * nb];
        cdof = new double[6 * nv];
        ten_length = new double[m.ntendon];
        ten_velocity = new double[m.ntendon];
        ten_J = new double[model.spatialTendons.length > 0 ? m.ntendon * nv : 0];
        wrap_xpos = new double[6 * m.nwrap];
        wrap_obj = new int[2 * m.nwrap];
        ten_wrapadr = new int[m.ntendon];
        ten_wrapnum = new int[m.ntendon];
        crb = new double[10 * nb];
        qM = new double[model.nM];
        qLD = new double[model.nM];
        qH = new double[model.nM];
        cvel = new double[6 * nb];
        cdof_dot = new double[6 * nv];
        cacc = new double[6 * nb];
        cfrc_body = new double[6 * nb];
        qfrc_bias = new double[nv];
        qfrc_passive = new double[nv];
        qfrc_actuator = new double[nv];
        qfrc_smooth = new double[nv];
        qacc_smooth = new double[nv];
        qfrc_constraint = new double[nv];
        actuator_length = new double[nu];
        actuator_velocity = new double[nu];
        actuator_force = new double[nu];
        actuator_moment = new double[model.momentDof.length];
        sensordata = new double[m.nsensordata];
        cfrc_ext = new double[6 * nb];
        cfrc_int = new double[6 * nb];
        subtree_linvel = new double[3 * nb];
        subtree_angmom = new double[3 * nb];
        body_vel = new double[6 * nb];
        tmpNv = new double[nv];
        jac3 = new double[3 * nv];
        jacr3 = new double[3 * nv];
        jac6 = new double[6 * nv];
        trnJac = new double[9 * nv];
        chain = new int[nv];
        rowDense = new double[nv];
        boolean implicit = m.integrator == MjModel.INT_IMPLICIT;
        qDeriv = new double[implicit ? nv * nv : 0];
        qLU = new double[implicit ? nv * nv : 0];
        dcvel = new double[implicit ? nb * 6 * nv : 0];
        dcdofdot = new double[implicit ? nv * 6 * nv : 0];
        dcacc = new double[implicit ? nb * 6 * nv : 0];
        dcfrcbody = new double[implicit ? nb * 6 * nv : 0];
        qacc_implicit = new double[implicit ? nv : 0];
        qfrc_implicit = new double[implicit ? nv : 0];
        dofChain = new boolean[implicit ? nv * nv : 0];
        for (int i = 0; implicit && i < nv; i++) {
            for (int j = i; j >= 0; j = m.dof_parentid[j]) {
                dofChain[i * nv + j] = dofChain[j * nv + i] = true;
            }
        }
        int stages = m.integrator == MjModel.INT_RK4 ? 4 : 0;
        rk_qpos = new double[stages][nq];
        rk_qvel = new double[stages][nv];
        rk_act = new double[stages][m.na];
        rk_qacc = new double[stages][nv];
        rk_actdot = new double[stages][m.na];
        rk_dqvel = new double[stages > 0 ? nv : 0];
        rk_dqacc = new double[stages > 0 ? nv : 0];
        rk_dact = new double[stages > 0 ? m.na : 0];
        allocateContacts(64);
        allocateEfc(64);
        efc_J = new double[0];
        efc_J_colind = new int[0];
        ensureEfcNnz(64 * 12);
        reset();
    }

    /** Back to qpos0, zero velocity, zero controls and applied forces, mocap bodies at their model poses, time 0. */
    public void reset() {
        MjModel m = model.m;
        System.arraycopy(m.qpos0, 0, qpos, 0, qpos.length);
        Arrays.fill(qvel, 0);
        Arrays.fill(qacc, 0);
        Arrays.fill(ctrl, 0);
        Arrays.fill(act, 0);
        Arrays.fill(act_dot, 0);
        Arrays.fill(qfrc_applied, 0);
        for (int b = 1; b < m.nbody; b++) {
            int id = m.body_mocapid[b];
            if (id >= 0) {
                System.arraycopy(m.body_pos, 3 * b, mocap_pos, 3 * id, 3);
                System.arraycopy(m.body_quat, 4 * b, mocap_quat, 4 * id, 4);
            }
        }
        time = 0;
        Arrays.fill(qacc_warmstart, 0);
        Arrays.fill(sensordata, 0);
    }

    /** Makes room for {@code n} contacts, keeping the ones found so far in this step. */
    public void ensureContacts(int n) {
        if (n <= conCap) {
            return;
        }
        int[] g1 = contact_geom1, g2 = contact_geom2, idx = contact_index, dim = contact_dim, excl = contact_exclude;
        double[] pos = contact_pos, frame = contact_frame, dist = contact_dist, fr = contact_friction, sr = contact_solref,
                si = contact_solimp, im = contact_includemargin;
        allocateContacts(Math.max(n, 2 * conCap));
        System.arraycopy(g1, 0, contact_geom1, 0, ncon);
        System.arraycopy(g2, 0, contact_geom2, 0, ncon);
        System.arraycopy(idx, 0, contact_index, 0, ncon);
        System.arraycopy(dim, 0, contact_dim, 0, ncon);
        System.arraycopy(excl, 0, contact_exclude, 0, ncon);
        System.arraycopy(pos, 0, contact_pos, 0, 3 * ncon);
        System.arraycopy(frame, 0, contact_frame, 0, 9 * ncon);
        System.arraycopy(dist, 0, contact_dist, 0, ncon);
        System.arraycopy(fr, 0, contact_friction, 0, 5 * ncon);
        System.arraycopy(sr, 0, contact_solref, 0, 2 * ncon);
        System.arraycopy(si, 0, contact_solimp, 0, 5 * ncon);
        System.arraycopy(im, 0, contact_includemargin, 0, ncon);
    }

    private void allocateContacts(int cap) {
        conCap = cap;
        contact_geom1 = new int[cap];
        contact_geom2 = new int[cap];
        contact_index = new int[cap];
        contact_efc_address = new int[cap];
        contact_dim = new int[cap];
        contact_exclude = new int[cap];
        contact_pos = new double[3 * cap];
        contact_frame = new double[9 * cap];
        contact_dist = new double[cap];
        contact_friction = new double[5 * cap];
        contact_solref = new double[2 * cap];
        contact_solimp = new double[5 * cap];
        contact_includemargin = new double[cap];
    }

    /**
     * Makes room for {@code rows} constraint rows. Rows already built in this step (their type,
     * object, Jacobian, position, margin, inverse weight, trees and violation norm) are kept; the solver's
     * arrays are filled after all rows are built, so they are only reallocated.
     */
    public void ensureEfc(int rows) {
        if (rows <= efcCap) {
            return;
        }
        int built = nefc;
        int[] type = efc_type, id = efc_id, tree1 = efc_tree1, tree2 = efc_tree2, rownnz = efc_J_rownnz, rowadr = efc_J_rowadr;
        double[] pos = efc_pos, margin = efc_margin, invweight = efc_invweight, eqnorm = efc_eqnorm;
        allocateEfc(Math.max(rows, 2 * efcCap));
        System.arraycopy(type, 0, efc_type, 0, built);
        System.arraycopy(id, 0, efc_id, 0, built);
        System.arraycopy(rownnz, 0, efc_J_rownnz, 0, built);
        System.arraycopy(rowadr, 0, efc_J_rowadr, 0, built);
        System.arraycopy(pos, 0, efc_pos, 0, built);
        System.arraycopy(margin, 0, efc_margin, 0, built);
        System.arraycopy(invweight, 0, efc_invweight, 0, built);
        System.arraycopy(eqnorm, 0, efc_eqnorm, 0, built);
        System.arraycopy(tree1, 0, efc_tree1, 0, built);
        System.arraycopy(tree2, 0, efc_tree2, 0, built);
    }

    /**
     * Makes room for {@code nnz} Jacobian entries in all rows together, keeping the entries of
     * the rows built so far.
     */
    public void ensureEfcNnz(int nnz) {
        if (nnz <= efcNnzCap) {
            return;
        }
        int cap = Math.max(nnz, 2 * efcNnzCap);
        efc_J = Arrays.copyOf(efc_J, cap);
        efc_J_colind = Arrays.copyOf(efc_J_colind, cap);
        efcNnzCap = cap;
    }

    private void allocateEfc(int cap) {
        efcCap = cap;
        efc_type = new int[cap];
        efc_id = new int[cap];
        efc_J_rownnz = new int[cap];
        efc_J_rowadr = new int[cap];
        efc_b = new double[cap];
        efc_force = new double[cap];
        efc_pos = new double[cap];
        efc_margin = new double[cap];
        efc_vel = new double[cap];
        efc_aref = new double[cap];
        efc_invweight = new double[cap];
        efc_imp = new double[cap];
        efc_tree1 = new int[cap];
        efc_tree2 = new int[cap];
        efc_eqnorm = new double[cap];
    }
}
