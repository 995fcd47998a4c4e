package io.vlaarena.storage;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.Environment;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import java.util.List;

/** A physics-free environment double: a point in {@code nq} dimensions moved by the action values. */
final class PointEnvironment implements Environment {
    private final int nq;
    private double[] qpos;
    private double time;

    PointEnvironment(int nq) {
        this.nq = nq;
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
        return 2;
    }

    @Override
    public ActionSpace actionSpace() {
        return ActionSpace.CTRL;
    }

    @Override
    public int actionDimension() {
        return 2;
    }

    @Override
    public double controlPeriod() {
        return 0.2;
    }

    @Override
    public List<String> cameras() {
        return List.of();
    }

    @Override
    public SimState reset(long seed) {
        qpos = new double[nq];
        qpos[0] = Math.floorMod(seed, 7);
        time = 0;
        return state();
    }

    @Override
    public SimState step(Action action) {
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
        return new RgbImage(width, height, new byte[width * height * 3]);
    }

    @Override
    public void close() {}
}
