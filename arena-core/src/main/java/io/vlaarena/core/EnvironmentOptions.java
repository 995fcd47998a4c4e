package io.vlaarena.core;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How to build an {@link Environment} from a scene: control rate, action space, physics substeps
 * and default image size.
 *
 * <p>Immutable and thread-safe. Defaults: 5 Hz control, {@link ActionSpace#CTRL}, substeps
 * derived from the model's timestep ({@code round(1 / (controlHz * timestep))}), end-effector site
 * {@code "ee_site"}, 256×256 images.
 *
 * @param controlHz actions per simulated second
 * @param actionSpace meaning of the actions
 * @param substeps physics steps per action; empty to derive from {@code controlHz} and the timestep
 * @param endEffectorSite MJCF site that {@link ActionSpace#EE_DELTA} moves
 * @param imageWidth default render width in pixels
 * @param imageHeight default render height in pixels
 */
public record EnvironmentOptions(double controlHz, ActionSpace actionSpace, OptionalInt substeps,
        String endEffectorSite, int imageWidth, int imageHeight) {

    /** Validates every field. */
    public EnvironmentOptions {
        if (!(controlHz > 0) || !Double.isFinite(controlHz)) {
            throw new IllegalArgumentException("controlHz must be a positive number, was " + controlHz);
        }
        Objects.requireNonNull(actionSpace, "actionSpace");
        Objects.requireNonNull(substeps, "substeps");
        if (substeps.isPresent() && substeps.getAsInt() <= 0) {
            throw new IllegalArgumentException("substeps must be positive, was " + substeps.getAsInt());
        }
        Objects.requireNonNull(endEffectorSite, "endEffectorSite");
        if (imageWidth <= 0 || imageHeight <= 0) {
            throw new IllegalArgumentException("Image size must be positive, was " + imageWidth + "x" + imageHeight);
        }
    }

    /** The defaults described above. */
    public static EnvironmentOptions defaults() {
        return new EnvironmentOptions(5.0, ActionSpace.CTRL, OptionalInt.empty(), "ee_site", 256, 256);
    }

    /** A copy with another control rate. */
    public EnvironmentOptions withControlHz(double hz) {
        return new EnvironmentOptions(hz, actionSpace, substeps, endEffectorSite, imageWidth, imageHeight);
    }

    /** A copy with another action space. */
    public EnvironmentOptions withActionSpace(ActionSpace space) {
        return new EnvironmentOptions(controlHz, space, substeps, endEffectorSite, imageWidth, imageHeight);
    }

    /** A copy with a fixed number of physics steps per action. */
    public EnvironmentOptions withSubsteps(int n) {
        return new EnvironmentOptions(controlHz, actionSpace, OptionalInt.of(n), endEffectorSite, imageWidth, imageHeight);
    }

    /** A copy with another end-effector site. */
    public EnvironmentOptions withEndEffectorSite(String site) {
        return new EnvironmentOptions(controlHz, actionSpace, substeps, site, imageWidth, imageHeight);
    }

    /** A copy with another default image size. */
    public EnvironmentOptions withImageSize(int width, int height) {
        return new EnvironmentOptions(controlHz, actionSpace, substeps, endEffectorSite, width, height);
    }

    /**
     * Physics steps per action for a model with the given timestep: the explicit {@link #substeps}
     * or {@code max(1, round(1 / (controlHz * timestep)))}.
     */
    public int substepsFor(double timestep) {
        if (substeps.isPresent()) {
            return substeps.getAsInt();
        }
        double steps = Math.rint(1.0 / (controlHz * timestep));
        if (!(timestep > 0) || !(steps <= Integer.MAX_VALUE)) {
            // a tiny timestep once overflowed to a negative count and an episode "completed" with no physics
            throw new IllegalArgumentException("A timestep of " + timestep + " s at " + controlHz
                    + " Hz needs more physics steps per action than can be counted");
        }
        return (int) Math.max(1, steps);
    }
}
