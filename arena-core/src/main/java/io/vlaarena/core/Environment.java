package io.vlaarena.core;

import java.util.List;

/**
 * A simulated scene that an episode runs in: reset, step with actions at the control rate, read
 * the state and render camera images on demand. The service provider interface that
 * {@code arena-sim} implements.
 *
 * <p>Not thread-safe: one episode, one thread. Closing releases native or large resources;
 * {@code close()} is idempotent.
 */
public interface Environment extends AutoCloseable {

    /** Length of {@code qpos}. */
    int nq();

    /** Length of {@code qvel}. */
    int nv();

    /** Number of actuators. */
    int nu();

    /** The action space that {@link #step} interprets actions in. */
    ActionSpace actionSpace();

    /** The action dimension this environment expects in its action space. */
    int actionDimension();

    /** Simulated seconds that one {@link #step} advances. */
    double controlPeriod();

    /** Names of the cameras the scene defines, in document order. */
    List<String> cameras();

    /**
     * Puts the scene into its initial state; {@code seed} drives any randomization, so the same
     * seed gives the same initial state.
     *
     * @return the initial state
     */
    SimState reset(long seed);

    /**
     * Applies {@code action} and advances the simulation by one control period.
     *
     * @return the state after the step
     * @throws IllegalArgumentException when the action does not fit this action space
     * @throws ArenaException when the simulation diverges
     */
    SimState step(Action action);

    /**
     * Like {@link #step(Action)}, but gives up once {@link System#nanoTime()} passes
     * {@code deadlineNanos}: the episode runner passes its episode deadline, so that a step that
     * would take long (a tiny timestep, a heavy scene) cannot outlive the episode. The default
     * checks the deadline once, before stepping; an environment whose step runs many physics
     * steps checks it between them. After a cancelled step the state is somewhere inside the
     * control period: reset before stepping again.
     *
     * @return the state after the step
     * @throws java.util.concurrent.CancellationException when the deadline passed before the step ended
     * @throws IllegalArgumentException when the action does not fit this action space
     * @throws ArenaException when the simulation diverges
     */
    default SimState step(Action action, long deadlineNanos) {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new java.util.concurrent.CancellationException("The deadline passed before the step started");
        }
        return step(action);
    }

    /** The current state. */
    SimState state();

    /**
     * Renders the current state.
     *
     * @param camera an MJCF camera name, or {@code null} for a default camera that frames the scene
     * @param width image width in pixels
     * @param height image height in pixels
     * @throws IllegalArgumentException for an unknown camera or a non-positive size
     */
    RgbImage render(String camera, int width, int height);

    /**
     * The current world pose of an MJCF site, e.g. the end effector's. The default says this
     * environment reports no sites.
     *
     * @throws IllegalArgumentException for an unknown site (naming the known ones) or when the
     *     environment reports no sites
     */
    default SitePose site(String name) {
        throw new IllegalArgumentException("This environment (" + getClass().getSimpleName()
                + ") does not report site poses; the policy asked for the site '" + name + "'");
    }

    /** Releases resources; idempotent. */
    @Override
    void close();
}
