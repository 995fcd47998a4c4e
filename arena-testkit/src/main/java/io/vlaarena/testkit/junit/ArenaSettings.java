package io.vlaarena.testkit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures the {@link io.vlaarena.core.arena.Arena} that {@link ArenaExtension} injects, on a
 * test class or method (the method's wins). Without it: models {@code mock-vla} and
 * {@code mock-vla-2}, 75 steps, seed 0.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
public @interface ArenaSettings {
    /** Ids of the mock models to register ({@link io.vlaarena.testkit.MockVla} each). */
    String[] models() default {"mock-vla", "mock-vla-2"};

    /** Actions per episode. */
    int maxSteps() default 75;

    /** Seed of pairing and episodes. */
    long seed() default 0;
}
