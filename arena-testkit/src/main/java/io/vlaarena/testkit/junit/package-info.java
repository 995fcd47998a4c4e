/**
 * JUnit 5 extensions that start real services, stores and arenas for a test or a test class and
 * close them afterwards: {@link io.vlaarena.testkit.junit.MockVlaService},
 * {@link io.vlaarena.testkit.junit.EmbeddedArenaStore}, {@link io.vlaarena.testkit.junit.ArenaExtension}.
 */
package io.vlaarena.testkit.junit;
