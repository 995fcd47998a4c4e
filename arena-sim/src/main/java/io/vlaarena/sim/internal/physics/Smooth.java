package io.vlaarena.sim.internal.physics;

import io.vlaarena.core.ArenaException;
import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.Arrays;
import java.util.Locale;

/**
 * The smooth dynamics, MuJoCo's {@code engine_core_smooth}: kinematics ({@code mj_kinematics}),
 * centres of mass, spatial inertias and dof axes ({@code mj_comPos}), cameras and lights
 * ({@code mj_camlight}), tendon lengths ({@code mj_tendon}), the composite-rigid-body mass matrix
 * ({@code mj_crb}) and its tree-sparse {@code LᵀDL} factorization and solves ({@code mj_factorM},
 * {@code mj_solveM}), body velocities ({@code mj_comVel}) and recursive Newton–Euler bias forces
 * ({@code mj_rne}). Stateless: code over (model, data).
 */
public final class Smooth {
    private Smooth() {
    }

    /** Body, joint, geom and site world poses from qpos ({@code mj_kinematics}). */
    public static void kinematics(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] xpos = d.xpos, xquat = d.xquat, xmat = d.xmat, xanchor = d.xanchor, xaxis = d.xaxis, qpos = d.qpos;
        double[] t3 = d.tmp3, t4 = d.tmp4, t9 = d.tmp9;
        xquat[0] = 1;
        xquat[1] = xquat[2] = xquat[3] = 0;
        xpos[0] = xpos[1] = xpos[2] = 0;
        for (int i = 0; i < 9; i++) {
            xmat[i] = (i % 4 == 0) ? 1 : 0;
            d.ximat[i] = xmat[i];
        }
        for (int b = 1; b < m.nbody; b++) {
            int p = m.body_parentid[b];
            int jn = m.body_jntnum[b], ja = m.body_jntadr[b];
            int o3 = 3 * b, o4 = 4 * b, o9 = 9 * b;
            if (jn > 0 && m.jnt_type[ja] == MjModel.JNT_FREE) {
                int qa = m.jnt_qposadr[ja];
                xpos[o3] = qpos[qa];
                xpos[o3 + 1] = qpos[qa + 1];
                xpos[o3 + 2] = qpos[qa + 2];
                System.arraycopy(qpos, qa + 3, xquat, o4, 4);
                Spatial.normalizeQuat(xquat, o4);
                System.arraycopy(xpos, o3, xanchor, 3 * ja, 3);
                xaxis[3 * ja] = 0;
                xaxis[3 * ja + 1] = 0;
                xaxis[3 * ja + 2] = 1;
            } else {
                double[] bodyPos = m.body_pos, bodyQuat = m.body_quat;
                int po = o3, qo = o4;
                if (m.body_mocapid[b] >= 0) {
                    // a mocap body (a child of the world): its pose is the data's mocap pose
                    bodyPos = d.mocap_pos;
                    bodyQuat = d.mocap_quat;
                    po = 3 * m.body_mocapid[b];
                    qo = 4 * m.body_mocapid[b];
                }
                Spatial.mulMatVec(xmat, 9 * p, bodyPos, po, t3, 0);
                xpos[o3] = xpos[3 * p] + t3[0];
                xpos[o3 + 1] = xpos[3 * p + 1] + t3[1];
                xpos[o3 + 2] = xpos[3 * p + 2] + t3[2];
                Spatial.mulQuat(xquat, 4 * p, bodyQuat, qo, xquat, o4);
                for (int j = ja; j < ja + jn; j++) {
                    int qa = m.jnt_qposadr[j];
                    Spatial.quat2Mat(xquat, o4, t9, 0);
                    Spatial.mulMatVec(t9, 0, m.jnt_axis, 3 * j, xaxis, 3 * j);
                    Spatial.mulMatVec(t9, 0, m.jnt_pos, 3 * j, t3, 0);
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
                            Spatial.axisAngle2Quat(m.jnt_axis, 3 * j, qpos[qa] - m.qpos0[qa], t4, 0);
                        } else {
                            System.arraycopy(qpos, qa, t4, 0, 4);
                            Spatial.normalizeQuat(t4, 0);
                        }
                        Spatial.mulQuat(xquat, o4, t4, 0, xquat, o4);
                        Spatial.quat2Mat(xquat, o4, t9, 0);
                        Spatial.mulMatVec(t9, 0, m.jnt_pos, 3 * j, t3, 0);
                        for (int k = 0; k < 3; k++) {
                            xpos[o3 + k] = xanchor[3 * j + k] - t3[k];
                        }
                    }
                }
                Spatial.normalizeQuat(xquat, o4);
            }
            Spatial.quat2Mat(xquat, o4, xmat, o9);
            Spatial.mulMatVec(xmat, o9, m.body_ipos, o3, t3, 0);
            for (int k = 0; k < 3; k++) {
                d.xipos[o3 + k] = xpos[o3 + k] + t3[k];
            }
            Spatial.mulMatMat(xmat, o9, pm.bodyIMat, o9, d.ximat, o9);
        }
        placeFrames(d, m.ngeom, m.geom_bodyid, m.geom_pos, pm.geomLocalMat, d.geom_xpos, d.geom_xmat);
        placeFrames(d, m.nsite, m.site_bodyid, m.site_pos, pm.siteLocalMat, d.site_xpos, d.site_xmat);
    }

    /**
     * Cameras and lights ({@code mj_camlight}): posed on their bodies, then moved by their mode:
     * track and trackcom keep the world orientation of qpos0 and follow the body (its subtree's
     * centre of mass) at the offset of qpos0; targetbody and targetbodycom turn towards the
     * target body (its subtree's centre of mass), cameras keeping their x axis horizontal. The com
     * modes need {@code subtree_com} ({@link #comPos}).
     */
    public static void camlight(PhysicsModel pm, MjData d) {
        camlightFixed(pm, d);
        MjModel m = pm.m;
        for (int i = 0; i < m.ncam; i++) {
            int mode = m.cam_mode[i], b = m.cam_bodyid[i], t = m.cam_targetbodyid[i];
            if (mode == MjModel.CAMLIGHT_TRACK || mode == MjModel.CAMLIGHT_TRACKCOM) {
                System.arraycopy(m.cam_mat0, 9 * i, d.cam_xmat, 9 * i, 9);
                track(d, mode, b, i, m.cam_pos0, m.cam_poscom0, d.cam_xpos);
            } else if ((mode == MjModel.CAMLIGHT_TARGETBODY || mode == MjModel.CAMLIGHT_TARGETBODYCOM) && t >= 0) {
                double[] at = mode == MjModel.CAMLIGHT_TARGETBODY ? d.xpos : d.subtree_com;
                double[] mt = d.tmp9;
                // rows of the transposed frame: x, y, z axes; z = -(viewing direction)
                for (int k = 0; k < 3; k++) {
                    mt[6 + k] = d.cam_xpos[3 * i + k] - at[3 * t + k];
                }
                Spatial.normalize3(mt, 6);
                mt[3] = 0;
                mt[4] = 0;
                mt[5] = 1;
                Spatial.cross(mt, 3, mt, 6, mt, 0);
                Spatial.normalize3(mt, 0);
                Spatial.cross(mt, 6, mt, 0, mt, 3);
                Spatial.normalize3(mt, 3);
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        d.cam_xmat[9 * i + 3 * r + c] = mt[3 * c + r];
                    }
                }
            }
        }
        for (int l = 0; l < m.nlight; l++) {
            int mode = m.light_mode[l], b = m.light_bodyid[l], t = m.light_targetbodyid[l];
            if (mode == MjModel.CAMLIGHT_FIXED) {
                continue;
            }
            if (mode == MjModel.CAMLIGHT_TRACK || mode == MjModel.CAMLIGHT_TRACKCOM) {
                System.arraycopy(m.light_dir0, 3 * l, d.light_xdir, 3 * l, 3);
                track(d, mode, b, l, m.light_pos0, m.light_poscom0, d.light_xpos);
            } else if (t >= 0) {
                double[] at = mode == MjModel.CAMLIGHT_TARGETBODY ? d.xpos : d.subtree_com;
                for (int k = 0; k < 3; k++) {
                    d.light_xdir[3 * l + k] = at[3 * t + k] - d.light_xpos[3 * l + k];
                }
            }
            Spatial.normalize3(d.light_xdir, 3 * l);
        }
    }

    /** A tracking camera's or light's position: its body (track) or the body's subtree centre of mass (trackcom) plus the offset of qpos0. */
    private static void track(MjData d, int mode, int b, int i, double[] pos0, double[] poscom0, double[] out) {
        double[] base = mode == MjModel.CAMLIGHT_TRACK ? d.xpos : d.subtree_com;
        double[] off = mode == MjModel.CAMLIGHT_TRACK ? pos0 : poscom0;
        for (int k = 0; k < 3; k++) {
            out[3 * i + k] = base[3 * b + k] + off[3 * i + k];
        }
    }

    /** Whether a camera or light follows a subtree's centre of mass (then {@link #camlight} needs {@link #comPos}). */
    public static boolean camlightNeedsCom(MjModel m) {
        for (int i = 0; i < m.ncam; i++) {
            if (m.cam_mode[i] == MjModel.CAMLIGHT_TRACKCOM || m.cam_mode[i] == MjModel.CAMLIGHT_TARGETBODYCOM) {
                return true;
            }
        }
        for (int i = 0; i < m.nlight; i++) {
            if (m.light_mode[i] == MjModel.CAMLIGHT_TRACKCOM || m.light_mode[i] == MjModel.CAMLIGHT_TARGETBODYCOM) {
                return true;
            }
        }
        return false;
    }

    /** Cameras and lights posed on their bodies as fixed ones ({@code mj_camlight}'s first part). */
    public static void camlightFixed(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        placeFrames(d, m.ncam, m.cam_bodyid, m.cam_pos, pm.camLocalMat, d.cam_xpos, d.cam_xmat);
        double[] xpos = d.xpos, xmat = d.xmat;
        for (int l = 0; l < m.nlight; l++) {
            int b = m.light_bodyid[l];
            for (int r = 0; r < 3; r++) {
                double p = xpos[3 * b + r];
                double dir = 0;
                for (int c = 0; c < 3; c++) {
                    p += xmat[9 * b + 3 * r + c] * m.light_pos[3 * l + c];
                    dir += xmat[9 * b + 3 * r + c] * m.light_dir[3 * l + c];
                }
                d.light_xpos[3 * l + r] = p;
                d.light_xdir[3 * l + r] = dir;
            }
        }
    }

    private static void placeFrames(MjData d, int n, int[] bodyId, double[] pos, double[] localMat, double[] outPos,
            double[] outMat) {
        double[] xpos = d.xpos, xmat = d.xmat;
        for (int i = 0; i < n; i++) {
            int b = bodyId[i];
            Spatial.mulMatVec(xmat, 9 * b, pos, 3 * i, outPos, 3 * i);
            for (int k = 0; k < 3; k++) {
                outPos[3 * i + k] += xpos[3 * b + k];
            }
            Spatial.mulMatMat(xmat, 9 * b, localMat, 9 * i, outMat, 9 * i);
        }
    }

    /** Subtree centers of mass, body spatial inertias and the motion axes of all dofs ({@code mj_comPos}). */
    public static void comPos(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] subtreeCom = d.subtree_com, xipos = d.xipos, cinert = d.cinert;
        Arrays.fill(subtreeCom, 0);
        for (int b = m.nbody - 1; b >= 0; b--) {
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
        for (int b = 0; b < m.nbody; b++) {
            double sm = m.body_subtreemass[b];
            for (int k = 0; k < 3; k++) {
                subtreeCom[3 * b + k] = sm > 0 ? subtreeCom[3 * b + k] / sm : xipos[3 * b + k];
            }
        }
        double[] r = d.ximat;
        for (int b = 0; b < m.nbody; b++) {
            int o = 10 * b, o9 = 9 * b;
            double mass = m.body_mass[b];
            double i0 = m.body_inertia[3 * b], i1 = m.body_inertia[3 * b + 1], i2 = m.body_inertia[3 * b + 2];
            double cx = xipos[3 * b], cy = xipos[3 * b + 1], cz = xipos[3 * b + 2];
            double cc = cx * cx + cy * cy + cz * cz;
            // I_c = R diag(i) R^T plus the parallel-axis shift to the world origin.
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
        for (int j = 0; j < m.njnt; j++) {
            int b = m.jnt_bodyid[j], dof = m.jnt_dofadr[j];
            switch (m.jnt_type[j]) {
                case MjModel.JNT_FREE -> {
                    for (int i = 0; i < 3; i++) {
                        int o = 6 * (dof + i);
                        for (int k = 0; k < 6; k++) {
                            d.cdof[o + k] = 0;
                        }
                        d.cdof[o + 3 + i] = 1;
                    }
                    rotationDofs(d, b, dof + 3, d.xpos, 3 * b);
                }
                case MjModel.JNT_BALL -> rotationDofs(d, b, dof, d.xanchor, 3 * j);
                case MjModel.JNT_SLIDE -> {
                    int o = 6 * dof;
                    d.cdof[o] = d.cdof[o + 1] = d.cdof[o + 2] = 0;
                    d.cdof[o + 3] = d.xaxis[3 * j];
                    d.cdof[o + 4] = d.xaxis[3 * j + 1];
                    d.cdof[o + 5] = d.xaxis[3 * j + 2];
                }
                default -> axisDof(d, dof, d.xaxis, 3 * j, d.xanchor, 3 * j);
            }
        }
    }

    private static void rotationDofs(MjData d, int b, int dof, double[] anchor, int ao) {
        double[] t3 = d.tmp3;
        for (int i = 0; i < 3; i++) {
            t3[0] = d.xmat[9 * b + i];
            t3[1] = d.xmat[9 * b + 3 + i];
            t3[2] = d.xmat[9 * b + 6 + i];
            axisDof(d, dof + i, t3, 0, anchor, ao);
        }
    }

    /** A rotation about unit axis a through point p: {@code [a; p x a]}. */
    private static void axisDof(MjData d, int dof, double[] a, int ao, double[] p, int po) {
        int o = 6 * dof;
        double ax = a[ao], ay = a[ao + 1], az = a[ao + 2], px = p[po], py = p[po + 1], pz = p[po + 2];
        double[] cdof = d.cdof;
        cdof[o] = ax;
        cdof[o + 1] = ay;
        cdof[o + 2] = az;
        cdof[o + 3] = py * az - pz * ay;
        cdof[o + 4] = pz * ax - px * az;
        cdof[o + 5] = px * ay - py * ax;
    }

    /** Fixed-tendon lengths {@code Σ coef·q}, summed in wrap order ({@code mj_tendon}). */
    public static void tendon(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        for (int t = 0; t < m.ntendon; t++) {
            if (pm.tendonSpatial[t]) {
                Wrap.spatial(pm, d, t);
                continue;
            }
            double len = 0;
            for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t]; w++) {
                len += m.wrap_coef[w] * d.qpos[m.jnt_qposadr[m.wrap_jntid[w]]];
            }
            d.ten_length[t] = len;
        }
    }

    /** Composite rigid-body inertias and the joint-space inertia {@code qM} with armature ({@code mj_crb}). */
    public static void crb(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        int nv = m.nv;
        double[] crb = d.crb, qM = d.qM, t6 = d.tmp6;
        System.arraycopy(d.cinert, 0, crb, 0, crb.length);
        for (int b = m.nbody - 1; b > 0; b--) {
            int p = m.body_parentid[b];
            for (int k = 0; k < 10; k++) {
                crb[10 * p + k] += crb[10 * b + k];
            }
        }
        for (int i = 0; i < nv; i++) {
            int b = m.dof_bodyid[i];
            Spatial.mulInertVec(crb, 10 * b, d.cdof, 6 * i, t6, 0);
            int adr = pm.dofMadr[i];
            for (int j = i; j >= 0; j = m.dof_parentid[j]) {
                qM[adr++] = Spatial.dot6(d.cdof, 6 * j, t6, 0);
            }
            qM[pm.dofMadr[i]] += m.dof_armature[i];
        }
    }

    /**
     * Featherstone's tree-sparse {@code LᵀDL} factorization of {@code src} into {@code dst} (which
     * may be the same array; both in the layout of {@link PhysicsModel#dofMadr}; {@code mj_factorM}):
     * afterwards the first entry of row k holds D(k), the others L(k, ancestors). Throws
     * {@link ArenaException} when the matrix is singular.
     */
    public static void factor(PhysicsModel pm, MjData d, double[] src, double[] dst) {
        int nv = pm.m.nv;
        if (src != dst) {
            System.arraycopy(src, 0, dst, 0, pm.nM);
        }
        int[] par = pm.m.dof_parentid, madr = pm.dofMadr, len = pm.dofMrowLen;
        for (int k = nv - 1; k >= 0; k--) {
            int ka = madr[k];
            double dk = dst[ka];
            if (!(dk > 0)) {
                throw new ArenaException(String.format(Locale.ROOT,
                        "Simulation diverged at t=%.4f s: the mass matrix is singular at dof %d (a body without mass or armature?).",
                        d.time, k));
            }
            // row k holds k's ancestors in order; row i (an ancestor) holds i's, a suffix of them,
            // so the update runs over len[i] consecutive entries of both rows
            int ki = ka + 1;
            for (int i = par[k]; i >= 0; i = par[i], ki++) {
                double a = dst[ki] / dk;
                int ij = madr[i];
                for (int t = 0, n = len[i]; t < n; t++) {
                    dst[ij + t] -= a * dst[ki + t];
                }
                dst[ki] = a;
            }
        }
    }

    /** {@code qLD = factor(qM)} ({@code mj_factorM}). */
    public static void factorM(PhysicsModel pm, MjData d) {
        factor(pm, d, d.qM, d.qLD);
    }

    /** Solves {@code H x = b} in place given a factorization from {@link #factor} ({@code mj_solveLD}). */
    public static void solveLD(PhysicsModel pm, double[] ld, double[] x) {
        solveRange(pm, ld, x, 0, pm.m.nv, false);
    }

    /** {@link #solveLD} on the dofs [lo, hi) of one kinematic tree, every dof processed as the full solve does. */
    public static void solveLD(PhysicsModel pm, double[] ld, double[] x, int lo, int hi) {
        solveRange(pm, ld, x, lo, hi, false);
    }

    /** Solves {@code M x = b} in place with the current factorization ({@code mj_solveM}). */
    public static void solveM(PhysicsModel pm, MjData d, double[] x) {
        solveLD(pm, d.qLD, x);
    }

    /**
     * {@link #solveLD} restricted to the dofs [lo, hi) of one kinematic tree (M is block diagonal
     * over trees, so the rest of {@code x} stays as it is).
     */
    public static void solveRange(PhysicsModel pm, double[] ld, double[] x, int lo, int hi) {
        solveRange(pm, ld, x, lo, hi, true);
    }

    private static void solveRange(PhysicsModel pm, double[] ld, double[] x, int lo, int hi, boolean skipZeros) {
        int[] madr = pm.dofMadr, col = pm.dofMcol, len = pm.dofMrowLen;
        for (int i = hi - 1; i >= lo; i--) {
            double xi = x[i];
            if (xi != 0 || !skipZeros) {
                // the entries after the diagonal are i's ancestors, nearest first
                for (int ij = madr[i] + 1, end = madr[i] + len[i]; ij < end; ij++) {
                    x[col[ij]] -= ld[ij] * xi;
                }
            }
        }
        for (int i = lo; i < hi; i++) {
            x[i] /= ld[madr[i]];
        }
        for (int i = lo; i < hi; i++) {
            double s = x[i];
            for (int ij = madr[i] + 1, end = madr[i] + len[i]; ij < end; ij++) {
                s -= ld[ij] * x[col[ij]];
            }
            x[i] = s;
        }
    }

    /** Body spatial velocities and the time derivatives of the dof axes ({@code mj_comVel}). */
    public static void comVel(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        double[] cvel = d.cvel, cdof = d.cdof, cdofdot = d.cdof_dot, qvel = d.qvel;
        for (int k = 0; k < 6; k++) {
            cvel[k] = 0;
        }
        for (int b = 1; b < m.nbody; b++) {
            int p = m.body_parentid[b];
            System.arraycopy(cvel, 6 * p, cvel, 6 * b, 6);
            int ja = m.body_jntadr[b];
            for (int j = ja; j < ja + m.body_jntnum[b]; j++) {
                int dof = m.jnt_dofadr[j];
                int type = m.jnt_type[j];
                int first = dof, count;
                if (type == MjModel.JNT_FREE) {
                    for (int k = 0; k < 18; k++) {
                        cdofdot[6 * dof + k] = 0;
                    }
                    for (int i = 0; i < 3; i++) {
                        addScaled(cvel, 6 * b, cdof, 6 * (dof + i), qvel[dof + i]);
                    }
                    first = dof + 3;
                    count = 3;
                } else {
                    count = type == MjModel.JNT_BALL ? 3 : 1;
                }
                for (int i = first; i < first + count; i++) {
                    Spatial.crossMotion(cvel, 6 * b, cdof, 6 * i, cdofdot, 6 * i);
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
     * Recursive Newton–Euler ({@code mj_rne}): {@code out = C(q, qdot) + g(q)}, plus {@code M qacc}
     * when {@code withAcc}. Needs the position and velocity stages.
     */
    public static void rne(PhysicsModel pm, MjData d, boolean withAcc, double[] out) {
        MjModel m = pm.m;
        double[] cacc = d.cacc, cfrc = d.cfrc_body, t6 = d.tmp6;
        cacc[0] = cacc[1] = cacc[2] = 0;
        boolean gravity = (m.disableflags & MjModel.DSBL_GRAVITY) == 0;
        cacc[3] = gravity ? -m.gravity[0] : 0;
        cacc[4] = gravity ? -m.gravity[1] : 0;
        cacc[5] = gravity ? -m.gravity[2] : 0;
        for (int b = 1; b < m.nbody; b++) {
            int p = m.body_parentid[b];
            System.arraycopy(cacc, 6 * p, cacc, 6 * b, 6);
            int da = m.body_dofadr[b];
            for (int i = da; i < da + m.body_dofnum[b]; i++) {
                addScaled(cacc, 6 * b, d.cdof_dot, 6 * i, d.qvel[i]);
                if (withAcc) {
                    addScaled(cacc, 6 * b, d.cdof, 6 * i, d.qacc[i]);
                }
            }
            Spatial.mulInertVec(d.cinert, 10 * b, cacc, 6 * b, cfrc, 6 * b);
            Spatial.mulInertVec(d.cinert, 10 * b, d.cvel, 6 * b, t6, 0);
            Spatial.addCrossForce(d.cvel, 6 * b, t6, 0, cfrc, 6 * b);
        }
        for (int k = 0; k < 6; k++) {
            cfrc[k] = 0;
        }
        for (int b = m.nbody - 1; b > 0; b--) {
            int p = m.body_parentid[b];
            for (int k = 0; k < 6; k++) {
                cfrc[6 * p + k] += cfrc[6 * b + k];
            }
        }
        for (int i = 0; i < m.nv; i++) {
            out[i] = Spatial.dot6(d.cdof, 6 * i, cfrc, 6 * m.dof_bodyid[i]);
        }
    }
}
