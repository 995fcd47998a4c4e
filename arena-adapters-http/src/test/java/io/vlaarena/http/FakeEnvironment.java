package io.vlaarena.http;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SceneException;
import io.vlaarena.core.SimState;
import io.vlaarena.http.internal.Mjcf;
import java.util.List;

/**
 * An environment double without physics (arena-sim's MJCF factory is not on this branch yet):
 * {@code qpos} moves halfway toward each action per 0.2 s step. Its factory rejects XML without a
 * {@code <mujoco>} root (or that is malformed) with a {@link SceneException}, like a real MJCF loader.
 */
final class FakeEnvironment implements Environment {
    private final int dim;
    private double[] qpos;
    private double[] qvel;
    private double time;

    FakeEnvironment(int dim) {
        this.dim = dim;
        this.qpos = new double[dim];
        this.qvel = new double[dim];
    }

    static EnvironmentFactory factory() {
        return (xml, options) -> {
            String error = Mjcf.check(xml);
            if (error != null) {
                throw new SceneException("Malformed MJCF: " + error);
            }
            return new FakeEnvironment(8);
        };
    }

    @Override
    public int nq() {
        return dim;
    }

    @Override
    public int nv() {
        return dim;
    }

    @Override
    public int nu() {
        return dim;
    }

    @Override
    public ActionSpace actionSpace() {
        return ActionSpace.CTRL;
    }

    @Override
    public int actionDimension() {
        return dim;
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
        qpos = new double[dim];
        qvel = new double[dim];
        time = 0;
        return state();
    }

    @Override
    public SimState step(Action action) {
        if (action.dimension() != dim) {
            throw new IllegalArgumentException("Expected " + dim + " values, got " + action.dimension());
        }
        for (int i = 0; i < dim; i++) {
            double d = 0.5 * (action.get(i) - qpos[i]);
            qpos[i] += d;
            qvel[i] = d / 0.2;
        }
        time += 0.2;
        return state();
    }

    @Override
    public SimState state() {
        return new SimState(qpos, qvel, time);
    }

    @Override
    public RgbImage render(String camera, int width, int height) {
        byte[] px = new byte[width * height * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        return new RgbImage(width, height, px);
    }

    @Override
    public void close() {}
}
