package io.vlaarena.http;

/**
 * What a VLA service accepts of a posted MJCF model and its physics, checked from the XML before
 * anything is compiled or simulated: so that a model too large, or a timestep too small, for the
 * service is a 422 with the limit named instead of minutes of CPU or an {@code OutOfMemoryError}.
 *
 * <p>Immutable and thread-safe. {@link #defaults()} fit a 256 MiB heap serving a few requests at
 * once and leave room for robot scenes far larger than the bundled ones (franka/table: 12 bodies,
 * 40 geoms, 27 DoFs, timestep 0.002 s, 100 physics steps per action at 5 Hz).
 *
 * @param maxBodies bodies (the world body not counted); default 250
 * @param maxGeoms geoms; default 500
 * @param maxDofs degrees of freedom (free joint 6, ball 3, hinge and slide 1); default 300
 * @param maxModelBytes the estimated memory of one simulation of the model (MuJoCo's dense layout
 *     with up to four contacts per geom); default 64 MiB
 * @param minTimestep the smallest {@code <option timestep>} in seconds; default 1e-4
 * @param maxPhysicsStepsPerAction physics steps one action may take (control period / timestep);
 *     default 2,000
 * @param maxPhysicsStepsPerEpisode physics steps of a whole {@code /execute} episode (steps per
 *     action × {@code max_steps}); default 1,000,000 (about 20 s of CPU for franka/table)
 */
public record ModelLimits(int maxBodies, int maxGeoms, int maxDofs, long maxModelBytes, double minTimestep,
        long maxPhysicsStepsPerAction, long maxPhysicsStepsPerEpisode) {
    /** Validates: every limit positive. */
    public ModelLimits {
        if (maxBodies <= 0 || maxGeoms <= 0 || maxDofs <= 0 || maxModelBytes <= 0 || !(minTimestep > 0)
                || maxPhysicsStepsPerAction <= 0 || maxPhysicsStepsPerEpisode <= 0) {
            throw new IllegalArgumentException("Every model limit must be positive, got " + maxBodies + " bodies, "
                    + maxGeoms + " geoms, " + maxDofs + " DoFs, " + maxModelBytes + " bytes, timestep " + minTimestep
                    + " s, " + maxPhysicsStepsPerAction + " steps per action, " + maxPhysicsStepsPerEpisode
                    + " steps per episode");
        }
    }

    /** 250 bodies, 500 geoms, 300 DoFs, 64 MiB, timestep ≥ 1e-4 s, 2,000 steps per action, 1,000,000 per episode. */
    public static ModelLimits defaults() {
        return new ModelLimits(250, 500, 300, 64L * 1024 * 1024, 1e-4, 2_000, 1_000_000);
    }

    /** A copy with other caps on bodies, geoms and DoFs. */
    public ModelLimits withSize(int bodies, int geoms, int dofs) {
        return new ModelLimits(bodies, geoms, dofs, maxModelBytes, minTimestep, maxPhysicsStepsPerAction,
                maxPhysicsStepsPerEpisode);
    }

    /** A copy with another cap on the estimated memory, in bytes. */
    public ModelLimits withMaxModelBytes(long bytes) {
        return new ModelLimits(maxBodies, maxGeoms, maxDofs, bytes, minTimestep, maxPhysicsStepsPerAction,
                maxPhysicsStepsPerEpisode);
    }

    /** A copy with other physics bounds: smallest timestep (s), steps per action, steps per episode. */
    public ModelLimits withPhysics(double minTimestep, long perAction, long perEpisode) {
        return new ModelLimits(maxBodies, maxGeoms, maxDofs, maxModelBytes, minTimestep, perAction, perEpisode);
    }
}
