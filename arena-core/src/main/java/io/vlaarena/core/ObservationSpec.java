package io.vlaarena.core;

import java.util.List;
import java.util.Objects;

/**
 * What a policy needs to see each step: which camera images at which size, whether it reads the
 * robot's proprioception, and how many past observations it conditions on. The episode runner
 * renders only the images listed here, so a policy that needs none costs no rendering.
 *
 * <p>Immutable and thread-safe.
 *
 * @param images camera images, keys unique
 * @param proprioception whether {@code qpos}/{@code qvel} are read
 * @param historyWindow observations the policy conditions on (1 = the current one only)
 */
public record ObservationSpec(List<ImageSpec> images, boolean proprioception, int historyWindow) {
    /** Validates and copies. */
    public ObservationSpec {
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        if (images.stream().map(ImageSpec::key).distinct().count() != images.size()) {
            throw new IllegalArgumentException("Image keys must be unique, got " + images.stream().map(ImageSpec::key).toList());
        }
        if (historyWindow < 1) {
            throw new IllegalArgumentException("historyWindow must be at least 1, was " + historyWindow);
        }
    }

    /** Proprioception only, no images, no history: the cheapest observation. */
    public static ObservationSpec proprioceptionOnly() {
        return new ObservationSpec(List.of(), true, 1);
    }

    /** Whether any image must be rendered. */
    public boolean needsImages() {
        return !images.isEmpty();
    }
}
