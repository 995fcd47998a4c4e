package io.vlaarena.onnx;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A graph's input or output tensors by name, as an {@link OnnxTranslator} sees them: views of the
 * buffers the runtime reads and writes (no copies), in the card's order.
 *
 * <p>Not thread-safe: confined to the episode's thread.
 */
public final class NamedTensors {
    private final Map<String, Tensor> byName;

    private NamedTensors(Map<String, Tensor> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** These tensors, by their names (unique). */
    public static NamedTensors of(List<Tensor> tensors) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (m.put(t.name(), t) != null) {
                throw new IllegalArgumentException("Tensor names must be unique, '" + t.name() + "' repeats");
            }
        }
        return new NamedTensors(m);
    }

    /** The names, in the card's order. */
    public Set<String> names() {
        return byName.keySet();
    }

    /**
     * The tensor {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name, naming the known ones
     */
    public Tensor get(String name) {
        Tensor t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("No tensor '" + name + "'; tensors: " + byName.keySet());
        }
        return t;
    }

    @Override
    public String toString() {
        return "NamedTensors" + byName.values();
    }

    /**
     * One tensor: its name, element type ({@code float32}, {@code int64}, {@code bool} or
     * {@code uint8}), shape and data, read and written through typed views in row-major order.
     */
    public static final class Tensor {
        private final String name;
        private final String dtype;
        private final long[] shape;
        private final Buffer data;
        private final boolean readOnly;

        private Tensor(String name, String dtype, long[] shape, Buffer data, boolean readOnly) {
            this.name = Objects.requireNonNull(name, "name");
            this.dtype = Objects.requireNonNull(dtype, "dtype");
            this.shape = shape.clone();
            this.data = data;
            this.readOnly = readOnly;
        }

        /** A writable tensor over {@code bytes} (native byte order, absolute positions from 0). */
        public static Tensor of(String name, String dtype, long[] shape, ByteBuffer bytes) {
            if (!List.of("float32", "int64", "bool", "uint8").contains(dtype)) {
                throw new IllegalArgumentException("Unknown dtype '" + dtype + "'; known: [float32, int64, bool, uint8]");
            }
            return new Tensor(name, dtype, shape, bytes, false);
        }

        /** A read-only float32 tensor over {@code values}. */
        public static Tensor readOnly(String name, long[] shape, float[] values) {
            return new Tensor(name, "float32", shape, FloatBuffer.wrap(values), true);
        }

        /** The graph's name of the tensor. */
        public String name() {
            return name;
        }

        /** {@code float32}, {@code int64}, {@code bool} or {@code uint8}. */
        public String dtype() {
            return dtype;
        }

        /** The shape (a copy). */
        public long[] shape() {
            return shape.clone();
        }

        /** Elements in the tensor. */
        public int elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return (int) n;
        }

        /**
         * The float32 data, position 0, a view (read-only for outputs).
         *
         * @throws IllegalStateException when the tensor is not float32
         */
        public FloatBuffer floats() {
            require("float32");
            if (data instanceof FloatBuffer f) {
                return f.duplicate().rewind().asReadOnlyBuffer();
            }
            return ((ByteBuffer) data).duplicate().order(ByteOrder.nativeOrder()).rewind().asFloatBuffer();
        }

        /**
         * The int64 data, position 0, a view.
         *
         * @throws IllegalStateException when the tensor is not int64
         */
        public LongBuffer longs() {
            require("int64");
            return ((ByteBuffer) data).duplicate().order(ByteOrder.nativeOrder()).rewind().asLongBuffer();
        }

        /**
         * The bytes of a {@code uint8} or {@code bool} tensor (one per element), position 0, a view.
         *
         * @throws IllegalStateException for another type
         */
        public ByteBuffer bytes() {
            if (!dtype.equals("uint8") && !dtype.equals("bool")) {
                throw new IllegalStateException("Tensor '" + name + "' is " + dtype + ", not uint8 or bool");
            }
            return ((ByteBuffer) data).duplicate().order(ByteOrder.nativeOrder()).rewind();
        }

        /** The float32 values as a new array. */
        public float[] toFloatArray() {
            float[] out = new float[elements()];
            floats().get(out);
            return out;
        }

        /**
         * Writes every element of a float32 input.
         *
         * @throws IllegalArgumentException when {@code values} does not have {@link #elements()} values
         * @throws IllegalStateException for an output or a tensor that is not float32
         */
        public void put(float... values) {
            if (readOnly) {
                throw new IllegalStateException("Tensor '" + name + "' is an output and read-only");
            }
            if (values.length != elements()) {
                throw new IllegalArgumentException("Tensor '" + name + "' of shape " + java.util.Arrays.toString(shape)
                        + " holds " + elements() + " values, got " + values.length);
            }
            floats().put(values);
        }

        private void require(String type) {
            if (!dtype.equals(type)) {
                throw new IllegalStateException("Tensor '" + name + "' is " + dtype + ", not " + type);
            }
        }

        @Override
        public String toString() {
            return name + " " + dtype + java.util.Arrays.toString(shape);
        }
    }
}
