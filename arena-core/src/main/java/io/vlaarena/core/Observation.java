package io.vlaarena.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy sees at one control step: the simulator state (proprioception), the camera
 * images its {@link ObservationSpec} asked for, keyed by {@link ImageSpec#key()}, and the poses of
 * the sites it asked for.
 *
 * <p>Immutable and thread-safe.
 *
 * @param step the control step, 0 for the first observation of an episode
 * @param state the simulator state ({@code qpos}, {@code qvel}, time)
 * @param images rendered images by key; empty when none were asked for
 * @param sites site poses by site name; empty when none were asked for
 */
public record Observation(int step, SimState state, Map<String, RgbImage> images, Map<String, SitePose> sites) {
    /** Validates and copies. */
    public Observation {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative, was " + step);
        }
        Objects.requireNonNull(state, "state");
        images = Map.copyOf(Objects.requireNonNull(images, "images"));
        sites = Map.copyOf(Objects.requireNonNull(sites, "sites"));
    }

    /** An observation without site poses. */
    public Observation(int step, SimState state, Map<String, RgbImage> images) {
        this(step, state, images, Map.of());
    }

    /** An observation without images. */
    public static Observation of(int step, SimState state) {
        return new Observation(step, state, Map.of());
    }

    /** The image with {@code key}, if present. */
    public Optional<RgbImage> image(String key) {
        return Optional.ofNullable(images.get(key));
    }

    /** The pose of the site {@code name}, if it was observed. */
    public Optional<SitePose> site(String name) {
        return Optional.ofNullable(sites.get(name));
    }
}
