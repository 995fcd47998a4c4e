package io.vlaarena.sim.internal.physics;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;

/**
 * An {@link MjModel} plus what the dynamics derive from it once: the dof tree, weld bodies and the
 * statically filtered list of geom pairs that may collide (MuJoCo's rules: contype/conaffinity,
 * same weld body, parent–child weld bodies unless one is the world, excluded body pairs).
 *
 * <p>Immutable after construction and shared across threads; never mutate the wrapped model.
 */
public final class PhysicsModel {
    /** MuJoCo's default solref (timeconst, dampratio), which joint limits and contacts use. Never mutated. */
    static final double[] DEFAULT_SOLREF = {0.02, 1.0};
    /** MuJoCo's default solimp (dmin, dmax, width, midpoint, power). Never mutated. */
    static final double[] DEFAULT_SOLIMP = {0.9, 0.95, 0.001, 0.5, 2.0};

    final MjModel m;
    final int nq, nv, nu, nbody, njnt, ngeom, nsite, ncam;
    /** Parent dof in the kinematic tree, -1 at a root. */
    final int[] dofParent;
    /** Last dof of each body's chain (its own last dof, or its nearest ancestor's), -1 for none. */
    final int[] bodyLastDof;
    /** Total mass of each body's subtree. */
    final double[] subtreeMass;
    /** Whether any dof has damping (then Euler integrates it implicitly). */
    final boolean anyDamping;
    /** Kinematic tree of each body: its child-of-world ancestor, or -1 when welded to the world. */
    final int[] bodyTree;
    /** Dof range [treeDofLo, treeDofHi) of each tree, indexed by the tree's root body. */
    final int[] treeDofLo, treeDofHi;
    /** Weld body of each body (the nearest ancestor-or-self with joints, 0 for the world). */
    final int[] bodyWeld;
    /** Candidate collision pairs after static filtering, in geom order (deterministic). */
    final int[] pairGeom1, pairGeom2;
    /** Bounding-sphere radius per geom (infinite for planes). */
    final double[] geomRbound;
    /**
     * MuJoCo's {@code body_invweight0} (translational part) and {@code dof_invweight0} at qpos0:
     * the constraint regularization R scales with these, as in MuJoCo.
     */
    final double[] bodyInvWeight, dofInvWeight;
    /** Equality constraints (MuJoCo's eq_*), the tendon lengths at qpos0 and {@code tendon_invweight0}. */
    final int neq;
    final double[] tendonLength0, tendonInvWeight;
    /** The (at most two) kinematic trees each equality acts on, -1 for none. */
    final int[] eqTree1, eqTree2;
    /** Number of mocap bodies, and whether each body is a mocap body or hangs from one (its pose follows mocap_pos/quat). */
    final int nmocap;
    final boolean[] bodyFollowsMocap;
    /** The limited tendons, and the (at most two) kinematic trees of each tendon (-1 for none). */
    final int[] limitedTendons;
    final int[] tendonTree1, tendonTree2;
    /** The tendons with a spring or a damper (passive forces). */
    final int[] springTendons;

    public PhysicsModel(MjModel m) {
        this.m = m;
        this.nq = m.nq;
        this.nv = m.nv;
        this.nu = m.nu;
        this.nbody = m.nbody;
        this.njnt = m.njnt;
        this.ngeom = m.ngeom;
        this.nsite = m.nsite;
        this.ncam = m.ncam;
        if (nbody < 1) {
            throw new SceneException("The compiled model has no world body or no body tree.");
        }
        bodyWeld = new int[nbody];
        int[] lastDof = new int[nbody];
        lastDof[0] = -1;
        dofParent = new int[nv];
        bodyLastDof = lastDof;
        for (int b = 1; b < nbody; b++) {
            int p = m.body_parentid[b];
            if (p < 0 || p >= b) {
                throw new SceneException("Body " + b + " has parent " + p + "; parents must come before children.");
            }
            bodyWeld[b] = m.body_jntnum[b] > 0 ? b : bodyWeld[p];
            int prev = lastDof[p];
            for (int i = 0; i < m.body_dofnum[b]; i++) {
                int d = m.body_dofadr[b] + i;
                dofParent[d] = prev;
                prev = d;
            }
            lastDof[b] = prev;
        }
        nmocap = m.nmocap;
        bodyFollowsMocap = new boolean[nbody];
        for (int b = 1; b < nbody && nmocap > 0; b++) {
            bodyFollowsMocap[b] = m.body_mocapid[b] >= 0 || bodyFollowsMocap[m.body_parentid[b]];
            if (m.body_mocapid[b] >= 0 && (m.body_parentid[b] != 0 || m.body_jntnum[b] > 0)) {
                throw new SceneException("Mocap body " + b + " must be a joint-less child of the world.");
            }
        }
        subtreeMass = new double[nbody];
        for (int b = nbody - 1; b >= 0; b--) {
            subtreeMass[b] += m.body_mass[b];
            if (b > 0) {
                subtreeMass[m.body_parentid[b]] += subtreeMass[b];
            }
        }
        boolean damping = false;
        for (int d = 0; d < nv; d++) {
            damping |= m.dof_damping[d] > 0;
        }
        anyDamping = damping;
        bodyTree = new int[nbody];
        bodyTree[0] = -1;
        for (int b = 1; b < nbody; b++) {
            int p = m.body_parentid[b];
            bodyTree[b] = bodyWeld[b] == 0 ? -1 : p == 0 ? b : bodyTree[p] >= 0 ? bodyTree[p] : b;
        }
        treeDofLo = new int[nbody];
        treeDofHi = new int[nbody];
        java.util.Arrays.fill(treeDofLo, Integer.MAX_VALUE);
        for (int d = 0; d < nv; d++) {
            int t = bodyTree[m.dof_bodyid[d]];
            if (t < 0) {
                throw new SceneException("Dof " + d + " belongs to a body welded to the world.");
            }
            treeDofLo[t] = Math.min(treeDofLo[t], d);
            treeDofHi[t] = Math.max(treeDofHi[t], d + 1);
        }
        geomRbound = new double[ngeom];
        for (int g = 0; g < ngeom; g++) {
            double[] s = m.geom_size;
            double a = s[3 * g], b = s[3 * g + 1], c = s[3 * g + 2];
            geomRbound[g] = switch (m.geom_type[g]) {
                case MjModel.GEOM_PLANE -> Double.POSITIVE_INFINITY;
                case MjModel.GEOM_SPHERE -> a;
                case MjModel.GEOM_CAPSULE -> a + b;
                case MjModel.GEOM_CYLINDER -> Math.sqrt(a * a + b * b);
                case MjModel.GEOM_ELLIPSOID -> Math.max(a, Math.max(b, c));
                default -> Math.sqrt(a * a + b * b + c * c);
            };
        }
        int n = 0;
        int[] p1 = new int[Math.max(1, ngeom * (ngeom - 1) / 2)];
        int[] p2 = new int[p1.length];
        for (int g1 = 0; g1 < ngeom; g1++) {
            for (int g2 = g1 + 1; g2 < ngeom; g2++) {
                if (canCollide(g1, g2)) {
                    p1[n] = g1;
                    p2[n] = g2;
                    n++;
                }
            }
        }
        pairGeom1 = java.util.Arrays.copyOf(p1, n);
        pairGeom2 = java.util.Arrays.copyOf(p2, n);
        neq = m.neq;
        eqTree1 = new int[neq];
        eqTree2 = new int[neq];
        equalityTrees();
        int ntendon = m.ntendon;
        tendonLength0 = new double[ntendon];
        for (int t = 0; t < ntendon; t++) {
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                tendonLength0[t] += m.wrap_coef[w] * m.qpos0[m.jnt_qposadr[m.wrap_jntid[w]]];
            }
        }
        tendonTree1 = new int[ntendon];
        tendonTree2 = new int[ntendon];
        int nlim = 0;
        for (int t = 0; t < ntendon; t++) {
            java.util.List<Integer> trees = new java.util.ArrayList<>();
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                addTree(trees, bodyTree[m.jnt_bodyid[m.wrap_jntid[w]]]);
            }
            tendonTree1[t] = trees.isEmpty() ? -1 : trees.get(0);
            tendonTree2[t] = trees.size() < 2 ? -1 : trees.get(1);
            if (m.tendon_limited[t]) {
                if (trees.size() > 2) {
                    throw new SceneException("Tendon '" + m.tendon_name[t] + "' is limited and spans " + trees.size()
                            + " kinematic trees; limited tendons spanning more than two trees are not supported.");
                }
                nlim++;
            }
        }
        limitedTendons = new int[nlim];
        for (int t = 0, k = 0; t < ntendon && nlim > 0; t++) {
            if (m.tendon_limited[t]) {
                limitedTendons[k++] = t;
            }
        }
        int nspring = 0;
        for (int t = 0; t < ntendon; t++) {
            nspring += m.tendon_stiffness[t] != 0 || m.tendon_damping[t] != 0 ? 1 : 0;
        }
        springTendons = new int[nspring];
        for (int t = 0, k = 0; t < ntendon && nspring > 0; t++) {
            if (m.tendon_stiffness[t] != 0 || m.tendon_damping[t] != 0) {
                springTendons[k++] = t;
            }
        }
        tendonInvWeight = new double[ntendon];
        bodyInvWeight = new double[nbody];
        dofInvWeight = new double[nv];
        try {
            new PhysicsData(this).computeInvWeights(bodyInvWeight, dofInvWeight, tendonInvWeight);
        } catch (io.vlaarena.core.ArenaException e) {
            throw new SceneException("The model's mass matrix is singular at qpos0: a moving body has no mass or "
                    + "inertia and its joints no armature.", e);
        }
    }

    /**
     * The trees each equality acts on. The solver couples a row with the rows of at most two
     * trees, so a tendon equality whose tendons span more trees is refused.
     */
    private void equalityTrees() {
        for (int e = 0; e < neq; e++) {
            int o1 = m.eq_obj1id[e], o2 = m.eq_obj2id[e];
            java.util.List<Integer> trees = new java.util.ArrayList<>();
            switch (m.eq_type[e]) {
                case MjModel.EQ_CONNECT, MjModel.EQ_WELD -> {
                    addTree(trees, bodyTree[o1]);
                    addTree(trees, bodyTree[o2]);
                }
                case MjModel.EQ_JOINT -> {
                    addTree(trees, bodyTree[m.jnt_bodyid[o1]]);
                    if (o2 >= 0) {
                        addTree(trees, bodyTree[m.jnt_bodyid[o2]]);
                    }
                }
                case MjModel.EQ_TENDON -> {
                    for (int t : new int[] {o1, o2}) {
                        for (int w = t < 0 ? 0 : m.tendon_adr[t]; t >= 0 && w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                            addTree(trees, bodyTree[m.jnt_bodyid[m.wrap_jntid[w]]]);
                        }
                    }
                }
                default -> throw new SceneException("Equality " + e + " has the unknown type " + m.eq_type[e] + ".");
            }
            if (trees.size() > 2) {
                throw new SceneException("Equality '" + m.eq_name[e] + "' acts on " + trees.size() + " kinematic trees; "
                        + "equalities spanning more than two trees (through their tendons) are not supported.");
            }
            eqTree1[e] = trees.isEmpty() ? -1 : trees.get(0);
            eqTree2[e] = trees.size() < 2 ? -1 : trees.get(1);
        }
    }

    private static void addTree(java.util.List<Integer> trees, int t) {
        if (t >= 0 && !trees.contains(t)) {
            trees.add(t);
        }
    }

    /** MuJoCo's static contact filter for a geom pair. */
    public boolean canCollide(int g1, int g2) {
        if ((m.geom_contype[g1] & m.geom_conaffinity[g2]) == 0 && (m.geom_contype[g2] & m.geom_conaffinity[g1]) == 0) {
            return false;
        }
        int b1 = m.geom_bodyid[g1], b2 = m.geom_bodyid[g2];
        int w1 = bodyWeld[b1], w2 = bodyWeld[b2];
        if (w1 == w2) {
            return false;
        }
        int wp1 = bodyWeld[m.body_parentid[w1 == 0 ? 0 : w1]];
        int wp2 = bodyWeld[m.body_parentid[w2 == 0 ? 0 : w2]];
        if (w1 != 0 && w2 != 0 && (w1 == wp2 || w2 == wp1)) {
            return false;
        }
        if (m.geom_type[g1] == MjModel.GEOM_PLANE && m.geom_type[g2] == MjModel.GEOM_PLANE) {
            return false;
        }
        for (int e = 0; e < m.nexclude; e++) {
            int e1 = m.exclude_body1[e], e2 = m.exclude_body2[e];
            if ((e1 == b1 && e2 == b2) || (e1 == b2 && e2 == b1)) {
                return false;
            }
        }
        return true;
    }

    /** The wrapped compiled model (do not mutate). */
    public MjModel model() {
        return m;
    }

    /** Number of candidate collision pairs after static filtering. */
    public int candidatePairs() {
        return pairGeom1.length;
    }
}
