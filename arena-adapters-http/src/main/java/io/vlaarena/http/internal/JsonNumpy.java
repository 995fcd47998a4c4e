package io.vlaarena.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * numpy arrays in JSON as the {@code json-numpy} package writes them (OpenVLA's REST server uses
 * it): {@code {"__numpy__": <base64 of the raw C-order bytes>, "dtype": "<f8", "shape": [7]}}.
 */
public final class JsonNumpy {
    private JsonNumpy() {}

    /** An RGB image {@code [height, width, 3]} of {@code uint8}. */
    public static ObjectNode image(byte[] rgb, int width, int height) {
        ObjectNode n = Json.object();
        n.put("__numpy__", Base64.getEncoder().encodeToString(rgb));
        n.put("dtype", "|u1");
        n.putArray("shape").add(height).add(width).add(3);
        return n;
    }

    /** Whether {@code node} is a json-numpy array. */
    public static boolean isArray(JsonNode node) {
        return node != null && node.isObject() && node.has("__numpy__");
    }

    /**
     * The values of a json-numpy array of floating point or integer elements, in C order.
     *
     * @throws IllegalArgumentException for malformed base64, an unsupported dtype or data that does
     *     not match the shape, naming what is wrong
     */
    public static double[] values(JsonNode node) {
        JsonNode data = node.get("__numpy__");
        JsonNode dtype = node.get("dtype");
        if (data == null || !data.isTextual() || dtype == null || !dtype.isTextual()) {
            throw new IllegalArgumentException("a json-numpy array needs '__numpy__' (base64) and 'dtype' as strings");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(data.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the array's '__numpy__' is not base64: " + e.getMessage());
        }
        String t = dtype.textValue();
        if (t.length() != 3 || "<>|=".indexOf(t.charAt(0)) < 0) {
            throw new IllegalArgumentException("unsupported dtype '" + t + "'; expected <f4, <f8 or an integer type");
        }
        ByteOrder order = t.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = t.charAt(1);
        int size = t.charAt(2) - '0';
        boolean known = kind == 'f' && (size == 4 || size == 8)
                || (kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8);
        if (!known) {
            throw new IllegalArgumentException("unsupported dtype '" + t + "'; expected <f4, <f8 or an integer type");
        }
        long count = 1;
        JsonNode shape = node.get("shape");
        if (shape != null && shape.isArray()) {
            for (JsonNode d : shape) {
                if (!d.canConvertToInt() || d.intValue() < 0) {
                    throw new IllegalArgumentException("the array's shape " + shape + " is not a list of sizes");
                }
                count *= d.intValue();
            }
        }
        if (count * size != raw.length) {
            throw new IllegalArgumentException("the array's " + raw.length + " bytes do not hold " + count + " values of "
                    + t + " (shape " + shape + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(order);
        double[] out = new double[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (kind) {
                case 'f' -> size == 8 ? b.getDouble() : b.getFloat();
                case 'u' -> size == 1 ? b.get() & 0xff : size == 2 ? b.getShort() & 0xffff
                        : size == 4 ? b.getInt() & 0xffffffffL : b.getLong();
                default -> size == 1 ? b.get() : size == 2 ? b.getShort() : size == 4 ? b.getInt() : b.getLong();
            };
        }
        return out;
    }
}
