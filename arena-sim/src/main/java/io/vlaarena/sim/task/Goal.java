package io.vlaarena.sim.task;

import java.util.Objects;

/**
 * What a task asks of an object, with the success predicate and the progress measure that go with
 * it (see {@code docs/tasks.md} for the exact rules). Heights and distances are in metres, times in
 * seconds of simulated time.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Goal permits Goal.Lifted, Goal.PlacedOn, Goal.PlacedIn, Goal.Pushed, Goal.Reached {

    /** The object the goal is about (a body with a free joint). */
    String object();

    /** The default instruction template of this kind of goal, with {@code {object}}, {@code {support}} or {@code {region}}. */
    String template();

    /**
     * The object's centre is at least {@code height} above where it rests on the table, without a
     * break, for at least {@code holdSeconds}.
     *
     * @param object the object
     * @param height how far above its resting height, positive
     * @param holdSeconds for how long, not negative
     */
    record Lifted(String object, double height, double holdSeconds) implements Goal {
        /** Validates. */
        public Lifted {
            Objects.requireNonNull(object, "object");
            positive("height", height);
            notNegative("holdSeconds", holdSeconds);
        }

        @Override
        public String template() {
            return "pick up the {object}";
        }
    }

    /**
     * At the end of the episode the object rests on {@code support}: its centre within
     * {@code tolerance} of the support's centre horizontally and {@code height} (± tolerance / 2)
     * above it, both at rest, the support still on the table, and the gripper away from the object.
     *
     * @param object the object
     * @param support the object it must rest on
     * @param height the object's centre above the support's centre when stacked, positive
     * @param tolerance the horizontal tolerance, positive
     */
    record PlacedOn(String object, String support, double height, double tolerance) implements Goal {
        /** Validates. */
        public PlacedOn {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(support, "support");
            if (object.equals(support)) {
                throw new IllegalArgumentException("An object cannot be placed on itself: '" + object + "'");
            }
            positive("height", height);
            positive("tolerance", tolerance);
        }

        @Override
        public String template() {
            return "put the {object} on the {support}";
        }
    }

    /**
     * At the end of the episode the object rests on the table with its centre inside
     * {@code region}, at rest, and the gripper away from it.
     *
     * @param object the object
     * @param region where it must end up
     */
    record PlacedIn(String object, Region region) implements Goal {
        /** Validates. */
        public PlacedIn {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(region, "region");
        }

        @Override
        public String template() {
            return "put the {object} in the {region}";
        }
    }

    /**
     * At the end of the episode the object is on the table with its centre inside {@code region}
     * (it may have been carried, but it must be down).
     *
     * @param object the object
     * @param region where it must end up
     */
    record Pushed(String object, Region region) implements Goal {
        /** Validates. */
        public Pushed {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(region, "region");
        }

        @Override
        public String template() {
            return "push the {object} into the {region}";
        }
    }

    /**
     * The end-effector site comes within {@code radius} of the object's centre and stays there for
     * at least {@code holdSeconds}.
     *
     * @param object the object
     * @param radius how close, positive
     * @param holdSeconds for how long, not negative
     */
    record Reached(String object, double radius, double holdSeconds) implements Goal {
        /** Validates. */
        public Reached {
            Objects.requireNonNull(object, "object");
            positive("radius", radius);
            notNegative("holdSeconds", holdSeconds);
        }

        @Override
        public String template() {
            return "touch the {object}";
        }
    }

    private static void positive(String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, was " + v);
        }
    }

    private static void notNegative(String what, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and not negative, was " + v);
        }
    }
}
