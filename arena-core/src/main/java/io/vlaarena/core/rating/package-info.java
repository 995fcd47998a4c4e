/**
 * Leaderboards from human votes: the original arena's online Elo and a Bradley–Terry fit with
 * bootstrap confidence intervals, both producing the same {@link io.vlaarena.core.rating.Leaderboard}.
 *
 * <p>Everything here is pure JDK, immutable and thread-safe: build a rater once
 * ({@link io.vlaarena.core.rating.EloRating#of()}, {@link io.vlaarena.core.rating.BradleyTerry#of()})
 * and call {@code rate(votes)} from any thread. Filtering (one robot, one scene, a time window)
 * is the caller's job: pass only the votes that belong on the board.
 */
package io.vlaarena.core.rating;
