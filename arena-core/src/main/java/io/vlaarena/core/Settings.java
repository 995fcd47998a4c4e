package io.vlaarena.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy's settings as a configuration file gives them (a {@code models.yaml} entry, a model
 * card, a command-line spec): nested maps and lists of strings, numbers and booleans, read with
 * typed getters whose errors name the source and the field, e.g. {@code models.yaml: model 3
 * ('pi0'): field 'actions.width' must be an integer, got 'eight'}.
 *
 * <p>Every error is a {@link ModelLoadException}: settings are read while a policy is loaded.
 * Numbers given as text ({@code "8"}) are accepted where a number is expected, since command-line
 * specs carry only text. Immutable and thread-safe.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

    private final Map<String, Object> values;
    private final String source;
    private final String prefix;

    private Settings(Map<String, Object> values, String source, String prefix) {
        this.values = values;
        this.source = source;
        this.prefix = prefix;
    }

    /**
     * Settings over {@code values}, deep-copied.
     *
     * @param values keys to strings, numbers, booleans, lists and maps (nested), or null values
     * @param source where they come from, for messages, e.g. {@code "models.yaml: model 3 ('pi0')"}
     * @throws IllegalArgumentException for a value of another type
     */
    public static Settings of(Map<String, ?> values, String source) {
        return new Settings(copyMap(values, ""), Objects.requireNonNull(source, "source"), "");
    }

    /** No settings. */
    public static Settings empty(String source) {
        return of(Map.of(), source);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copyMap(Map<String, ?> m, String at) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(Objects.requireNonNull(k, "key"), copy(v, at + k)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object v, String at) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            return copyMap((Map<String, ?>) m, at + ".");
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(copy(l.get(i), at + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException("Setting '" + at + "' has a value of type " + v.getClass().getName()
                + "; settings hold strings, numbers, booleans, lists and maps");
    }

    /** Where these settings come from, for messages. */
    public String source() {
        return source;
    }

    /** The keys present, in the order given. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** Whether {@code key} is present with a non-null value. */
    public boolean has(String key) {
        return values.get(key) != null;
    }

    /** The raw value (string, number, boolean, list or map), if present and not null. */
    public Optional<Object> raw(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The values as a plain unmodifiable map (nested maps and lists unmodifiable too). */
    public Map<String, Object> asMap() {
        return values;
    }

    /** A text value; numbers and booleans are given as written. */
    public Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw error(key, "must be a text value, got " + kind(v));
        }
        return Optional.of(v.toString());
    }

    /** A text value, or {@code fallback}. */
    public String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    /** One of {@code choices} (as written, case-insensitive), or {@code fallback}. */
    public String choice(String key, List<String> choices, String fallback) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return fallback;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(s.get().strip())) {
                return c;
            }
        }
        throw error(key, "must be one of " + choices + ", got '" + s.get() + "'");
    }

    /** An integer, or {@code fallback}. */
    public int integer(String key, int fallback) {
        return integer(key).orElse(fallback);
    }

    /** An integer, if present. */
    public Optional<Integer> integer(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        double d = number(key, v);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw error(key, "must be an integer, got '" + v + "'");
        }
        return Optional.of((int) d);
    }

    /** A number, or {@code fallback}. */
    public double number(String key, double fallback) {
        Object v = values.get(key);
        return v == null ? fallback : number(key, v);
    }

    private double number(String key, Object v) {
        if (v instanceof Number n) {
            return finite(key, n.doubleValue(), v);
        }
        if (v instanceof String s) {
            try {
                return finite(key, Double.parseDouble(s.strip()), v);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw error(key, "must be a number, got " + (v instanceof String ? "'" + v + "'" : kind(v)));
    }

    private double finite(String key, double d, Object v) {
        if (!Double.isFinite(d)) {
            throw error(key, "must be a finite number, got '" + v + "'");
        }
        return d;
    }

    /** A boolean ({@code true}/{@code false}, also as text), or {@code fallback}. */
    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw error(key, "must be true or false, got " + (v instanceof String ? "'" + v + "'" : kind(v)));
    }

    /**
     * A duration: a number of seconds, or text such as {@code 500ms}, {@code 30s}, {@code 2m},
     * {@code 1h}; or {@code fallback}.
     */
    public Duration duration(String key, Duration fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        Duration d;
        if (v instanceof Number n) {
            d = Duration.ofNanos((long) (n.doubleValue() * 1e9));
        } else {
            Matcher m = DURATION.matcher(v.toString().strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw error(key, "must be a duration such as 30s, 500ms or 2m, got '" + v + "'");
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double seconds = switch (unit) {
                case "ms" -> amount / 1000;
                case "m", "min" -> amount * 60;
                case "h" -> amount * 3600;
                default -> amount;
            };
            d = Duration.ofNanos((long) (seconds * 1e9));
        }
        if (d.isZero() || d.isNegative()) {
            throw error(key, "must be positive, got '" + v + "'");
        }
        return d;
    }

    /** A list of numbers (a single number counts as a list of one), if present. */
    public Optional<double[]> numbers(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        List<?> l = v instanceof List<?> list ? list : List.of(v);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(key + "[" + i + "]", l.get(i));
        }
        return Optional.of(out);
    }

    /** A list of text values (a single text value counts as a list of one); empty when absent. */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        List<?> l = v instanceof List<?> list ? list : List.of(v);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            Object e = l.get(i);
            if (e == null || e instanceof Map || e instanceof List) {
                throw error(key + "[" + i + "]", "must be a text value, got " + kind(e));
            }
            out.add(e.toString());
        }
        return List.copyOf(out);
    }

    /** A nested map, if present. */
    @SuppressWarnings("unchecked")
    public Optional<Settings> section(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map)) {
            throw error(key, "must be a mapping of fields, got " + kind(v));
        }
        return Optional.of(new Settings((Map<String, Object>) v, source, prefix + key + "."));
    }

    /** A list of nested maps; empty when absent. A map where a list is expected counts as a list of one. */
    @SuppressWarnings("unchecked")
    public List<Settings> sections(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        List<?> l = v instanceof List<?> list ? list : List.of(v);
        List<Settings> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof Map)) {
                throw error(key + "[" + i + "]", "must be a mapping of fields, got " + kind(l.get(i)));
            }
            out.add(new Settings((Map<String, Object>) l.get(i), source, prefix + key + "[" + i + "]."));
        }
        return List.copyOf(out);
    }

    /**
     * Throws for any key outside {@code known}, naming it and the known ones: a misspelt setting
     * must not be silently ignored.
     */
    public Settings requireOnly(Set<String> known) {
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new ModelLoadException(source + ": unknown field '" + prefix + k + "'; known fields here: "
                        + new TreeSet<>(known));
            }
        }
        return this;
    }

    /** An error about {@code key}: {@code <source>: field '<path>' <problem>}. */
    public ModelLoadException error(String key, String problem) {
        return new ModelLoadException(source + ": field '" + prefix + key + "' " + problem);
    }

    private static String kind(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v instanceof Boolean ? "a boolean" : v instanceof Number ? "a number" : "text";
    }

    @Override
    public String toString() {
        return "Settings[" + source + (prefix.isEmpty() ? "" : ", " + prefix) + ": " + values.keySet() + "]";
    }
}
