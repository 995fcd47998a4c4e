package io.vlaarena.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.Action;
import io.vlaarena.core.SimState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The module's one shared Jackson mapper and the wire conversions both sides use. */
public final class Json {
    /** Thread-safe once configured; never reconfigured after class initialization. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }

    /** Parses a request body: 400 for malformed JSON, 422 for anything but an object. */
    public static ObjectNode parseObjectBody(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new HttpError(400, "The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw new HttpError(422, "The request body must be a JSON object, got an empty body");
        }
        if (!node.isObject()) {
            throw new HttpError(422, "The request body must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return (ObjectNode) node;
    }

    /** A required string field, else 422 naming it. */
    public static String requireString(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw new HttpError(422, "Field '" + field + "' is required");
        }
        if (!n.isTextual()) {
            throw new HttpError(422, "Field '" + field + "' must be a string, got " + kind(n));
        }
        return n.textValue();
    }

    /** A required string field of 1 to {@code max} characters, else 422 naming it. */
    public static String requireString(ObjectNode body, String field, int min, int max) {
        String s = requireString(body, field);
        if (s.length() < min || s.length() > max) {
            throw new HttpError(422, "Field '" + field + "' must have " + min + " to " + max + " characters, got "
                    + s.length());
        }
        return s;
    }

    /** An optional integer field, else 422 naming it. */
    public static Optional<Long> optionalLong(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new HttpError(422, "Field '" + field + "' must be an integer, got " + kind(n));
        }
        return Optional.of(n.longValue());
    }

    public static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> n.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase();
        };
    }

    public static ArrayNode doubles(double[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    public static ArrayNode actions(List<Action> actions) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Action action : actions) {
            a.add(doubles(action.values()));
        }
        return a;
    }

    public static ObjectNode state(SimState s) {
        ObjectNode o = object();
        o.set("qpos", doubles(s.qpos()));
        o.set("qvel", doubles(s.qvel()));
        o.put("time", s.time());
        return o;
    }

    public static ArrayNode states(List<SimState> states) {
        ArrayNode a = MAPPER.createArrayNode();
        for (SimState s : states) {
            a.add(state(s));
        }
        return a;
    }

    /**
     * Reads an array of numbers.
     *
     * @throws IllegalArgumentException naming {@code what} when it is not one
     */
    public static double[] readDoubles(JsonNode n, String what) {
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException("'" + what + "' must be an array of numbers, got "
                    + (n == null ? "nothing" : kind(n)));
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode e = n.get(i);
            if (!e.isNumber()) {
                throw new IllegalArgumentException("'" + what + "[" + i + "]' must be a number, got " + kind(e));
            }
            v[i] = e.doubleValue();
        }
        return v;
    }

    public static SimState readState(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("'" + what + "' must be an object with qpos, qvel and time");
        }
        JsonNode t = n.get("time");
        double time = t == null || t.isNull() ? 0.0 : t.isNumber() ? t.doubleValue() : Double.NaN;
        if (Double.isNaN(time)) {
            throw new IllegalArgumentException("'" + what + ".time' must be a number, got " + kind(t));
        }
        return new SimState(readDoubles(n.get("qpos"), what + ".qpos"), readDoubles(n.get("qvel"), what + ".qvel"), time);
    }

    public static List<Action> readActions(JsonNode n, String what) {
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException("'" + what + "' must be an array of actions, got "
                    + (n == null ? "nothing" : kind(n)));
        }
        List<Action> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            out.add(new Action(readDoubles(n.get(i), what + "[" + i + "]")));
        }
        return out;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
