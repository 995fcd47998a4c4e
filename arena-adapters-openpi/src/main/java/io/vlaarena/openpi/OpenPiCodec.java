package io.vlaarena.openpi;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * openpi's message encoding: msgpack with numpy arrays, byte for byte as openpi's
 * {@code msgpack_numpy} writes it, so that openpi's Python clients and servers read what this
 * writes and the other way round.
 *
 * <p>Java values and msgpack: {@code Map} with {@code String} keys ↔ map (str keys); {@code List}
 * ↔ array; {@code String} ↔ str; {@code byte[]} ↔ bin; {@code Boolean} ↔ bool; {@code Long}
 * (also {@code Integer}, {@code Short}, {@code Byte} when writing) ↔ int, and {@code BigInteger}
 * beyond the long range; {@code Float} ↔ float 32; {@code Double} ↔ float 64; {@code null} ↔ nil;
 * {@link NdArray} ↔ {@code {__ndarray__: true, data: bin, dtype: str, shape: [ints]}} with the four
 * keys written as msgpack <b>bin</b> (openpi's Python side recognises only bin keys) and read as bin
 * or str; a scalar {@link NdArray} ↔ {@code {__npgeneric__: true, data: <number>, dtype}}. A numpy
 * string scalar ({@code np.str_}) reads as a {@code String}.
 *
 * <p>Decoding is bounded by the frame it reads: no length prefix can make it allocate more than the
 * frame holds, nesting is limited to {@value #MAX_DEPTH} levels, and every array's data must match
 * its shape and type exactly. Maps and lists it returns are unmodifiable and keep the wire order.
 * Stateless and thread-safe.
 */
public final class OpenPiCodec {
    /** The deepest nesting of maps and arrays a message may have. */
    public static final int MAX_DEPTH = 64;

    private static final byte[] NDARRAY = ascii("__ndarray__");
    private static final byte[] NPGENERIC = ascii("__npgeneric__");
    private static final byte[] DATA = ascii("data");
    private static final byte[] DTYPE = ascii("dtype");
    private static final byte[] SHAPE = ascii("shape");

    private OpenPiCodec() {}

    /**
     * Encodes a value, typically an observation or an answer map.
     *
     * @throws IllegalArgumentException for a value of another type (naming it and where it was), a
     *     map key that is not a string, or a nesting deeper than {@value #MAX_DEPTH}
     */
    public static byte[] encode(Object value) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            write(p, value, "the message", 0);
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Writing to a memory buffer failed", e);
        }
    }

    /**
     * Decodes one message: exactly one msgpack value filling the whole frame.
     *
     * @throws IllegalArgumentException for anything that is not such a value: truncated or trailing
     *     bytes, a reserved or extension type, a non-string map key, invalid UTF-8, an array whose
     *     data does not match its dtype and shape, an unsupported dtype; the message says what and where
     */
    public static Object decode(byte[] frame) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            if (!u.hasNext()) {
                throw malformed("the frame is empty");
            }
            Object v = read(u, frame.length, "the message", 0);
            if (u.hasNext()) {
                throw malformed("it has " + (frame.length - u.getTotalReadBytes()) + " bytes after its value");
            }
            return v;
        } catch (org.msgpack.core.MessageSizeException e) {
            throw malformed("a length prefix claims more than 2 GiB", e);
        } catch (MessagePackException | IOException e) {
            throw malformed("it is not valid msgpack (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + ")", e);
        }
    }

    /**
     * Decodes a message that must be a map, as every openpi message is.
     *
     * @throws IllegalArgumentException as {@link #decode}, or when the value is not a map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeMap(byte[] frame) {
        Object v = decode(frame);
        if (!(v instanceof Map)) {
            throw malformed("it is " + describe(v) + ", not a map");
        }
        return (Map<String, Object>) v;
    }

    /** A short description of a decoded value's type for messages: "a map", "an array [10, 8] of &lt;f4", "a str"… */
    public static String describe(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof NdArray a) {
            return (a.isScalar() ? "a numpy scalar of " : "an array " + java.util.Arrays.toString(a.shape()) + " of ")
                    + a.dtype().code();
        }
        if (v instanceof Map) {
            return "a map";
        }
        if (v instanceof List<?> l) {
            return "a list of " + l.size();
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof byte[] b) {
            return b.length + " bytes";
        }
        if (v instanceof Boolean) {
            return "a bool";
        }
        return v instanceof Float || v instanceof Double ? "a float" : "an integer";
    }

    // ---- writing

    private static void write(MessageBufferPacker p, Object v, String where, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("The value at " + where + " is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            p.packNil();
        } else if (v instanceof String s) {
            writeString(p, s);
        } else if (v instanceof NdArray a) {
            writeArray(p, a);
        } else if (v instanceof Map<?, ?> m) {
            p.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("Map keys must be strings; " + where + " has the key " + e.getKey());
                }
                writeString(p, key);
                write(p, e.getValue(), where + "['" + key + "']", depth + 1);
            }
        } else if (v instanceof List<?> l) {
            p.packArrayHeader(l.size());
            for (int i = 0; i < l.size(); i++) {
                write(p, l.get(i), where + "[" + i + "]", depth + 1);
            }
        } else if (v instanceof byte[] b) {
            p.packBinaryHeader(b.length);
            p.writePayload(b);
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            p.packLong(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            p.packBigInteger(b);
        } else if (v instanceof Float f) {
            p.packFloat(f);
        } else if (v instanceof Double d) {
            p.packDouble(d);
        } else {
            throw new IllegalArgumentException("Cannot encode " + v.getClass().getName() + " at " + where
                    + "; use maps, lists, strings, numbers, booleans, byte[] or NdArray");
        }
    }

    /** Header and UTF-8 bytes, with the smallest header for the length (as Python's msgpack writes). */
    private static void writeString(MessageBufferPacker p, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        p.packRawStringHeader(b.length);
        p.writePayload(b);
    }

    private static void writeBinKey(MessageBufferPacker p, byte[] key) throws IOException {
        p.packBinaryHeader(key.length);
        p.writePayload(key);
    }

    private static void writeArray(MessageBufferPacker p, NdArray a) throws IOException {
        if (a.isScalar()) {
            // numpy writes obj.item(): a Python bool, int or float
            p.packMapHeader(3);
            writeBinKey(p, NPGENERIC);
            p.packBoolean(true);
            writeBinKey(p, DATA);
            double v = a.getDouble(0);
            switch (a.dtype()) {
                case BOOL -> p.packBoolean(v != 0);
                case FLOAT16, FLOAT32, FLOAT64 -> p.packDouble(v);
                case UINT64 -> p.packBigInteger(new BigInteger(Long.toUnsignedString(a.buffer().getLong(0))));
                case INT64 -> p.packLong(a.buffer().getLong(0));
                default -> p.packLong((long) v);
            }
            writeBinKey(p, DTYPE);
            writeString(p, a.dtype().code());
            return;
        }
        p.packMapHeader(4);
        writeBinKey(p, NDARRAY);
        p.packBoolean(true);
        writeBinKey(p, DATA);
        byte[] data = a.raw();
        p.packBinaryHeader(data.length);
        p.addPayload(data); // by reference: arrays are immutable and toByteArray() copies
        writeBinKey(p, DTYPE);
        writeString(p, a.dtype().code());
        writeBinKey(p, SHAPE);
        p.packArrayHeader(a.ndim());
        for (int d : a.shape()) {
            p.packInt(d);
        }
    }

    // ---- reading

    private static Object read(MessageUnpacker u, int frameLength, String where, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw malformed(where + " is nested deeper than " + MAX_DEPTH + " levels");
        }
        MessageFormat f = u.getNextFormat();
        switch (f.getValueType()) {
            case NIL -> {
                u.unpackNil();
                return null;
            }
            case BOOLEAN -> {
                return u.unpackBoolean();
            }
            case INTEGER -> {
                if (f == MessageFormat.UINT64) {
                    BigInteger b = u.unpackBigInteger();
                    return b.bitLength() < 64 ? (Object) b.longValue() : b;
                }
                return u.unpackLong();
            }
            case FLOAT -> {
                return f == MessageFormat.FLOAT32 ? (Object) u.unpackFloat() : (Object) u.unpackDouble();
            }
            case STRING -> {
                return utf8(payload(u, u.unpackRawStringHeader(), frameLength, where), where);
            }
            case BINARY -> {
                return payload(u, u.unpackBinaryHeader(), frameLength, where);
            }
            case ARRAY -> {
                int n = u.unpackArrayHeader();
                checkCount(u, n, frameLength, where);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(u, frameLength, where + "[" + i + "]", depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            case MAP -> {
                return readMap(u, frameLength, where, depth);
            }
            default -> throw malformed(where + " is a msgpack extension value (" + f + "), which openpi never sends");
        }
    }

    private static Object readMap(MessageUnpacker u, int frameLength, String where, int depth) throws IOException {
        int n = u.unpackMapHeader();
        checkCount(u, 2L * n, frameLength, where);
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            MessageFormat kf = u.getNextFormat();
            String key;
            if (kf.getValueType() == org.msgpack.value.ValueType.STRING) {
                key = utf8(payload(u, u.unpackRawStringHeader(), frameLength, where), where);
            } else if (kf.getValueType() == org.msgpack.value.ValueType.BINARY) {
                key = utf8(payload(u, u.unpackBinaryHeader(), frameLength, where), where);
            } else {
                throw malformed("a key of " + where + " is " + kf.getValueType().name().toLowerCase(java.util.Locale.ROOT)
                        + "; map keys must be str or bin");
            }
            if (map.containsKey(key)) {
                throw malformed(where + " repeats the key '" + key + "'");
            }
            map.put(key, read(u, frameLength, where + "['" + key + "']", depth + 1));
        }
        if (map.containsKey("__ndarray__")) {
            return ndarray(map, where);
        }
        if (map.containsKey("__npgeneric__")) {
            return npgeneric(map, where);
        }
        return Collections.unmodifiableMap(map);
    }

    private static NdArray ndarray(Map<String, Object> m, String where) {
        if (!(m.get("data") instanceof byte[] data)) {
            throw malformed("the __ndarray__ at " + where + " needs 'data' as bin, got " + describe(m.get("data")));
        }
        DType dtype = dtype(m.get("dtype"), where);
        if (!(m.get("shape") instanceof List<?> dims)) {
            throw malformed("the __ndarray__ at " + where + " needs 'shape' as a list of integers, got "
                    + describe(m.get("shape")));
        }
        if (dims.size() > NdArray.MAX_DIMENSIONS) {
            throw malformed("the __ndarray__ at " + where + " has " + dims.size() + " dimensions; at most "
                    + NdArray.MAX_DIMENSIONS + " are allowed");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw malformed("the __ndarray__ at " + where + " has the dimension " + dims.get(i)
                        + " in its shape " + dims + "; dimensions are integers from 0");
            }
            shape[i] = (int) (long) d;
        }
        long expected;
        try {
            expected = NdArray.byteLength(dtype, shape);
        } catch (IllegalArgumentException e) {
            throw malformed("the __ndarray__ at " + where + ": " + e.getMessage());
        }
        if (expected != data.length) {
            throw malformed("the __ndarray__ at " + where + " of dtype " + dtype.code() + " and shape " + dims + " needs "
                    + expected + " bytes of data, got " + data.length);
        }
        if (DType.isBigEndian(String.valueOf(m.get("dtype")))) {
            swap(data, dtype.itemSize());
        }
        return NdArray.wrap(dtype, shape, data, false); // data is this decoder's own fresh copy
    }

    private static Object npgeneric(Map<String, Object> m, String where) {
        Object v = m.get("data");
        Object code = m.get("dtype");
        if (v instanceof String s) {
            return s; // np.str_
        }
        DType dtype = dtype(code, where);
        double d;
        if (v instanceof Boolean b) {
            d = b ? 1 : 0;
        } else if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            throw malformed("the __npgeneric__ at " + where + " needs 'data' as a number or bool, got " + describe(v));
        }
        if (dtype == DType.INT64 || dtype == DType.UINT64) {
            // exact: 64-bit integers do not survive a trip through double
            long bits = v instanceof BigInteger b ? b.longValue() : v instanceof Number n ? n.longValue() : (long) d;
            byte[] raw = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(bits).array();
            return NdArray.wrap(dtype, new int[0], raw, true);
        }
        return NdArray.scalar(dtype, d);
    }

    private static DType dtype(Object code, String where) {
        String s = code instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : code instanceof String str ? str : null;
        if (s == null) {
            throw malformed("the array at " + where + " needs 'dtype' as a string such as \"<f4\", got " + describe(code));
        }
        try {
            return DType.parse(s);
        } catch (IllegalArgumentException e) {
            throw malformed("the array at " + where + " has an unsupported dtype: " + e.getMessage());
        }
    }

    private static void swap(byte[] data, int size) {
        for (int i = 0; i < data.length; i += size) {
            for (int a = i, b = i + size - 1; a < b; a++, b--) {
                byte t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }

    private static void checkCount(MessageUnpacker u, long elements, int frameLength, String where) {
        long left = frameLength - u.getTotalReadBytes();
        if (elements < 0 || elements > left) {
            throw malformed(where + " claims " + elements + " elements but only " + left + " bytes follow");
        }
    }

    private static byte[] payload(MessageUnpacker u, int length, int frameLength, String where) throws IOException {
        long left = frameLength - u.getTotalReadBytes();
        if (length < 0 || length > left) {
            throw malformed(where + " claims " + Integer.toUnsignedString(length) + " bytes but only " + left + " follow");
        }
        return u.readPayload(length);
    }

    private static String utf8(byte[] b, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("a string in " + where + " is not valid UTF-8");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("Malformed openpi message: " + why);
    }

    private static IllegalArgumentException malformed(String why, Throwable cause) {
        return new IllegalArgumentException("Malformed openpi message: " + why, cause);
    }
}
