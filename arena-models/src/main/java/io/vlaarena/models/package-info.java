/**
 * Product models that applications and the command line use without the testkit: the original
 * arena's deterministic mock model, {@link io.vlaarena.models.MockVla}, and
 * {@link io.vlaarena.models.ScriptedExpert}, a scripted baseline that does the bundled tasks with inverse
 * kinematics and state machines.
 */
package io.vlaarena.models;
