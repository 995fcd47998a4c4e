package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;

/**
 * Fluid forces, the part of MuJoCo 2.2.2's {@code mj_passive} that runs when
 * {@code <option density>} or {@code viscosity} is positive: for every body with mass, the
 * inertia-box model ({@code mj_inertiaBoxFluidModel}), or the ellipsoid model
 * ({@code mj_ellipsoidFluidModel}) when one of its geoms has {@code fluidshape="ellipsoid"}.
 * Inertia box: the body is taken as the box with its inertia; its velocity relative to the wind,
 * in its inertial frame, gives a linear (Stokes) viscous force and torque of the sphere with the
 * box's mean side as diameter, and quadratic drag of the box's faces from the density, applied at
 * the centre of mass. Ellipsoid: each such geom, as the ellipsoid of its semi-axes, gets added-mass
 * forces, Magnus and Kutta–Joukowski lift, and linear plus quadratic drag, at the geom's centre.
 * Stateless.
 */
public final class Fluid {
    private Fluid() {
    }

    /** mjMINVAL. */
    private static final double MINVAL = 1e-15;

    /** Adds every body's fluid force to {@code qfrc}; needs positions and body velocities of this state. */
    public static void fluid(PhysicsModel pm, MjData d, double[] qfrc) {
        MjModel m = pm.m;
        for (int i = 1; i < m.nbody; i++) {
            if (m.body_mass[i] < MINVAL) {
                continue;
            }
            if (pm.bodyFluidEllipsoid[i]) {
                ellipsoids(pm, d, i, qfrc);
            } else {
                inertiaBox(pm, d, i, qfrc);
            }
        }
    }

    /** The ellipsoid model of body i's geoms that have it ({@code mj_ellipsoidFluidModel}). */
    private static void ellipsoids(PhysicsModel pm, MjData d, int body, double[] qfrc) {
        MjModel m = pm.m;
        double[] lvel = d.tmp6, lfrc = d.tmp9, r = d.geom_xmat, f = m.geom_fluid;
        for (int g = 0; g < m.ngeom; g++) {
            int fo = MjModel.NFLUID * g;
            if (m.geom_bodyid[g] != body || f[fo] == 0.0) {
                continue;
            }
            double[] s = d.tmp4c;
            semiAxes(m.geom_type[g], m.geom_size, 3 * g, s);
            localVelocity(m, d, MjModel.OBJ_GEOM, g, lvel);
            int o = 9 * g;
            for (int k = 0; k < 6; k++) {
                lfrc[k] = 0;
            }
            addedMass(lvel, m.density, f, fo + 6, fo + 9, lfrc);
            viscous(lvel, m.density, m.viscosity, s, f[fo + 5], f[fo + 4], f[fo + 1], f[fo + 2], f[fo + 3], lfrc);
            for (int k = 0; k < 6; k++) {
                lfrc[k] *= f[fo];
            }
            applyLocal(pm, d, lfrc, r, o, d.geom_xpos, 3 * g, body, qfrc);
        }
    }

    /** The semi-axes of the ellipsoid standing for a geom of {@code type} and {@code size[o..]} ({@code mju_geomSemiAxes}). */
    public static void semiAxes(int type, double[] size, int o, double[] s) {
        switch (type) {
            case MjModel.GEOM_SPHERE -> {
                s[0] = size[o];
                s[1] = size[o];
                s[2] = size[o];
            }
            case MjModel.GEOM_CAPSULE -> {
                s[0] = size[o];
                s[1] = size[o];
                s[2] = size[o + 1] + size[o];
            }
            case MjModel.GEOM_CYLINDER -> {
                s[0] = size[o];
                s[1] = size[o];
                s[2] = size[o + 1];
            }
            default -> {
                s[0] = size[o];
                s[1] = size[o + 1];
                s[2] = size[o + 2];
            }
        }
    }

    /**
     * Forces of the fluid that moves with the body ({@code mj_addedMassForces} without the
     * acceleration term, as 2.2.2 runs it): with {@code p = ρ·m_v∘v} and {@code L = ρ·I_v∘ω},
     * force {@code p × ω} and torque {@code p × v + L × ω}.
     */
    private static void addedMass(double[] vel, double rho, double[] f, int vm, int vi, double[] out) {
        double wx = vel[0], wy = vel[1], wz = vel[2], vx = vel[3], vy = vel[4], vz = vel[5];
        double px = rho * f[vm] * vx, py = rho * f[vm + 1] * vy, pz = rho * f[vm + 2] * vz;
        double lx = rho * f[vi] * wx, ly = rho * f[vi + 1] * wy, lz = rho * f[vi + 2] * wz;
        out[0] += py * vz - pz * vy;
        out[1] += pz * vx - px * vz;
        out[2] += px * vy - py * vx;
        out[0] += ly * wz - lz * wy;
        out[1] += lz * wx - lx * wz;
        out[2] += lx * wy - ly * wx;
        out[3] += py * wz - pz * wy;
        out[4] += pz * wx - px * wz;
        out[5] += px * wy - py * wx;
    }

    /** The largest of an ellipsoid's semi-axes. */
    static double maxAxis(double[] s) {
        return Math.max(Math.max(s[0], s[1]), s[2]);
    }

    /** The middle one of an ellipsoid's semi-axes. */
    static double midAxis(double[] s) {
        return s[0] + s[1] + s[2] - maxAxis(s) - Math.min(Math.min(s[0], s[1]), s[2]);
    }

    static double pow2(double v) {
        return v * v;
    }

    private static double pow4(double v) {
        return v * v * (v * v);
    }

    /** The largest moment of an ellipsoid about axis dir ({@code 8/15·π·s_dir·max(s_other)⁴}). */
    static double maxMoment(double[] s, int dir) {
        return 8.0 / 15.0 * Math.PI * s[dir] * pow4(Math.max(s[(dir + 1) % 3], s[(dir + 2) % 3]));
    }

    /**
     * Lift and drag of an ellipsoid of semi-axes s moving at {@code vel} ({@code mj_viscousForces}):
     * Magnus lift {@code c_M·ρ·V·ω × v}; Kutta–Joukowski lift from the circulation about the
     * projected area; Stokes drag of the equivalent sphere plus quadratic drag on the projected
     * (blunt) and remaining (slender) area; angular drag from the moments about each axis.
     */
    private static void viscous(double[] vel, double rho, double mu, double[] s, double magnus, double kutta,
            double blunt, double slender, double angular, double[] out) {
        double wx = vel[0], wy = vel[1], wz = vel[2], vx = vel[3], vy = vel[4], vz = vel[5];
        double volume = 4.0 / 3.0 * Math.PI * s[0] * s[1] * s[2];
        double dmax = maxAxis(s), dmid = midAxis(s);
        double amax = Math.PI * dmax * dmid;
        double mc = magnus * rho * volume;
        double mfx = (wy * vz - wz * vy) * mc, mfy = (wz * vx - wx * vz) * mc, mfz = (wx * vy - wy * vx) * mc;
        double projDenom = pow4(s[1] * s[2]) * pow2(vx) + pow4(s[2] * s[0]) * pow2(vy) + pow4(s[0] * s[1]) * pow2(vz);
        double projNum = pow2(s[1] * s[2] * vx) + pow2(s[2] * s[0] * vy) + pow2(s[0] * s[1] * vz);
        double aproj = Math.PI * Math.sqrt(projDenom / Math.max(MINVAL, projNum));
        double nx = pow2(s[1] * s[2]) * vx, ny = pow2(s[2] * s[0]) * vy, nz = pow2(s[0] * s[1]) * vz;
        double speed = Math.sqrt(vx * vx + vy * vy + vz * vz);
        double cosAlpha = projNum / Math.max(MINVAL, speed * projDenom);
        double kc = kutta * rho * cosAlpha * aproj;
        double cx = (ny * vz - nz * vy) * kc, cy = (nz * vx - nx * vz) * kc, cz = (nx * vy - ny * vx) * kc;
        double kfx = cy * vz - cz * vy, kfy = cz * vx - cx * vz, kfz = cx * vy - cy * vx;
        double eqD = 2.0 / 3.0 * (s[0] + s[1] + s[2]);
        double linForce = 3.0 * Math.PI * eqD;
        double linTorque = Math.PI * eqD * eqD * eqD;
        double imax = 8.0 / 15.0 * Math.PI * dmid * pow4(dmax);
        double i0 = maxMoment(s, 0), i1 = maxMoment(s, 1), i2 = maxMoment(s, 2);
        double m0 = wx * (angular * i0 + slender * (imax - i0));
        double m1 = wy * (angular * i1 + slender * (imax - i1));
        double m2 = wz * (angular * i2 + slender * (imax - i2));
        double dragLin = mu * linForce + rho * speed * (aproj * blunt + slender * (amax - aproj));
        double dragAng = mu * linTorque + rho * Math.sqrt(m0 * m0 + m1 * m1 + m2 * m2);
        out[0] -= dragAng * wx;
        out[1] -= dragAng * wy;
        out[2] -= dragAng * wz;
        out[3] += mfx + kfx - dragLin * vx;
        out[4] += mfy + kfy - dragLin * vy;
        out[5] += mfz + kfz - dragLin * vz;
    }

    /** The inertia-box model of body i ({@code mj_inertiaBoxFluidModel}). */
    private static void inertiaBox(PhysicsModel pm, MjData d, int i, double[] qfrc) {
        MjModel m = pm.m;
        double[] box = d.tmp4d;
        box(m, i, box);
        double b0 = box[0], b1 = box[1], b2 = box[2];
        double[] lvel = d.tmp6, lfrc = d.tmp9, r = d.ximat;
        int o = 9 * i;
        localVelocity(m, d, MjModel.OBJ_BODY, i, lvel);
        for (int k = 0; k < 6; k++) {
            lfrc[k] = 0;
        }
        if (m.viscosity > 0) {
            double diam = (b0 + b1 + b2) / 3.0;
            double ang = -Math.PI * diam * diam * diam * m.viscosity, lin = -3.0 * Math.PI * diam * m.viscosity;
            for (int k = 0; k < 3; k++) {
                lfrc[k] = lvel[k] * ang;
                lfrc[3 + k] = lvel[3 + k] * lin;
            }
        }
        if (m.density > 0) {
            double rho = m.density;
            lfrc[3] -= 0.5 * rho * b1 * b2 * Math.abs(lvel[3]) * lvel[3];
            lfrc[4] -= 0.5 * rho * b0 * b2 * Math.abs(lvel[4]) * lvel[4];
            lfrc[5] -= 0.5 * rho * b0 * b1 * Math.abs(lvel[5]) * lvel[5];
            lfrc[0] -= rho * b0 * (b1 * b1 * b1 * b1 + b2 * b2 * b2 * b2) * Math.abs(lvel[0]) * lvel[0] / 64.0;
            lfrc[1] -= rho * b1 * (b0 * b0 * b0 * b0 + b2 * b2 * b2 * b2) * Math.abs(lvel[1]) * lvel[1] / 64.0;
            lfrc[2] -= rho * b2 * (b0 * b0 * b0 * b0 + b1 * b1 * b1 * b1) * Math.abs(lvel[2]) * lvel[2] / 64.0;
        }
        applyLocal(pm, d, lfrc, r, o, d.xipos, 3 * i, i, qfrc);
    }

    /** The sides of body i's inertia box ({@code √(6(I_j + I_k − I_i)/m)}) into {@code box[0..2]}. */
    public static void box(MjModel m, int i, double[] box) {
        double[] in = m.body_inertia;
        double mass = m.body_mass[i];
        box[0] = Math.sqrt(Math.max(MINVAL, in[3 * i + 1] + in[3 * i + 2] - in[3 * i]) / mass * 6.0);
        box[1] = Math.sqrt(Math.max(MINVAL, in[3 * i] + in[3 * i + 2] - in[3 * i + 1]) / mass * 6.0);
        box[2] = Math.sqrt(Math.max(MINVAL, in[3 * i] + in[3 * i + 1] - in[3 * i + 2]) / mass * 6.0);
    }

    /**
     * An object's 6D velocity in its own frame less the wind ({@code mj_objectVelocity} local, then
     * the wind rotated into the frame: a pure translation, the same at every point).
     */
    public static void localVelocity(MjModel m, MjData d, int objtype, int id, double[] lvel) {
        Sensor.objectVelocity(m, d, objtype, id, true, lvel, 0);
        double[] r = objtype == MjModel.OBJ_GEOM ? d.geom_xmat : d.ximat, w = m.wind;
        int o = 9 * id;
        for (int k = 0; k < 3; k++) {
            lvel[3 + k] -= r[o + k] * w[0] + r[o + 3 + k] * w[1] + r[o + 6 + k] * w[2];
        }
    }

    /**
     * Rotates a local force {@code [τ; f]} by {@code rot} to the world and applies it at point p of
     * body b ({@code mju_rotVecMat} twice, then {@code mj_applyFT}).
     */
    private static void applyLocal(PhysicsModel pm, MjData d, double[] lfrc, double[] rot, int ro, double[] p, int po,
            int b, double[] qfrc) {
        double[] t = d.tmp3, f = d.tmp3b;
        for (int k = 0; k < 3; k++) {
            t[k] = rot[ro + 3 * k] * lfrc[0] + rot[ro + 3 * k + 1] * lfrc[1] + rot[ro + 3 * k + 2] * lfrc[2];
            f[k] = rot[ro + 3 * k] * lfrc[3] + rot[ro + 3 * k + 1] * lfrc[4] + rot[ro + 3 * k + 2] * lfrc[5];
        }
        Support.applyFT(pm, d, f, t, p[po], p[po + 1], p[po + 2], b, qfrc);
    }
}
