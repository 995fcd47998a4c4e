/**
 * Product models that applications and the command line use without the testkit: the original
 * arena's deterministic mock model, {@link io.vlaarena.models.MockVla}.
 */
package io.vlaarena.models;
