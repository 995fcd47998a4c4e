package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;

/**
 * Fluid forces, the part of MuJoCo 2.2.2's {@code mj_passive} that runs when
 * {@code <option density>} or {@code viscosity} is positive: for every body with mass, the
 * inertia-box model ({@code mj_inertiaBoxFluidModel}). The body is taken as the box with its
 * inertia; its velocity relative to the wind, in its inertial frame, gives a linear (Stokes)
 * viscous force and torque of the sphere with the box's mean side as diameter, and quadratic drag
 * of the box's faces from the density. The force and torque act at the body's centre of mass.
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
            inertiaBox(pm, d, i, qfrc);
        }
    }

    /** The inertia-box model of body i ({@code mj_inertiaBoxFluidModel}). */
    private static void inertiaBox(PhysicsModel pm, MjData d, int i, double[] qfrc) {
        MjModel m = pm.m;
        double[] in = m.body_inertia;
        double mass = m.body_mass[i];
        double b0 = Math.sqrt(Math.max(MINVAL, in[3 * i + 1] + in[3 * i + 2] - in[3 * i]) / mass * 6.0);
        double b1 = Math.sqrt(Math.max(MINVAL, in[3 * i] + in[3 * i + 2] - in[3 * i + 1]) / mass * 6.0);
        double b2 = Math.sqrt(Math.max(MINVAL, in[3 * i] + in[3 * i + 1] - in[3 * i + 2]) / mass * 6.0);
        double[] lvel = d.tmp6, lfrc = d.tmp9;
        Sensor.objectVelocity(m, d, MjModel.OBJ_BODY, i, true, lvel, 0);
        // the wind in the body's inertial frame (a pure translation: the same at every point)
        double[] r = d.ximat, w = m.wind;
        int o = 9 * i;
        for (int k = 0; k < 3; k++) {
            lvel[3 + k] -= r[o + k] * w[0] + r[o + 3 + k] * w[1] + r[o + 6 + k] * w[2];
        }
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
