package io.vlaarena.onnx.internal;

import io.vlaarena.core.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The DJL artifacts are optional dependencies of this module: ONNX Runtime alone runs {@code OnnxVla}.
 * DJL's Hugging Face tokenizers are needed for a model whose card names a tokenizer, DJL's ONNX
 * Runtime engine for {@code DjlVla}. These checks name the missing artifact before anything is
 * loaded. Stateless.
 */
public final class DjlArtifacts {
    /** The DJL version this module is built and tested with. */
    public static final String VERSION = version();

    private static final String TOKENIZERS = "ai.djl.huggingface:tokenizers";
    private static final String ENGINE = "ai.djl.onnxruntime:onnxruntime-engine";

    private DjlArtifacts() {}

    /**
     * Checks that DJL's Hugging Face tokenizers are on the class path.
     *
     * @throws ModelLoadException naming the model, the tokenizer file and the artifact to add
     */
    public static void requireTokenizers(String modelId, Path tokenizerFile) {
        if (!present("ai.djl.huggingface.tokenizers.HuggingFaceTokenizer")) {
            throw new ModelLoadException("Model '" + modelId + "' has a tokenizer (" + tokenizerFile.getFileName()
                    + "), which is read with DJL's Hugging Face tokenizers, and they are not on the class path: add "
                    + coordinates(TOKENIZERS) + " (see docs/onnx-models.md)");
        }
    }

    /**
     * Checks that DJL is on the class path, and its ONNX Runtime engine when {@code engine} names it.
     *
     * @throws ModelLoadException naming the artifact to add
     */
    public static void requireEngine(String engine) {
        if (!present("ai.djl.engine.Engine")
                || ("OnnxRuntime".equals(engine) && !present("ai.djl.onnxruntime.engine.OrtEngine"))) {
            throw new ModelLoadException("DjlVla runs models through DJL, which is not on the class path: add "
                    + coordinates(ENGINE) + " and " + coordinates(TOKENIZERS)
                    + " (OnnxVla needs neither; see docs/onnx-models.md)");
        }
    }

    private static String coordinates(String artifact) {
        return artifact + ":" + VERSION;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, DjlArtifacts.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = DjlArtifacts.class.getResourceAsStream("djl.properties")) {
            if (in == null) {
                throw new IllegalStateException("djl.properties is missing from the arena-adapters-onnx jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("djl.version");
    }
}
