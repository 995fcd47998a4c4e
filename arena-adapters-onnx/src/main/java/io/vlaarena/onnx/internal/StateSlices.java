package io.vlaarena.onnx.internal;

import io.vlaarena.core.Observation;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks proprioceptive values out of an observation by the text a card writes: {@code qpos},
 * {@code qpos[i]}, {@code qpos[a:b]} (b exclusive), the same for {@code qvel}, and {@code time}.
 * The syntax of core's state selectors, which replace this class once they are available to it.
 * Immutable and thread-safe.
 */
final class StateSlices {
    private static final Pattern SYNTAX = Pattern.compile("(qpos|qvel)(?:\\[(\\d{1,6})(?::(\\d{1,6}))?\\])?|time");

    private final String text;
    private final String field;
    private final int from;
    private final int to;

    private StateSlices(String text, String field, int from, int to) {
        this.text = text;
        this.field = field;
        this.from = from;
        this.to = to;
    }

    /** Parses a selector; an {@link IllegalArgumentException} names the text and the valid forms. */
    static StateSlices parse(String text) {
        String t = text.strip();
        Matcher m = SYNTAX.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("Unknown state selector '" + text + "'; valid forms: qpos, qpos[i], qpos[a:b], "
                    + "qvel, qvel[i], qvel[a:b], time");
        }
        if (m.group(1) == null) {
            return new StateSlices(t, "time", 0, 1);
        }
        if (m.group(2) == null) {
            return new StateSlices(t, m.group(1), 0, -1);
        }
        int a = Integer.parseInt(m.group(2));
        int b = m.group(3) == null ? a + 1 : Integer.parseInt(m.group(3));
        if (b <= a) {
            throw new IllegalArgumentException("The state selector '" + text + "' selects nothing: its end must be greater "
                    + "than its start");
        }
        return new StateSlices(t, m.group(1), a, b);
    }

    /** How many values it selects, when that does not depend on the scene. */
    OptionalInt length() {
        return to < 0 ? OptionalInt.empty() : OptionalInt.of(to - from);
    }

    /** The selected values; an {@link IllegalArgumentException} when the state is too short. */
    double[] read(Observation o) {
        if (field.equals("time")) {
            return new double[] {o.state().time()};
        }
        double[] v = field.equals("qpos") ? o.state().qpos() : o.state().qvel();
        int end = to < 0 ? v.length : to;
        if (end > v.length) {
            throw new IllegalArgumentException("The state selector '" + text + "' reaches beyond the scene's " + v.length + " "
                    + field + " values");
        }
        return Arrays.copyOfRange(v, from, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
