package io.vlaarena.sim.internal.physics;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.util.Spatial;
import java.util.Arrays;

/**
 * MuJoCo's {@code engine_support}: point Jacobians ({@code mj_jac}), position integration on the
 * joint manifold ({@code mj_integratePos}) and the energy of a state ({@code mj_energyPos} +
 * {@code mj_energyVel}). Stateless.
 */
public final class Support {
    private Support() {
    }

    /**
     * Translational (rows 0-2) and rotational (rows 3-5) world Jacobian of a point fixed to body
     * {@code b}, written as a 6 x nv row-major matrix into {@code out} ({@code mj_jac}). Needs the
     * dof axes of {@link Smooth#comPos}.
     */
    public static void jac(PhysicsModel pm, MjData d, int b, double px, double py, double pz, double[] out) {
        int nv = pm.m.nv;
        double[] cdof = d.cdof;
        Arrays.fill(out, 0, 6 * nv, 0);
        for (int i = pm.bodyLastDof[b]; i >= 0; i = pm.m.dof_parentid[i]) {
            int o = 6 * i;
            double wx = cdof[o], wy = cdof[o + 1], wz = cdof[o + 2];
            out[i] = cdof[o + 3] + wy * pz - wz * py;
            out[nv + i] = cdof[o + 4] + wz * px - wx * pz;
            out[2 * nv + i] = cdof[o + 5] + wx * py - wy * px;
            out[3 * nv + i] = wx;
            out[4 * nv + i] = wy;
            out[5 * nv + i] = wz;
        }
    }

    /**
     * Adds the joint forces of a world force f and torque t applied at point p fixed to body b to
     * {@code qfrc} ({@code mj_applyFT}: {@code Jpᵀf + Jrᵀt}, over the body's dof chain only).
     */
    public static void applyFT(PhysicsModel pm, MjData d, double[] f, double[] t, double px, double py, double pz, int b,
            double[] qfrc) {
        double[] cdof = d.cdof;
        for (int i = pm.bodyLastDof[b]; i >= 0; i = pm.m.dof_parentid[i]) {
            int o = 6 * i;
            double wx = cdof[o], wy = cdof[o + 1], wz = cdof[o + 2];
            double jx = cdof[o + 3] + wy * pz - wz * py, jy = cdof[o + 4] + wz * px - wx * pz,
                    jz = cdof[o + 5] + wx * py - wy * px;
            qfrc[i] += jx * f[0] + jy * f[1] + jz * f[2];
            qfrc[i] += wx * t[0] + wy * t[1] + wz * t[2];
        }
    }

    /** Adds {@code sign} times the translational world Jacobian of point p fixed to body b to {@code jac3} (3 x nv). */
    public static void addPointJacobian(PhysicsModel pm, MjData d, int b, double px, double py, double pz, double sign,
            double[] jac3) {
        int nv = pm.m.nv;
        double[] cdof = d.cdof;
        for (int i = pm.bodyLastDof[b]; i >= 0; i = pm.m.dof_parentid[i]) {
            int o = 6 * i;
            double wx = cdof[o], wy = cdof[o + 1], wz = cdof[o + 2];
            jac3[i] += sign * (cdof[o + 3] + wy * pz - wz * py);
            jac3[nv + i] += sign * (cdof[o + 4] + wz * px - wx * pz);
            jac3[2 * nv + i] += sign * (cdof[o + 5] + wx * py - wy * px);
        }
    }

    /** Adds {@code sign} times the angular world Jacobian of body b to {@code jacr} (3 x nv). */
    public static void addAngularJacobian(PhysicsModel pm, MjData d, int b, double sign, double[] jacr) {
        int nv = pm.m.nv;
        double[] cdof = d.cdof;
        for (int i = pm.bodyLastDof[b]; i >= 0; i = pm.m.dof_parentid[i]) {
            jacr[i] += sign * cdof[6 * i];
            jacr[nv + i] += sign * cdof[6 * i + 1];
            jacr[2 * nv + i] += sign * cdof[6 * i + 2];
        }
    }

    /**
     * {@code q <- q (+) h v} on the joint manifold ({@code mj_integratePos}): free and ball
     * quaternions rotate by the body-frame angular velocity and are normalized.
     */
    public static void integratePos(PhysicsModel pm, double[] q, double[] v, double h, double[] tmp4) {
        MjModel m = pm.m;
        for (int j = 0; j < m.njnt; j++) {
            int qa = m.jnt_qposadr[j], da = m.jnt_dofadr[j];
            switch (m.jnt_type[j]) {
                case MjModel.JNT_FREE -> {
                    q[qa] += h * v[da];
                    q[qa + 1] += h * v[da + 1];
                    q[qa + 2] += h * v[da + 2];
                    Spatial.quatIntegrate(q, qa + 3, v, da + 3, h, tmp4);
                }
                case MjModel.JNT_BALL -> Spatial.quatIntegrate(q, qa, v, da, h, tmp4);
                default -> q[qa] += h * v[da];
            }
        }
    }

    /** {@code qM} as a dense symmetric nv x nv matrix, a new array ({@code mj_fullM}). */
    public static double[] fullM(PhysicsModel pm, MjData d) {
        int nv = pm.m.nv;
        double[] full = new double[nv * nv];
        for (int i = 0; i < nv; i++) {
            int adr = pm.dofMadr[i];
            for (int j = i; j >= 0; j = pm.m.dof_parentid[j]) {
                full[i * nv + j] = d.qM[adr];
                full[j * nv + i] = d.qM[adr++];
            }
        }
        return full;
    }

    /**
     * Kinetic plus gravitational potential energy; needs {@code qM} and {@code xipos} of this
     * state. For diagnostics and tests: it allocates the dense mass matrix.
     */
    public static double energy(PhysicsModel pm, MjData d) {
        MjModel m = pm.m;
        int nv = m.nv;
        double[] qM = fullM(pm, d);
        double kin = 0;
        for (int i = 0; i < nv; i++) {
            double s = 0;
            for (int j = 0; j < nv; j++) {
                s += qM[i * nv + j] * d.qvel[j];
            }
            kin += 0.5 * d.qvel[i] * s;
        }
        double pot = 0;
        for (int b = 1; b < m.nbody && (m.disableflags & MjModel.DSBL_GRAVITY) == 0; b++) {
            for (int k = 0; k < 3; k++) {
                pot -= m.body_mass[b] * m.gravity[k] * d.xipos[3 * b + k];
            }
        }
        return kin + pot;
    }
}
