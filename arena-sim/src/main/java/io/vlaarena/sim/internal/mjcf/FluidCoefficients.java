package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.sim.internal.model.MjModel;
import io.vlaarena.sim.internal.physics.Fluid;

/**
 * The compile-time part of MuJoCo 2.2.2's ellipsoid fluid model ({@code mjCGeom::SetFluidCoefs}):
 * a geom with {@code fluidshape="ellipsoid"} is taken as the ellipsoid of its semi-axes, whose
 * added (virtual) mass and moment of inertia follow from the potential-flow integrals
 * {@code κ = a·b·c ∫₀^∞ dλ / ((a² + λ)^{3/2} (b² + λ)^{1/2} (c² + λ)^{1/2})}, evaluated as MuJoCo
 * does: 15-point Gauss–Kronrod quadrature on [0, 1] after {@code λ = s·x³/(1 − x)²}, with the
 * nodes and weights rounded to 8 decimals as MuJoCo's tables have them (their digits matter at
 * 1e-8 of the virtual mass). Stateless.
 */
final class FluidCoefficients {
    private FluidCoefficients() {
    }

    /** Kronrod's 15 nodes on [−1, 1] (the positive half; QUADPACK's xgk). */
    private static final double[] XGK = {0.991455371120812639, 0.949107912342758525, 0.864864423359769073,
        0.741531185599394440, 0.586087235467691130, 0.405845151377397167, 0.207784955007898468, 0};
    /** Their weights (QUADPACK's wgk). */
    private static final double[] WGK = {0.022935322010529225, 0.063092092629978553, 0.104790010322250184,
        0.140653259715525919, 0.169004726639267903, 0.190350578064785410, 0.204432940075298892, 0.209482141084727828};
    /** At the nodes x on [0, 1]: the substitution λ(x)/s, dλ/dx / s, and the weights on [0, 1]. */
    private static final double[] L = new double[15], DL = new double[15], W = new double[15];

    static {
        for (int k = 0; k < 15; k++) {
            int j = k < 8 ? k : 14 - k;
            double xi = k < 8 ? -XGK[j] : XGK[j];
            double x = Math.round((1 + xi) / 2 * 1e8) / 1e8;
            L[k] = x * x * x / ((1 - x) * (1 - x));
            DL[k] = x * x * (3 - x) / ((1 - x) * (1 - x) * (1 - x));
            W[k] = Math.round(WGK[j] / 2 * 1e8) / 1e8;
        }
    }

    /**
     * Writes geom {@code type}'s {@link MjModel#NFLUID} fluid values at {@code out[off]}: on, the
     * five {@code fluidcoef} values, virtual mass (3) and virtual inertia (3).
     */
    static void compile(int type, double[] size, double[] coef, double[] out, int off) {
        double[] axes = new double[3];
        Fluid.semiAxes(type, size, 0, axes);
        double dx = axes[0], dy = axes[1], dz = axes[2];
        double volume = 4.0 / 3.0 * Math.PI * dx * dy * dz;
        double kx = kappa(dx, dy, dz), ky = kappa(dy, dz, dx), kz = kappa(dz, dx, dy);
        double ixfac = sq(dy * dy - dz * dz) * Math.abs(kz - ky)
                / Math.max(MINVAL, Math.abs(2 * (dy * dy - dz * dz) + (dy * dy + dz * dz) * (ky - kz)));
        double iyfac = sq(dz * dz - dx * dx) * Math.abs(kx - kz)
                / Math.max(MINVAL, Math.abs(2 * (dz * dz - dx * dx) + (dz * dz + dx * dx) * (kz - kx)));
        double izfac = sq(dx * dx - dy * dy) * Math.abs(ky - kx)
                / Math.max(MINVAL, Math.abs(2 * (dx * dx - dy * dy) + (dx * dx + dy * dy) * (kx - ky)));
        out[off] = 1;
        System.arraycopy(coef, 0, out, off + 1, 5);
        out[off + 6] = volume * kx / Math.max(MINVAL, 2 - kx);
        out[off + 7] = volume * ky / Math.max(MINVAL, 2 - ky);
        out[off + 8] = volume * kz / Math.max(MINVAL, 2 - kz);
        out[off + 9] = volume * ixfac / 5;
        out[off + 10] = volume * iyfac / 5;
        out[off + 11] = volume * izfac / 5;
    }

    /** mjMINVAL. */
    private static final double MINVAL = 1e-15;

    private static double sq(double v) {
        return v * v;
    }

    /** The added-mass integral along the first axis ({@code GetAddedMassKappa}), nondimensionalized as MuJoCo does. */
    private static double kappa(double dx, double dy, double dz) {
        double invdx2 = 1.0 / (dx * dx), invdy2 = 1.0 / (dy * dy), invdz2 = 1.0 / (dz * dz);
        double scale = Math.pow(dx * dx * dx * dy * dz, 0.4);
        double kappa = 0.0;
        for (int i = 0; i < 15; i++) {
            double lambda = scale * L[i];
            double denom = (1 + lambda * invdx2) * Math.sqrt((1 + lambda * invdx2) * (1 + lambda * invdy2) * (1 + lambda * invdz2));
            kappa += scale * DL[i] / denom * W[i];
        }
        return kappa * invdx2;
    }
}
