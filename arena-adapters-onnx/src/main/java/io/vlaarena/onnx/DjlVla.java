package io.vlaarena.onnx;

import ai.djl.Device;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.onnx.internal.CudaProbe;
import io.vlaarena.onnx.internal.DeviceRequest;
import io.vlaarena.onnx.internal.DjlArtifacts;
import io.vlaarena.onnx.internal.DjlRunner;
import io.vlaarena.onnx.internal.ModelCard;
import io.vlaarena.onnx.internal.OctoRollout;
import io.vlaarena.onnx.internal.OrtLoader;
import io.vlaarena.onnx.internal.TextTokens;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A VLA that runs the same model directory as {@link OnnxVla} through DJL ({@code Criteria} →
 * {@code ZooModel} → one {@code Predictor} per episode, with a translator), on DJL's OnnxRuntime
 * engine by default. Given the same seed and observations it produces the same actions as
 * {@link OnnxVla}: both share the input preparation, the noise generator and the unnormalization.
 *
 * <p>Thread-safe: the {@code ZooModel} is shared, each rollout owns its {@code Predictor}. The caller
 * closes it; {@code close()} is idempotent.
 */
public final class DjlVla implements Vla {
    /** DJL's name of its ONNX Runtime engine, the engine this adapter is tested with. */
    public static final String ONNX_RUNTIME_ENGINE = "OnnxRuntime";

    private final ModelCard card;
    private final VlaSpec spec;
    private final DjlRunner policy;
    private final DjlRunner encoder;
    private final TextTokens tokens;
    private final String device;
    private volatile boolean closed;

    private DjlVla(ModelCard card, VlaSpec spec, DjlRunner policy, DjlRunner encoder, TextTokens tokens, String device) {
        this.card = card;
        this.spec = spec;
        this.policy = policy;
        this.encoder = encoder;
        this.tokens = tokens;
        this.device = device;
    }

    /** Opens the model directory on the CPU with DJL's OnnxRuntime engine and the card's settings. */
    public static DjlVla open(Path modelDirectory) {
        return open(modelDirectory, OnnxOptions.defaults());
    }

    /** Opens the model directory with DJL's OnnxRuntime engine; see {@link #open(Path, OnnxOptions, String)}. */
    public static DjlVla open(Path modelDirectory, OnnxOptions options) {
        return open(modelDirectory, options, ONNX_RUNTIME_ENGINE);
    }

    /**
     * Opens a model directory with the named DJL engine: reads and checks the card, checks the
     * graphs against it (with ONNX Runtime, which is on the classpath of this module) and loads the
     * graphs as DJL models on the requested device.
     *
     * <p>DJL is an optional dependency of this module: add {@code ai.djl.onnxruntime:onnxruntime-engine}
     * (and {@code ai.djl.huggingface:tokenizers} for a model with a tokenizer) to use this class.
     *
     * @throws ModelLoadException when DJL is not on the class path (naming the artifact), a file is
     *     missing, the card is invalid or disagrees with a graph, DJL cannot load a graph, or an
     *     explicitly requested CUDA device is unusable
     */
    public static DjlVla open(Path modelDirectory, OnnxOptions options, String engine) {
        Objects.requireNonNull(modelDirectory, "modelDirectory");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(engine, "engine");
        DjlArtifacts.requireEngine(engine);
        ModelCard card = ModelCard.read(modelDirectory);
        VlaSpec spec = OnnxVla.withId(card.toSpec(), options);
        OrtLoader.checkOnly(card);
        OrtLoader.Settings settings = new OrtLoader.Settings(
                options.intraOpThreads() > 0 ? options.intraOpThreads() : card.runtime().intraOpThreads(),
                options.interOpThreads() > 0 ? options.interOpThreads() : card.runtime().interOpThreads(),
                options.optimizationLevel() != null ? options.optimizationLevel() : card.runtime().optimizationLevel(),
                DeviceRequest.parse(options.device()));
        DeviceRequest req = settings.device();
        return req.open(card.id(), CudaProbe.system(), index -> {
            try {
                return load(card, spec, settings, engine, Device.gpu(index), req.cudaName());
            } catch (ModelLoadException e) {
                throw new DeviceRequest.Unavailable("DJL could not use it: " + e.getMessage(), e);
            }
        }, () -> load(card, spec, settings, engine, Device.cpu(), "cpu"));
    }

    private static DjlVla load(ModelCard card, VlaSpec spec, OrtLoader.Settings settings, String engine, Device device,
            String deviceName) {
        TextTokens tokens = TextTokens.forCard(card);
        DjlRunner policy = null;
        try {
            policy = DjlRunner.load(card.policyFile(), card.actionsOutput(), engine, device, settings,
                    "policy of model '" + card.id() + "'");
            DjlRunner encoder = card.textEncoderFile().isEmpty() ? null
                    : DjlRunner.load(card.textEncoderFile().get(), card.encoderOutput().orElseThrow(), engine, device, settings,
                            "text encoder of model '" + card.id() + "'");
            return new DjlVla(card, spec, policy, encoder, tokens, deviceName);
        } catch (RuntimeException e) {
            if (policy != null) {
                policy.close();
            }
            if (tokens != null) {
                tokens.close();
            }
            throw e;
        }
    }

    @Override
    public VlaSpec spec() {
        return spec;
    }

    /** The device the models actually run on: {@code cpu} or {@code cuda:N}. */
    public String device() {
        return device;
    }

    /**
     * Starts an episode with its own {@code Predictor}s and a noise generator seeded from
     * {@code context.seed()}; confined to one thread, closed by the episode runner.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public VlaRollout start(RolloutContext context) {
        Objects.requireNonNull(context, "context");
        if (closed) {
            throw new IllegalStateException("Model '" + spec.id() + "' is closed");
        }
        return new OctoRollout(card, tokens, policy, encoder, context.seed());
    }

    /** Closes the DJL models and the tokenizer; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            policy.close();
        } finally {
            try {
                if (encoder != null) {
                    encoder.close();
                }
            } finally {
                if (tokens != null) {
                    tokens.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "DjlVla[" + spec.id() + " on " + device + "]";
    }
}
