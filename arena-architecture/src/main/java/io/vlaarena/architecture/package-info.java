/**
 * Build support shared by every module's tests: the architecture rules
 * ({@link io.vlaarena.architecture.ModuleRules}) and fresh-JVM runs
 * ({@link io.vlaarena.architecture.FreshJvm}). Not published.
 */
package io.vlaarena.architecture;
