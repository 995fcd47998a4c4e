package io.vlaarena.testkit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures the {@link io.vlaarena.core.arena.Arena} that {@link ArenaExtension} injects, on a
 * test class or method (the method's wins). Without it: models {@code mock-vla} and
 * {@code mock-vla-2}, 75 steps, seed 0, an in-memory store.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
public @interface ArenaSettings {
    /** Ids of the mock models to register ({@link io.vlaarena.models.MockVla} each). */
    String[] models() default {"mock-vla", "mock-vla-2"};

    /** Actions per episode. */
    int maxSteps() default 75;

    /** Seed of pairing and episodes. */
    long seed() default 0;

    /** Where the arena keeps what it plays. */
    Store store() default Store.IN_MEMORY;

    /** The arena's store. */
    enum Store {
        /** The core's in-memory store, gone with the arena. */
        IN_MEMORY,
        /**
         * A {@link io.vlaarena.storage.MongoArenaStore} on an embedded server in a temporary
         * directory: the store an {@link EmbeddedArenaStore} of the default name resolves to in the
         * same test (or its class), so the test can read the stored documents.
         */
        EMBEDDED
    }
}
