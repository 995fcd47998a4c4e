package io.vlaarena.openpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A numpy array as openpi's msgpack messages carry it: an element type, a shape and the raw
 * little-endian elements in C order ({@code {__ndarray__: true, data, dtype, shape}} on the wire).
 * A numpy scalar ({@code __npgeneric__}) is an array of shape {@code []} marked {@link #isScalar()}.
 *
 * <p>Immutable and thread-safe; the bytes are copied in and out.
 */
public final class NdArray {
    /** numpy's own limit on dimensions (NPY_MAXDIMS of numpy 2). */
    public static final int MAX_DIMENSIONS = 64;

    private final DType dtype;
    private final int[] shape;
    private final byte[] data;
    private final boolean scalar;

    private NdArray(DType dtype, int[] shape, byte[] data, boolean scalar) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
        this.scalar = scalar;
    }

    /**
     * An array of raw little-endian elements.
     *
     * @throws IllegalArgumentException when the shape has a negative dimension, too many dimensions,
     *     or the data is not {@code product(shape) * itemSize} bytes long
     */
    public static NdArray of(DType dtype, int[] shape, byte[] data) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        int[] s = shape.clone();
        long expected = byteLength(dtype, s);
        if (expected != data.length) {
            throw new IllegalArgumentException("A " + dtype.code() + " array of shape " + Arrays.toString(s) + " needs "
                    + expected + " bytes of data, got " + data.length);
        }
        return new NdArray(dtype, s, data.clone(), false);
    }

    /** Takes ownership of {@code data} without copying; for the codec, which has just allocated it. */
    static NdArray wrap(DType dtype, int[] shape, byte[] data, boolean scalar) {
        return new NdArray(dtype, shape, data, scalar);
    }

    /**
     * The byte length of an array of this type and shape.
     *
     * @throws IllegalArgumentException for a negative dimension, more than {@value #MAX_DIMENSIONS}
     *     dimensions, or a size beyond {@code Integer.MAX_VALUE} bytes
     */
    public static long byteLength(DType dtype, int[] shape) {
        if (shape.length > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("An array has at most " + MAX_DIMENSIONS + " dimensions, got " + shape.length);
        }
        long n = dtype.itemSize();
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Array dimensions must not be negative, got " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("An array of shape " + Arrays.toString(shape) + " and type "
                        + dtype.code() + " exceeds 2 GiB");
            }
        }
        return n;
    }

    /** A {@code float32} array of the given values and shape (product of the shape = number of values). */
    public static NdArray ofFloats(float[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return checked(DType.FLOAT32, shape, b.array());
    }

    /** A {@code float64} array of the given values and shape. */
    public static NdArray ofDoubles(double[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return checked(DType.FLOAT64, shape, b.array());
    }

    /** An array of {@code dtype} holding {@code values} converted (rounded for integer types, clamped to their range). */
    public static NdArray fromDoubles(DType dtype, double[] values, int... shape) {
        byte[] out = new byte[values.length * dtype.itemSize()];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            put(b, dtype, v);
        }
        return checked(dtype, shape, out);
    }

    /** A {@code uint8} array of the given bytes and shape, e.g. an image {@code [224, 224, 3]}. */
    public static NdArray ofBytes(byte[] values, int... shape) {
        return checked(DType.UINT8, shape, values.clone());
    }

    /** A numpy scalar ({@code __npgeneric__}) of the given type and value. */
    public static NdArray scalar(DType dtype, double value) {
        NdArray a = fromDoubles(dtype, new double[] {value});
        return new NdArray(dtype, new int[0], a.data, true);
    }

    private static NdArray checked(DType dtype, int[] shape, byte[] owned) {
        int[] s = shape.clone();
        if (byteLength(dtype, s) != owned.length) {
            throw new IllegalArgumentException(owned.length / dtype.itemSize() + " values do not fill the shape "
                    + Arrays.toString(s));
        }
        return new NdArray(dtype, s, owned, false);
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape; {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** Dimension {@code i} of the shape. */
    public int shape(int i) {
        return shape[i];
    }

    /** The number of dimensions. */
    public int ndim() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return data.length / dtype.itemSize();
    }

    /** Whether this came from (or goes out as) a numpy scalar, {@code __npgeneric__}. */
    public boolean isScalar() {
        return scalar;
    }

    /** The bytes themselves, for the codec to write without a copy; never modified. */
    byte[] raw() {
        return data;
    }

    /** A copy of the raw little-endian bytes. */
    public byte[] data() {
        return data.clone();
    }

    /** The raw bytes as a read-only little-endian buffer, without copying. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Element {@code index} (in C order) as a double; exact for every type but 64-bit integers beyond 2^53. */
    public double getDouble(int index) {
        Objects.checkIndex(index, size());
        return get(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), dtype, index * dtype.itemSize());
    }

    /** Every element, in C order, as doubles. */
    public double[] toDoubles() {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(b, dtype, i * dtype.itemSize());
        }
        return out;
    }

    /** This array with another shape of the same size (numpy's {@code reshape}). */
    public NdArray reshape(int... newShape) {
        if (byteLength(dtype, newShape) != data.length) {
            throw new IllegalArgumentException("Cannot reshape an array of shape " + Arrays.toString(shape) + " into "
                    + Arrays.toString(newShape));
        }
        return new NdArray(dtype, newShape.clone(), data, false);
    }

    private static double get(ByteBuffer b, DType t, int at) {
        return switch (t) {
            case BOOL -> b.get(at) != 0 ? 1 : 0;
            case INT8 -> b.get(at);
            case UINT8 -> b.get(at) & 0xff;
            case INT16 -> b.getShort(at);
            case UINT16 -> b.getShort(at) & 0xffff;
            case INT32 -> b.getInt(at);
            case UINT32 -> b.getInt(at) & 0xffffffffL;
            case INT64 -> b.getLong(at);
            case UINT64 -> unsigned(b.getLong(at));
            case FLOAT16 -> halfToFloat(b.getShort(at));
            case FLOAT32 -> b.getFloat(at);
            case FLOAT64 -> b.getDouble(at);
        };
    }

    private static double unsigned(long v) {
        double d = v & Long.MAX_VALUE;
        return v < 0 ? d + 0x1p63 : d;
    }

    private static void put(ByteBuffer b, DType t, double v) {
        switch (t) {
            case BOOL -> b.put((byte) (v != 0 ? 1 : 0));
            case INT8 -> b.put((byte) clampRound(v, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case UINT8 -> b.put((byte) clampRound(v, 0, 255));
            case INT16 -> b.putShort((short) clampRound(v, Short.MIN_VALUE, Short.MAX_VALUE));
            case UINT16 -> b.putShort((short) clampRound(v, 0, 65535));
            case INT32 -> b.putInt((int) clampRound(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> b.putInt((int) clampRound(v, 0, 0xffffffffL));
            case INT64, UINT64 -> b.putLong(Math.round(v));
            case FLOAT16 -> b.putShort(floatToHalf((float) v));
            case FLOAT32 -> b.putFloat((float) v);
            case FLOAT64 -> b.putDouble(v);
        }
    }

    private static long clampRound(double v, long min, long max) {
        return Math.max(min, Math.min(max, Math.round(v)));
    }

    /** IEEE 754 binary16 to float. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float f = mant * 0x1p-24f;
            return sign != 0 ? -f : f;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Float to IEEE 754 binary16, rounding to nearest even (as numpy's {@code astype(np.float16)}). */
    static short floatToHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >> shift;
            int rest = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || rest == halfway && (half & 1) != 0) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || rest == 0x1000 && (half & 1) != 0) {
            half++;
        }
        return (short) (sign | half);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray a && dtype == a.dtype && scalar == a.scalar && Arrays.equals(shape, a.shape)
                && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return (scalar ? "NdScalar[" : "NdArray[") + dtype.code() + " " + Arrays.toString(shape) + "]";
    }
}
