/**
 * MJCF scenes simulated and rendered in pure Java with MuJoCo 2.2.2's layout:
 * {@link io.vlaarena.sim.SimModel} (the immutable, shareable compiled model),
 * {@link io.vlaarena.sim.Simulation} (one episode's state), {@link io.vlaarena.sim.MjcfEnvironment}
 * and its factory (the core's environment SPI), the bundled scenes, episode videos
 * ({@link io.vlaarena.sim.EpisodeVideo}) and the task-progress judge
 * ({@link io.vlaarena.sim.ProgressJudge}). See {@code docs/simulator.md}.
 */
package io.vlaarena.sim;
