/**
 * Test support for projects that use VLA Arena: fault injectors ({@link io.vlaarena.testkit.FaultyVla}),
 * scripted policies, an environment without physics ({@link io.vlaarena.testkit.FakeEnvironment})
 * and fluent assertions ({@link io.vlaarena.testkit.ArenaAssertions}). Test scope only; product
 * models live in {@code arena-models}. See {@code docs/testkit.md}.
 */
package io.vlaarena.testkit;
