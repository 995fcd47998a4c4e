package io.vlaarena.openpi;

import java.util.Arrays;
import java.util.Locale;

/**
 * The numpy element types that travel in openpi's messages, by their numpy type string
 * ({@code dtype.str}): {@code "<f4"}, {@code "|u1"}, and so on. Little-endian on the wire, as numpy
 * writes them on every machine openpi runs on; a big-endian string ({@code ">f4"}) is read too.
 *
 * <p>Complex, object, structured, string and datetime arrays are not numbers a policy exchanges and
 * are refused with a message naming the supported types.
 */
public enum DType {
    /** {@code |b1}: numpy's bool, one byte, 0 or 1. */
    BOOL("|b1", "bool", 1),
    /** {@code |i1}: signed byte. */
    INT8("|i1", "int8", 1),
    /** {@code |u1}: unsigned byte, the type of images. */
    UINT8("|u1", "uint8", 1),
    /** {@code <i2}. */
    INT16("<i2", "int16", 2),
    /** {@code <u2}. */
    UINT16("<u2", "uint16", 2),
    /** {@code <i4}. */
    INT32("<i4", "int32", 4),
    /** {@code <u4}. */
    UINT32("<u4", "uint32", 4),
    /** {@code <i8}. */
    INT64("<i8", "int64", 8),
    /** {@code <u8}. */
    UINT64("<u8", "uint64", 8),
    /** {@code <f2}: IEEE half precision. */
    FLOAT16("<f2", "float16", 2),
    /** {@code <f4}: single precision, what JAX and PyTorch policies return. */
    FLOAT32("<f4", "float32", 4),
    /** {@code <f8}: double precision, numpy's default (e.g. {@code np.random.rand}). */
    FLOAT64("<f8", "float64", 8);

    private final String code;
    private final String numpyName;
    private final int itemSize;

    DType(String code, String numpyName, int itemSize) {
        this.code = code;
        this.numpyName = numpyName;
        this.itemSize = itemSize;
    }

    /** The numpy type string this project writes, e.g. {@code "<f4"}. */
    public String code() {
        return code;
    }

    /** numpy's name of the type, e.g. {@code "float32"}. */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** Whether the type is a floating-point type. */
    public boolean isFloating() {
        return this == FLOAT16 || this == FLOAT32 || this == FLOAT64;
    }

    /**
     * Reads a numpy type string as numpy writes it ({@code "<f4"}, {@code "|u1"}, {@code ">i8"},
     * {@code "=f8"}), or a numpy type name ({@code "float32"}).
     *
     * @return the type; whether the string named big-endian order is {@link #isBigEndian(String)}
     * @throws IllegalArgumentException naming the supported types for anything else
     */
    public static DType parse(String s) {
        if (s != null && s.length() == 3 && "<>|=".indexOf(s.charAt(0)) >= 0) {
            String body = s.substring(1);
            for (DType t : values()) {
                if (t.code.substring(1).equals(body)) {
                    return t;
                }
            }
        }
        if (s != null) {
            for (DType t : values()) {
                if (t.numpyName.equals(s.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("Unsupported numpy dtype '" + s + "'; supported: "
                + Arrays.stream(values()).map(t -> t.code + " (" + t.numpyName + ")").toList());
    }

    /** Whether a numpy type string names big-endian data ({@code ">f4"}); byte-sized types never are. */
    public static boolean isBigEndian(String s) {
        return s != null && s.startsWith(">") && parse(s).itemSize > 1;
    }
}
