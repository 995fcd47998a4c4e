package io.vlaarena.sim.internal.render;

/**
 * How much work the {@link Renderer} spends per frame: supersampling and shadows.
 *
 * <p>Immutable and thread-safe.
 *
 * @param supersampling samples per pixel along each axis (1 = none, 2 = 2x2 box-filtered), 1..4
 * @param shadows whether the main shadow-casting light casts shadows
 * @param shadowMapSize shadow map edge in texels, 0 to choose from the image size, else 128..4096
 */
public record RenderSettings(int supersampling, boolean shadows, int shadowMapSize) {
    /** Validates; throws {@link IllegalArgumentException} for out-of-range values. */
    public RenderSettings {
        if (supersampling < 1 || supersampling > 4) {
            throw new IllegalArgumentException("Supersampling must be 1..4, was " + supersampling);
        }
        if (shadowMapSize != 0 && (shadowMapSize < 128 || shadowMapSize > 4096)) {
            throw new IllegalArgumentException("Shadow map size must be 0 (automatic) or 128..4096, was "
                    + shadowMapSize);
        }
    }

    /** The defaults: no supersampling, shadows on, automatic shadow map size. */
    public static RenderSettings defaults() {
        return new RenderSettings(1, true, 0);
    }

    /** A copy with the given supersampling. */
    public RenderSettings withSupersampling(int samples) {
        return new RenderSettings(samples, shadows, shadowMapSize);
    }

    /** A copy with shadows on or off. */
    public RenderSettings withShadows(boolean on) {
        return new RenderSettings(supersampling, on, shadowMapSize);
    }
}
