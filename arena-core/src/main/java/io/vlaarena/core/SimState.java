package io.vlaarena.core;

import io.vlaarena.core.internal.Checks;
import java.util.Arrays;

/**
 * The simulator's state after a step, in MuJoCo's layout (SPEC.md §5): generalized positions
 * {@code qpos} (length {@code nq}), velocities {@code qvel} (length {@code nv}) and the simulated
 * time in seconds.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out.
 *
 * @param qpos generalized positions, finite
 * @param qvel generalized velocities, finite
 * @param time simulated time in seconds, finite and not negative
 */
public record SimState(double[] qpos, double[] qvel, double time) {
    /** Validates and copies; throws {@link IllegalArgumentException} on non-finite values. */
    public SimState {
        qpos = Checks.finiteCopy("qpos", qpos);
        qvel = Checks.finiteCopy("qvel", qvel);
        if (!Double.isFinite(time) || time < 0) {
            throw new IllegalArgumentException("time must be finite and not negative, was " + time);
        }
    }

    /** Returns a copy of {@code qpos}. */
    @Override
    public double[] qpos() {
        return qpos.clone();
    }

    /** Returns a copy of {@code qvel}. */
    @Override
    public double[] qvel() {
        return qvel.clone();
    }

    /** {@code qpos[index]} without copying. */
    public double qpos(int index) {
        return qpos[index];
    }

    /** {@code qvel[index]} without copying. */
    public double qvel(int index) {
        return qvel[index];
    }

    /** Length of {@code qpos}. */
    public int nq() {
        return qpos.length;
    }

    /** Length of {@code qvel}. */
    public int nv() {
        return qvel.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimState s && Arrays.equals(qpos, s.qpos) && Arrays.equals(qvel, s.qvel)
                && Double.compare(time, s.time) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(qpos) + Arrays.hashCode(qvel)) + Double.hashCode(time);
    }

    @Override
    public String toString() {
        return "SimState[t=" + time + ", qpos=" + Checks.brief(qpos) + ", qvel=" + Checks.brief(qvel) + "]";
    }
}
