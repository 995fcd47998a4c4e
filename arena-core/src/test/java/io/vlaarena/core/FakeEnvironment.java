package io.vlaarena.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic environment double for the core's tests: a point that moves by the first
 * {@code nq} action values times the control period. Counts renders and steps.
 */
public final class FakeEnvironment implements Environment {
    final int nq;
    final int actionDimension;
    final List<Action> executed = new ArrayList<>();
    final AtomicInteger renders = new AtomicInteger();
    boolean closed;
    /** Step index at which {@link #step} throws an ArenaException (simulated divergence); -1 never. */
    int divergeAt = -1;
    private double[] qpos;
    private double time;

    public FakeEnvironment(int nq, int actionDimension) {
        this.nq = nq;
        this.actionDimension = actionDimension;
        this.qpos = new double[nq];
    }

    @Override
    public int nq() {
        return nq;
    }

    @Override
    public int nv() {
        return nq;
    }

    @Override
    public int nu() {
        return actionDimension;
    }

    @Override
    public ActionSpace actionSpace() {
        return ActionSpace.CTRL;
    }

    @Override
    public int actionDimension() {
        return actionDimension;
    }

    @Override
    public double controlPeriod() {
        return 0.2;
    }

    @Override
    public List<String> cameras() {
        return List.of("front");
    }

    @Override
    public SimState reset(long seed) {
        qpos = new double[nq];
        qpos[0] = seed % 7;
        time = 0;
        executed.clear();
        return state();
    }

    @Override
    public SimState step(Action action) {
        if (action.dimension() != actionDimension) {
            throw new IllegalArgumentException("expects " + actionDimension + " values, got " + action.dimension());
        }
        if (executed.size() == divergeAt) {
            throw new ArenaException("Simulation diverged at t=" + time);
        }
        executed.add(action);
        for (int i = 0; i < nq && i < action.dimension(); i++) {
            qpos[i] += action.get(i) * controlPeriod();
        }
        time += controlPeriod();
        return state();
    }

    @Override
    public SimState state() {
        return new SimState(qpos, new double[nq], time);
    }

    @Override
    public RgbImage render(String camera, int width, int height) {
        renders.incrementAndGet();
        return new RgbImage(width, height, new byte[width * height * 3]);
    }

    /** A site "tip" at (qpos[0], 0, 1) with the identity orientation; any other name is unknown. */
    @Override
    public SitePose site(String name) {
        if (!name.equals("tip")) {
            throw new IllegalArgumentException("Unknown site '" + name + "'; the scene's sites: [tip]");
        }
        return new SitePose(new double[] {qpos[0], 0, 1}, new double[] {1, 0, 0, 0});
    }

    @Override
    public void close() {
        closed = true;
    }
}
