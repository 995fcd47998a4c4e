package io.vlaarena.core;

import io.vlaarena.core.internal.Checks;
import java.util.Arrays;

/**
 * One action for the environment: a vector of finite numbers whose meaning the
 * {@link ActionSpace} fixes (e.g. 7 arm values and a gripper value for {@code ctrl}).
 *
 * <p>Immutable and thread-safe; the array is copied in and out.
 *
 * @param values the action values, copied; every value finite
 */
public record Action(double[] values) {
    /** Validates and copies; throws {@link IllegalArgumentException} on NaN, infinity or no values. */
    public Action {
        values = Checks.finiteCopy("Action", values);
        if (values.length == 0) {
            throw new IllegalArgumentException("Action must have at least one value");
        }
    }

    /** Creates an action from values. */
    public static Action of(double... values) {
        return new Action(values);
    }

    /** Returns a copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** The number of values. */
    public int dimension() {
        return values.length;
    }

    /** The value at {@code index}. */
    public double get(int index) {
        return values[index];
    }

    /** Returns this action truncated or zero-padded to {@code dimension} values. */
    public Action resized(int dimension) {
        return dimension == values.length ? this : new Action(Arrays.copyOf(values, dimension));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Action a && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Action" + Arrays.toString(values);
    }
}
