package io.vlaarena.sim.internal.physics;

import io.vlaarena.core.ArenaException;
import io.vlaarena.sim.internal.model.MjModel;
import org.ode4j.math.DMatrix3;
import org.ode4j.ode.DContactGeom;
import org.ode4j.ode.DContactGeomBuffer;
import org.ode4j.ode.DGeom;
import org.ode4j.ode.DPlane;
import org.ode4j.ode.OdeHelper;

/**
 * The mutable state of one rollout and MuJoCo's forward dynamics and semi-implicit Euler step on
 * it ({@code mjData} + {@code mj_step}), in reduced (generalized) coordinates: kinematics,
 * composite-rigid-body mass matrix with armature, recursive Newton–Euler bias forces, passive
 * springs and dampers, actuators, soft joint-limit and contact constraints (contacts found by
 * ODE4J's narrow phase) solved by projected Gauss–Seidel, and Euler integration with implicit
 * joint damping.
 *
 * <p>Spatial vectors are {@code [angular; linear]} in the world frame, about the world origin.
 * Every array is allocated in the constructor (constraint buffers grow only when a step needs
 * more rows than ever before), so stepping does not allocate. Not thread-safe: one rollout, one
 * thread.
 */
public final class PhysicsData {
    /** Values of qpos/qvel above this magnitude count as divergence (MuJoCo's mjMAXVAL). */
    public static final double MAX_VALUE = 1e10;
    private static final int MAX_CONTACTS_PER_PAIR = 4;
    private static final int PGS_MAX_ITER = 200;
    private static final double PGS_TOL = 1e-10;

    private final PhysicsModel pm;
    private final MjModel m;
    private final int nv, nbody;

    // ---- state
    public final double[] qpos, qvel, qacc, ctrl, qfrcApplied;
    /** Poses of the mocap bodies (MuJoCo's mocap_pos, mocap_quat {@code w x y z}); set them, then step. */
    public final double[] mocapPos, mocapQuat;
    public double time;

    // ---- positions
    public final double[] xpos, xquat, xmat, xipos, ximat, xanchor, xaxis;
    private final double[] geomAabb;
    public final double[] geomXpos, geomXmat, siteXpos, siteXmat, camXpos, camXmat, subtreeCom;
    private final double[] geomLocalMat, siteLocalMat, camLocalMat, bodyIMat;

    // ---- dynamics
    private final double[] cinert, crb, cdof, cdofdot, cvel, cacc, cfrc;
    /** Joint-space inertia (dense nv x nv, full symmetric). */
    public final double[] qM;
    private final double[] qLD, qLDd;
    public final double[] qfrcBias, qfrcPassive, qfrcActuator, qfrcSmooth, qaccSmooth, qfrcConstraint;
    public final double[] actuatorLength, actuatorVelocity, actuatorForce, actuatorMoment;

    // ---- contacts
    public int ncon;
    private int conCap;
    public int[] conGeom1, conGeom2;
    /** Index of the contact among its geom pair's contacts (warm-start key with the geoms). */
    private int[] conIndex;
    /** Row of each contact's first constraint row, -1 when it has none. */
    private int[] conEfcAdr;
    // previous step's contact forces, for warm starting the solver
    private int prevNcon;
    private int[] prevGeom1 = new int[0], prevGeom2 = new int[0], prevIndex = new int[0], prevRows = new int[0];
    private double[] prevForce = new double[0];
    /** PGS sweeps used by the last step. */
    public int solverIterations;
    /** Contact position, frame (normal from geom1 to geom2, then two tangents), distance (negative = penetration). */
    public double[] conPos, conFrame, conDist, conMu;

    // ---- constraints
    public int nefc;
    private int efcCap;
    private double[] efcJ, efcMinvJT, efcAR, efcB, efcForce, efcPos, efcVel, efcAref, efcInvWeight, efcImp;
    /** Per row: the two kinematic trees it acts on (-1 for none), its nonzero dofs, and the rows it couples with. */
    private int[] efcTree1, efcTree2, efcNnz, efcNnzIdx, efcAdjStart, efcAdj;
    /** Per row: its equality (bilateral, the equality's solref/solimp), or -1 (unilateral, default parameters). */
    private int[] efcEq;
    /** Per equality row: the norm of its equality's violation, which sets the impedance of all its rows. */
    private double[] efcEqNorm;
    /** Rows of the equalities (they come first), and last step's forces of those rows for the warm start. */
    private int neqRows, prevEqRows;
    /** Rows [tenLimRow0, tenLimRow1) are tendon limits; efcTendon[r - tenLimRow0] is the tendon of row r. */
    private int tenLimRow0, tenLimRow1;
    private int[] efcTendon = new int[0];
    private double[] prevEqForce = new double[0];
    // exact solve of the active set (used when equalities are present)
    private double[] actA, actF;
    private int[] actIdx;

    // ---- collision
    private final DGeom[] odeGeom;
    private final boolean[] staticPlaced;
    private final DContactGeomBuffer contactBuf = new DContactGeomBuffer(MAX_CONTACTS_PER_PAIR);
    private final DMatrix3 odeRot = new DMatrix3();
    /** Boxes and mesh hulls as polyhedra in their geom frame: vertices (x y z) and face planes (n, d). */
    private final double[][] hullVert, hullPlane;
    private final double[] manifold = new double[5 * 64];

    // ---- scratch
    private final double[] t3 = new double[3], t4 = new double[4], t9 = new double[9],
            t6 = new double[6];
    private final double[] vecNv, jac3;
    private final double[] eqP1 = new double[3], eqP2 = new double[3], eqQ1 = new double[4], eqQ2 = new double[4],
            eqQ3 = new double[4], eqQ4 = new double[4];

    static {
        OdeHelper.initODE2(0);
    }

    public PhysicsData(PhysicsModel pm) {
        this.pm = pm;
        this.m = pm.m;
        this.nv = pm.nv;
        this.nbody = pm.nbody;
        int nq = pm.nq, nb = nbody, nj = pm.njnt;
        qpos = new double[nq];
        qvel = new double[nv];
        qacc = new double[nv];
        ctrl = new double[pm.nu];
        qfrcApplied = new double[nv];
        mocapPos = new double[3 * pm.nmocap];
        mocapQuat = new double[4 * pm.nmocap];
        resetMocap();
        xpos = new double[3 * nb];
        xquat = new double[4 * nb];
        xmat = new double[9 * nb];
        xipos = new double[3 * nb];
        ximat = new double[9 * nb];
        xanchor = new double[3 * nj];
        xaxis = new double[3 * nj];
        geomXpos = new double[3 * pm.ngeom];
        geomXmat = new double[9 * pm.ngeom];
        geomAabb = new double[3 * pm.ngeom];
        siteXpos = new double[3 * pm.nsite];
        siteXmat = new double[9 * pm.nsite];
        camXpos = new double[3 * pm.ncam];
        camXmat = new double[9 * pm.ncam];
        subtreeCom = new double[3 * nb];
        geomLocalMat = localMats(m.geom_quat, pm.ngeom);
        siteLocalMat = localMats(m.site_quat, pm.nsite);
        camLocalMat = localMats(m.cam_quat, pm.ncam);
        bodyIMat = localMats(m.body_iquat, nb);
        cinert = new double[10 * nb];
        crb = new double[10 * nb];
        cdof = new double[6 * nv];
        cdofdot = new double[6 * nv];
        cvel = new double[6 * nb];
        cacc = new double[6 * nb];
        cfrc = new double[6 * nb];
        qM = new double[nv * nv];
        qLD = new double[nv * nv];
        qLDd = new double[nv * nv];
        qfrcBias = new double[nv];
        qfrcPassive = new double[nv];
        qfrcActuator = new double[nv];
        qfrcSmooth = new double[nv];
        qaccSmooth = new double[nv];
        qfrcConstraint = new double[nv];
        actuatorLength = new double[pm.nu];
        actuatorVelocity = new double[pm.nu];
        actuatorForce = new double[pm.nu];
        actuatorMoment = new double[pm.nu * nv];
        vecNv = new double[nv];
        jac3 = new double[3 * nv];
        growContacts(Math.max(16, 4 * pm.pairGeom1.length));
        growEfc(2 * nj + 64);
        odeGeom = new DGeom[pm.ngeom];
        staticPlaced = new boolean[pm.ngeom];
        hullVert = new double[pm.ngeom][];
        hullPlane = new double[pm.ngeom][];
        for (int g = 0; g < pm.ngeom; g++) {
            odeGeom[g] = createGeom(g);
            polyhedron(g);
        }
        reset();
    }

    private static double[] localMats(double[] quats, int n) {
        double[] r = new double[9 * n];
        for (int i = 0; i < n; i++) {
            if (quats == null) {
                r[9 * i] = r[9 * i + 4] = r[9 * i + 8] = 1;
            } else {
                Mx.quat2Mat(quats, 4 * i, r, 9 * i);
            }
        }
        return r;
    }

    private DGeom createGeom(int g) {
        double a = m.geom_size[3 * g], b = m.geom_size[3 * g + 1], c = m.geom_size[3 * g + 2];
        return switch (m.geom_type[g]) {
            case MjModel.GEOM_PLANE -> OdeHelper.createPlane(null, 0, 0, 1, 0);
            case MjModel.GEOM_SPHERE -> OdeHelper.createSphere(a);
            case MjModel.GEOM_CAPSULE -> OdeHelper.createCapsule(a, 2 * b);
            case MjModel.GEOM_CYLINDER -> OdeHelper.createCylinder(a, 2 * b);
            // ODE has no ellipsoid: the bounding sphere stands in for it.
            case MjModel.GEOM_ELLIPSOID -> OdeHelper.createSphere(Math.max(a, Math.max(b, c)));
            case MjModel.GEOM_BOX -> OdeHelper.createBox(2 * a, 2 * b, 2 * c);
            // As MuJoCo: a mesh collides as its convex hull.
            case MjModel.GEOM_MESH -> convexHull(m, m.geom_dataid[g]);
            default -> null;
        };
    }

    /** ODE's convex geom for a mesh's hull, in the mesh (= geom) frame: hull vertices, face planes and triangles. */
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

    private static DGeom convexHull(MjModel m, int mesh) {
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
        for (int f = 0; f < nhull; f++) {
            int[] idx = new int[3];
            for (int k = 0; k < 3; k++) {
                idx[k] = local[m.mesh_hull[3 * (hadr + f) + k]];
            }
            double[] p0 = {points[3 * idx[0]], points[3 * idx[0] + 1], points[3 * idx[0] + 2]};
            double ux = points[3 * idx[1]] - p0[0], uy = points[3 * idx[1] + 1] - p0[1], uz = points[3 * idx[1] + 2] - p0[2];
            double vx = points[3 * idx[2]] - p0[0], vy = points[3 * idx[2] + 1] - p0[1], vz = points[3 * idx[2] + 2] - p0[2];
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            double n = Math.sqrt(nx * nx + ny * ny + nz * nz);
            nx /= n;
            ny /= n;
            nz /= n;
            planes[4 * f] = nx;
            planes[4 * f + 1] = ny;
            planes[4 * f + 2] = nz;
            planes[4 * f + 3] = nx * p0[0] + ny * p0[1] + nz * p0[2];
            polygons[4 * f] = 3;
            polygons[4 * f + 1] = idx[0];
            polygons[4 * f + 2] = idx[1];
            polygons[4 * f + 3] = idx[2];
        }
        return OdeHelper.createConvex(planes, nhull, points, npoint, polygons);
    }

    private void growContacts(int cap) {
        conCap = cap;
        conGeom1 = new int[cap];
        conGeom2 = new int[cap];
        conIndex = new int[cap];
        conEfcAdr = new int[cap];
        conPos = new double[3 * cap];
        conFrame = new double[9 * cap];
        conDist = new double[cap];
        conMu = new double[cap];
    }

    /**
     * Grows the constraint buffers to {@code cap} rows, keeping the rows already built in this step
     * (rows are laid out row-major with a stride of nv, so copying the prefix keeps them); the
     * cap-by-cap work matrices are rebuilt by the solver and need no copy.
     */
    private void growEfc(int cap) {
        efcCap = cap;
        efcJ = grown(efcJ, cap * nv);
        efcMinvJT = grown(efcMinvJT, cap * nv);
        efcAR = new double[cap * cap];
        efcB = grown(efcB, cap);
        efcForce = grown(efcForce, cap);
        efcPos = grown(efcPos, cap);
        efcVel = grown(efcVel, cap);
        efcAref = grown(efcAref, cap);
        efcInvWeight = grown(efcInvWeight, cap);
        efcImp = grown(efcImp, cap);
        efcTree1 = grown(efcTree1, cap);
        efcTree2 = grown(efcTree2, cap);
        efcNnz = grown(efcNnz, cap);
        efcNnzIdx = grown(efcNnzIdx, cap * nv);
        efcAdjStart = new int[cap + 1];
        efcAdj = new int[cap * cap];
        efcEq = grown(efcEq, cap);
        efcEqNorm = grown(efcEqNorm, cap);
        actA = new double[cap * cap];
        actF = new double[cap];
        actIdx = new int[cap];
    }

    private static double[] grown(double[] a, int n) {
        return a == null ? new double[n] : java.util.Arrays.copyOf(a, n);
    }

    private static int[] grown(int[] a, int n) {
        return a == null ? new int[n] : java.util.Arrays.copyOf(a, n);
    }

    /** The model this data belongs to. */
    public PhysicsModel model() {
        return pm;
    }

    /** Resets to qpos0, zero velocity, zero controls and time 0. */
    public void reset() {
        System.arraycopy(m.qpos0, 0, qpos, 0, qpos.length);
        java.util.Arrays.fill(qvel, 0);
        java.util.Arrays.fill(qacc, 0);
        java.util.Arrays.fill(ctrl, 0);
        java.util.Arrays.fill(qfrcApplied, 0);
        resetMocap();
        time = 0;
        prevNcon = 0;
        prevEqRows = 0;
        kinematics();
    }

    /** Mocap poses back to the mocap bodies' model poses (as mj_resetData). */
    private void resetMocap() {
        for (int b = 1; b < nbody && pm.nmocap > 0; b++) {
            int id = m.body_mocapid[b];
            if (id >= 0) {
                System.arraycopy(m.body_pos, 3 * b, mocapPos, 3 * id, 3);
                System.arraycopy(m.body_quat, 4 * b, mocapQuat, 4 * id, 4);
            }
        }
    }

    // =====================================================================================
    // Step

    /** One {@code mj_step} with the Euler integrator; throws {@link ArenaException} on divergence. */
    public void step() {
        forward();
        integrate();
        checkDivergence();
    }

    /** {@code n} steps. */
    public void step(int n) {
        for (int i = 0; i < n; i++) {
            step();
        }
    }

    /** Computes everything up to qacc for the current state ({@code mj_forward}). */
    public void forward() {
        kinematics();
        comPos();
        crbAndMass();
        factor(qM, qLD);
        comVel();
        rne(false, qfrcBias);
        passive();
        if (pm.springTendons.length > 0) {
            tendonPassive();
        }
        actuation();
        for (int i = 0; i < nv; i++) {
            qfrcSmooth[i] = qfrcPassive[i] - qfrcBias[i] + qfrcApplied[i] + qfrcActuator[i];
            qaccSmooth[i] = qfrcSmooth[i];
        }
        solve(qLD, qaccSmooth);
        collide();
        makeConstraints();
        solveConstraints();
        for (int i = 0; i < nv; i++) {
            qacc[i] = qfrcSmooth[i] + qfrcConstraint[i];
        }
        if (pm.anyDamping) {
            // MuJoCo's Euler: (M + h D) qacc = f, with the damping force -D qvel already in f.
            System.arraycopy(qM, 0, qLDd, 0, nv * nv);
            double h = m.timestep;
            for (int i = 0; i < nv; i++) {
                qLDd[i * nv + i] += h * m.dof_damping[i];
            }
            factor(qLDd, qLDd);
            solve(qLDd, qacc);
        } else {
            solve(qLD, qacc);
        }
    }

    private void integrate() {
        double h = m.timestep;
        for (int i = 0; i < nv; i++) {
            qvel[i] += h * qacc[i];
        }
        integratePosition(qpos, qvel, h);
        time += h;
    }

    /**
     * {@code qpos <- qpos (+) h qvel} on the joint manifold ({@code mj_integratePos}): free and
     * ball quaternions rotate by the body-frame angular velocity and are normalized.
     */
    public void integratePosition(double[] q, double[] v, double h) {
        for (int j = 0; j < pm.njnt; j++) {
            int qa = m.jnt_qposadr[j], da = m.jnt_dofadr[j];
            switch (m.jnt_type[j]) {
                case MjModel.JNT_FREE -> {
                    q[qa] += h * v[da];
                    q[qa + 1] += h * v[da + 1];
                    q[qa + 2] += h * v[da + 2];
                    Mx.quatIntegrate(q, qa + 3, v, da + 3, h, t4);
                }
                case MjModel.JNT_BALL -> Mx.quatIntegrate(q, qa, v, da, h, t4);
                default -> q[qa] += h * v[da];
            }
        }
    }

    private void checkDivergence() {
        for (int j = 0; j < pm.njnt; j++) {
            int qa = m.jnt_qposadr[j], da = m.jnt_dofadr[j];
            int type = m.jnt_type[j];
            int nqj = type == MjModel.JNT_FREE ? 7 : type == MjModel.JNT_BALL ? 4 : 1;
            int nvj = type == MjModel.JNT_FREE ? 6 : type == MjModel.JNT_BALL ? 3 : 1;
            boolean bad = false;
            for (int i = 0; i < nqj; i++) {
                bad |= !(Math.abs(qpos[qa + i]) <= MAX_VALUE);
            }
            for (int i = 0; i < nvj; i++) {
                bad |= !(Math.abs(qvel[da + i]) <= MAX_VALUE);
            }
            if (bad) {
                String name = m.jnt_name != null && m.jnt_name[j] != null && !m.jnt_name[j].isEmpty()
                        ? m.jnt_name[j] : "#" + j;
                throw new ArenaException(String.format(java.util.Locale.ROOT,
                        "Simulation diverged at t=%.4f s in joint '%s': qpos or qvel is not finite or exceeds %.0e.",
                        time, name, MAX_VALUE));
            }
        }
    }

    // =====================================================================================
    // Kinematics

    /** Body, joint, geom, site and camera world poses from qpos ({@code mj_kinematics}). */
    public void kinematics() {
        xquat[0] = 1;
        xquat[1] = xquat[2] = xquat[3] = 0;
        xpos[0] = xpos[1] = xpos[2] = 0;
        for (int i = 0; i < 9; i++) {
            xmat[i] = (i % 4 == 0) ? 1 : 0;
            ximat[i] = xmat[i];
        }
        for (int b = 1; b < nbody; b++) {
            int p = m.body_parentid[b];
            int jn = m.body_jntnum[b], ja = m.body_jntadr[b];
            int o3 = 3 * b, o4 = 4 * b, o9 = 9 * b;
            if (jn > 0 && m.jnt_type[ja] == MjModel.JNT_FREE) {
                int qa = m.jnt_qposadr[ja];
                xpos[o3] = qpos[qa];
                xpos[o3 + 1] = qpos[qa + 1];
                xpos[o3 + 2] = qpos[qa + 2];
                System.arraycopy(qpos, qa + 3, xquat, o4, 4);
                Mx.normalizeQuat(xquat, o4);
                System.arraycopy(xpos, o3, xanchor, 3 * ja, 3);
                xaxis[3 * ja] = 0;
                xaxis[3 * ja + 1] = 0;
                xaxis[3 * ja + 2] = 1;
            } else {
                double[] bodyPos = m.body_pos, bodyQuat = m.body_quat;
                int po = o3, qo = o4;
                if (pm.nmocap > 0 && m.body_mocapid[b] >= 0) {
                    // a mocap body (a child of the world): its pose is the data's mocap pose
                    bodyPos = mocapPos;
                    bodyQuat = mocapQuat;
                    po = 3 * m.body_mocapid[b];
                    qo = 4 * m.body_mocapid[b];
                }
                Mx.mulMatVec(xmat, 9 * p, bodyPos, po, t3, 0);
                xpos[o3] = xpos[3 * p] + t3[0];
                xpos[o3 + 1] = xpos[3 * p + 1] + t3[1];
                xpos[o3 + 2] = xpos[3 * p + 2] + t3[2];
                Mx.mulQuat(xquat, 4 * p, bodyQuat, qo, xquat, o4);
                for (int j = ja; j < ja + jn; j++) {
                    int qa = m.jnt_qposadr[j];
                    Mx.quat2Mat(xquat, o4, t9, 0);
                    Mx.mulMatVec(t9, 0, m.jnt_axis, 3 * j, xaxis, 3 * j);
                    Mx.mulMatVec(t9, 0, m.jnt_pos, 3 * j, t3, 0);
                    for (int k = 0; k < 3; k++) {
                        xanchor[3 * j + k] = t3[k] + xpos[o3 + k];
                    }
                    int type = m.jnt_type[j];
                    if (type == MjModel.JNT_SLIDE) {
                        double s = qpos[qa] - m.qpos0[qa];
                        for (int k = 0; k < 3; k++) {
                            xpos[o3 + k] += xaxis[3 * j + k] * s;
                        }
                    } else if (type == MjModel.JNT_HINGE || type == MjModel.JNT_BALL) {
                        if (type == MjModel.JNT_HINGE) {
                            Mx.axisAngle2Quat(m.jnt_axis, 3 * j, qpos[qa] - m.qpos0[qa], t4, 0);
                        } else {
                            System.arraycopy(qpos, qa, t4, 0, 4);
                            Mx.normalizeQuat(t4, 0);
                        }
                        Mx.mulQuat(xquat, o4, t4, 0, xquat, o4);
                        Mx.quat2Mat(xquat, o4, t9, 0);
                        Mx.mulMatVec(t9, 0, m.jnt_pos, 3 * j, t3, 0);
                        for (int k = 0; k < 3; k++) {
                            xpos[o3 + k] = xanchor[3 * j + k] - t3[k];
                        }
                    }
                }
                Mx.normalizeQuat(xquat, o4);
            }
            Mx.quat2Mat(xquat, o4, xmat, o9);
            Mx.mulMatVec(xmat, o9, m.body_ipos, o3, t3, 0);
            for (int k = 0; k < 3; k++) {
                xipos[o3 + k] = xpos[o3 + k] + t3[k];
            }
            Mx.mulMatMat(xmat, o9, bodyIMat, o9, ximat, o9);
        }
        placeFrames(pm.ngeom, m.geom_bodyid, m.geom_pos, geomLocalMat, geomXpos, geomXmat);
        placeFrames(pm.nsite, m.site_bodyid, m.site_pos, siteLocalMat, siteXpos, siteXmat);
        placeFrames(pm.ncam, m.cam_bodyid, m.cam_pos, camLocalMat, camXpos, camXmat);
    }

    private void placeFrames(int n, int[] bodyId, double[] pos, double[] localMat, double[] outPos, double[] outMat) {
        for (int i = 0; i < n; i++) {
            int b = bodyId[i];
            Mx.mulMatVec(xmat, 9 * b, pos, 3 * i, outPos, 3 * i);
            for (int k = 0; k < 3; k++) {
                outPos[3 * i + k] += xpos[3 * b + k];
            }
            Mx.mulMatMat(xmat, 9 * b, localMat, 9 * i, outMat, 9 * i);
        }
    }

    /** Subtree centers of mass, body spatial inertias and the motion axes of all dofs ({@code mj_comPos}). */
    private void comPos() {
        java.util.Arrays.fill(subtreeCom, 0);
        for (int b = nbody - 1; b >= 0; b--) {
            double mass = m.body_mass[b];
            for (int k = 0; k < 3; k++) {
                subtreeCom[3 * b + k] += mass * xipos[3 * b + k];
            }
            if (b > 0) {
                int p = m.body_parentid[b];
                for (int k = 0; k < 3; k++) {
                    subtreeCom[3 * p + k] += subtreeCom[3 * b + k];
                }
            }
        }
        for (int b = 0; b < nbody; b++) {
            double sm = pm.subtreeMass[b];
            for (int k = 0; k < 3; k++) {
                subtreeCom[3 * b + k] = sm > 0 ? subtreeCom[3 * b + k] / sm : xipos[3 * b + k];
            }
        }
        for (int b = 0; b < nbody; b++) {
            int o = 10 * b, o9 = 9 * b;
            double mass = m.body_mass[b];
            double i0 = m.body_inertia[3 * b], i1 = m.body_inertia[3 * b + 1], i2 = m.body_inertia[3 * b + 2];
            double cx = xipos[3 * b], cy = xipos[3 * b + 1], cz = xipos[3 * b + 2];
            double cc = cx * cx + cy * cy + cz * cz;
            // I_c = R diag(i) R^T plus the parallel-axis shift to the world origin.
            double[] r = ximat;
            cinert[o] = i0 * r[o9] * r[o9] + i1 * r[o9 + 1] * r[o9 + 1] + i2 * r[o9 + 2] * r[o9 + 2] + mass * (cc - cx * cx);
            cinert[o + 1] = i0 * r[o9 + 3] * r[o9 + 3] + i1 * r[o9 + 4] * r[o9 + 4] + i2 * r[o9 + 5] * r[o9 + 5]
                    + mass * (cc - cy * cy);
            cinert[o + 2] = i0 * r[o9 + 6] * r[o9 + 6] + i1 * r[o9 + 7] * r[o9 + 7] + i2 * r[o9 + 8] * r[o9 + 8]
                    + mass * (cc - cz * cz);
            cinert[o + 3] = i0 * r[o9] * r[o9 + 3] + i1 * r[o9 + 1] * r[o9 + 4] + i2 * r[o9 + 2] * r[o9 + 5] - mass * cx * cy;
            cinert[o + 4] = i0 * r[o9] * r[o9 + 6] + i1 * r[o9 + 1] * r[o9 + 7] + i2 * r[o9 + 2] * r[o9 + 8] - mass * cx * cz;
            cinert[o + 5] = i0 * r[o9 + 3] * r[o9 + 6] + i1 * r[o9 + 4] * r[o9 + 7] + i2 * r[o9 + 5] * r[o9 + 8]
                    - mass * cy * cz;
            cinert[o + 6] = mass * cx;
            cinert[o + 7] = mass * cy;
            cinert[o + 8] = mass * cz;
            cinert[o + 9] = mass;
        }
        for (int j = 0; j < pm.njnt; j++) {
            int b = m.jnt_bodyid[j], d = m.jnt_dofadr[j];
            switch (m.jnt_type[j]) {
                case MjModel.JNT_FREE -> {
                    for (int i = 0; i < 3; i++) {
                        int o = 6 * (d + i);
                        for (int k = 0; k < 6; k++) {
                            cdof[o + k] = 0;
                        }
                        cdof[o + 3 + i] = 1;
                    }
                    rotationDofs(b, d + 3, xpos, 3 * b);
                }
                case MjModel.JNT_BALL -> rotationDofs(b, d, xanchor, 3 * j);
                case MjModel.JNT_SLIDE -> {
                    int o = 6 * d;
                    cdof[o] = cdof[o + 1] = cdof[o + 2] = 0;
                    cdof[o + 3] = xaxis[3 * j];
                    cdof[o + 4] = xaxis[3 * j + 1];
                    cdof[o + 5] = xaxis[3 * j + 2];
                }
                default -> axisDof(d, xaxis, 3 * j, xanchor, 3 * j);
            }
        }
    }

    private void rotationDofs(int b, int d, double[] anchor, int ao) {
        for (int i = 0; i < 3; i++) {
            t3[0] = xmat[9 * b + i];
            t3[1] = xmat[9 * b + 3 + i];
            t3[2] = xmat[9 * b + 6 + i];
            axisDof(d + i, t3, 0, anchor, ao);
        }
    }

    /** A rotation about unit axis a through point p: {@code [a; p x a]}. */
    private void axisDof(int d, double[] a, int ao, double[] p, int po) {
        int o = 6 * d;
        double ax = a[ao], ay = a[ao + 1], az = a[ao + 2], px = p[po], py = p[po + 1], pz = p[po + 2];
        cdof[o] = ax;
        cdof[o + 1] = ay;
        cdof[o + 2] = az;
        cdof[o + 3] = py * az - pz * ay;
        cdof[o + 4] = pz * ax - px * az;
        cdof[o + 5] = px * ay - py * ax;
    }

    // =====================================================================================
    // Mass matrix, factorization, bias

    private void crbAndMass() {
        System.arraycopy(cinert, 0, crb, 0, crb.length);
        for (int b = nbody - 1; b > 0; b--) {
            int p = m.body_parentid[b];
            for (int k = 0; k < 10; k++) {
                crb[10 * p + k] += crb[10 * b + k];
            }
        }
        java.util.Arrays.fill(qM, 0);
        for (int i = 0; i < nv; i++) {
            int b = m.dof_bodyid[i];
            Mx.mulInertVec(crb, 10 * b, cdof, 6 * i, t6, 0);
            for (int j = i; j >= 0; j = pm.dofParent[j]) {
                double v = Mx.dot6(cdof, 6 * j, t6, 0);
                qM[i * nv + j] = v;
                qM[j * nv + i] = v;
            }
            qM[i * nv + i] += m.dof_armature[i];
        }
    }

    /**
     * Featherstone's tree-sparse L^T D L factorization of {@code src} into {@code dst} (which may
     * be the same array): afterwards dst[k][k] holds D and dst[k][i] (i an ancestor dof) holds L.
     */
    private void factor(double[] src, double[] dst) {
        if (src != dst) {
            System.arraycopy(src, 0, dst, 0, nv * nv);
        }
        int[] par = pm.dofParent;
        for (int k = nv - 1; k >= 0; k--) {
            double dk = dst[k * nv + k];
            if (!(dk > 0)) {
                throw new ArenaException(String.format(java.util.Locale.ROOT,
                        "Simulation diverged at t=%.4f s: the mass matrix is singular at dof %d (a body without mass or armature?).",
                        time, k));
            }
            for (int i = par[k]; i >= 0; i = par[i]) {
                double a = dst[k * nv + i] / dk;
                for (int j = i; j >= 0; j = par[j]) {
                    dst[i * nv + j] -= a * dst[k * nv + j];
                }
                dst[k * nv + i] = a;
            }
        }
    }

    /** Solves {@code H x = b} in place given the factorization from {@link #factor}. */
    private void solve(double[] ld, double[] x) {
        int[] par = pm.dofParent;
        for (int i = nv - 1; i >= 0; i--) {
            double xi = x[i];
            for (int j = par[i]; j >= 0; j = par[j]) {
                x[j] -= ld[i * nv + j] * xi;
            }
        }
        for (int i = 0; i < nv; i++) {
            x[i] /= ld[i * nv + i];
        }
        for (int i = 0; i < nv; i++) {
            double s = x[i];
            for (int j = par[i]; j >= 0; j = par[j]) {
                s -= ld[i * nv + j] * x[j];
            }
            x[i] = s;
        }
    }

    private double dotRange(int r, int s, int lo, int hi) {
        double a = 0;
        int ro = r * nv, so = s * nv;
        for (int i = lo; i < hi; i++) {
            a += efcJ[ro + i] * efcMinvJT[so + i];
        }
        return a;
    }

    /** {@link #solve} restricted to the dofs [lo, hi) of one kinematic tree. */
    private void solveRange(double[] ld, double[] x, int lo, int hi) {
        int[] par = pm.dofParent;
        for (int i = hi - 1; i >= lo; i--) {
            double xi = x[i];
            if (xi != 0) {
                for (int j = par[i]; j >= 0; j = par[j]) {
                    x[j] -= ld[i * nv + j] * xi;
                }
            }
        }
        for (int i = lo; i < hi; i++) {
            x[i] /= ld[i * nv + i];
        }
        for (int i = lo; i < hi; i++) {
            double s = x[i];
            for (int j = par[i]; j >= 0; j = par[j]) {
                s -= ld[i * nv + j] * x[j];
            }
            x[i] = s;
        }
    }

    /** Solves {@code M x = b} in place with the current factorization (test and IK use). */
    public void solveM(double[] x) {
        solve(qLD, x);
    }

    /** Body spatial velocities and the time derivatives of the dof axes ({@code mj_comVel}). */
    private void comVel() {
        for (int k = 0; k < 6; k++) {
            cvel[k] = 0;
        }
        for (int b = 1; b < nbody; b++) {
            int p = m.body_parentid[b];
            System.arraycopy(cvel, 6 * p, cvel, 6 * b, 6);
            int ja = m.body_jntadr[b];
            for (int j = ja; j < ja + m.body_jntnum[b]; j++) {
                int d = m.jnt_dofadr[j];
                int type = m.jnt_type[j];
                int first = d, count;
                if (type == MjModel.JNT_FREE) {
                    for (int k = 0; k < 18; k++) {
                        cdofdot[6 * d + k] = 0;
                    }
                    for (int i = 0; i < 3; i++) {
                        addScaled(cvel, 6 * b, cdof, 6 * (d + i), qvel[d + i]);
                    }
                    first = d + 3;
                    count = 3;
                } else {
                    count = type == MjModel.JNT_BALL ? 3 : 1;
                }
                for (int i = first; i < first + count; i++) {
                    Mx.crossMotion(cvel, 6 * b, cdof, 6 * i, cdofdot, 6 * i);
                }
                for (int i = first; i < first + count; i++) {
                    addScaled(cvel, 6 * b, cdof, 6 * i, qvel[i]);
                }
            }
        }
    }

    private static void addScaled(double[] dst, int o, double[] src, int so, double s) {
        for (int k = 0; k < 6; k++) {
            dst[o + k] += s * src[so + k];
        }
    }

    /**
     * Recursive Newton–Euler: {@code out = C(q, qdot) + g(q)}, plus {@code M qacc} when
     * {@code withAcc} ({@code mj_rne}). Requires {@link #forward}'s position and velocity stages.
     */
    public void rne(boolean withAcc, double[] out) {
        cacc[0] = cacc[1] = cacc[2] = 0;
        cacc[3] = -m.gravity[0];
        cacc[4] = -m.gravity[1];
        cacc[5] = -m.gravity[2];
        for (int b = 1; b < nbody; b++) {
            int p = m.body_parentid[b];
            System.arraycopy(cacc, 6 * p, cacc, 6 * b, 6);
            int da = m.body_dofadr[b];
            for (int d = da; d < da + m.body_dofnum[b]; d++) {
                addScaled(cacc, 6 * b, cdofdot, 6 * d, qvel[d]);
                if (withAcc) {
                    addScaled(cacc, 6 * b, cdof, 6 * d, qacc[d]);
                }
            }
            Mx.mulInertVec(cinert, 10 * b, cacc, 6 * b, cfrc, 6 * b);
            Mx.mulInertVec(cinert, 10 * b, cvel, 6 * b, t6, 0);
            Mx.addCrossForce(cvel, 6 * b, t6, 0, cfrc, 6 * b);
        }
        for (int k = 0; k < 6; k++) {
            cfrc[k] = 0;
        }
        for (int b = nbody - 1; b > 0; b--) {
            int p = m.body_parentid[b];
            for (int k = 0; k < 6; k++) {
                cfrc[6 * p + k] += cfrc[6 * b + k];
            }
        }
        for (int i = 0; i < nv; i++) {
            out[i] = Mx.dot6(cdof, 6 * i, cfrc, 6 * m.dof_bodyid[i]);
        }
    }

    // =====================================================================================
    // Passive and actuator forces

    private void passive() {
        for (int i = 0; i < nv; i++) {
            qfrcPassive[i] = -m.dof_damping[i] * qvel[i];
        }
        if (m.jnt_stiffness == null) {
            return;
        }
        for (int j = 0; j < pm.njnt; j++) {
            double k = m.jnt_stiffness[j];
            int type = m.jnt_type[j];
            if (k != 0 && (type == MjModel.JNT_HINGE || type == MjModel.JNT_SLIDE)) {
                int qa = m.jnt_qposadr[j];
                double spring = m.qpos_spring != null ? m.qpos_spring[qa] : m.qpos0[qa];
                qfrcPassive[m.jnt_dofadr[j]] -= k * (qpos[qa] - spring);
            }
        }
    }

    /** MuJoCo's tendon spring-dampers, after the joint ones, through the tendon's Jacobian (its joint coefficients). */
    private void tendonPassive() {
        for (int t : pm.springTendons) {
            double len = 0, vel = 0;
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                int j = m.wrap_jntid[w];
                len += m.wrap_coef[w] * qpos[m.jnt_qposadr[j]];
                vel += m.wrap_coef[w] * qvel[m.jnt_dofadr[j]];
            }
            double frc = -m.tendon_stiffness[t] * (len - m.tendon_lengthspring[t]) - m.tendon_damping[t] * vel;
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                qfrcPassive[m.jnt_dofadr[m.wrap_jntid[w]]] += m.wrap_coef[w] * frc;
            }
        }
    }

    private void actuation() {
        java.util.Arrays.fill(qfrcActuator, 0);
        java.util.Arrays.fill(actuatorMoment, 0);
        for (int u = 0; u < pm.nu; u++) {
            double gear = m.actuator_gear[u];
            int id = m.actuator_trnid[u];
            double len = 0;
            if (m.actuator_trntype[u] == MjModel.TRN_TENDON) {
                for (int w = m.tendon_adr[id]; w < m.tendon_adr[id] + m.tendon_num[id]; w++) {
                    int j = m.wrap_jntid[w];
                    double coef = m.wrap_coef[w];
                    len += coef * qpos[m.jnt_qposadr[j]];
                    actuatorMoment[u * nv + m.jnt_dofadr[j]] += gear * coef;
                }
                len *= gear;
            } else {
                int type = m.jnt_type[id];
                if (type == MjModel.JNT_HINGE || type == MjModel.JNT_SLIDE) {
                    len = gear * qpos[m.jnt_qposadr[id]];
                    actuatorMoment[u * nv + m.jnt_dofadr[id]] = gear;
                }
            }
            double vel = 0;
            for (int i = 0; i < nv; i++) {
                vel += actuatorMoment[u * nv + i] * qvel[i];
            }
            actuatorLength[u] = len;
            actuatorVelocity[u] = vel;
            double c = ctrl[u];
            if (m.actuator_ctrllimited[u]) {
                c = Math.max(m.actuator_ctrlrange[2 * u], Math.min(m.actuator_ctrlrange[2 * u + 1], c));
            }
            double[] gp = m.actuator_gainprm, bp = m.actuator_biasprm;
            double force = gp[3 * u] * c;
            if (m.actuator_biastype[u] == MjModel.BIAS_AFFINE) {
                force += bp[3 * u] + bp[3 * u + 1] * len + bp[3 * u + 2] * vel;
            }
            if (m.actuator_forcelimited[u]) {
                force = Math.max(m.actuator_forcerange[2 * u], Math.min(m.actuator_forcerange[2 * u + 1], force));
            }
            actuatorForce[u] = force;
            for (int i = 0; i < nv; i++) {
                qfrcActuator[i] += actuatorMoment[u * nv + i] * force;
            }
        }
    }

    // =====================================================================================
    // Collision

    private void collide() {
        ncon = 0;
        computeAabbs();
        int[] p1 = pm.pairGeom1, p2 = pm.pairGeom2;
        for (int p = 0; p < p1.length; p++) {
            int g1 = p1[p], g2 = p2[p];
            DGeom o1 = odeGeom[g1], o2 = odeGeom[g2];
            if (o1 == null || o2 == null || !boundsOverlap(g1, g2)) {
                continue;
            }
            placeGeom(g1);
            placeGeom(g2);
            int n = OdeHelper.collide(o1, o2, MAX_CONTACTS_PER_PAIR, contactBuf);
            if (n > 0 && isPolyhedralMeshPair(g1, g2) && polyhedralManifold(g1, g2, n)) {
                continue;
            }
            // MuJoCo 2.2.2's box-box collider reports half the geometric overlap as the contact
            // distance (a resting cube sinks 2.16e-4 m with dist -1.08e-4); do the same so boxes
            // rest where MuJoCo's do.
            double depthScale = m.geom_type[g1] == MjModel.GEOM_BOX && m.geom_type[g2] == MjModel.GEOM_BOX ? 0.5 : 1.0;
            for (int k = 0; k < n; k++) {
                DContactGeom c = contactBuf.get(k);
                if (!(c.depth >= 0)) {
                    continue;
                }
                int i = newContact(g1, g2, k, -c.depth * depthScale, c.pos.get0(), c.pos.get1(), c.pos.get2());
                midpoint(i, g1, g2, c);
                // ODE's normal points from geom2 into geom1; MuJoCo's points from geom1 to geom2.
                makeFrame(i, -c.normal.get0(), -c.normal.get1(), -c.normal.get2());
            }
        }
    }

    /**
     * Appends a contact between geoms g1 and g2 (the k-th point of their pair) at distance
     * {@code dist} and position p, with the pair's friction; returns its index. The caller sets its frame.
     */
    private int newContact(int g1, int g2, int k, double dist, double px, double py, double pz) {
        if (ncon == conCap) {
            growContactsKeeping(2 * conCap);
        }
        int i = ncon++;
        conGeom1[i] = g1;
        conGeom2[i] = g2;
        conIndex[i] = k;
        conDist[i] = dist;
        conMu[i] = Math.max(m.geom_friction[3 * g1], m.geom_friction[3 * g2]);
        conPos[3 * i] = px;
        conPos[3 * i + 1] = py;
        conPos[3 * i + 2] = pz;
        return i;
    }

    private boolean isPolyhedralMeshPair(int g1, int g2) {
        int t1 = m.geom_type[g1], t2 = m.geom_type[g2];
        return (t1 == MjModel.GEOM_MESH || t2 == MjModel.GEOM_MESH) && hullVert[g1] != null && hullVert[g2] != null;
    }

    /**
     * ODE's convex colliders report a single point for resting faces, which lets a mesh sink and
     * rock on a box or another mesh. Keeps ODE's normal (of its deepest point) and builds the
     * manifold from it instead: every vertex of one polyhedron inside the other, at its depth along
     * that normal, placed midway between the surfaces as MuJoCo places contacts; at most 4 points
     * (the deepest, then each farthest from those kept). Returns false (ODE's points stay) when no
     * vertex is inside, as in edge-on-edge contacts.
     */
    private boolean polyhedralManifold(int g1, int g2, int n) {
        DContactGeom deepest = contactBuf.get(0);
        for (int k = 1; k < n; k++) {
            if (contactBuf.get(k).depth > deepest.depth) {
                deepest = contactBuf.get(k);
            }
        }
        // ODE's normal points from geom2 into geom1; ours from geom1 to geom2.
        double nx = -deepest.normal.get0(), ny = -deepest.normal.get1(), nz = -deepest.normal.get2();
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        nx /= len;
        ny /= len;
        nz /= len;
        double top1 = support(g1, nx, ny, nz), bottom2 = -support(g2, -nx, -ny, -nz);
        int count = 0;
        count = insideVertices(g2, g1, nx, ny, nz, top1, 1, count);
        count = insideVertices(g1, g2, nx, ny, nz, bottom2, -1, count);
        if (count == 0) {
            return false;
        }
        // Keep the deepest, then repeatedly the point farthest from those kept.
        int keep = Math.min(4, count);
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (manifold[5 * i + 3] > manifold[5 * best + 3]) {
                best = i;
            }
        }
        swapManifold(0, best);
        for (int kept = 1; kept < keep; kept++) {
            int far = kept;
            double farDist = -1;
            for (int i = kept; i < count; i++) {
                double dmin = Double.POSITIVE_INFINITY;
                for (int j = 0; j < kept; j++) {
                    double dx = manifold[5 * i] - manifold[5 * j], dy = manifold[5 * i + 1] - manifold[5 * j + 1],
                            dz = manifold[5 * i + 2] - manifold[5 * j + 2];
                    dmin = Math.min(dmin, dx * dx + dy * dy + dz * dz);
                }
                if (dmin > farDist) {
                    farDist = dmin;
                    far = i;
                }
            }
            swapManifold(kept, far);
        }
        for (int k = 0; k < keep; k++) {
            int i = newContact(g1, g2, k, -manifold[5 * k + 3], manifold[5 * k], manifold[5 * k + 1], manifold[5 * k + 2]);
            makeFrame(i, nx, ny, nz);
        }
        return true;
    }

    private void swapManifold(int i, int j) {
        for (int k = 0; k < 5; k++) {
            double t = manifold[5 * i + k];
            manifold[5 * i + k] = manifold[5 * j + k];
            manifold[5 * j + k] = t;
        }
    }

    /** The largest projection of geom g's vertices on the world direction (x, y, z). */
    private double support(int g, double x, double y, double z) {
        double[] v = hullVert[g];
        int o9 = 9 * g;
        double[] r = geomXmat;
        double lx = r[o9] * x + r[o9 + 3] * y + r[o9 + 6] * z, ly = r[o9 + 1] * x + r[o9 + 4] * y + r[o9 + 7] * z,
                lz = r[o9 + 2] * x + r[o9 + 5] * y + r[o9 + 8] * z;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i += 3) {
            best = Math.max(best, lx * v[i] + ly * v[i + 1] + lz * v[i + 2]);
        }
        return best + x * geomXpos[3 * g] + y * geomXpos[3 * g + 1] + z * geomXpos[3 * g + 2];
    }

    /**
     * Adds the vertices of geom {@code g} that lie inside geom {@code other} to the manifold. Their
     * depth is measured along the normal against {@code level} (other's support plane), with
     * {@code sign} +1 when g is the second geom (its vertices sit below other's top) and -1 when first.
     */
    private int insideVertices(int g, int other, double nx, double ny, double nz, double level, int sign, int count) {
        double[] v = hullVert[g], planes = hullPlane[other];
        double[] r = geomXmat;
        int o9 = 9 * g, p9 = 9 * other;
        double ox = geomXpos[3 * other], oy = geomXpos[3 * other + 1], oz = geomXpos[3 * other + 2];
        for (int i = 0; i < v.length && count < manifold.length / 5; i += 3) {
            double wx = geomXpos[3 * g] + r[o9] * v[i] + r[o9 + 1] * v[i + 1] + r[o9 + 2] * v[i + 2];
            double wy = geomXpos[3 * g + 1] + r[o9 + 3] * v[i] + r[o9 + 4] * v[i + 1] + r[o9 + 5] * v[i + 2];
            double wz = geomXpos[3 * g + 2] + r[o9 + 6] * v[i] + r[o9 + 7] * v[i + 1] + r[o9 + 8] * v[i + 2];
            double dx = wx - ox, dy = wy - oy, dz = wz - oz;
            double lx = r[p9] * dx + r[p9 + 3] * dy + r[p9 + 6] * dz, ly = r[p9 + 1] * dx + r[p9 + 4] * dy + r[p9 + 7] * dz,
                    lz = r[p9 + 2] * dx + r[p9 + 5] * dy + r[p9 + 8] * dz;
            boolean inside = true;
            for (int f = 0; f < planes.length && inside; f += 4) {
                inside = planes[f] * lx + planes[f + 1] * ly + planes[f + 2] * lz - planes[f + 3] <= 1e-9;
            }
            if (!inside) {
                continue;
            }
            double depth = sign * (level - (nx * wx + ny * wy + nz * wz));
            if (!(depth >= 0)) {
                continue;
            }
            // midway between the vertex and the other surface
            double half = sign * depth / 2;
            manifold[5 * count] = wx + half * nx;
            manifold[5 * count + 1] = wy + half * ny;
            manifold[5 * count + 2] = wz + half * nz;
            manifold[5 * count + 3] = depth;
            count++;
        }
        return count;
    }

    /**
     * MuJoCo puts a contact midway between the two surfaces; ODE puts it on the deepest point of
     * one geom. Moves plane and box–box contacts to the midpoint (other pairs keep ODE's point).
     */
    private void midpoint(int i, int g1, int g2, DContactGeom c) {
        int t1 = m.geom_type[g1], t2 = m.geom_type[g2];
        double shift;
        double nx = -c.normal.get0(), ny = -c.normal.get1(), nz = -c.normal.get2(); // geom1 -> geom2
        if (t1 == MjModel.GEOM_PLANE) {
            shift = 0.5 * c.depth; // the point lies on geom2, inside the plane's half-space
        } else if (t2 == MjModel.GEOM_PLANE) {
            shift = -0.5 * c.depth;
        } else if (t1 == MjModel.GEOM_BOX && t2 == MjModel.GEOM_BOX) {
            // the point belongs to the box whose surface it lies on
            shift = Math.abs(boxSurfaceOffset(g2, i)) <= Math.abs(boxSurfaceOffset(g1, i)) ? 0.5 * c.depth : -0.5 * c.depth;
        } else {
            return;
        }
        conPos[3 * i] += shift * nx;
        conPos[3 * i + 1] += shift * ny;
        conPos[3 * i + 2] += shift * nz;
    }

    /** Signed distance-like offset of contact i's point from box g's surface (0 on the surface). */
    private double boxSurfaceOffset(int g, int i) {
        double dx = conPos[3 * i] - geomXpos[3 * g], dy = conPos[3 * i + 1] - geomXpos[3 * g + 1],
                dz = conPos[3 * i + 2] - geomXpos[3 * g + 2];
        double worst = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            double local = geomXmat[9 * g + k] * dx + geomXmat[9 * g + 3 + k] * dy + geomXmat[9 * g + 6 + k] * dz;
            worst = Math.max(worst, Math.abs(local) - m.geom_size[3 * g + k]);
        }
        return worst;
    }

    private void growContactsKeeping(int cap) {
        int[] a = conGeom1, b = conGeom2, idx = conIndex;
        double[] pos = conPos, fr = conFrame, dist = conDist, mu = conMu;
        growContacts(cap);
        System.arraycopy(a, 0, conGeom1, 0, a.length);
        System.arraycopy(b, 0, conGeom2, 0, b.length);
        System.arraycopy(idx, 0, conIndex, 0, idx.length);
        System.arraycopy(pos, 0, conPos, 0, pos.length);
        System.arraycopy(fr, 0, conFrame, 0, fr.length);
        System.arraycopy(dist, 0, conDist, 0, dist.length);
        System.arraycopy(mu, 0, conMu, 0, mu.length);
    }

    private void makeFrame(int i, double nx, double ny, double nz) {
        double n = Math.sqrt(nx * nx + ny * ny + nz * nz);
        nx /= n;
        ny /= n;
        nz /= n;
        // first tangent: normal x (the world axis least aligned with the normal)
        double ax = 0, ay = 0, az = 0;
        if (Math.abs(nx) <= Math.abs(ny) && Math.abs(nx) <= Math.abs(nz)) {
            ax = 1;
        } else if (Math.abs(ny) <= Math.abs(nz)) {
            ay = 1;
        } else {
            az = 1;
        }
        double t1x = ny * az - nz * ay, t1y = nz * ax - nx * az, t1z = nx * ay - ny * ax;
        double tn = Math.sqrt(t1x * t1x + t1y * t1y + t1z * t1z);
        t1x /= tn;
        t1y /= tn;
        t1z /= tn;
        int o = 9 * i;
        conFrame[o] = nx;
        conFrame[o + 1] = ny;
        conFrame[o + 2] = nz;
        conFrame[o + 3] = t1x;
        conFrame[o + 4] = t1y;
        conFrame[o + 5] = t1z;
        conFrame[o + 6] = ny * t1z - nz * t1y;
        conFrame[o + 7] = nz * t1x - nx * t1z;
        conFrame[o + 8] = nx * t1y - ny * t1x;
    }

    /** World-axis-aligned half extents of every geom around its centre (planes: unused). */
    private void computeAabbs() {
        for (int g = 0; g < pm.ngeom; g++) {
            int o9 = 9 * g, o3 = 3 * g;
            double a = m.geom_size[o3], b = m.geom_size[o3 + 1], c = m.geom_size[o3 + 2];
            for (int k = 0; k < 3; k++) {
                double r0 = Math.abs(geomXmat[o9 + 3 * k]), r1 = Math.abs(geomXmat[o9 + 3 * k + 1]),
                        r2 = Math.abs(geomXmat[o9 + 3 * k + 2]);
                geomAabb[o3 + k] = switch (m.geom_type[g]) {
                    case MjModel.GEOM_SPHERE -> a;
                    case MjModel.GEOM_CAPSULE -> r2 * b + a;
                    case MjModel.GEOM_CYLINDER -> r2 * b + a * Math.sqrt(Math.max(0, 1 - r2 * r2));
                    case MjModel.GEOM_BOX, MjModel.GEOM_ELLIPSOID, MjModel.GEOM_MESH -> r0 * a + r1 * b + r2 * c;
                    default -> pm.geomRbound[g];
                };
            }
        }
    }

    private boolean boundsOverlap(int g1, int g2) {
        boolean plane1 = m.geom_type[g1] == MjModel.GEOM_PLANE, plane2 = m.geom_type[g2] == MjModel.GEOM_PLANE;
        if (plane1 || plane2) {
            int pl = plane1 ? g1 : g2, other = plane1 ? g2 : g1;
            double d = 0;
            for (int k = 0; k < 3; k++) {
                d += geomXmat[9 * pl + 3 * k + 2] * (geomXpos[3 * other + k] - geomXpos[3 * pl + k]);
            }
            return d <= pm.geomRbound[other];
        }
        double dx = geomXpos[3 * g1] - geomXpos[3 * g2], dy = geomXpos[3 * g1 + 1] - geomXpos[3 * g2 + 1],
                dz = geomXpos[3 * g1 + 2] - geomXpos[3 * g2 + 2];
        double r = pm.geomRbound[g1] + pm.geomRbound[g2];
        if (dx * dx + dy * dy + dz * dz > r * r) {
            return false;
        }
        return Math.abs(dx) <= geomAabb[3 * g1] + geomAabb[3 * g2]
                && Math.abs(dy) <= geomAabb[3 * g1 + 1] + geomAabb[3 * g2 + 1]
                && Math.abs(dz) <= geomAabb[3 * g1 + 2] + geomAabb[3 * g2 + 2];
    }

    private void placeGeom(int g) {
        // geoms of mocap bodies (and their children) move although they are welded to the world
        boolean isStatic = pm.bodyWeld[m.geom_bodyid[g]] == 0 && !pm.bodyFollowsMocap[m.geom_bodyid[g]];
        if (isStatic && staticPlaced[g]) {
            return; // geoms welded to the world never move: placed once
        }
        staticPlaced[g] = isStatic;
        DGeom o = odeGeom[g];
        double[] r = geomXmat;
        int o9 = 9 * g;
        if (o instanceof DPlane plane) {
            double nx = r[o9 + 2], ny = r[o9 + 5], nz = r[o9 + 8];
            plane.setParams(nx, ny, nz, nx * geomXpos[3 * g] + ny * geomXpos[3 * g + 1] + nz * geomXpos[3 * g + 2]);
            return;
        }
        o.setPosition(geomXpos[3 * g], geomXpos[3 * g + 1], geomXpos[3 * g + 2]);
        odeRot.set(r[o9], r[o9 + 1], r[o9 + 2], r[o9 + 3], r[o9 + 4], r[o9 + 5], r[o9 + 6], r[o9 + 7], r[o9 + 8]);
        o.setRotation(odeRot);
    }

    // =====================================================================================
    // Constraints

    private void ensureEfc(int rows) {
        if (rows > efcCap) {
            growEfc(Math.max(rows, 2 * efcCap));
        }
    }

    private void makeConstraints() {
        nefc = 0;
        if (pm.neq > 0) {
            equalityRows();
        }
        neqRows = nefc;
        for (int j = 0; j < pm.njnt; j++) {
            int type = m.jnt_type[j];
            if (!m.jnt_limited[j] || (type != MjModel.JNT_HINGE && type != MjModel.JNT_SLIDE)) {
                continue;
            }
            int qa = m.jnt_qposadr[j], d = m.jnt_dofadr[j];
            double lo = qpos[qa] - m.jnt_range[2 * j], hi = m.jnt_range[2 * j + 1] - qpos[qa];
            for (int side = 0; side < 2; side++) {
                double dist = side == 0 ? lo : hi;
                if (dist < 0) {
                    ensureEfc(nefc + 1);
                    int r = nefc++;
                    java.util.Arrays.fill(efcJ, r * nv, r * nv + nv, 0);
                    efcJ[r * nv + d] = side == 0 ? 1 : -1;
                    efcPos[r] = dist;
                    efcInvWeight[r] = pm.dofInvWeight[d];
                    efcTree1[r] = pm.bodyTree[m.dof_bodyid[d]];
                    efcTree2[r] = -1;
                    efcEq[r] = -1;
                }
            }
        }
        tenLimRow0 = nefc;
        if (pm.limitedTendons.length > 0) {
            tendonLimitRows();
        }
        tenLimRow1 = nefc;
        for (int c = 0; c < ncon; c++) {
            conEfcAdr[c] = nefc;
            int b1 = m.geom_bodyid[conGeom1[c]], b2 = m.geom_bodyid[conGeom2[c]];
            // relative translational Jacobian (body2 minus body1) at the contact point
            java.util.Arrays.fill(jac3, 0);
            pointJacobian(b2, c, 1);
            pointJacobian(b1, c, -1);
            double mu = conMu[c];
            // condim 1 is frictionless; 3 (and, approximated, 4 and 6) is the pyramid's 4 edges
            int rows = mu > 0 && conCondim(c) > 1 ? 4 : 1;
            ensureEfc(nefc + rows);
            int o9 = 9 * c;
            for (int i = 0; i < nv; i++) {
                double jn = conFrame[o9] * jac3[i] + conFrame[o9 + 1] * jac3[nv + i] + conFrame[o9 + 2] * jac3[2 * nv + i];
                if (rows == 1) {
                    efcJ[nefc * nv + i] = jn;
                    continue;
                }
                double jt1 = conFrame[o9 + 3] * jac3[i] + conFrame[o9 + 4] * jac3[nv + i]
                        + conFrame[o9 + 5] * jac3[2 * nv + i];
                double jt2 = conFrame[o9 + 6] * jac3[i] + conFrame[o9 + 7] * jac3[nv + i]
                        + conFrame[o9 + 8] * jac3[2 * nv + i];
                efcJ[nefc * nv + i] = jn + mu * jt1;
                efcJ[(nefc + 1) * nv + i] = jn - mu * jt1;
                efcJ[(nefc + 2) * nv + i] = jn + mu * jt2;
                efcJ[(nefc + 3) * nv + i] = jn - mu * jt2;
            }
            // MuJoCo's approximate diagonal: body inverse weights at qpos0, for pyramid edges
            // scaled by 2 mu^2 (1 + mu^2); this sets the resting penetration like MuJoCo's.
            double t = pm.bodyInvWeight[b1] + pm.bodyInvWeight[b2];
            double w = rows == 1 ? t : 2 * mu * mu * (1 + mu * mu) * t;
            for (int r = 0; r < rows; r++) {
                efcPos[nefc + r] = conDist[c];
                efcInvWeight[nefc + r] = w;
                efcTree1[nefc + r] = pm.bodyTree[b1];
                efcTree2[nefc + r] = pm.bodyTree[b2];
                efcEq[nefc + r] = -1;
            }
            nefc += rows;
        }
    }

    /**
     * MuJoCo's equality rows, first in the row order as in MuJoCo: connect (3 rows: the anchor of
     * body1 minus its qpos0 image on body2), weld (those 3 with body1's point at relpose and
     * body2's at the anchor, then 3 rows of the orientation error {@code Im(q2* q1 relquat)} with
     * the Jacobian scaled by torquescale), joint and tendon (1 row: {@code x1 - x1_0 - poly(x2 - x2_0)}).
     */
    private void equalityRows() {
        double[] data = m.eq_data;
        for (int e = 0; e < pm.neq; e++) {
            if (!m.eq_active[e] || (pm.eqTree1[e] < 0 && pm.eqTree2[e] < 0)) {
                continue; // inactive, or between bodies that cannot move: no rows
            }
            int type = m.eq_type[e], o1 = m.eq_obj1id[e], o2 = m.eq_obj2id[e], od = MjModel.NEQDATA * e;
            int rows = type == MjModel.EQ_CONNECT ? 3 : type == MjModel.EQ_WELD ? 6 : 1;
            ensureEfc(nefc + rows);
            int r0 = nefc;
            java.util.Arrays.fill(efcJ, r0 * nv, (r0 + rows) * nv, 0);
            double invWeight;
            if (type == MjModel.EQ_CONNECT || type == MjModel.EQ_WELD) {
                boolean weld = type == MjModel.EQ_WELD;
                // weld: body1's point sits at relpose (data 3..5), body2's at the anchor (data 0..2)
                int a1 = weld ? od + 3 : od, a2 = weld ? od : od + 3;
                Mx.mulMatVec(xmat, 9 * o1, data, a1, eqP1, 0);
                Mx.mulMatVec(xmat, 9 * o2, data, a2, eqP2, 0);
                for (int k = 0; k < 3; k++) {
                    eqP1[k] += xpos[3 * o1 + k];
                    eqP2[k] += xpos[3 * o2 + k];
                    efcPos[r0 + k] = eqP1[k] - eqP2[k];
                }
                java.util.Arrays.fill(jac3, 0);
                pointJacobian(o1, eqP1[0], eqP1[1], eqP1[2], 1);
                pointJacobian(o2, eqP2[0], eqP2[1], eqP2[2], -1);
                for (int k = 0; k < 3; k++) {
                    System.arraycopy(jac3, k * nv, efcJ, (r0 + k) * nv, nv);
                }
                if (weld) {
                    weldRotation(o1, o2, od, r0 + 3);
                }
                invWeight = pm.bodyInvWeight[o1] + pm.bodyInvWeight[o2];
            } else {
                double x1, x2 = 0, x2ref = 0;
                if (type == MjModel.EQ_JOINT) {
                    int qa = m.jnt_qposadr[o1];
                    x1 = qpos[qa] - m.qpos0[qa];
                    efcJ[r0 * nv + m.jnt_dofadr[o1]] = 1;
                    invWeight = pm.dofInvWeight[m.jnt_dofadr[o1]];
                    if (o2 >= 0) {
                        int qb = m.jnt_qposadr[o2];
                        x2 = qpos[qb];
                        x2ref = m.qpos0[qb];
                        invWeight += pm.dofInvWeight[m.jnt_dofadr[o2]];
                    }
                } else {
                    x1 = tendonLength(o1, r0, 1) - pm.tendonLength0[o1];
                    invWeight = pm.tendonInvWeight[o1];
                    if (o2 >= 0) {
                        x2 = tendonLength(o2, -1, 0);
                        x2ref = pm.tendonLength0[o2];
                        invWeight += pm.tendonInvWeight[o2];
                    }
                }
                double c0 = data[od], c1 = data[od + 1], c2 = data[od + 2], c3 = data[od + 3], c4 = data[od + 4];
                if (o2 >= 0) {
                    double x = x2 - x2ref;
                    efcPos[r0] = x1 - (c0 + c1 * x + c2 * x * x + c3 * x * x * x + c4 * x * x * x * x);
                    double deriv = c1 + 2 * c2 * x + 3 * c3 * x * x + 4 * c4 * x * x * x;
                    if (type == MjModel.EQ_JOINT) {
                        efcJ[r0 * nv + m.jnt_dofadr[o2]] -= deriv;
                    } else {
                        tendonLength(o2, r0, -deriv);
                    }
                } else {
                    efcPos[r0] = x1 - c0;
                }
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
                efcInvWeight[r] = invWeight;
                efcTree1[r] = pm.eqTree1[e];
                efcTree2[r] = pm.eqTree2[e];
                efcEq[r] = e;
                efcEqNorm[r] = norm;
            }
            nefc += rows;
        }
    }

    /**
     * MuJoCo's tendon limit rows, after the joint limits: for each limited tendon and side (lower
     * first) with distance {@code len - lo} or {@code hi - len} below the tendon's margin, one
     * unilateral row with that distance and the tendon's Jacobian (negated for the upper side).
     */
    private void tendonLimitRows() {
        for (int t : pm.limitedTendons) {
            double len = tendonLength(t, -1, 0);
            double margin = m.tendon_margin[t];
            for (int side = 0; side < 2; side++) {
                double dist = side == 0 ? len - m.tendon_range[2 * t] : m.tendon_range[2 * t + 1] - len;
                if (dist < margin) {
                    ensureEfc(nefc + 1);
                    int r = nefc++;
                    java.util.Arrays.fill(efcJ, r * nv, r * nv + nv, 0);
                    tendonLength(t, r, side == 0 ? 1 : -1);
                    efcPos[r] = dist;
                    efcInvWeight[r] = pm.tendonInvWeight[t];
                    efcTree1[r] = pm.tendonTree1[t];
                    efcTree2[r] = pm.tendonTree2[t];
                    efcEq[r] = -1;
                    int k = r - tenLimRow0;
                    if (k >= efcTendon.length) {
                        efcTendon = java.util.Arrays.copyOf(efcTendon, Math.max(k + 1, 2 * efcTendon.length));
                    }
                    efcTendon[k] = t;
                }
            }
        }
    }

    /** Length of fixed tendon t; adds {@code scale} times its Jacobian to row {@code row} when row >= 0. */
    private double tendonLength(int t, int row, double scale) {
        double len = 0;
        for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
            int j = m.wrap_jntid[w];
            len += m.wrap_coef[w] * qpos[m.jnt_qposadr[j]];
            if (row >= 0) {
                efcJ[row * nv + m.jnt_dofadr[j]] += scale * m.wrap_coef[w];
            }
        }
        return len;
    }

    /**
     * The weld's orientation rows from row r: error {@code e = q2* q1 relquat}, position = e's
     * vector part; Jacobian column of dof d = torquescale/2 times the vector part of
     * {@code q2* (0, w1_d - w2_d) q1 relquat}, w the world angular Jacobians of the two bodies.
     */
    private void weldRotation(int b1, int b2, int od, int r) {
        double[] q = xquat, data = m.eq_data;
        // qr = q1 relquat
        Mx.mulQuat(q, 4 * b1, data, od + 6, eqQ1, 0);
        // e = conj(q2) qr
        eqQ2[0] = q[4 * b2];
        eqQ2[1] = -q[4 * b2 + 1];
        eqQ2[2] = -q[4 * b2 + 2];
        eqQ2[3] = -q[4 * b2 + 3];
        Mx.mulQuat(eqQ2, 0, eqQ1, 0, eqQ3, 0);
        efcPos[r] = eqQ3[1];
        efcPos[r + 1] = eqQ3[2];
        efcPos[r + 2] = eqQ3[3];
        double half = 0.5 * data[od + 10];
        java.util.Arrays.fill(jac3, 0);
        for (int d = pm.bodyLastDof[b1]; d >= 0; d = pm.dofParent[d]) {
            jac3[d] += cdof[6 * d];
            jac3[nv + d] += cdof[6 * d + 1];
            jac3[2 * nv + d] += cdof[6 * d + 2];
        }
        for (int d = pm.bodyLastDof[b2]; d >= 0; d = pm.dofParent[d]) {
            jac3[d] -= cdof[6 * d];
            jac3[nv + d] -= cdof[6 * d + 1];
            jac3[2 * nv + d] -= cdof[6 * d + 2];
        }
        for (int d = 0; d < nv; d++) {
            double ax = jac3[d], ay = jac3[nv + d], az = jac3[2 * nv + d];
            if (ax == 0 && ay == 0 && az == 0) {
                continue;
            }
            // t = conj(q2) (0, a), then t qr
            double w2 = eqQ2[0], x2 = eqQ2[1], y2 = eqQ2[2], z2 = eqQ2[3];
            eqQ4[0] = -x2 * ax - y2 * ay - z2 * az;
            eqQ4[1] = w2 * ax + y2 * az - z2 * ay;
            eqQ4[2] = w2 * ay - x2 * az + z2 * ax;
            eqQ4[3] = w2 * az + x2 * ay - y2 * ax;
            Mx.mulQuat(eqQ4, 0, eqQ1, 0, eqQ3, 0);
            efcJ[r * nv + d] = half * eqQ3[1];
            efcJ[(r + 1) * nv + d] = half * eqQ3[2];
            efcJ[(r + 2) * nv + d] = half * eqQ3[3];
        }
    }

    /** Adds {@code sign} times the world-frame translational Jacobian of point p fixed to body b to jac3. */
    private void pointJacobian(int b, double px, double py, double pz, double sign) {
        for (int d = pm.bodyLastDof[b]; d >= 0; d = pm.dofParent[d]) {
            int o = 6 * d;
            double wx = cdof[o], wy = cdof[o + 1], wz = cdof[o + 2];
            jac3[d] += sign * (cdof[o + 3] + wy * pz - wz * py);
            jac3[nv + d] += sign * (cdof[o + 4] + wz * px - wx * pz);
            jac3[2 * nv + d] += sign * (cdof[o + 5] + wx * py - wy * px);
        }
    }

    private int conCondim(int c) {
        if (m.geom_condim == null) {
            return 3;
        }
        return Math.max(m.geom_condim[conGeom1[c]], m.geom_condim[conGeom2[c]]);
    }

    /** Adds {@code sign} times the world-frame translational Jacobian of contact {@code c}'s point on body b to jac3. */
    private void pointJacobian(int b, int c, double sign) {
        double px = conPos[3 * c], py = conPos[3 * c + 1], pz = conPos[3 * c + 2];
        for (int d = pm.bodyLastDof[b]; d >= 0; d = pm.dofParent[d]) {
            int o = 6 * d;
            double wx = cdof[o], wy = cdof[o + 1], wz = cdof[o + 2];
            jac3[d] += sign * (cdof[o + 3] + wy * pz - wz * py);
            jac3[nv + d] += sign * (cdof[o + 4] + wz * px - wx * pz);
            jac3[2 * nv + d] += sign * (cdof[o + 5] + wx * py - wy * px);
        }
    }

    /** MuJoCo's impedance for a solimp (dmin, dmax, width, mid, power) at violation {@code pos}. */
    private static double impedance(double[] solimp, int o, double pos) {
        double dmin = solimp[o], dmax = solimp[o + 1], width = solimp[o + 2], mid = solimp[o + 3], power = solimp[o + 4];
        double x = Math.abs(pos) / width;
        if (x >= 1) {
            return dmax;
        }
        double y;
        if (power == 1) {
            y = x;
        } else if (power == 2) {
            // MuJoCo's default: x^2 / mid below the midpoint, 1 - (1 - x)^2 / (1 - mid) above
            y = x <= mid ? x * x / mid : 1 - (1 - x) * (1 - x) / (1 - mid);
        } else if (x <= mid) {
            y = Math.pow(x, power) / Math.pow(mid, power - 1);
        } else {
            y = 1 - Math.pow(1 - x, power) / Math.pow(1 - mid, power - 1);
        }
        return dmin + y * (dmax - dmin);
    }

    /**
     * Sets row r's impedance and reference acceleration as a MuJoCo soft constraint with solref
     * (timeconst, dampratio) at {@code solref[so]} and solimp at {@code solimp[io]}: the impedance
     * of {@code impedanceAt}, {@code aref = -b·vel - k·imp·violation}; the time constant is at
     * least two steps. Clears its force.
     */
    private void softRow(int r, double[] solref, int so, double[] solimp, int io, double violation, double impedanceAt,
            double vel, double a0, double h) {
        double tc = Math.max(solref[so], 2 * h), dr = solref[so + 1];
        double dmax = solimp[io + 1];
        double k = 1 / (dmax * dmax * tc * tc * dr * dr), b = 2 / (dmax * tc);
        double imp = impedance(solimp, io, impedanceAt);
        efcImp[r] = imp;
        efcAref[r] = -b * vel - k * imp * violation;
        efcB[r] = a0 - efcAref[r];
        efcForce[r] = 0;
    }

    private boolean coupled(int r, int s) {
        int r1 = efcTree1[r], r2 = efcTree2[r], s1 = efcTree1[s], s2 = efcTree2[s];
        return (r1 >= 0 && (r1 == s1 || r1 == s2)) || (r2 >= 0 && (r2 == s1 || r2 == s2));
    }

    /**
     * Solves the dual exactly on the active set (the equality rows and the unilateral rows with
     * a positive force): {@code (A+R)_SS f_S = -b_S} by Cholesky. Kept when it is the optimum
     * (no negative unilateral force, no inactive row violated), as MuJoCo's Newton solver finds it;
     * otherwise the Gauss-Seidel result stays.
     */
    private void solveActiveSet(int n) {
        int k = 0;
        for (int r = 0; r < n; r++) {
            if (efcEq[r] >= 0 || efcForce[r] > 0) {
                actIdx[k++] = r;
            }
        }
        for (int i = 0; i < k; i++) {
            int r = actIdx[i];
            for (int j = 0; j <= i; j++) {
                int s = actIdx[j];
                actA[i * k + j] = i == j || coupled(r, s) ? efcAR[r * n + s] : 0;
            }
            actF[i] = -efcB[r];
        }
        // Cholesky A = L L' in the lower triangle, then forward and back substitution
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = actA[i * k + j];
                for (int p = 0; p < j; p++) {
                    sum -= actA[i * k + p] * actA[j * k + p];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return;
                    }
                    actA[i * k + i] = Math.sqrt(sum);
                } else {
                    actA[i * k + j] = sum / actA[j * k + j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            double sum = actF[i];
            for (int p = 0; p < i; p++) {
                sum -= actA[i * k + p] * actF[p];
            }
            actF[i] = sum / actA[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double sum = actF[i];
            for (int p = i + 1; p < k; p++) {
                sum -= actA[p * k + i] * actF[p];
            }
            actF[i] = sum / actA[i * k + i];
        }
        for (int i = 0; i < k; i++) {
            if (efcEq[actIdx[i]] < 0 && actF[i] < 0) {
                return;
            }
        }
        // inactive unilateral rows must not be pulled into violation: residual >= 0
        int next = 0;
        for (int r = 0; r < n; r++) {
            if (next < k && actIdx[next] == r) {
                next++;
                continue;
            }
            double res = efcB[r];
            for (int i = 0; i < k; i++) {
                int s = actIdx[i];
                if (coupled(r, s)) {
                    res += efcAR[r * n + s] * actF[i];
                }
            }
            if (res < -1e-10 * (1 + Math.abs(efcB[r]))) {
                return;
            }
        }
        for (int r = 0; r < n; r++) {
            efcForce[r] = 0;
        }
        for (int i = 0; i < k; i++) {
            efcForce[actIdx[i]] = actF[i];
        }
    }

    private void solveConstraints() {
        java.util.Arrays.fill(qfrcConstraint, 0);
        int n = nefc;
        if (n == 0) {
            prevNcon = 0;
            prevEqRows = 0;
            solverIterations = 0;
            return;
        }
        double h = m.timestep;
        for (int r = 0; r < n; r++) {
            int cnt = 0;
            for (int i = 0; i < nv; i++) {
                if (efcJ[r * nv + i] != 0) {
                    efcNnzIdx[r * nv + cnt++] = i;
                }
            }
            efcNnz[r] = cnt;
            // M is block diagonal over kinematic trees (dofs of a tree are contiguous): solve
            // only the blocks the row touches, the rest of M^-1 J' stays zero
            System.arraycopy(efcJ, r * nv, vecNv, 0, nv);
            int t1 = efcTree1[r], t2 = efcTree2[r];
            if (t1 >= 0) {
                solveRange(qLD, vecNv, pm.treeDofLo[t1], pm.treeDofHi[t1]);
            }
            if (t2 >= 0 && t2 != t1) {
                solveRange(qLD, vecNv, pm.treeDofLo[t2], pm.treeDofHi[t2]);
            }
            System.arraycopy(vecNv, 0, efcMinvJT, r * nv, nv);
            double vel = 0, a0 = 0;
            for (int k = 0; k < cnt; k++) {
                int i = efcNnzIdx[r * nv + k];
                vel += efcJ[r * nv + i] * qvel[i];
                a0 += efcJ[r * nv + i] * qaccSmooth[i];
            }
            efcVel[r] = vel;
            int e = efcEq[r];
            if (e >= 0) {
                // an equality's own solref/solimp; its impedance follows the norm of its whole violation
                softRow(r, m.eq_solref, 2 * e, m.eq_solimp, 5 * e, efcPos[r], efcEqNorm[r], vel, a0, h);
            } else if (r >= tenLimRow0 && r < tenLimRow1) {
                // a tendon limit: the tendon's solreflimit/solimplimit, violation measured from its margin
                int t = efcTendon[r - tenLimRow0];
                double x = efcPos[r] - m.tendon_margin[t];
                softRow(r, m.tendon_solref_lim, 2 * t, m.tendon_solimp_lim, 5 * t, x, x, vel, a0, h);
            } else {
                softRow(r, PhysicsModel.DEFAULT_SOLREF, 0, PhysicsModel.DEFAULT_SOLIMP, 0, efcPos[r], efcPos[r], vel, a0, h);
            }
        }
        warmStart();
        if (neqRows > 0 && neqRows == prevEqRows) {
            System.arraycopy(prevEqForce, 0, efcForce, 0, neqRows);
        }
        // rows acting on disjoint kinematic trees do not couple (M is block diagonal per tree)
        int na = 0;
        for (int r = 0; r < n; r++) {
            efcAdjStart[r] = na;
            int r1 = efcTree1[r], r2 = efcTree2[r];
            for (int s = 0; s < n; s++) {
                if (coupled(r, s)) {
                    efcAdj[na++] = s;
                    if (s <= r) {
                        // J_r is zero outside its trees' contiguous dof ranges
                        double a = 0;
                        if (r1 >= 0) {
                            a += dotRange(r, s, pm.treeDofLo[r1], pm.treeDofHi[r1]);
                        }
                        if (r2 >= 0 && r2 != r1) {
                            a += dotRange(r, s, pm.treeDofLo[r2], pm.treeDofHi[r2]);
                        }
                        efcAR[r * n + s] = a;
                        efcAR[s * n + r] = a;
                    }
                }
            }
        }
        efcAdjStart[n] = na;
        for (int r = 0; r < n; r++) {
            double imp = efcImp[r];
            efcAR[r * n + r] += Math.max(1e-15, (1 - imp) / imp * efcInvWeight[r]);
        }
        // projected Gauss-Seidel on the dual: min 1/2 f'(A+R)f + f'(a0 - aref), f >= 0 except on
        // equality rows (strictly convex, so the warm start changes the iterations, not the answer)
        solverIterations = 0;
        boolean onlyEqualities = neqRows == n;
        for (int it = 0; it < (onlyEqualities ? 0 : PGS_MAX_ITER); it++) {
            solverIterations++;
            double change = 0, scale = 0;
            for (int r = 0; r < n; r++) {
                double res = efcB[r];
                int ro = r * n;
                for (int k = efcAdjStart[r]; k < efcAdjStart[r + 1]; k++) {
                    int s = efcAdj[k];
                    res += efcAR[ro + s] * efcForce[s];
                }
                double f = efcForce[r] - res / efcAR[ro + r];
                if (f < 0 && efcEq[r] < 0) {
                    f = 0;
                }
                change = Math.max(change, Math.abs(f - efcForce[r]));
                scale = Math.max(scale, f);
                efcForce[r] = f;
            }
            if (change <= PGS_TOL * (1 + scale)) {
                break;
            }
        }
        if (neqRows > 0 || tenLimRow1 > tenLimRow0) {
            solveActiveSet(n);
        }
        if (neqRows > 0) {
            if (prevEqForce.length < neqRows) {
                prevEqForce = new double[Math.max(neqRows, 2 * prevEqForce.length)];
            }
            System.arraycopy(efcForce, 0, prevEqForce, 0, neqRows);
        }
        prevEqRows = neqRows;
        saveForWarmStart();
        for (int r = 0; r < n; r++) {
            double f = efcForce[r];
            if (f != 0) {
                for (int k = 0; k < efcNnz[r]; k++) {
                    int i = efcNnzIdx[r * nv + k];
                    qfrcConstraint[i] += efcJ[r * nv + i] * f;
                }
            }
        }
    }

    /**
     * MuJoCo's {@code mj_setConst} inverse weights at qpos0: for each body the mean diagonal of
     * the translational block of {@code J M^-1 J'} at its centre of mass, for each dof the
     * diagonal of {@code M^-1}.
     */
    void computeInvWeights(double[] bodyW, double[] dofW, double[] tendonW) {
        positionStage();
        double[] jac = new double[6 * nv], x = new double[nv];
        for (int b = 1; b < nbody; b++) {
            jacobian(b, xipos[3 * b], xipos[3 * b + 1], xipos[3 * b + 2], jac);
            double tran = 0;
            for (int r = 0; r < 3; r++) {
                System.arraycopy(jac, r * nv, x, 0, nv);
                solve(qLD, x);
                for (int i = 0; i < nv; i++) {
                    tran += jac[r * nv + i] * x[i];
                }
            }
            bodyW[b] = pm.bodyLastDof[b] < 0 ? 0 : Math.max(1e-15, tran / 3);
        }
        for (int d = 0; d < nv; d++) {
            java.util.Arrays.fill(x, 0);
            x[d] = 1;
            solve(qLD, x);
            dofW[d] = x[d];
        }
        // fixed tendons: J M^-1 J' with J the tendon's joint coefficients
        for (int t = 0; t < tendonW.length; t++) {
            java.util.Arrays.fill(x, 0);
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                x[m.jnt_dofadr[m.wrap_jntid[w]]] += m.wrap_coef[w];
            }
            double[] jt = x.clone();
            solve(qLD, x);
            double sum = 0;
            for (int i = 0; i < nv; i++) {
                sum += jt[i] * x[i];
            }
            tendonW[t] = sum;
        }
    }

    /** Seeds the contact rows with last step's forces of the same geom pair and contact index. */
    private void warmStart() {
        int p = 0;
        for (int c = 0; c < ncon; c++) {
            // contacts come in the same pair order every step: scan forward, wrapping once
            for (int tries = 0; tries < prevNcon; tries++) {
                if (p >= prevNcon) {
                    p = 0;
                }
                if (prevGeom1[p] == conGeom1[c] && prevGeom2[p] == conGeom2[c] && prevIndex[p] == conIndex[c]) {
                    int rows = c + 1 < ncon ? conEfcAdr[c + 1] - conEfcAdr[c] : nefc - conEfcAdr[c];
                    if (rows == prevRows[p]) {
                        System.arraycopy(prevForce, 4 * p, efcForce, conEfcAdr[c], rows);
                    }
                    p++;
                    break;
                }
                p++;
            }
        }
    }

    private void saveForWarmStart() {
        if (prevGeom1.length < ncon) {
            int cap = Math.max(ncon, 2 * prevGeom1.length);
            prevGeom1 = new int[cap];
            prevGeom2 = new int[cap];
            prevIndex = new int[cap];
            prevRows = new int[cap];
            prevForce = new double[4 * cap];
        }
        for (int c = 0; c < ncon; c++) {
            int rows = c + 1 < ncon ? conEfcAdr[c + 1] - conEfcAdr[c] : nefc - conEfcAdr[c];
            prevGeom1[c] = conGeom1[c];
            prevGeom2[c] = conGeom2[c];
            prevIndex[c] = conIndex[c];
            prevRows[c] = rows;
            System.arraycopy(efcForce, conEfcAdr[c], prevForce, 4 * c, rows);
        }
        prevNcon = ncon;
    }

    /** Force of constraint row {@code r} after the last {@link #forward}. */
    public double efcForce(int r) {
        return efcForce[r];
    }

    /**
     * Translational (rows 0-2) and rotational (rows 3-5) world Jacobian of a point fixed to body
     * {@code b}, written as a 6 x nv row-major matrix into {@code out}. Uses the current dof axes
     * (call {@link #forward} or {@link #positionStage} first).
     */
    public void jacobian(int b, double px, double py, double pz, double[] out) {
        java.util.Arrays.fill(out, 0, 6 * nv, 0);
        for (int d = pm.bodyLastDof[b]; d >= 0; d = pm.dofParent[d]) {
            int o = 6 * d;
            double wx = cdof[o], wy = cdof[o + 1], wz = cdof[o + 2];
            out[d] = cdof[o + 3] + wy * pz - wz * py;
            out[nv + d] = cdof[o + 4] + wz * px - wx * pz;
            out[2 * nv + d] = cdof[o + 5] + wx * py - wy * px;
            out[3 * nv + d] = wx;
            out[4 * nv + d] = wy;
            out[5 * nv + d] = wz;
        }
    }

    /** Kinematics, dof axes, mass matrix and its factorization for the current qpos. */
    public void positionStage() {
        kinematics();
        comPos();
        crbAndMass();
        factor(qM, qLD);
    }

    /** Velocity stage after {@link #positionStage}: body velocities and dof-axis derivatives. */
    public void velocityStage() {
        comVel();
    }

    /** Total kinetic plus gravitational potential energy (after {@link #positionStage}). */
    public double energy() {
        double kin = 0;
        for (int i = 0; i < nv; i++) {
            double s = 0;
            for (int j = 0; j < nv; j++) {
                s += qM[i * nv + j] * qvel[j];
            }
            kin += 0.5 * qvel[i] * s;
        }
        double pot = 0;
        for (int b = 1; b < nbody; b++) {
            for (int k = 0; k < 3; k++) {
                pot -= m.body_mass[b] * m.gravity[k] * xipos[3 * b + k];
            }
        }
        return kin + pot;
    }

}
