/**
 * Replays of stored episodes for people: the {@link io.vlaarena.core.replay.ReplayProvider} port
 * that a simulator implements (scene geometry, per-step body poses from the simulator's own
 * kinematics, rendered frames), and the values it returns. The web arena's replay endpoints are
 * built on it; core itself never simulates.
 */
package io.vlaarena.core.replay;
