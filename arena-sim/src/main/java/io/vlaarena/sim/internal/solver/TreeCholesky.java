package io.vlaarena.sim.internal.solver;

import io.vlaarena.sim.internal.physics.MjData;
import io.vlaarena.sim.internal.physics.PhysicsModel;
import java.util.Arrays;

/**
 * The Cholesky factorization of {@code H = M + Jᵀ D J} in blocks over kinematic trees: M is
 * block diagonal over trees and each constraint row touches at most two trees, so H is a sparse
 * matrix of dense tree blocks. Trees are eliminated in minimum-degree order (fill-in blocks
 * appear where two eliminated trees shared a neighbour), which keeps a pile of bodies as cheap as
 * its contact graph allows; MuJoCo's sparse Cholesky of the same Hessian plays this part there.
 * Diagonal blocks hold their lower triangle only. Holds its storage, grown on demand; one per
 * rollout, not thread-safe.
 */
final class TreeCholesky {
    private PhysicsModel pm;
    /** Trees with dofs: their first dof and size. */
    private int ntree;
    private int[] treeLo = new int[0], treeSize = new int[0];
    /** The node (tree) of each dof. */
    private int[] nodeOfDof = new int[0];
    /** Block of each node pair (row-major ntree x ntree), -1 for none; blocks of pair (a < b) are a's size x b's. */
    private int[] pairBlock = new int[0];
    private double[] pool = new double[1024];
    private int poolUsed;
    // adjacency: neighbours of each node (unordered pairs with a block)
    private int[][] adj = new int[0][];
    private int[] adjCount = new int[0];
    // elimination order and the factor's off-diagonal blocks W (later neighbour q of p: size(q) x size(p))
    private int[] order = new int[0], position = new int[0], diagBlock = new int[0];
    private int[] laterAdr = new int[0], laterNode = new int[0], laterBlock = new int[0];
    private int laterCount;
    private boolean[] eliminated = new boolean[0];
    private double[] work = new double[0];

    /** Lays out the trees of the model (once per rollout). */
    void setModel(PhysicsModel model) {
        if (this.pm == model) {
            return;
        }
        this.pm = model;
        int nbody = model.m.nbody;
        int n = 0;
        for (int b = 1; b < nbody; b++) {
            if (model.bodyTree[b] == b && model.treeDofHi[b] > model.treeDofLo[b]) {
                n++;
            }
        }
        ntree = n;
        treeLo = new int[n];
        treeSize = new int[n];
        for (int b = 1, k = 0; b < nbody; b++) {
            if (model.bodyTree[b] == b && model.treeDofHi[b] > model.treeDofLo[b]) {
                treeLo[k] = model.treeDofLo[b];
                treeSize[k] = model.treeDofHi[b] - model.treeDofLo[b];
                k++;
            }
        }
        nodeOfDof = new int[model.m.nv];
        for (int k = 0; k < n; k++) {
            Arrays.fill(nodeOfDof, treeLo[k], treeLo[k] + treeSize[k], k);
        }
        pairBlock = new int[n * n];
        adj = new int[n][4];
        adjCount = new int[n];
        order = new int[n];
        position = new int[n];
        diagBlock = new int[n];
        laterAdr = new int[n + 1];
        eliminated = new boolean[n];
        work = new double[model.m.nv];
    }

    /** Starts a new matrix: the tree blocks of M. */
    void beginWithMassMatrix(MjData d) {
        Arrays.fill(pairBlock, -1);
        Arrays.fill(adjCount, 0);
        poolUsed = 0;
        int[] madr = pm.dofMadr, par = pm.m.dof_parentid;
        for (int t = 0; t < ntree; t++) {
            int s = treeSize[t], lo = treeLo[t];
            int blk = allocate(s * s);
            pairBlock[t * ntree + t] = blk;
            for (int i = lo; i < lo + s; i++) {
                int a = madr[i];
                for (int j = i; j >= 0; j = par[j]) {
                    pool[blk + (i - lo) * s + (j - lo)] = d.qM[a++];
                }
            }
        }
    }

    private int allocate(int size) {
        if (poolUsed + size > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + size));
        }
        int at = poolUsed;
        Arrays.fill(pool, at, at + size, 0);
        poolUsed += size;
        return at;
    }

    /** The block of pair (a, b), a <= b, created (zero) when missing. */
    private int block(int a, int b) {
        int k = pairBlock[a * ntree + b];
        if (k < 0) {
            k = allocate(treeSize[a] * treeSize[b]);
            pairBlock[a * ntree + b] = k;
            addNeighbor(a, b);
            addNeighbor(b, a);
        }
        return k;
    }

    private void addNeighbor(int a, int b) {
        if (adjCount[a] == adj[a].length) {
            adj[a] = Arrays.copyOf(adj[a], 2 * adj[a].length);
        }
        adj[a][adjCount[a]++] = b;
    }

    /**
     * Adds {@code w · jᵀ j} for row r of {@code d.efc_J} (sparse, increasing dofs), whose dofs lie
     * in one or two trees: the diagonal block of each and, for two, the block between them.
     */
    void addRow(MjData d, int r, double w) {
        int nnz = d.efc_J_rownnz[r];
        if (nnz == 0) {
            return;
        }
        int adr = d.efc_J_rowadr[r], end = adr + nnz;
        double[] j = d.efc_J;
        int[] col = d.efc_J_colind;
        int na = nodeOfDof[col[adr]], nb = nodeOfDof[col[end - 1]];
        int split = end;
        if (na != nb) {
            int hiLo = treeLo[nb];
            split = adr;
            while (col[split] < hiLo) {
                split++;
            }
        }
        addLower(pairBlock[na * ntree + na], treeSize[na], treeLo[na], j, col, adr, split, w);
        if (na != nb) {
            addBlock(block(na, nb), treeSize[nb], treeLo[na], treeLo[nb], j, col, adr, split, split, end, w);
            addLower(pairBlock[nb * ntree + nb], treeSize[nb], treeLo[nb], j, col, split, end, w);
        }
    }

    /**
     * {@code block[ia][ib] += w j_a j_b} over entries a in [a0, a1) and b in [b0, b1) of a row. A
     * run of consecutive dofs (a free body's six, for instance) is added without the index
     * lookups.
     */
    private void addBlock(int blk, int cols, int loA, int loB, double[] j, int[] col, int a0, int a1, int b0, int b1, double w) {
        double[] p = pool;
        boolean run = col[b1 - 1] - col[b0] == b1 - 1 - b0;
        for (int a = a0; a < a1; a++) {
            double wa = w * j[a];
            int base = blk + (col[a] - loA) * cols - loB;
            if (run) {
                int at = base + col[b0] - b0;
                for (int b = b0; b < b1; b++) {
                    p[at + b] += wa * j[b];
                }
            } else {
                for (int b = b0; b < b1; b++) {
                    p[base + col[b]] += wa * j[b];
                }
            }
        }
    }

    /** The lower triangle of a diagonal block (all that the factorization reads): entries b <= a. */
    private void addLower(int blk, int cols, int lo, double[] j, int[] col, int a0, int a1, double w) {
        double[] p = pool;
        boolean run = col[a1 - 1] - col[a0] == a1 - 1 - a0;
        for (int a = a0; a < a1; a++) {
            double wa = w * j[a];
            int base = blk + (col[a] - lo) * cols - lo;
            if (run) {
                int at = base + col[a0] - a0;
                for (int b = a0; b <= a; b++) {
                    p[at + b] += wa * j[b];
                }
            } else {
                for (int b = a0; b <= a; b++) {
                    p[base + col[b]] += wa * j[b];
                }
            }
        }
    }

    /** Factors the matrix in place (minimum-degree order); false when it is not positive definite. */
    boolean factor() {
        Arrays.fill(eliminated, false);
        laterCount = 0;
        for (int step = 0; step < ntree; step++) {
            // the node with the fewest remaining neighbours (lowest id on ties)
            int p = -1, best = Integer.MAX_VALUE;
            for (int t = 0; t < ntree; t++) {
                if (!eliminated[t]) {
                    int deg = 0;
                    for (int k = 0; k < adjCount[t]; k++) {
                        deg += eliminated[adj[t][k]] ? 0 : 1;
                    }
                    if (deg < best) {
                        best = deg;
                        p = t;
                    }
                }
            }
            order[step] = p;
            position[p] = step;
            eliminated[p] = true;
            int sp = treeSize[p];
            int dp = pairBlock[p * ntree + p];
            diagBlock[p] = dp;
            if (!choleskyInPlace(dp, sp)) {
                return false;
            }
            // W_q = A_qp L_pp^-T for every remaining neighbour q
            laterAdr[p] = laterCount;
            for (int k = 0; k < adjCount[p]; k++) {
                int q = adj[p][k];
                if (eliminated[q]) {
                    continue;
                }
                int sq = treeSize[q];
                int w = allocate(sq * sp);
                int src = pairBlock[Math.min(p, q) * ntree + Math.max(p, q)];
                boolean transposed = q > p; // stored as p x q: A_qp is its transpose
                for (int i = 0; i < sq; i++) {
                    for (int c = 0; c < sp; c++) {
                        pool[w + i * sp + c] = transposed ? pool[src + c * sq + i] : pool[src + i * sp + c];
                    }
                }
                // solve X L_pp^T = A_qp row by row: forward substitution against L_pp
                for (int i = 0; i < sq; i++) {
                    int row = w + i * sp;
                    for (int c = 0; c < sp; c++) {
                        double s = pool[row + c];
                        for (int e = 0; e < c; e++) {
                            s -= pool[row + e] * pool[dp + c * sp + e];
                        }
                        pool[row + c] = s / pool[dp + c * sp + c];
                    }
                }
                pushLater(q, w);
            }
            int end = laterCount;
            // Schur update: A_qr -= W_q W_rᵀ for remaining neighbour pairs (fill-in created as needed)
            for (int x = laterAdr[p]; x < end; x++) {
                int q = laterNode[x], wq = laterBlock[x], sq = treeSize[q];
                for (int y = laterAdr[p]; y < end; y++) {
                    int r = laterNode[y], wr = laterBlock[y], sr = treeSize[r];
                    if (q > r) {
                        continue;
                    }
                    int blk = block(q, r);
                    for (int i = 0; i < sq; i++) {
                        for (int c = 0, cEnd = q == r ? i + 1 : sr; c < cEnd; c++) {
                            double s = 0;
                            for (int e = 0; e < sp; e++) {
                                s += pool[wq + i * sp + e] * pool[wr + c * sp + e];
                            }
                            pool[blk + i * sr + c] -= s;
                        }
                    }
                }
            }
        }
        laterAdr[ntree] = laterCount;
        return true;
    }

    private void pushLater(int q, int w) {
        if (laterCount == laterNode.length) {
            int cap = Math.max(16, 2 * laterNode.length);
            laterNode = Arrays.copyOf(laterNode, cap);
            laterBlock = Arrays.copyOf(laterBlock, cap);
        }
        laterNode[laterCount] = q;
        laterBlock[laterCount] = w;
        laterCount++;
    }

    /** Dense Cholesky of the s x s block at {@code at}: lower triangle becomes L. */
    private boolean choleskyInPlace(int at, int s) {
        for (int i = 0; i < s; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = pool[at + i * s + j];
                for (int k = 0; k < j; k++) {
                    sum -= pool[at + i * s + k] * pool[at + j * s + k];
                }
                if (i == j) {
                    if (!(sum > 1e-15)) {
                        return false;
                    }
                    pool[at + i * s + i] = Math.sqrt(sum);
                } else {
                    pool[at + i * s + j] = sum / pool[at + j * s + j];
                }
            }
        }
        return true;
    }

    /** Solves {@code H x = b} in place with the factorization (dofs outside the trees untouched). */
    void solve(double[] x) {
        // forward: L y = b in elimination order
        for (int step = 0; step < ntree; step++) {
            int p = order[step], sp = treeSize[p], lo = treeLo[p], dp = diagBlock[p];
            for (int i = 0; i < sp; i++) {
                double s = x[lo + i];
                for (int k = 0; k < i; k++) {
                    s -= pool[dp + i * sp + k] * x[lo + k];
                }
                x[lo + i] = s / pool[dp + i * sp + i];
            }
            for (int k = laterAdr[p]; k < laterAdr[p] + countLater(p); k++) {
                int q = laterNode[k], w = laterBlock[k], sq = treeSize[q], lq = treeLo[q];
                for (int i = 0; i < sq; i++) {
                    double s = 0;
                    for (int c = 0; c < sp; c++) {
                        s += pool[w + i * sp + c] * x[lo + c];
                    }
                    x[lq + i] -= s;
                }
            }
        }
        // backward: Lᵀ x = y in reverse order
        for (int step = ntree - 1; step >= 0; step--) {
            int p = order[step], sp = treeSize[p], lo = treeLo[p], dp = diagBlock[p];
            for (int k = laterAdr[p]; k < laterAdr[p] + countLater(p); k++) {
                int q = laterNode[k], w = laterBlock[k], sq = treeSize[q], lq = treeLo[q];
                for (int c = 0; c < sp; c++) {
                    double s = 0;
                    for (int i = 0; i < sq; i++) {
                        s += pool[w + i * sp + c] * x[lq + i];
                    }
                    x[lo + c] -= s;
                }
            }
            for (int i = sp - 1; i >= 0; i--) {
                double s = x[lo + i];
                for (int k = i + 1; k < sp; k++) {
                    s -= pool[dp + k * sp + i] * x[lo + k];
                }
                x[lo + i] = s / pool[dp + i * sp + i];
            }
        }
    }

    /** The number of later neighbours of p in the factor. */
    private int countLater(int p) {
        int step = position[p];
        int next = step + 1 < ntree ? laterAdr[order[step + 1]] : laterAdr[ntree];
        return next - laterAdr[p];
    }
}
