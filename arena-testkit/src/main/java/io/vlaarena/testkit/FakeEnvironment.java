package io.vlaarena.testkit;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An environment double with no physics, for tests of code around episodes: {@code qpos} is a
 * first-order system that moves each coordinate a fraction of the way toward the action's value
 * per control step ({@code qpos += gain · (action − qpos)}, {@code qvel} the change per second).
 * Accepts actions of exactly {@link #actionDimension()} values; records every executed action and
 * counts renders (which return a flat grey image).
 *
 * <p>Not thread-safe, like every environment.
 */
public final class FakeEnvironment implements Environment {
    private final int dimension;
    private final ActionSpace actionSpace;
    private final double controlPeriod;
    private final double gain;
    private final List<Action> executed = new ArrayList<>();
    private final AtomicInteger renders = new AtomicInteger();
    private double[] qpos;
    private double[] qvel;
    private double time;
    private boolean closed;

    /**
     * An environment of {@code dimension} coordinates driven by {@code dimension}-value {@code ctrl}
     * actions, 5 Hz, gain 0.5.
     */
    public FakeEnvironment(int dimension) {
        this(dimension, ActionSpace.CTRL);
    }

    /**
     * An environment whose actions are declared to be of {@code actionSpace} (the episode runner
     * refuses policies of another space; the fake moves every coordinate the same way whatever the
     * space), 5 Hz, gain 0.5.
     */
    public FakeEnvironment(int dimension, ActionSpace actionSpace) {
        this(dimension, actionSpace, 0.2, 0.5);
    }

    /** A {@code ctrl} environment with the given control period (seconds) and gain in (0, 1]. */
    public FakeEnvironment(int dimension, double controlPeriod, double gain) {
        this(dimension, ActionSpace.CTRL, controlPeriod, gain);
    }

    private FakeEnvironment(int dimension, ActionSpace actionSpace, double controlPeriod, double gain) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (!(controlPeriod > 0) || !(gain > 0 && gain <= 1)) {
            throw new IllegalArgumentException("Need controlPeriod > 0 and gain in (0, 1], got " + controlPeriod + ", " + gain);
        }
        this.dimension = dimension;
        this.actionSpace = java.util.Objects.requireNonNull(actionSpace, "actionSpace");
        this.controlPeriod = controlPeriod;
        this.gain = gain;
        this.qpos = new double[dimension];
        this.qvel = new double[dimension];
    }

    /** A factory that ignores the XML and builds {@code FakeEnvironment}s of the options' action space. */
    public static EnvironmentFactory factory(int dimension) {
        return (xml, options) -> new FakeEnvironment(dimension, options.actionSpace());
    }

    @Override
    public int nq() {
        return dimension;
    }

    @Override
    public int nv() {
        return dimension;
    }

    @Override
    public int nu() {
        return dimension;
    }

    @Override
    public ActionSpace actionSpace() {
        return actionSpace;
    }

    @Override
    public int actionDimension() {
        return dimension;
    }

    @Override
    public double controlPeriod() {
        return controlPeriod;
    }

    @Override
    public List<String> cameras() {
        return List.of();
    }

    @Override
    public SimState reset(long seed) {
        ensureOpen();
        qpos = new double[dimension];
        qvel = new double[dimension];
        time = 0;
        executed.clear();
        return state();
    }

    @Override
    public SimState step(Action action) {
        ensureOpen();
        Objects.requireNonNull(action, "action");
        if (action.dimension() != dimension) {
            throw new IllegalArgumentException("This environment expects " + dimension + " action values, got "
                    + action.dimension());
        }
        for (int i = 0; i < dimension; i++) {
            double delta = gain * (action.get(i) - qpos[i]);
            qpos[i] += delta;
            qvel[i] = delta / controlPeriod;
        }
        time += controlPeriod;
        executed.add(action);
        return state();
    }

    @Override
    public SimState state() {
        return new SimState(qpos, qvel, time);
    }

    @Override
    public RgbImage render(String camera, int width, int height) {
        ensureOpen();
        if (camera != null) {
            throw new IllegalArgumentException("Unknown camera '" + camera + "'; this environment has only the default camera");
        }
        renders.incrementAndGet();
        byte[] px = new byte[width * height * 3];
        java.util.Arrays.fill(px, (byte) 128);
        return new RgbImage(width, height, px);
    }

    /** The actions executed since the last reset. */
    public List<Action> executed() {
        return List.copyOf(executed);
    }

    /** How many images were rendered. */
    public int renderCount() {
        return renders.get();
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This environment is closed");
        }
    }
}
