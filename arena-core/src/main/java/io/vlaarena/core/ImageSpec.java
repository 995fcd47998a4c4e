package io.vlaarena.core;

import java.util.Objects;

/**
 * One camera image a policy wants in its observations.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the name the policy knows the image by, e.g. {@code "primary"} or {@code "wrist"}
 * @param camera the MJCF camera to render, or {@code null} for the scene's default camera
 * @param width width in pixels
 * @param height height in pixels
 */
public record ImageSpec(String key, String camera, int width, int height) {
    /** Validates the key and the size. */
    public ImageSpec {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("Image key must not be blank");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image '" + key + "' needs a positive size, was " + width + "x" + height);
        }
    }

    /** An image of the given key from the default camera. */
    public static ImageSpec of(String key, int width, int height) {
        return new ImageSpec(key, null, width, height);
    }
}
