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
 * The elimination order and the blocks (with their fill) are worked out once per set of rows
 * ({@link #analyze}) from every row, active or not, so that the numeric factorization, repeated
 * whenever the active set changes, only sums and factors. Diagonal blocks hold their lower
 * triangle only. Holds its storage, grown on demand; one per rollout, not thread-safe.
 */
final class TreeCholesky {
    private PhysicsModel pm;
    /** Trees with dofs: their first dof and size. */
    private int ntree;
    private int[] treeLo = new int[0], treeSize = new int[0];
    /** The node (tree) of each dof. */
    private int[] nodeOfDof = new int[0];
    /** Block of each node pair (row-major ntree x ntree, pair a <= b), -1 for none; a's size x b's. */
    private int[] pairBlock = new int[0];
    private double[] pool = new double[1024];
    private int poolUsed;
    // symbolic structure: neighbours of each node (with fill), the elimination order, and for each
    // node p its neighbours eliminated after it with the factor's blocks W (size(q) x size(p))
    private int[][] adj = new int[0][];
    private int[] adjCount = new int[0], degree = new int[0];
    private int[] order = new int[0], position = new int[0], diagBlock = new int[0];
    private int[] laterAdr = new int[0], laterNode = new int[0], laterBlock = new int[0];
    private int laterCount;
    private boolean[] eliminated = new boolean[0];
    /**
     * The node pairs the rows linked at the last call of {@link #analyze} (before fill), marked
     * with that call's stamp, and their number at the last analysis.
     */
    private int[] linkStamp = new int[0];
    private int stamp, links;

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
        linkStamp = new int[n * n];
        stamp = 0;
        links = -1;
        adj = new int[n][4];
        adjCount = new int[n];
        degree = new int[n];
        order = new int[n];
        position = new int[n];
        diagBlock = new int[n];
        laterAdr = new int[n + 1];
        eliminated = new boolean[n];
    }

    /**
     * Works out the elimination order and the blocks for the rows of {@code d}, unless the rows
     * link the same node pairs as at the last analysis (then that analysis stands).
     */
    void analyze(MjData d) {
        // the node pairs linked by rows; the same set as at the last analysis?
        int seen = ++stamp;
        int distinct = 0;
        boolean same = true;
        for (int r = 0; r < d.nefc; r++) {
            int nnz = d.efc_J_rownnz[r];
            if (nnz == 0) {
                continue;
            }
            int adr = d.efc_J_rowadr[r];
            int na = nodeOfDof[d.efc_J_colind[adr]], nb = nodeOfDof[d.efc_J_colind[adr + nnz - 1]];
            if (na != nb) {
                int key = na * ntree + nb;
                if (linkStamp[key] != seen) {
                    same &= linkStamp[key] == seen - 1;
                    linkStamp[key] = seen;
                    distinct++;
                }
            }
        }
        if (same && distinct == links) {
            return;
        }
        links = distinct;
        Arrays.fill(pairBlock, -1);
        Arrays.fill(adjCount, 0);
        poolUsed = 0;
        for (int t = 0; t < ntree; t++) {
            pairBlock[t * ntree + t] = allocate(treeSize[t] * treeSize[t]);
        }
        for (int r = 0; r < d.nefc; r++) {
            int nnz = d.efc_J_rownnz[r];
            if (nnz > 0) {
                int adr = d.efc_J_rowadr[r];
                int na = nodeOfDof[d.efc_J_colind[adr]], nb = nodeOfDof[d.efc_J_colind[adr + nnz - 1]];
                if (na != nb) {
                    block(na, nb);
                }
            }
        }
        // minimum-degree elimination: the node with the fewest remaining neighbours (lowest id on
        // ties); its remaining neighbours become linked to each other (fill)
        for (int t = 0; t < ntree; t++) {
            degree[t] = adjCount[t];
        }
        Arrays.fill(eliminated, false);
        laterCount = 0;
        for (int step = 0; step < ntree; step++) {
            int p = -1, best = Integer.MAX_VALUE;
            for (int t = 0; t < ntree; t++) {
                if (!eliminated[t] && degree[t] < best) {
                    best = degree[t];
                    p = t;
                }
            }
            order[step] = p;
            position[p] = step;
            eliminated[p] = true;
            diagBlock[p] = pairBlock[p * ntree + p];
            laterAdr[p] = laterCount;
            for (int k = 0; k < adjCount[p]; k++) {
                int q = adj[p][k];
                if (!eliminated[q]) {
                    degree[q]--;
                    pushLater(q, allocate(treeSize[q] * treeSize[p]));
                }
            }
            int end = laterCount;
            for (int x = laterAdr[p]; x < end; x++) {
                for (int y = x + 1; y < end; y++) {
                    int q = laterNode[x], r = laterNode[y];
                    if (pairBlock[Math.min(q, r) * ntree + Math.max(q, r)] < 0) {
                        block(Math.min(q, r), Math.max(q, r));
                        degree[q]++;
                        degree[r]++;
                    }
                }
            }
        }
        laterAdr[ntree] = laterCount;
    }

    /** Starts the numeric matrix: all blocks zero, then the tree blocks of M (lower triangles). */
    void beginWithMassMatrix(MjData d) {
        Arrays.fill(pool, 0, poolUsed, 0);
        int[] madr = pm.dofMadr, par = pm.m.dof_parentid;
        for (int t = 0; t < ntree; t++) {
            int s = treeSize[t], lo = treeLo[t];
            int blk = pairBlock[t * ntree + t];
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
        poolUsed += size;
        return at;
    }

    /** Creates the block of pair (a, b), a < b, and links the two nodes. */
    private void block(int a, int b) {
        if (pairBlock[a * ntree + b] < 0) {
            pairBlock[a * ntree + b] = allocate(treeSize[a] * treeSize[b]);
            addNeighbor(a, b);
            addNeighbor(b, a);
        }
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
            addBlock(pairBlock[na * ntree + nb], treeSize[nb], treeLo[na], treeLo[nb], j, col, adr, split, split, end, w);
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

    /** Factors the matrix in place in the analyzed order; false when it is not positive definite. */
    boolean factor() {
        for (int step = 0; step < ntree; step++) {
            int p = order[step];
            int sp = treeSize[p];
            int dp = diagBlock[p];
            if (!choleskyInPlace(dp, sp)) {
                return false;
            }
            int begin = laterAdr[p], end = begin + countLater(p);
            // W_q = A_qp L_pp^-T for every neighbour q eliminated later
            for (int x = begin; x < end; x++) {
                int q = laterNode[x], w = laterBlock[x], sq = treeSize[q];
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
            }
            // Schur update: A_qr -= W_q W_rᵀ for later neighbour pairs (their blocks exist: fill)
            for (int x = begin; x < end; x++) {
                int q = laterNode[x], wq = laterBlock[x], sq = treeSize[q];
                for (int y = begin; y < end; y++) {
                    int r = laterNode[y], wr = laterBlock[y], sr = treeSize[r];
                    if (q > r) {
                        continue;
                    }
                    int blk = pairBlock[q * ntree + r];
                    for (int i = 0; i < sq; i++) {
                        for (int c = 0, cEnd = q == r ? i + 1 : sr; c < cEnd; c++) {
                            double s = dot(pool, wq + i * sp, wr + c * sp, sp);
                            pool[blk + i * sr + c] -= s;
                        }
                    }
                }
            }
        }
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

    /**
     * Dense Cholesky of the s x s block at {@code at}: lower triangle becomes L, column by column
     * as MuJoCo's {@code mju_cholFactor} (off-diagonal entries scaled by the diagonal's reciprocal,
     * dot products summed as {@link #dot}).
     */
    private boolean choleskyInPlace(int at, int s) {
        double[] p = pool;
        for (int j = 0; j < s; j++) {
            int rj = at + j * s;
            double d = p[rj + j] - dot(p, rj, rj, j);
            if (!(d > 1e-15)) {
                return false;
            }
            double ljj = Math.sqrt(d);
            p[rj + j] = ljj;
            double inv = 1 / ljj;
            for (int i = j + 1; i < s; i++) {
                int ri = at + i * s;
                p[ri + j] = (p[ri + j] - dot(p, ri, rj, j)) * inv;
            }
        }
        return true;
    }

    /**
     * {@code Σ a[x + k]·a[y + k]} for k < n, summed as MuJoCo's {@code mju_dot}: four running sums
     * over groups of four, joined as (s0 + s2) + (s1 + s3), then the remaining one to three terms.
     */
    static double dot(double[] a, int x, int y, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k <= n - 4; k += 4) {
            s0 += a[x + k] * a[y + k];
            s1 += a[x + k + 1] * a[y + k + 1];
            s2 += a[x + k + 2] * a[y + k + 2];
            s3 += a[x + k + 3] * a[y + k + 3];
        }
        double res = (s0 + s2) + (s1 + s3);
        switch (n - k) {
            case 3 -> res += a[x + k] * a[y + k] + a[x + k + 1] * a[y + k + 1] + a[x + k + 2] * a[y + k + 2];
            case 2 -> res += a[x + k] * a[y + k] + a[x + k + 1] * a[y + k + 1];
            case 1 -> res += a[x + k] * a[y + k];
            default -> {
            }
        }
        return res;
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
