package io.vlaarena.models.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A small builder of ONNX graphs on the protobuf classes: initializers from seeded random numbers,
 * nodes with one output each, and the handful of composite layers an Octo-shaped policy needs.
 * Opset 17. Not thread-safe.
 */
final class OnnxGraph {
    static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
    static final int INT64 = OnnxMl.TensorProto.DataType.INT64.getNumber();
    static final int BOOL = OnnxMl.TensorProto.DataType.BOOL.getNumber();

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Random random;
    private int counter;

    OnnxGraph(String name, long seed) {
        graph.setName(name);
        this.random = new Random(seed);
    }

    String fresh(String base) {
        return base + "_" + counter++;
    }

    void input(String name, int elemType, long... shape) {
        graph.addInput(valueInfo(name, elemType, shape));
    }

    void output(String name, int elemType, long... shape) {
        graph.addOutput(valueInfo(name, elemType, shape));
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, int elemType, long... shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s))).build();
    }

    String constant(String base, float[] data, long... dims) {
        String name = fresh(base);
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(data);
        graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT).addAllDims(boxed(dims))
                .setRawData(ByteString.copyFrom(bb.array())));
        return name;
    }

    String longs(String base, long... data) {
        String name = fresh(base);
        ByteBuffer bb = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.asLongBuffer().put(data);
        graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(INT64).addDims(data.length)
                .setRawData(ByteString.copyFrom(bb.array())));
        return name;
    }

    String scalarIndex(long index) {
        String name = fresh("idx");
        ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(index);
        graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(INT64)
                .setRawData(ByteString.copyFrom(bb.array())));
        return name;
    }

    String scalar(float v) {
        return constant("c", new float[] {v});
    }

    String weight(String base, double std, long... dims) {
        float[] w = new float[(int) count(dims)];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        return constant(base, w, dims);
    }

    String filled(String base, float value, long... dims) {
        float[] w = new float[(int) count(dims)];
        Arrays.fill(w, value);
        return constant(base, w, dims);
    }

    static long count(long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    String op(String type, List<String> inputs, OnnxMl.AttributeProto... attrs) {
        String out = fresh(type.toLowerCase(java.util.Locale.ROOT));
        node(type, inputs, out, attrs);
        return out;
    }

    void node(String type, List<String> inputs, String output, OnnxMl.AttributeProto... attrs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(type).setName(fresh("n_" + type))
                .addAllInput(inputs).addOutput(output);
        for (OnnxMl.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    static OnnxMl.AttributeProto attr(String name, long v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(v).build();
    }

    static OnnxMl.AttributeProto attr(String name, float v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    static OnnxMl.AttributeProto attrs(String name, long... v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS)
                .addAllInts(boxed(v)).build();
    }

    private static List<Long> boxed(long... v) {
        List<Long> out = new ArrayList<>(v.length);
        for (long x : v) {
            out.add(x);
        }
        return out;
    }

    // Elementary ops.

    String add(String a, String b) {
        return op("Add", List.of(a, b));
    }

    String sub(String a, String b) {
        return op("Sub", List.of(a, b));
    }

    String mul(String a, String b) {
        return op("Mul", List.of(a, b));
    }

    String matmul(String a, String b) {
        return op("MatMul", List.of(a, b));
    }

    String reshape(String x, long... shape) {
        return op("Reshape", List.of(x, longs("shape", shape)));
    }

    String transpose(String x, long... perm) {
        return op("Transpose", List.of(x), attrs("perm", perm));
    }

    String concat(long axis, String... xs) {
        return op("Concat", List.of(xs), attr("axis", axis));
    }

    String gather(String x, long index, long axis) {
        return op("Gather", List.of(x, scalarIndex(index)), attr("axis", axis));
    }

    // Composite layers.

    /** x·W + b with W drawn N(0, 1/in). */
    String linear(String x, long in, long out) {
        return add(matmul(x, weight("w", Math.sqrt(1.0 / in), in, out)), filled("b", 0f, out));
    }

    String layerNorm(String x, long dim) {
        return op("LayerNormalization", List.of(x, filled("ln_scale", 1f, dim), filled("ln_bias", 0f, dim)),
                attr("axis", -1L), attr("epsilon", 1e-6f));
    }

    /** GELU with the tanh approximation (Flax's default {@code nn.gelu}, which Octo's MLP blocks use). */
    String gelu(String x) {
        String cube = mul(mul(x, x), x);
        String inner = mul(add(x, mul(cube, scalar(0.044715f))), scalar((float) Math.sqrt(2 / Math.PI)));
        return mul(mul(x, scalar(0.5f)), add(op("Tanh", List.of(inner)), scalar(1f)));
    }

    String swish(String x) {
        return mul(x, op("Sigmoid", List.of(x)));
    }

    /** A convolution without bias followed by group normalization (via InstanceNormalization) and ReLU. */
    String convGroupNormRelu(String x, long in, long out, long kernel, long stride, long pad, long batch, long outSize, long groups) {
        String w = weight("conv_w", Math.sqrt(2.0 / (in * kernel * kernel)), out, in, kernel, kernel);
        String y = op("Conv", List.of(x, w), attrs("kernel_shape", kernel, kernel), attrs("strides", stride, stride),
                attrs("pads", pad, pad, pad, pad));
        String g = reshape(y, batch, groups, -1);
        g = op("InstanceNormalization", List.of(g, filled("gn_scale", 1f, groups), filled("gn_bias", 0f, groups)),
                attr("epsilon", 1e-5f));
        g = reshape(g, batch, out, outSize, outSize);
        g = add(mul(g, filled("gn_gamma", 1f, out, 1, 1)), filled("gn_beta", 0f, out, 1, 1));
        return op("Relu", List.of(g));
    }

    byte[] toModelBytes(String producer) {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName(producer)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build();
        return model.toByteArray();
    }
}
