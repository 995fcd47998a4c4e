package io.vlaarena.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.ModelLoadException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one graph on one {@link OrtSession}, created once and shared by every rollout
 * ({@code OrtSession.run} is thread-safe). Rollouts bind their direct buffers as {@link OnnxTensor}s
 * once; each run closes its outputs before returning.
 */
public final class OrtRunner implements GraphRunner {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String label;

    /** Wraps an open session that already passed {@link #checkAgainstCard}; takes ownership of it. */
    public OrtRunner(OrtEnvironment env, OrtSession session, String label) {
        this.env = env;
        this.session = session;
        this.label = label;
    }

    /** The underlying session, for the benchmark's side-by-side measurement of a bare run. */
    public OrtSession session() {
        return session;
    }

    @Override
    public Bound bind(List<TensorBuffer> inputs, List<ModelCard.Tensor> outputs) {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (TensorBuffer b : inputs) {
                ModelCard.Tensor t = b.spec();
                OnnxTensor tensor = switch (t.dtype()) {
                    case FLOAT32 -> OnnxTensor.createTensor(env, b.bytes().asFloatBuffer(), t.shape());
                    case INT64 -> OnnxTensor.createTensor(env, b.bytes().asLongBuffer(), t.shape());
                    case BOOL -> OnnxTensor.createTensor(env, b.bytes(), t.shape(), OnnxJavaType.BOOL);
                    case UINT8 -> OnnxTensor.createTensor(env, b.bytes(), t.shape(), OnnxJavaType.UINT8);
                };
                tensors.put(t.name(), tensor);
            }
        } catch (OrtException e) {
            tensors.values().forEach(OnnxTensor::close);
            throw new InferenceException("Could not bind the inputs of " + label + ": " + e.getMessage(), e);
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        outputs.forEach(o -> names.add(o.name()));
        return new Bound() {
            @Override
            public void run(float[]... dest) {
                try (OrtSession.Result result = session.run(tensors, names)) {
                    for (int i = 0; i < outputs.size(); i++) {
                        ModelCard.Tensor output = outputs.get(i);
                        OnnxValue value = result.get(output.name()).orElseThrow(() -> new InferenceException(label
                                + " returned no output '" + output.name() + "'"));
                        if (!(value instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
                            throw new InferenceException(label + " returned " + value.getInfo() + " for output '" + output.name()
                                    + "' but the card declares float32 " + output.shapeText());
                        }
                        FloatBuffer fb = t.getFloatBuffer();
                        if (fb.remaining() != dest[i].length) {
                            throw new InferenceException(label + " returned " + fb.remaining() + " values for output '"
                                    + output.name() + "' but the card declares shape " + output.shapeText());
                        }
                        fb.get(dest[i]);
                    }
                } catch (OrtException e) {
                    throw new InferenceException(label + " failed: " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                tensors.values().forEach(OnnxTensor::close);
            }
        };
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("Closing the session of " + label + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the graph's inputs and outputs are exactly what the card declares: the same
     * names, element types and shapes (a symbolic graph dimension matches any card value).
     */
    public static void checkAgainstCard(OrtSession session, Path file, List<ModelCard.Tensor> inputs,
            List<ModelCard.Tensor> outputs) {
        try {
            Map<String, NodeInfo> graphIn = session.getInputInfo();
            Map<String, NodeInfo> graphOut = session.getOutputInfo();
            for (ModelCard.Tensor t : inputs) {
                check(file, "input", t, graphIn);
            }
            for (ModelCard.Tensor t : outputs) {
                check(file, "output", t, graphOut);
            }
            Set<String> declared = new java.util.HashSet<>();
            inputs.forEach(t -> declared.add(t.name()));
            for (String name : graphIn.keySet()) {
                if (!declared.contains(name)) {
                    throw new ModelLoadException("Graph '" + file + "' has input '" + name
                            + "' which the model card does not declare; the card declares " + declared);
                }
            }
        } catch (OrtException e) {
            throw new ModelLoadException("Could not read the inputs and outputs of graph '" + file + "': " + e.getMessage(), e);
        }
    }

    private static void check(Path file, String kind, ModelCard.Tensor t, Map<String, NodeInfo> graph) {
        NodeInfo info = graph.get(t.name());
        if (info == null) {
            throw new ModelLoadException("The model card declares " + kind + " '" + t.name() + "' but graph '" + file
                    + "' has " + kind + "s " + graph.keySet());
        }
        if (!(info.getInfo() instanceof TensorInfo ti)) {
            throw new ModelLoadException("Graph '" + file + "' " + kind + " '" + t.name() + "' is not a tensor: " + info.getInfo());
        }
        OnnxJavaType expected = switch (t.dtype()) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
            case UINT8 -> OnnxJavaType.UINT8;
        };
        if (ti.type != expected) {
            throw new ModelLoadException("The model card declares " + kind + " '" + t.name() + "' as " + t.dtype().wireName()
                    + " but graph '" + file + "' has " + ti.type);
        }
        long[] g = ti.getShape();
        boolean same = g.length == t.shape().length;
        for (int i = 0; same && i < g.length; i++) {
            same = g[i] < 0 || g[i] == t.shape()[i];
        }
        if (!same) {
            throw new ModelLoadException("The model card declares " + kind + " '" + t.name() + "' with shape " + t.shapeText()
                    + " but graph '" + file + "' has shape " + Arrays.toString(g) + " (-1 = any)");
        }
    }
}
