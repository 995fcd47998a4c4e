package io.vlaarena.onnx.internal;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one graph through DJL: {@code Criteria} → {@code ZooModel} (shared, loaded once) →
 * one {@code Predictor} per rollout, with a translator that turns the rollout's buffers into named
 * {@code NDArray}s and the named output back into floats.
 */
public final class DjlRunner implements GraphRunner {
    private final ZooModel<List<TensorBuffer>, float[][]> model;
    private final String label;

    private DjlRunner(ZooModel<List<TensorBuffer>, float[][]> model, String label) {
        this.model = model;
        this.label = label;
    }

    /**
     * Loads {@code file} with the given DJL engine and device.
     *
     * @throws ModelLoadException when DJL cannot load the graph
     */
    @SuppressWarnings("unchecked")
    public static DjlRunner load(Path file, List<ModelCard.Tensor> outputs, String engine, Device device,
            OrtLoader.Settings settings, String label) {
        String fileName = file.getFileName().toString();
        String modelName = fileName.endsWith(".onnx") ? fileName.substring(0, fileName.length() - 5) : fileName;
        Class<List<TensorBuffer>> inputType = (Class<List<TensorBuffer>>) (Class<?>) List.class;
        Criteria.Builder<List<TensorBuffer>, float[][]> b = Criteria.builder().setTypes(inputType, float[][].class)
                .optModelPath(file.getParent()).optModelName(modelName).optEngine(engine).optDevice(device)
                .optTranslator(new Translator(outputs.stream().map(ModelCard.Tensor::name).toList()));
        if (settings.intraOpThreads() > 0) {
            b.optOption("intraOpNumThreads", Integer.toString(settings.intraOpThreads()));
        }
        if (settings.interOpThreads() > 0) {
            b.optOption("interOpNumThreads", Integer.toString(settings.interOpThreads()));
        }
        b.optOption("optLevel", OrtLoader.optLevel(settings.optimizationLevel()).name());
        try {
            return new DjlRunner(b.build().loadModel(), label);
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelLoadException("DJL could not load graph '" + file + "' with engine " + engine + " on " + device
                    + ": " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw new ModelLoadException("DJL's " + engine + " engine could not start (when ONNX Runtime's environment was "
                    + "created before DJL's engine, by code outside this library, DJL cannot create its own): " + e, e);
        }
    }

    @Override
    public Bound bind(List<TensorBuffer> inputs, List<ModelCard.Tensor> outputs) {
        Predictor<List<TensorBuffer>, float[][]> predictor = model.newPredictor();
        return new Bound() {
            @Override
            public void run(float[]... dest) {
                float[][] out;
                try {
                    out = predictor.predict(inputs);
                } catch (TranslateException | RuntimeException e) {
                    throw new InferenceException(label + " failed: " + e.getMessage(), e);
                }
                for (int i = 0; i < outputs.size(); i++) {
                    ModelCard.Tensor output = outputs.get(i);
                    if (out[i].length != dest[i].length) {
                        throw new InferenceException(label + " returned " + out[i].length + " values for output '"
                                + output.name() + "' but the card declares shape " + output.shapeText());
                    }
                    System.arraycopy(out[i], 0, dest[i], 0, out[i].length);
                }
            }

            @Override
            public void close() {
                predictor.close();
            }
        };
    }

    @Override
    public void close() {
        model.close();
    }

    /** Buffers in, the named float outputs out; stateless and thread-safe. */
    private static final class Translator implements NoBatchifyTranslator<List<TensorBuffer>, float[][]> {
        private final List<String> outputs;

        Translator(List<String> outputs) {
            this.outputs = outputs;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, List<TensorBuffer> inputs) {
            NDManager m = ctx.getNDManager();
            NDList list = new NDList();
            for (TensorBuffer b : inputs) {
                ModelCard.Tensor t = b.spec();
                Shape shape = new Shape(t.shape());
                NDArray a = switch (t.dtype()) {
                    case FLOAT32 -> m.create(b.bytes().asFloatBuffer(), shape, DataType.FLOAT32);
                    case INT64 -> m.create(b.bytes().asLongBuffer(), shape, DataType.INT64);
                    case BOOL -> m.create(b.bytes().duplicate(), shape, DataType.BOOLEAN);
                    case UINT8 -> m.create(b.bytes().duplicate(), shape, DataType.UINT8);
                };
                a.setName(t.name());
                list.add(a);
            }
            return list;
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            float[][] out = new float[outputs.size()][];
            for (int i = 0; i < out.length; i++) {
                NDArray a = list.get(outputs.get(i));
                if (a == null) {
                    throw new InferenceException("The graph returned no output '" + outputs.get(i) + "'");
                }
                out[i] = a.toFloatArray();
            }
            return out;
        }
    }
}
