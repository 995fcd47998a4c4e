package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The effective attributes of one MJCF element: its default class's values overlaid with its own,
 * each value remembering where it was written so that every error names the element and line.
 * Parsing is strict: numbers are plain decimals (no hex, no Java suffixes), NaN and infinities are
 * refused, and vectors must have the expected count.
 */
final class Attrs {
    /** A written attribute value and the element it was written on. */
    record Value(String text, XmlElement origin, String className) {
    }

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");

    final XmlElement element;
    private final Map<String, Value> values;
    /** Every layer that wrote each attribute, outermost default class first, the element last. */
    private final Map<String, List<Value>> layers;

    Attrs(XmlElement element, Map<String, List<Value>> defaults) {
        this.element = element;
        this.values = new LinkedHashMap<>();
        this.layers = new LinkedHashMap<>();
        defaults.forEach((k, v) -> {
            layers.put(k, new ArrayList<>(v));
            values.put(k, v.get(v.size() - 1));
        });
        for (Map.Entry<String, String> e : element.attributes().entrySet()) {
            if (!e.getKey().equals("class")) {
                Value v = new Value(e.getValue(), element, null);
                values.put(e.getKey(), v);
                layers.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(v);
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    private String where(String name) {
        return where(name, values.get(name));
    }

    private String where(String name, Value v) {
        if (v != null && v.className() != null) {
            return "Attribute '" + name + "' of <" + v.origin().name + "> in default class '" + v.className()
                    + "' at line " + v.origin().line;
        }
        int line = v == null ? element.line : v.origin().line;
        return "Attribute '" + name + "' of <" + element.name + "> at line " + line;
    }

    SceneException error(String name, String problem) {
        return new SceneException(where(name) + " " + problem);
    }

    private SceneException error(String name, Value v, String problem) {
        return new SceneException(where(name, v) + " " + problem);
    }

    String str(String name, String fallback) {
        Value v = values.get(name);
        return v == null ? fallback : v.text();
    }

    String keyword(String name, String fallback, List<String> allowed) {
        String s = str(name, fallback);
        if (!allowed.contains(s)) {
            throw error(name, "has the value '" + s + "'; allowed values: " + allowed);
        }
        return s;
    }

    boolean bool(String name, boolean fallback) {
        String s = str(name, null);
        if (s == null) {
            return fallback;
        }
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw error(name, "has the value '" + s + "'; allowed values: [true, false]");
    }

    /**
     * Between {@code min} and {@code max} numbers. As in MuJoCo, a shorter vector replaces only the
     * leading values: the rest keep what the default classes (or {@code fallback}) had.
     */
    double[] numbers(String name, int min, int max, double[] fallback) {
        double[] out = fallback == null ? new double[max] : fallback.clone();
        List<Value> written = layers.get(name);
        if (written == null) {
            return out;
        }
        for (Value v : written) {
            double[] parsed = parse(name, v, v.text());
            if (parsed.length < min || parsed.length > max) {
                String expected = min == max ? String.valueOf(min) : min + " to " + max;
                throw error(name, v, "has " + parsed.length + " number" + (parsed.length == 1 ? "" : "s") + " ('"
                        + v.text().strip() + "'); expected " + expected + ".");
            }
            System.arraycopy(parsed, 0, out, 0, parsed.length);
        }
        return out;
    }

    /** Exactly {@code count} numbers, or {@code fallback} when absent. */
    double[] vector(String name, int count, double[] fallback) {
        return numbers(name, count, count, fallback);
    }

    /** Any number of values; {@code null} when absent. */
    double[] list(String name) {
        Value v = values.get(name);
        return v == null ? null : parse(name, v, v.text());
    }

    double number(String name, double fallback) {
        return numbers(name, 1, 1, new double[] {fallback})[0];
    }

    int integer(String name, int fallback) {
        String s = str(name, null);
        if (s == null) {
            return fallback;
        }
        String t = s.strip();
        if (!INTEGER.matcher(t).matches()) {
            throw error(name, "has '" + s + "', which is not an integer.");
        }
        return Integer.parseInt(t);
    }

    private double[] parse(String name, Value v, String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return new double[0];
        }
        String[] tokens = t.split("\\s+");
        List<Double> out = new ArrayList<>(tokens.length);
        for (String token : tokens) {
            if (NON_FINITE.matcher(token).matches()) {
                throw error(name, v, "has a non-finite number '" + token + "'");
            }
            if (!NUMBER.matcher(token).matches()) {
                throw error(name, v, "has '" + token + "', which is not a number.");
            }
            double d = Double.parseDouble(token);
            if (!Double.isFinite(d)) {
                throw error(name, v, "has a non-finite number '" + token + "'");
            }
            out.add(d);
        }
        double[] r = new double[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        return r;
    }
}
