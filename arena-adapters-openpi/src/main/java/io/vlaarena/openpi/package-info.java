/**
 * openpi's policy protocol, both sides: {@link io.vlaarena.openpi.OpenPiVla} puts a policy served
 * by openpi (pi0, pi0-FAST, pi0.5) or RoboArena into the arena, {@link io.vlaarena.openpi.OpenPiServer}
 * serves any {@code Vla} to openpi clients, {@link io.vlaarena.openpi.OpenPiMapping} says how
 * observations and actions meet the policy's keys, and {@link io.vlaarena.openpi.OpenPiCodec} is the
 * message encoding (msgpack with numpy arrays). See {@code docs/policies.md}.
 */
package io.vlaarena.openpi;
