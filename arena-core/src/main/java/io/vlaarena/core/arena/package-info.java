/**
 * The arena: {@link io.vlaarena.core.arena.Arena} runs blind battles (sessions, battles, turns,
 * votes) between registered models and ranks them; {@link io.vlaarena.core.arena.ArenaStore} is the
 * storage port, with an in-memory implementation; leaderboards are returned with the minimum-vote
 * rule that shaped them.
 */
package io.vlaarena.core.arena;
