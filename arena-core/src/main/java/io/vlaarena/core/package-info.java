/**
 * The arena's domain and ports, pure JDK: policies ({@link io.vlaarena.core.Vla},
 * {@link io.vlaarena.core.VlaRollout}, {@link io.vlaarena.core.VlaSpec}), observations and actions,
 * the {@link io.vlaarena.core.Environment} SPI, the {@link io.vlaarena.core.EpisodeRunner} and
 * episodes as values, and the {@link io.vlaarena.core.ArenaException} family every intentional
 * error belongs to. See {@code docs/concepts.md}.
 */
package io.vlaarena.core;
