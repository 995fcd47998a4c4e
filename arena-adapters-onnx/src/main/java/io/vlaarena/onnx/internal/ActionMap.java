package io.vlaarena.onnx.internal;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.InferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the actions output becomes the environment's actions: each environment value is one column of
 * the (unnormalized) policy action, clipped, scaled and offset, or a constant; the first
 * {@code execute} actions of each chunk are returned. Immutable and thread-safe.
 *
 * @param width the policy's action width (the output's last axis)
 * @param entries one per environment value
 * @param execute actions of each chunk handed to the episode runner (the first ones)
 */
public record ActionMap(int width, List<Entry> entries, int execute) {
    /** Validates and copies. */
    public ActionMap {
        entries = List.copyOf(entries);
        if (width < 1 || entries.isEmpty() || execute < 1) {
            throw new IllegalArgumentException("An action map needs a positive width, entries and execute count");
        }
        for (Entry e : entries) {
            if (e.from() >= width) {
                throw new IllegalArgumentException("An action value reads column " + e.from() + " of " + width);
            }
        }
    }

    /**
     * One environment value: {@code clamp(a[from], min, max) · scale + offset}, or {@code value}
     * when {@code from} is −1.
     */
    public record Entry(int from, double scale, double offset, double min, double max, double value) {
        /** A column as it is. */
        public static Entry column(int from) {
            return new Entry(from, 1, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0);
        }

        /** A constant. */
        public static Entry constant(double value) {
            return new Entry(-1, 1, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, value);
        }

        double apply(double[] action) {
            return from < 0 ? value : Math.max(min, Math.min(max, action[from])) * scale + offset;
        }
    }

    /** Every column as it is, then {@code pad} up to {@code environmentDimension} values; every action executed. */
    public static ActionMap padded(int width, int environmentDimension, double pad, int horizon) {
        List<Entry> e = new ArrayList<>();
        for (int i = 0; i < environmentDimension; i++) {
            e.add(i < width ? Entry.column(i) : Entry.constant(pad));
        }
        return new ActionMap(width, e, horizon);
    }

    /** Environment values per action. */
    public int dimension() {
        return entries.size();
    }

    /**
     * Unnormalizes and maps the first {@link #execute} actions of a raw chunk ({@code horizon × width}
     * floats, row-major).
     *
     * @throws InferenceException for a non-finite value, naming the chunk index and column
     */
    public ActionChunk decode(String modelId, float[] raw, ModelCard.Normalization normalization) {
        Objects.requireNonNull(raw, "raw");
        List<Action> out = new ArrayList<>(execute);
        double[] a = new double[width];
        for (int k = 0; k < execute; k++) {
            for (int i = 0; i < width; i++) {
                float v = raw[k * width + i];
                if (!Float.isFinite(v)) {
                    throw new InferenceException("Model '" + modelId + "' produced a non-finite action value (" + v
                            + ") at chunk index " + k + ", dimension " + i);
                }
                a[i] = normalization.apply(i, v);
            }
            double[] env = new double[entries.size()];
            for (int j = 0; j < env.length; j++) {
                env[j] = entries.get(j).apply(a);
            }
            out.add(new Action(env));
        }
        return new ActionChunk(out);
    }
}
