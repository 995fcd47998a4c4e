package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.Arrays;

/**
 * The analytical derivative of the smooth forces with respect to the velocities, MuJoCo 2.2.2's
 * {@code mjd_smooth_vel} ({@code engine_derivative}): {@code qDeriv = ∂(qfrc_actuator +
 * qfrc_passive − qfrc_bias)/∂qvel}, from the affine actuator biases' velocity gains
 * ({@code mjd_actuator_vel}), joint and tendon damping and the fluid forces ({@code mjd_passive_vel},
 * {@code mjd_inertiaBoxFluid}, {@code mjd_ellipsoidFluid}) and the
 * Coriolis and centrifugal forces ({@code mjd_rne_vel}), in MuJoCo's operation order. Only the
 * entries of dofs on one kinematic chain are kept, as MuJoCo keeps them in the mass matrix's
 * sparsity. The implicit integrator uses it. Stateless; scratch in {@link MjData}.
 */
public final class Derivative {
    private Derivative() {
    }

    /** Fills {@code d.qDeriv} (dense nv x nv, entries off the dofs' chains undefined); needs the velocity stage and actuation. */
    public static void smoothVel(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        int nv = m.nv;
        double[] dfdv = d.qDeriv;
        Arrays.fill(dfdv, 0);
        if ((m.disableflags & MjModel.DSBL_ACTUATION) == 0) {
            actuatorVel(pm, d, dfdv);
        }
        if ((m.disableflags & MjModel.DSBL_PASSIVE) == 0) {
            for (int i = 0; i < nv; i++) {
                dfdv[i * (nv + 1)] -= m.dof_damping[i];
            }
            double[] j = d.tmpNv;
            for (int t = 0; t < m.ntendon; t++) {
                if (m.tendon_damping[t] > 0) {
                    Arrays.fill(j, 0);
                    if (pm.tendonSpatial[t]) {
                        System.arraycopy(d.ten_J, t * nv, j, 0, nv);
                    }
                    for (int w = m.tendon_adr[t]; w < m.tendon_adr[t] + m.tendon_num[t] && !pm.tendonSpatial[t]; w++) {
                        j[m.jnt_dofadr[m.wrap_jntid[w]]] += m.wrap_coef[w];
                    }
                    addJtbj(dfdv, j, -m.tendon_damping[t], nv);
                }
            }
            if (m.viscosity > 0 || m.density > 0) {
                for (int b = 1; b < m.nbody; b++) {
                    if (m.body_mass[b] < 1e-15) {
                        continue;
                    }
                    if (pm.bodyFluidEllipsoid[b]) {
                        ellipsoidFluidVel(pm, d, b, dfdv);
                    } else {
                        inertiaBoxFluidVel(pm, d, b, dfdv);
                    }
                }
            }
        }
        rneVel(pm, d, dfdv);
    }

    /**
     * {@code mjd_inertiaBoxFluid}: each of the inertia-box model's six local force components
     * depends on one local velocity component, so it adds {@code JᵢᵀBᵢJᵢ} for each row i of the body's
     * Jacobian at its centre of mass in its inertial frame (rotation rows, then translation).
     */
    private static void inertiaBoxFluidVel(PhysicsModel pm, MjData d, int b, double[] dfdv) {
        MjModel m = pm.m;
        int nv = m.nv;
        double[] lvel = d.tmp6, j6 = d.jac6, box = d.tmp4d;
        Fluid.box(m, b, box);
        double b0 = box[0], b1 = box[1], b2 = box[2];
        Fluid.localVelocity(m, d, MjModel.OBJ_BODY, b, lvel);
        localJacobian(pm, d, b, d.xipos, 3 * b, d.ximat, 9 * b, j6);
        double[] coef = d.tmp9;
        if (m.viscosity > 0) {
            double diam = (b0 + b1 + b2) / 3.0;
            double ang = -Math.PI * diam * diam * diam * m.viscosity, lin = -3.0 * Math.PI * diam * m.viscosity;
            for (int k = 0; k < 6; k++) {
                addJtbj(dfdv, j6, k * nv, k < 3 ? ang : lin, nv);
            }
        }
        if (m.density > 0) {
            double rho = m.density;
            coef[0] = -rho * b0 * (b1 * b1 * b1 * b1 + b2 * b2 * b2 * b2) * 2 * Math.abs(lvel[0]) / 64.0;
            coef[1] = -rho * b1 * (b0 * b0 * b0 * b0 + b2 * b2 * b2 * b2) * 2 * Math.abs(lvel[1]) / 64.0;
            coef[2] = -rho * b2 * (b0 * b0 * b0 * b0 + b1 * b1 * b1 * b1) * 2 * Math.abs(lvel[2]) / 64.0;
            coef[3] = -0.5 * rho * b1 * b2 * 2 * Math.abs(lvel[3]);
            coef[4] = -0.5 * rho * b0 * b2 * 2 * Math.abs(lvel[4]);
            coef[5] = -0.5 * rho * b0 * b1 * 2 * Math.abs(lvel[5]);
            for (int k = 0; k < 6; k++) {
                addJtbj(dfdv, j6, k * nv, coef[k], nv);
            }
        }
    }

    /**
     * {@code mjd_ellipsoidFluid}: for each of the body's geoms with the ellipsoid model, the 6 x 6
     * derivative B of its local force {@code [τ; f]} by its local velocity {@code [ω; v]} (Magnus,
     * Kutta lift, drag, angular drag and added mass, each as 2.2.2 differentiates it), then
     * {@code JᵀBJ} with the geom's Jacobian in its own frame.
     */
    private static void ellipsoidFluidVel(PhysicsModel pm, MjData d, int body, double[] dfdv) {
        MjModel m = pm.m;
        int nv = m.nv;
        double[] lvel = d.tmp6, f = m.geom_fluid, s = d.tmp4c, bm = d.tmp36, dm = d.tmp9b, j6 = d.jac6;
        double rho = m.density, mu = m.viscosity;
        for (int g = 0; g < m.ngeom; g++) {
            int fo = MjModel.NFLUID * g;
            if (m.geom_bodyid[g] != body || f[fo] == 0.0) {
                continue;
            }
            Fluid.semiAxes(m.geom_type[g], m.geom_size, 3 * g, s);
            Fluid.localVelocity(m, d, MjModel.OBJ_GEOM, g, lvel);
            localJacobian(pm, d, body, d.geom_xpos, 3 * g, d.geom_xmat, 9 * g, j6);
            Arrays.fill(bm, 0);
            magnusVel(d, bm, lvel, rho, s, f[fo + 5]);
            kuttaVel(dm, lvel, rho, s, f[fo + 4]);
            addToQuadrant(bm, dm, 1, 1);
            dragVel(dm, lvel, rho, mu, s, f[fo + 1], f[fo + 2]);
            addToQuadrant(bm, dm, 1, 1);
            torqueVel(dm, lvel, rho, mu, s, f[fo + 2], f[fo + 3]);
            addToQuadrant(bm, dm, 0, 0);
            addedMassVel(d, bm, lvel, rho, f, fo + 6, fo + 9);
            addJtbj6(dfdv, j6, bm, nv);
        }
    }

    /** MuJoCo's {@code addJTBJ} with a 6 x 6 B: {@code dfdv[k][:] += J(j,:)·(J(i,k)·B(i,j))}. */
    private static void addJtbj6(double[] dfdv, double[] j, double[] b, int nv) {
        for (int i = 0; i < 6; i++) {
            for (int jj = 0; jj < 6; jj++) {
                double bij = b[6 * i + jj];
                if (bij == 0) {
                    continue;
                }
                for (int k = 0; k < nv; k++) {
                    double jik = j[i * nv + k];
                    if (jik != 0) {
                        double sc = jik * bij;
                        for (int p = 0; p < nv; p++) {
                            dfdv[k * nv + p] += j[jj * nv + p] * sc;
                        }
                    }
                }
            }
        }
    }

    /** Adds the 3 x 3 {@code dm} to B's block of force rows {@code 3·fq} and velocity columns {@code 3·vq}. */
    private static void addToQuadrant(double[] bm, double[] dm, int fq, int vq) {
        int rr = 3 * fq, cc = 3 * vq;
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                bm[6 * (rr + i) + cc + k] += dm[3 * i + k];
            }
        }
    }

    /** The derivatives of {@code a × b} by a (da) and by b (db), row = component of the product. */
    private static void crossVel(double ax, double ay, double az, double bx, double by, double bz, double[] da,
            double[] db) {
        da[0] = 0;
        da[1] = bz;
        da[2] = -by;
        da[3] = -bz;
        da[4] = 0;
        da[5] = bx;
        da[6] = by;
        da[7] = -bx;
        da[8] = 0;
        db[0] = 0;
        db[1] = -az;
        db[2] = ay;
        db[3] = az;
        db[4] = 0;
        db[5] = -ax;
        db[6] = -ay;
        db[7] = ax;
        db[8] = 0;
    }

    /** {@code mjd_magnus_force}: the Magnus force {@code c·ω × v} by ω and by v. */
    private static void magnusVel(MjData d, double[] bm, double[] vel, double rho, double[] s, double lift) {
        double volume = 4.0 / 3.0 * Math.PI * s[0] * s[1] * s[2];
        double c = lift * rho * volume;
        double[] da = d.tmp9c, db = d.tmp9d;
        crossVel(c * vel[0], c * vel[1], c * vel[2], c * vel[3], c * vel[4], c * vel[5], da, db);
        addToQuadrant(bm, da, 1, 0);
        addToQuadrant(bm, db, 1, 1);
    }

    /** {@code mjd_addedMassForces}: the added-mass force and torques by ω and v. */
    private static void addedMassVel(MjData d, double[] bm, double[] vel, double rho, double[] f, int vm, int vi) {
        double wx = vel[0], wy = vel[1], wz = vel[2], vx = vel[3], vy = vel[4], vz = vel[5];
        double px = rho * f[vm] * vx, py = rho * f[vm + 1] * vy, pz = rho * f[vm + 2] * vz;
        double lx = rho * f[vi] * wx, ly = rho * f[vi + 1] * wy, lz = rho * f[vi + 2] * wz;
        double[] da = d.tmp9c, db = d.tmp9d;
        // torque += L × ω
        crossVel(lx, ly, lz, wx, wy, wz, da, db);
        addToQuadrant(bm, db, 0, 0);
        for (int i = 0; i < 9; i++) {
            da[i] *= rho * f[vi + i % 3];
        }
        addToQuadrant(bm, da, 0, 0);
        // torque += p × v
        crossVel(px, py, pz, vx, vy, vz, da, db);
        addToQuadrant(bm, db, 0, 1);
        for (int i = 0; i < 9; i++) {
            da[i] *= rho * f[vm + i % 3];
        }
        addToQuadrant(bm, da, 0, 1);
        // force += p × ω
        crossVel(px, py, pz, wx, wy, wz, da, db);
        addToQuadrant(bm, db, 1, 0);
        for (int i = 0; i < 9; i++) {
            da[i] *= rho * f[vm + i % 3];
        }
        addToQuadrant(bm, da, 1, 1);
    }

    private static double pow2(double v) {
        return Fluid.pow2(v);
    }

    private static double maxMoment(double[] s, int dir) {
        return Fluid.maxMoment(s, dir);
    }

    /** {@code mjd_viscous_torque}: the angular drag by ω. */
    private static void torqueVel(double[] dm, double[] vel, double rho, double mu, double[] s, double slender,
            double angular) {
        double dmax = Fluid.maxAxis(s), dmid = Fluid.midAxis(s);
        double eqD = 2.0 / 3.0 * (s[0] + s[1] + s[2]);
        double linTorque = Math.PI * eqD * eqD * eqD;
        double imax = 8.0 / 15.0 * Math.PI * dmid * (dmax * dmax) * (dmax * dmax);
        double x = vel[0], y = vel[1], z = vel[2];
        double c0 = angular * maxMoment(s, 0) + slender * (imax - maxMoment(s, 0));
        double c1 = angular * maxMoment(s, 1) + slender * (imax - maxMoment(s, 1));
        double c2 = angular * maxMoment(s, 2) + slender * (imax - maxMoment(s, 2));
        double m0 = x * c0, m1 = y * c1, m2 = z * c2;
        double density = rho / Math.max(1e-15, Math.sqrt(m0 * m0 + m1 * m1 + m2 * m2));
        double q0 = -density * x * c0 * c0, q1 = -density * y * c1 * c1, q2 = -density * z * c2 * c2;
        double lin = mu * linTorque;
        double diag = x * q0 + y * q1 + z * q2 - lin;
        dm[0] = diag + q0 * x;
        dm[1] = q1 * x;
        dm[2] = q2 * x;
        dm[3] = q0 * y;
        dm[4] = diag + q1 * y;
        dm[5] = q2 * y;
        dm[6] = q0 * z;
        dm[7] = q1 * z;
        dm[8] = diag + q2 * z;
    }

    /** {@code mjd_viscous_drag}: the linear and quadratic drag by v (the projected area's change included). */
    private static void dragVel(double[] dm, double[] vel, double rho, double mu, double[] s, double blunt,
            double slender) {
        double dmax = Fluid.maxAxis(s), dmid = Fluid.midAxis(s);
        double eqD = 2.0 / 3.0 * (s[0] + s[1] + s[2]);
        double amax = Math.PI * dmax * dmid;
        double a = pow2(s[1] * s[2]), b = pow2(s[2] * s[0]), c = pow2(s[0] * s[1]);
        double aa = a * a, bb = b * b, cc = c * c;
        double x = vel[3], y = vel[4], z = vel[5];
        double xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        double projDenom = aa * xx + bb * yy + cc * zz;
        double projNum = a * xx + b * yy + c * zz;
        double dA = Math.PI / Math.max(1e-15, Math.sqrt(projNum * projNum * projNum * projDenom));
        double aproj = Math.PI * Math.sqrt(projDenom / Math.max(1e-15, projNum));
        double norm = Math.sqrt(xx + yy + zz);
        double invNorm = 1.0 / Math.max(1e-15, norm);
        double lin = mu * 3.0 * Math.PI * eqD;
        double quad = rho * (aproj * blunt + slender * (amax - aproj));
        double aprojCoef = rho * norm * (blunt - slender);
        double g0 = aprojCoef * dA * a * x * (b * yy * (a - b) + c * zz * (a - c));
        double g1 = aprojCoef * dA * b * y * (a * xx * (b - a) + c * zz * (b - c));
        double g2 = aprojCoef * dA * c * z * (a * xx * (c - a) + b * yy * (c - b));
        double inner = xx + yy + zz, sc = -quad * invNorm;
        dm[0] = (xx + inner) * sc + g0 * -x;
        dm[1] = xy * sc + g1 * -x;
        dm[2] = xz * sc + g2 * -x;
        dm[3] = xy * sc + g0 * -y;
        dm[4] = (yy + inner) * sc + g1 * -y;
        dm[5] = yz * sc + g2 * -y;
        dm[6] = xz * sc + g0 * -z;
        dm[7] = yz * sc + g1 * -z;
        dm[8] = (zz + inner) * sc + g2 * -z;
        dm[0] -= lin;
        dm[4] -= lin;
        dm[8] -= lin;
    }

    /** {@code mjd_kutta_lift}: the Kutta–Joukowski lift by v. */
    private static void kuttaVel(double[] dm, double[] vel, double rho, double[] s, double lift) {
        double a = pow2(s[1] * s[2]), b = pow2(s[2] * s[0]), c = pow2(s[0] * s[1]);
        double aa = a * a, bb = b * b, cc = c * c;
        double x = vel[3], y = vel[4], z = vel[5];
        double xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        double projDenom = aa * xx + bb * yy + cc * zz;
        double projNum = a * xx + b * yy + c * zz;
        double norm2 = xx + yy + zz;
        double dfDenom = Math.PI * lift * rho / Math.max(1e-15, Math.sqrt(projDenom * projNum * norm2));
        double fx = yy * (a - b) + zz * (a - c);
        double fy = xx * (b - a) + zz * (b - c);
        double fz = xx * (c - a) + yy * (c - b);
        double projTerm = projNum / Math.max(1e-15, projDenom);
        double cosTerm = projNum / Math.max(1e-15, norm2);
        double t0 = aa * projTerm - a + cosTerm, t1 = bb * projTerm - b + cosTerm, t2 = cc * projTerm - c + cosTerm;
        double p2 = 2 * projNum;
        dm[0] = ((a - a) * p2 + t0 * fx) * xx;
        dm[1] = ((b - a) * p2 + t1 * fx) * xy;
        dm[2] = ((c - a) * p2 + t2 * fx) * xz;
        dm[3] = ((a - b) * p2 + t0 * fy) * xy;
        dm[4] = ((b - b) * p2 + t1 * fy) * yy;
        dm[5] = ((c - b) * p2 + t2 * fy) * yz;
        dm[6] = ((a - c) * p2 + t0 * fz) * xz;
        dm[7] = ((b - c) * p2 + t1 * fz) * yz;
        dm[8] = ((c - c) * p2 + t2 * fz) * zz;
        dm[0] -= fx * projNum;
        dm[4] -= fy * projNum;
        dm[8] -= fz * projNum;
        for (int i = 0; i < 9; i++) {
            dm[i] *= dfDenom;
        }
    }

    /**
     * The Jacobian of point p fixed to body b in the frame {@code rot} (6 x nv: rotation rows, then
     * translation; {@code mj_jacBodyCom} or {@code mj_jacGeom}, then {@code mju_mulMatTMat} by rot).
     */
    private static void localJacobian(PhysicsModel pm, MjData d, int b, double[] p, int po, double[] rot, int ro,
            double[] j6) {
        int nv = pm.m.nv;
        double[] jp = d.jac3, jr = d.jacr3;
        Arrays.fill(jp, 0, 3 * nv, 0);
        Arrays.fill(jr, 0, 3 * nv, 0);
        Support.addPointJacobian(pm, d, b, p[po], p[po + 1], p[po + 2], 1, jp);
        Support.addAngularJacobian(pm, d, b, 1, jr);
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < nv; i++) {
                j6[k * nv + i] = rot[ro + k] * jr[i] + rot[ro + 3 + k] * jr[nv + i] + rot[ro + 6 + k] * jr[2 * nv + i];
                j6[(3 + k) * nv + i] = rot[ro + k] * jp[i] + rot[ro + 3 + k] * jp[nv + i] + rot[ro + 6 + k] * jp[2 * nv + i];
            }
        }
    }

    /** {@code mjd_actuator_vel}: {@code momentᵀ·(bias_vel + gain_vel·(ctrl or act))·moment} for affine and muscle terms. */
    private static void actuatorVel(PhysicsModel pm, MjData d, double[] dfdv) {
        MjModel m = pm.m;
        int nv = m.nv;
        double[] j = d.tmpNv;
        for (int u = 0; u < m.nu; u++) {
            int g = MjModel.NGAIN * u;
            double biasVel = m.actuator_biastype[u] == MjModel.BIAS_AFFINE ? m.actuator_biasprm[g + 2] : 0;
            double gainVel = m.actuator_gaintype[u] == MjModel.GAIN_AFFINE ? m.actuator_gainprm[g + 2]
                    : m.actuator_gaintype[u] == MjModel.GAIN_MUSCLE ? Actuation.muscleGainVel(d.actuator_length[u],
                            d.actuator_velocity[u], m.actuator_lengthrange, 2 * u, m.actuator_acc0[u], m.actuator_gainprm, g)
                    : 0;
            if (gainVel != 0) {
                biasVel += gainVel * (m.actuator_dyntype[u] == MjModel.DYN_NONE ? d.ctrl[u] : d.act[u - (m.nu - m.na)]);
            }
            if (biasVel != 0) {
                Arrays.fill(j, 0);
                for (int k = pm.momentAdr[u]; k < pm.momentAdr[u] + pm.momentNum[u]; k++) {
                    j[pm.momentDof[k]] = d.actuator_moment[k];
                }
                addJtbj(dfdv, j, biasVel, nv);
            }
        }
    }

    /** MuJoCo's {@code addJTBJ} for one row: {@code dfdv[k][:] += j[:]·(j[k]·b)} over the nonzeros k of j. */
    private static void addJtbj(double[] dfdv, double[] j, double b, int nv) {
        addJtbj(dfdv, j, 0, b, nv);
    }

    /** {@link #addJtbj(double[], double[], double, int)} for the row at {@code j[jo..jo+nv)}. */
    private static void addJtbj(double[] dfdv, double[] j, int jo, double b, int nv) {
        for (int k = 0; k < nv; k++) {
            if (j[jo + k] != 0) {
                double s = j[jo + k] * b;
                for (int p = 0; p < nv; p++) {
                    dfdv[k * nv + p] += j[jo + p] * s;
                }
            }
        }
    }

    /** {@code mjd_rne_vel}: subtracts {@code ∂qfrc_bias/∂qvel}. */
    private static void rneVel(PhysicsModel pm, MjData d, double[] dfdv) {
        MjModel m = pm.m;
        int nv = m.nv, nbody = m.nbody, s6 = 6 * nv;
        double[] dcvel = d.dcvel, dcdofdot = d.dcdofdot, dcacc = d.dcacc, dcfrc = d.dcfrcbody;
        double[] mat = d.mat36a, mat1 = d.mat36b, mat2 = d.mat36c, dmul = d.mat36d, tmp = d.tmp6;
        comVelVel(pm, d, dcvel, dcdofdot);
        Arrays.fill(dcacc, 0);
        for (int i = 1; i < nbody; i++) {
            System.arraycopy(dcacc, m.body_parentid[i] * s6, dcacc, i * s6, s6);
            for (int j = m.body_dofadr[i]; j < m.body_dofadr[i] + m.body_dofnum[i]; j++) {
                for (int k = 0; k < 6; k++) {
                    dcacc[i * s6 + k * nv + j] += d.cdof_dot[j * 6 + k];
                }
                addToScl(dcacc, i * s6, dcdofdot, j * s6, d.qvel[j], s6);
            }
            mulInertVecVel(dmul, d.cinert, 10 * i);
            mulMatMat(dcfrc, i * s6, dmul, dcacc, i * s6, nv);
            Spatial.mulInertVec(d.cinert, 10 * i, d.cvel, 6 * i, tmp, 0);
            crossForceVel(mat, tmp);
            crossForceFrc(mat1, d.cvel, 6 * i);
            mulMatMat(mat2, 0, mat1, dmul, 0, 6);
            for (int k = 0; k < 36; k++) {
                mat[k] += mat2[k];
            }
            mulMatMat(dcfrc, 0, mat, dcvel, i * s6, nv);
            for (int k = 0; k < s6; k++) {
                dcfrc[i * s6 + k] += dcfrc[k];
            }
        }
        Arrays.fill(dcfrc, 0, s6, 0);
        for (int i = nbody - 1; i > 0; i--) {
            int p = m.body_parentid[i];
            if (p != 0) {
                for (int k = 0; k < s6; k++) {
                    dcfrc[p * s6 + k] += dcfrc[i * s6 + k];
                }
            }
        }
        for (int i = 0; i < nv; i++) {
            for (int k = 0; k < 6; k++) {
                addToScl(dfdv, i * nv, dcfrc, (m.dof_bodyid[i] * 6 + k) * nv, -d.cdof[i * 6 + k], nv);
            }
        }
    }

    /** {@code mjd_comVel_vel}: derivatives of the body velocities and of the dof axes' derivatives. */
    private static void comVelVel(PhysicsModel pm, MjData d, double[] dcvel, double[] dcdofdot) {
        MjModel m = pm.m;
        int nv = m.nv, s6 = 6 * nv;
        double[] mat = d.mat36a;
        Arrays.fill(dcvel, 0);
        for (int i = 1; i < m.nbody; i++) {
            System.arraycopy(dcvel, m.body_parentid[i] * s6, dcvel, i * s6, s6);
            for (int j = m.body_dofadr[i]; j < m.body_dofadr[i] + m.body_dofnum[i]; j++) {
                int type = m.jnt_type[m.dof_jntid[j]];
                if (type == MjModel.JNT_FREE) {
                    Arrays.fill(dcdofdot, j * s6, (j + 3) * s6, 0);
                    addAxes(d, dcvel, i * s6, j, 3, nv);
                    j += 3;
                }
                if (type == MjModel.JNT_FREE || type == MjModel.JNT_BALL) {
                    for (int k = 0; k < 3; k++) {
                        crossMotionVel(mat, d.cdof, 6 * (j + k));
                        mulMatMat(dcdofdot, (j + k) * s6, mat, dcvel, i * s6, nv);
                    }
                    addAxes(d, dcvel, i * s6, j, 3, nv);
                    j += 2;
                } else {
                    crossMotionVel(mat, d.cdof, 6 * j);
                    mulMatMat(dcdofdot, j * s6, mat, dcvel, i * s6, nv);
                    addAxes(d, dcvel, i * s6, j, 1, nv);
                }
            }
        }
    }

    /** {@code Dcvel += cdof·(D qvel)} for dofs j .. j+n-1. */
    private static void addAxes(MjData d, double[] dcvel, int o, int j, int n, int nv) {
        for (int k = 0; k < 6; k++) {
            for (int c = 0; c < n; c++) {
                dcvel[o + k * nv + j + c] += d.cdof[(j + c) * 6 + k];
            }
        }
    }

    /** MuJoCo's {@code mju_mulMatMat} of a 6x6 {@code a} and a 6 x n block of {@code b} at bo into res at ro. */
    private static void mulMatMat(double[] res, int ro, double[] a, double[] b, int bo, int n) {
        Arrays.fill(res, ro, ro + 6 * n, 0);
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 6; k++) {
                double t = a[i * 6 + k];
                if (t != 0) {
                    addToScl(res, ro + i * n, b, bo + k * n, t, n);
                }
            }
        }
    }

    private static void addToScl(double[] res, int ro, double[] v, int vo, double s, int n) {
        for (int k = 0; k < n; k++) {
            res[ro + k] += v[vo + k] * s;
        }
    }

    private static void crossMotionVel(double[] dm, double[] v, int o) {
        Arrays.fill(dm, 0);
        dm[2] = -v[o + 1];
        dm[1] = v[o + 2];
        dm[6 + 2] = v[o];
        dm[6] = -v[o + 2];
        dm[12 + 1] = -v[o];
        dm[12] = v[o + 1];
        dm[18 + 2] = -v[o + 4];
        dm[18 + 1] = v[o + 5];
        dm[18 + 5] = -v[o + 1];
        dm[18 + 4] = v[o + 2];
        dm[24 + 2] = v[o + 3];
        dm[24] = -v[o + 5];
        dm[24 + 5] = v[o];
        dm[24 + 3] = -v[o + 2];
        dm[30 + 1] = -v[o + 3];
        dm[30] = v[o + 4];
        dm[30 + 4] = -v[o];
        dm[30 + 3] = v[o + 1];
    }

    private static void crossForceVel(double[] dm, double[] f) {
        Arrays.fill(dm, 0);
        dm[2] = -f[1];
        dm[1] = f[2];
        dm[5] = -f[4];
        dm[4] = f[5];
        dm[6 + 2] = f[0];
        dm[6] = -f[2];
        dm[6 + 5] = f[3];
        dm[6 + 3] = -f[5];
        dm[12 + 1] = -f[0];
        dm[12] = f[1];
        dm[12 + 4] = -f[3];
        dm[12 + 3] = f[4];
        dm[18 + 2] = -f[4];
        dm[18 + 1] = f[5];
        dm[24 + 2] = f[3];
        dm[24] = -f[5];
        dm[30 + 1] = -f[3];
        dm[30] = f[4];
    }

    private static void crossForceFrc(double[] dm, double[] vel, int o) {
        Arrays.fill(dm, 0);
        dm[1] = -vel[o + 2];
        dm[2] = vel[o + 1];
        dm[4] = -vel[o + 5];
        dm[5] = vel[o + 4];
        dm[6] = vel[o + 2];
        dm[6 + 2] = -vel[o];
        dm[6 + 3] = vel[o + 5];
        dm[6 + 5] = -vel[o + 3];
        dm[12] = -vel[o + 1];
        dm[12 + 1] = vel[o];
        dm[12 + 3] = -vel[o + 4];
        dm[12 + 4] = vel[o + 3];
        dm[18 + 4] = -vel[o + 2];
        dm[18 + 5] = vel[o + 1];
        dm[24 + 3] = vel[o + 2];
        dm[24 + 5] = -vel[o];
        dm[30 + 3] = -vel[o + 1];
        dm[30 + 4] = vel[o];
    }

    private static void mulInertVecVel(double[] dm, double[] in, int o) {
        Arrays.fill(dm, 0);
        dm[0] = in[o];
        dm[1] = in[o + 3];
        dm[2] = in[o + 4];
        dm[4] = -in[o + 8];
        dm[5] = in[o + 7];
        dm[6] = in[o + 3];
        dm[6 + 1] = in[o + 1];
        dm[6 + 2] = in[o + 5];
        dm[6 + 3] = in[o + 8];
        dm[6 + 5] = -in[o + 6];
        dm[12] = in[o + 4];
        dm[12 + 1] = in[o + 5];
        dm[12 + 2] = in[o + 2];
        dm[12 + 3] = -in[o + 7];
        dm[12 + 4] = in[o + 6];
        dm[18 + 1] = in[o + 8];
        dm[18 + 2] = -in[o + 7];
        dm[18 + 3] = in[o + 9];
        dm[24 + 2] = in[o + 6];
        dm[24] = -in[o + 8];
        dm[24 + 4] = in[o + 9];
        dm[30] = in[o + 7];
        dm[30 + 1] = -in[o + 6];
        dm[30 + 5] = in[o + 9];
    }
}
