package io.vlaarena.core.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the core's value types; messages name the field and the bad value. */
public final class Checks {
    private Checks() {}

    /** Returns a copy of {@code values}, rejecting null, NaN and infinities. */
    public static double[] finiteCopy(String what, double[] values) {
        Objects.requireNonNull(values, what);
        double[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            if (!Double.isFinite(copy[i])) {
                throw new IllegalArgumentException(
                        what + " has a non-finite value " + copy[i] + " at index " + i + " of " + copy.length);
            }
        }
        return copy;
    }

    /** Requires a positive duration. */
    public static Duration positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    /** Requires {@code value > 0}. */
    public static int positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
        return value;
    }

    /** Requires a non-blank string. */
    public static String nonBlank(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    /** Formats an array compactly for messages. */
    public static String brief(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (i == 8 && values.length > 10) {
                sb.append("… ").append(values.length - 8).append(" more");
                break;
            }
            sb.append(values[i]);
        }
        return sb.append(']').toString();
    }
}
