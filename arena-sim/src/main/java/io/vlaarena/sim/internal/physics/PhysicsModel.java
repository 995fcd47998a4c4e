package io.vlaarena.sim.internal.physics;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;

/**
 * An {@link MjModel} plus the indices the engine derives from it once and shares across rollouts:
 * the kinematic trees and their dof ranges, the last dof of each body's chain, which tendons and
 * equalities act on which trees, the statically filtered list of geom pairs that may collide
 * (MuJoCo's rules: contype/conaffinity, same weld body, parent–child weld bodies unless one is the
 * world, excluded body pairs), the local frames of geoms, sites, cameras and inertias as matrices,
 * and the polyhedra (vertices, face planes) of boxes and mesh hulls.
 *
 * <p>Needs a complete model (the constants of {@link SetConst} included). Immutable after
 * construction and shared across threads; never mutate the wrapped model.
 */
public final class PhysicsModel {
    /** MuJoCo's default solref (timeconst, dampratio), which joint limits and contacts use. Never mutated. */
    public static final double[] DEFAULT_SOLREF = {0.02, 1.0};
    /** MuJoCo's default solimp (dmin, dmax, width, midpoint, power). Never mutated. */
    public static final double[] DEFAULT_SOLIMP = {0.9, 0.95, 0.001, 0.5, 2.0};

    /** The compiled model (do not mutate). */
    public final MjModel m;
    /** Last dof of each body's chain (its own last dof, or its nearest ancestor's), -1 for none. */
    public final int[] bodyLastDof;
    /** Bodies with a geom of the ellipsoid fluid model (its bodies use that model instead of the inertia box). */
    public final boolean[] bodyFluidEllipsoid;
    /** Whether any dof has damping (then Euler integrates it implicitly). */
    public final boolean anyDamping;
    /** Kinematic tree of each body: its child-of-world ancestor, or -1 when welded to the world. */
    public final int[] bodyTree;
    /** Dof range [treeDofLo, treeDofHi) of each tree, indexed by the tree's root body. */
    public final int[] treeDofLo, treeDofHi;
    /**
     * Candidate collision pairs after static filtering, in MuJoCo's order: by body pair
     * signature {@code ((b1 + 1) << 16) + b2 + 1} (b1 < b2), then the geoms of b1 by the geoms
     * of b2; with each pair's signature and whether an explicit {@code <pair>} of the same geoms
     * replaces it.
     */
    public final int[] pairGeom1, pairGeom2, pairSignature;
    public final boolean[] pairCovered;
    /**
     * The candidate pairs grouped by body pair, in order: body pair r holds pairs
     * [pairRangeStart[r], pairRangeStart[r + 1]) between bodies rangeBody1[r] < rangeBody2[r];
     * the body pairs of body b as its lower body are [bodyRangeAdr[b], bodyRangeAdr[b + 1]),
     * ascending in the other body. Bodies with a plane or height field have no finite bounds.
     */
    public final int[] pairRangeStart, rangeBody1, rangeBody2, bodyRangeAdr;
    /** Whether a body has a plane or height-field geom (unbounded for the broad phase). */
    public final boolean[] bodyUnbounded;
    /** The bodies with a geom in some candidate pair and finite bounds. */
    public final int[] sweepBodies;
    /** The body pairs with an unbounded body, always candidates. */
    public final int[] unboundedRanges;
    /** The body-pair signature of each explicit pair (the compiler orders them by it). */
    public final int[] explicitSignature;
    /** The (at most two) kinematic trees each equality acts on, -1 for none. */
    public final int[] eqTree1, eqTree2;
    /** Whether each body is a mocap body or hangs from one (its pose follows mocap_pos/quat). */
    public final boolean[] bodyFollowsMocap;
    /** The limited tendons, and the (at most two) kinematic trees of each tendon (-1 for none). */
    public final int[] limitedTendons;
    public final int[] tendonTree1, tendonTree2;
    /** The tendons with a spring or a damper (passive forces). */
    public final int[] springTendons;
    /** The spatial tendons (paths of sites, wrapping geoms and pulleys; their Jacobian is {@code MjData.ten_J}). */
    public final int[] spatialTendons;
    /** Whether each tendon is spatial. */
    public final boolean[] tendonSpatial;
    /** The dofs and the tendons with positive frictionloss (one frictionloss row each). */
    public final int[] frictionDofs, frictionTendons;
    /**
     * The tree-sparse layout of the mass matrix (MuJoCo's {@code dof_Madr}, {@code nM}): row i
     * holds {@code M(i,i)}, then {@code M(i,j)} for each ancestor dof j, nearest first, from
     * {@code dofMadr[i]}.
     */
    public final int[] dofMadr;
    /** Entries of row i of the sparse mass matrix: dof i and its ancestors. */
    public final int[] dofMrowLen;
    /** The column (dof) of each entry of the sparse mass matrix, nM in all. */
    public final int[] dofMcol;
    public final int nM;
    /**
     * The sparse actuator moments: actuator u acts on the distinct dofs
     * {@code momentDof[momentAdr[u] .. momentAdr[u] + momentNum[u])}, in ascending order.
     */
    public final int[] momentAdr, momentNum, momentDof;
    /** Local frames as row-major matrices: geoms, sites and cameras in their bodies, principal inertia axes. */
    public final double[] geomLocalMat, siteLocalMat, camLocalMat, bodyIMat;
    /**
     * Boxes and mesh hulls as polyhedra in their geom frame: vertices ({@code x y z}, for meshes
     * the hull's vertices in mesh-vertex order) and face planes ({@code nx ny nz d}); null for
     * other geoms.
     */
    public final double[][] hullVert, hullPlane;
    /**
     * Mesh hulls as face lists in the geom frame, for colliders that take one: the hull's
     * vertices in order of first use by its triangles ({@code x y z}), one plane per triangle
     * ({@code nx ny nz d}) and the triangles ({@code 3 i j k}, indices into those vertices);
     * null for other geoms.
     */
    public final double[][] convexPoints, convexPlanes;
    public final int[][] convexPolygons;
    /**
     * The edges of each mesh hull as adjacency lists over {@link #hullVert}'s vertices: the
     * neighbours of vertex i are {@code hullNeighbor[g][hullNeighborAdr[g][i] ..
     * hullNeighborAdr[g][i + 1])} in ascending order (MuJoCo's mesh graph); null for other geoms.
     */
    public final int[][] hullNeighborAdr, hullNeighbor;

    /** Derives the engine's indices from a complete model (SetConst done). */
    public PhysicsModel(MjModel m) {
        this(m, true);
    }

    PhysicsModel(MjModel m, boolean constantsSet) {
        this.m = m;
        int nbody = m.nbody, nv = m.nv, ngeom = m.ngeom;
        int[] lastDof = new int[nbody];
        lastDof[0] = -1;
        bodyLastDof = lastDof;
        for (int b = 1; b < nbody; b++) {
            int p = m.body_parentid[b];
            if (p < 0 || p >= b) {
                throw new SceneException("Body " + b + " has parent " + p + "; parents must come before children.");
            }
            lastDof[b] = m.body_dofnum[b] > 0 ? m.body_dofadr[b] + m.body_dofnum[b] - 1 : lastDof[p];
            if (constantsSet && m.body_dofnum[b] > 0 && !(m.body_invweight0[2 * b] > 0)) {
                throw new IllegalStateException("The model's constants are not set (body " + b
                        + " moves but has no inverse weight): call SetConst.setConst after laying it out.");
            }
        }
        bodyFollowsMocap = new boolean[nbody];
        for (int b = 1; b < nbody && m.nmocap > 0; b++) {
            bodyFollowsMocap[b] = m.body_mocapid[b] >= 0 || bodyFollowsMocap[m.body_parentid[b]];
            if (m.body_mocapid[b] >= 0 && (m.body_parentid[b] != 0 || m.body_jntnum[b] > 0)) {
                throw new SceneException("Mocap body " + b + " must be a joint-less child of the world.");
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
            bodyTree[b] = m.body_weldid[b] == 0 ? -1 : p == 0 ? b : bodyTree[p] >= 0 ? bodyTree[p] : b;
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
        // SetConst needs no collision pairs (and a model of many geoms has very many)
        explicitSignature = new int[m.npair];
        for (int p = 0; p < m.npair; p++) {
            explicitSignature[p] = signature(m.geom_bodyid[m.pair_geom1[p]], m.geom_bodyid[m.pair_geom2[p]]);
        }
        bodyFluidEllipsoid = new boolean[nbody];
        for (int g = 0; g < ngeom; g++) {
            bodyFluidEllipsoid[m.geom_bodyid[g]] |= m.geom_fluid[MjModel.NFLUID * g] > 0;
        }
        int[][] bodyGeoms = new int[nbody][];
        int[] count = new int[nbody];
        for (int g = 0; g < ngeom; g++) {
            count[m.geom_bodyid[g]]++;
        }
        for (int b = 0; b < nbody; b++) {
            bodyGeoms[b] = new int[count[b]];
            count[b] = 0;
        }
        for (int g = 0; g < ngeom; g++) {
            int b = m.geom_bodyid[g];
            bodyGeoms[b][count[b]++] = g;
        }
        int n = 0;
        int cap = constantsSet ? Math.max(1, ngeom * (ngeom - 1) / 2) : 0;
        int[] p1 = new int[cap], p2 = new int[cap], sig = new int[cap];
        boolean[] covered = new boolean[cap];
        for (int b1 = 0; b1 < nbody && constantsSet; b1++) {
            for (int b2 = b1 + 1; b2 < nbody; b2++) {
                for (int g1 : bodyGeoms[b1]) {
                    for (int g2 : bodyGeoms[b2]) {
                        if (canCollide(g1, g2)) {
                            p1[n] = g1;
                            p2[n] = g2;
                            sig[n] = signature(b1, b2);
                            for (int p = 0; p < m.npair; p++) {
                                covered[n] |= (m.pair_geom1[p] == g1 && m.pair_geom2[p] == g2)
                                        || (m.pair_geom1[p] == g2 && m.pair_geom2[p] == g1);
                            }
                            n++;
                        }
                    }
                }
            }
        }
        pairGeom1 = java.util.Arrays.copyOf(p1, n);
        pairGeom2 = java.util.Arrays.copyOf(p2, n);
        pairSignature = java.util.Arrays.copyOf(sig, n);
        pairCovered = java.util.Arrays.copyOf(covered, n);
        int nrange = 0;
        for (int p = 0; p < n; p++) {
            if (p == 0 || sig[p] != sig[p - 1]) {
                nrange++;
            }
        }
        pairRangeStart = new int[nrange + 1];
        rangeBody1 = new int[nrange];
        rangeBody2 = new int[nrange];
        bodyRangeAdr = new int[nbody + 1];
        for (int p = 0, r = -1; p < n; p++) {
            if (p == 0 || sig[p] != sig[p - 1]) {
                r++;
                pairRangeStart[r] = p;
                int b1 = m.geom_bodyid[p1[p]], b2 = m.geom_bodyid[p2[p]];
                rangeBody1[r] = Math.min(b1, b2);
                rangeBody2[r] = Math.max(b1, b2);
            }
        }
        pairRangeStart[nrange] = n;
        for (int r = 0; r < nrange; r++) {
            bodyRangeAdr[rangeBody1[r] + 1]++;
        }
        for (int b = 0; b < nbody; b++) {
            bodyRangeAdr[b + 1] += bodyRangeAdr[b];
        }
        bodyUnbounded = new boolean[nbody];
        for (int g = 0; g < ngeom; g++) {
            if (m.geom_type[g] == MjModel.GEOM_PLANE || m.geom_type[g] == MjModel.GEOM_HFIELD) {
                bodyUnbounded[m.geom_bodyid[g]] = true;
            }
        }
        boolean[] inPair = new boolean[nbody];
        for (int r = 0; r < nrange; r++) {
            inPair[rangeBody1[r]] = true;
            inPair[rangeBody2[r]] = true;
        }
        sweepBodies = java.util.stream.IntStream.range(0, nbody).filter(b -> inPair[b] && !bodyUnbounded[b]).toArray();
        unboundedRanges = java.util.stream.IntStream.range(0, nrange)
                .filter(r -> bodyUnbounded[rangeBody1[r]] || bodyUnbounded[rangeBody2[r]]).toArray();
        eqTree1 = new int[m.neq];
        eqTree2 = new int[m.neq];
        equalityTrees();
        int ntendon = m.ntendon;
        tendonSpatial = new boolean[ntendon];
        for (int t = 0; t < ntendon; t++) {
            tendonSpatial[t] = m.tendon_num[t] > 0 && m.wrap_type[m.tendon_adr[t]] != MjModel.WRAP_JOINT;
        }
        spatialTendons = java.util.stream.IntStream.range(0, ntendon).filter(t -> tendonSpatial[t]).toArray();
        tendonTree1 = new int[ntendon];
        tendonTree2 = new int[ntendon];
        int nlim = 0;
        for (int t = 0; t < ntendon; t++) {
            java.util.List<Integer> trees = new java.util.ArrayList<>();
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                if (wrapBody(w) >= 0) {
                    addTree(trees, bodyTree[wrapBody(w)]);
                }
            }
            tendonTree1[t] = trees.isEmpty() ? -1 : trees.get(0);
            tendonTree2[t] = trees.size() < 2 ? -1 : trees.get(1);
            if (m.tendon_frictionloss[t] > 0 && trees.size() > 2) {
                throw new SceneException("Tendon '" + m.tendon_name[t] + "' has frictionloss and spans " + trees.size()
                        + " kinematic trees; frictional tendons spanning more than two trees are not supported.");
            }
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
        frictionDofs = java.util.stream.IntStream.range(0, nv).filter(i -> m.dof_frictionloss[i] > 0).toArray();
        frictionTendons = java.util.stream.IntStream.range(0, ntendon).filter(t -> m.tendon_frictionloss[t] > 0).toArray();
        dofMadr = new int[nv];
        dofMrowLen = new int[nv];
        int adr = 0;
        for (int i = 0; i < nv; i++) {
            dofMadr[i] = adr;
            for (int j = i; j >= 0; j = m.dof_parentid[j]) {
                adr++;
                dofMrowLen[i]++;
            }
        }
        nM = adr;
        dofMcol = new int[nM];
        for (int i = 0, k = 0; i < nv; i++) {
            for (int j = i; j >= 0; j = m.dof_parentid[j]) {
                dofMcol[k++] = j;
            }
        }
        momentAdr = new int[m.nu];
        momentNum = new int[m.nu];
        java.util.List<Integer> dofs = new java.util.ArrayList<>();
        for (int u = 0; u < m.nu; u++) {
            java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
            int id = m.actuator_trnid[u];
            if (m.actuator_trntype[u] == MjModel.TRN_TENDON) {
                for (int w = m.tendon_adr[id]; w < m.tendon_adr[id] + m.tendon_num[id]; w++) {
                    if (m.wrap_type[w] == MjModel.WRAP_JOINT) {
                        set.add(m.jnt_dofadr[m.wrap_jntid[w]]);
                    } else if (wrapBody(w) >= 0) {
                        // a spatial tendon moves every dof above the bodies on its path
                        for (int i = bodyLastDof[wrapBody(w)]; i >= 0; i = m.dof_parentid[i]) {
                            set.add(i);
                        }
                    }
                }
            } else if (m.actuator_trntype[u] == MjModel.TRN_BODY) {
                // contacts with any body: every dof
                for (int i = 0; i < nv; i++) {
                    set.add(i);
                }
            } else if (m.actuator_trntype[u] == MjModel.TRN_SITE || m.actuator_trntype[u] == MjModel.TRN_SLIDERCRANK) {
                // the site Jacobians move every dof above the site's (and the second site's) body
                for (int site : new int[] {id, m.actuator_trnid2[u]}) {
                    for (int i = site < 0 ? -1 : bodyLastDof[m.site_bodyid[site]]; i >= 0; i = m.dof_parentid[i]) {
                        set.add(i);
                    }
                }
            } else {
                int ndof = m.jnt_type[id] == MjModel.JNT_FREE ? 6 : m.jnt_type[id] == MjModel.JNT_BALL ? 3 : 1;
                for (int i = 0; i < ndof; i++) {
                    set.add(m.jnt_dofadr[id] + i);
                }
            }
            momentAdr[u] = dofs.size();
            momentNum[u] = set.size();
            dofs.addAll(set);
        }
        momentDof = dofs.stream().mapToInt(Integer::intValue).toArray();
        geomLocalMat = localMats(m.geom_quat, ngeom);
        siteLocalMat = localMats(m.site_quat, m.nsite);
        camLocalMat = localMats(m.cam_quat, m.ncam);
        bodyIMat = localMats(m.body_iquat, nbody);
        hullVert = new double[ngeom][];
        hullPlane = new double[ngeom][];
        convexPoints = new double[ngeom][];
        convexPlanes = new double[ngeom][];
        convexPolygons = new int[ngeom][];
        hullNeighborAdr = new int[ngeom][];
        hullNeighbor = new int[ngeom][];
        for (int g = 0; g < ngeom; g++) {
            polyhedron(g);
            if (m.geom_type[g] == MjModel.GEOM_MESH) {
                faceList(g, m.geom_dataid[g]);
                hullGraph(g, m.geom_dataid[g]);
            }
        }
    }

    private static double[] localMats(double[] quats, int n) {
        double[] r = new double[9 * n];
        for (int i = 0; i < n; i++) {
            Spatial.quat2Mat(quats, 4 * i, r, 9 * i);
        }
        return r;
    }

    /** The edges of mesh geom g's hull over the vertices of {@link #hullVert} (see {@link #hullNeighbor}). */
    private void hullGraph(int g, int mesh) {
        int hadr = m.mesh_hulladr[mesh], nhull = m.mesh_hullnum[mesh];
        int[] local = new int[m.mesh_vertnum[mesh]];
        java.util.Arrays.fill(local, -1);
        for (int i = 0; i < 3 * nhull; i++) {
            local[m.mesh_hull[3 * hadr + i]] = 0;
        }
        int n = 0;
        for (int v = 0; v < local.length; v++) {
            if (local[v] == 0) {
                local[v] = n++;
            }
        }
        java.util.List<java.util.TreeSet<Integer>> adj = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            adj.add(new java.util.TreeSet<>());
        }
        for (int f = 0; f < nhull; f++) {
            for (int k = 0; k < 3; k++) {
                int a = local[m.mesh_hull[3 * (hadr + f) + k]], b = local[m.mesh_hull[3 * (hadr + f) + (k + 1) % 3]];
                adj.get(a).add(b);
                adj.get(b).add(a);
            }
        }
        int[] adr = new int[n + 1];
        int total = 0;
        for (int i = 0; i < n; i++) {
            adr[i] = total;
            total += adj.get(i).size();
        }
        adr[n] = total;
        int[] nb = new int[total];
        for (int i = 0, w = 0; i < n; i++) {
            for (int j : adj.get(i)) {
                nb[w++] = j;
            }
        }
        hullNeighborAdr[g] = adr;
        hullNeighbor[g] = nb;
    }

    /** The hull of mesh geom g as a face list (see {@link #convexPoints}). */
    private void faceList(int g, int mesh) {
        int vadr = m.mesh_vertadr[mesh], hadr = m.mesh_hulladr[mesh], nhull = m.mesh_hullnum[mesh];
        int[] local = new int[m.mesh_vertnum[mesh]];
        java.util.Arrays.fill(local, -1);
        int npoint = 0;
        for (int i = 0; i < 3 * nhull; i++) {
            int v = m.mesh_hull[3 * hadr + i];
            if (local[v] < 0) {
                local[v] = npoint++;
            }
        }
        double[] points = new double[3 * npoint];
        for (int v = 0; v < local.length; v++) {
            if (local[v] >= 0) {
                System.arraycopy(m.mesh_vert, 3 * (vadr + v), points, 3 * local[v], 3);
            }
        }
        double[] planes = new double[4 * nhull];
        int[] polygons = new int[4 * nhull];
        int[] idx = new int[3];
        for (int f = 0; f < nhull; f++) {
            for (int k = 0; k < 3; k++) {
                idx[k] = local[m.mesh_hull[3 * (hadr + f) + k]];
            }
            double p0x = points[3 * idx[0]], p0y = points[3 * idx[0] + 1], p0z = points[3 * idx[0] + 2];
            double ux = points[3 * idx[1]] - p0x, uy = points[3 * idx[1] + 1] - p0y, uz = points[3 * idx[1] + 2] - p0z;
            double vx = points[3 * idx[2]] - p0x, vy = points[3 * idx[2] + 1] - p0y, vz = points[3 * idx[2] + 2] - p0z;
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            double n = Math.sqrt(nx * nx + ny * ny + nz * nz);
            nx /= n;
            ny /= n;
            nz /= n;
            planes[4 * f] = nx;
            planes[4 * f + 1] = ny;
            planes[4 * f + 2] = nz;
            planes[4 * f + 3] = nx * p0x + ny * p0y + nz * p0z;
            polygons[4 * f] = 3;
            polygons[4 * f + 1] = idx[0];
            polygons[4 * f + 2] = idx[1];
            polygons[4 * f + 3] = idx[2];
        }
        convexPoints[g] = points;
        convexPlanes[g] = planes;
        convexPolygons[g] = polygons;
    }

    /** Box corners and face planes, or a mesh hull's vertices and face planes, in the geom frame. */
    private void polyhedron(int g) {
        double a = m.geom_size[3 * g], b = m.geom_size[3 * g + 1], c = m.geom_size[3 * g + 2];
        if (m.geom_type[g] == MjModel.GEOM_BOX) {
            double[] v = new double[24];
            for (int i = 0; i < 8; i++) {
                v[3 * i] = (i & 1) == 0 ? -a : a;
                v[3 * i + 1] = (i & 2) == 0 ? -b : b;
                v[3 * i + 2] = (i & 4) == 0 ? -c : c;
            }
            hullVert[g] = v;
            hullPlane[g] = new double[] {1, 0, 0, a, -1, 0, 0, a, 0, 1, 0, b, 0, -1, 0, b, 0, 0, 1, c, 0, 0, -1, c};
        } else if (m.geom_type[g] == MjModel.GEOM_MESH) {
            int mesh = m.geom_dataid[g];
            int vadr = m.mesh_vertadr[mesh], hadr = m.mesh_hulladr[mesh], nhull = m.mesh_hullnum[mesh];
            boolean[] used = new boolean[m.mesh_vertnum[mesh]];
            int n = 0;
            for (int i = 0; i < 3 * nhull; i++) {
                int v = m.mesh_hull[3 * hadr + i];
                n += used[v] ? 0 : 1;
                used[v] = true;
            }
            double[] v = new double[3 * n];
            int w = 0;
            for (int i = 0; i < used.length; i++) {
                if (used[i]) {
                    System.arraycopy(m.mesh_vert, 3 * (vadr + i), v, 3 * w++, 3);
                }
            }
            hullVert[g] = v;
            hullPlane[g] = m.meshHullPlanes(mesh);
        }
    }

    /**
     * The trees each equality acts on. The solver couples a row with the rows of at most two
     * trees, so a tendon equality whose tendons span more trees is refused.
     */
    private void equalityTrees() {
        for (int e = 0; e < m.neq; e++) {
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
                            if (wrapBody(w) >= 0) {
                                addTree(trees, bodyTree[wrapBody(w)]);
                            }
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

    /** The body of tendon path entry w: its joint's, site's or geom's; -1 for a pulley. */
    private int wrapBody(int w) {
        return switch (m.wrap_type[w]) {
            case MjModel.WRAP_JOINT -> m.jnt_bodyid[m.wrap_jntid[w]];
            case MjModel.WRAP_SITE -> m.site_bodyid[m.wrap_objid[w]];
            case MjModel.WRAP_SPHERE, MjModel.WRAP_CYLINDER -> m.geom_bodyid[m.wrap_objid[w]];
            default -> -1;
        };
    }

    /** MuJoCo's body-pair signature, lower body first. */
    private static int signature(int b1, int b2) {
        int lo = Math.min(b1, b2), hi = Math.max(b1, b2);
        return ((lo + 1) << 16) + hi + 1;
    }

    /** MuJoCo's static contact filter for a geom pair. */
    public boolean canCollide(int g1, int g2) {
        if ((m.geom_contype[g1] & m.geom_conaffinity[g2]) == 0 && (m.geom_contype[g2] & m.geom_conaffinity[g1]) == 0) {
            return false;
        }
        int b1 = m.geom_bodyid[g1], b2 = m.geom_bodyid[g2];
        int w1 = m.body_weldid[b1], w2 = m.body_weldid[b2];
        if (w1 == w2) {
            return false;
        }
        int wp1 = m.body_weldid[m.body_parentid[w1 == 0 ? 0 : w1]];
        int wp2 = m.body_weldid[m.body_parentid[w2 == 0 ? 0 : w2]];
        if ((m.disableflags & MjModel.DSBL_FILTERPARENT) == 0 && w1 != 0 && w2 != 0 && (w1 == wp2 || w2 == wp1)) {
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

    /** Number of candidate collision pairs after static filtering. */
    public int candidatePairs() {
        return pairGeom1.length;
    }
}
