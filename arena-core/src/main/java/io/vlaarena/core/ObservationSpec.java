package io.vlaarena.core;

import java.util.List;
import java.util.Objects;

/**
 * What a policy needs to see each step: which camera images at which size, whether it reads the
 * robot's proprioception, which sites' poses (e.g. the end effector's) and how many past
 * observations it conditions on. The episode runner renders only the images listed here and reads
 * only these sites, so a policy that needs none costs no rendering.
 *
 * <p>Immutable and thread-safe.
 *
 * @param images camera images, keys unique
 * @param proprioception whether {@code qpos}/{@code qvel} are read
 * @param historyWindow observations the policy conditions on (1 = the current one only)
 * @param sites MJCF sites whose world pose the policy reads ({@link Observation#site}), names unique
 */
public record ObservationSpec(List<ImageSpec> images, boolean proprioception, int historyWindow, List<String> sites) {
    /** Validates and copies. */
    public ObservationSpec {
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        if (images.stream().map(ImageSpec::key).distinct().count() != images.size()) {
            throw new IllegalArgumentException("Image keys must be unique, got " + images.stream().map(ImageSpec::key).toList());
        }
        if (historyWindow < 1) {
            throw new IllegalArgumentException("historyWindow must be at least 1, was " + historyWindow);
        }
        sites = List.copyOf(Objects.requireNonNull(sites, "sites"));
        if (sites.stream().distinct().count() != sites.size()) {
            throw new IllegalArgumentException("Site names must be unique, got " + sites);
        }
    }

    /** A spec that reads no site poses. */
    public ObservationSpec(List<ImageSpec> images, boolean proprioception, int historyWindow) {
        this(images, proprioception, historyWindow, List.of());
    }

    /** A copy that also reads the poses of {@code siteNames}. */
    public ObservationSpec withSites(List<String> siteNames) {
        return new ObservationSpec(images, proprioception, historyWindow, siteNames);
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
