package io.vlaarena.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a {@link io.vlaarena.storage.MongoArenaStore} on an embedded MongoDB-wire server whose
 * data lives in a fresh temporary directory; after its test (or class) the store is closed and the
 * directory deleted.
 *
 * <pre>{@code
 * class MyStoreTest {
 *     @Test
 *     void keepsTurns(@EmbeddedArenaStore MongoArenaStore store) {
 *         String uri = store.embeddedServer().orElseThrow().uri();   // for a MongoDB client of your own
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Put it on a field or a parameter of type {@link io.vlaarena.storage.MongoArenaStore} or
 * {@link io.vlaarena.core.arena.ArenaStore}. The annotation registers
 * {@link EmbeddedArenaStoreExtension} itself. Lifetime and sharing follow {@link MockVlaService}:
 * static fields and {@code @BeforeAll} parameters get a store per class, instance fields and test
 * or {@code @BeforeEach} parameters a store per test; annotations with the same {@link #name()}
 * name the same store within a test, and a test sees its class's store of the same name. The
 * {@link ArenaExtension}'s arena with {@code @ArenaSettings(store = EMBEDDED)} uses the store of
 * the default name, so a test can read what its arena stored. Do not close the store you are given.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EmbeddedArenaStoreExtension.class)
public @interface EmbeddedArenaStore {
    /** Tells apart several stores in one test. */
    String name() default "";
}
