package io.vlaarena.onnx;

import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.onnx.internal.DeviceRequest;
import io.vlaarena.onnx.internal.ModelCard;
import io.vlaarena.onnx.internal.CardRollout;
import io.vlaarena.onnx.internal.OrtLoader;
import io.vlaarena.onnx.internal.TextTokens;
import io.vlaarena.onnx.internal.Translators;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A VLA that runs an exported model directory (model card, ONNX graphs, tokenizer; see
 * {@code docs/onnx-models.md}) in-process on ONNX Runtime, on the CPU or a CUDA GPU.
 *
 * <p>One {@code OrtSession} per graph is created at {@link #open} and shared by every episode;
 * each {@link #start rollout} owns its preallocated direct input buffers, observation history,
 * cached text embedding and a noise generator seeded from {@link RolloutContext#seed()}, so the
 * same seed and observations give the same actions. Thread-safe: one model serves concurrent
 * episodes. The caller closes it; {@code close()} is idempotent and rollouts must be closed first.
 */
public final class OnnxVla implements Vla {
    private final ModelCard card;
    private final VlaSpec spec;
    private final OrtLoader.Loaded loaded;
    private final TextTokens tokens;
    private final OnnxTranslator translator;
    private volatile boolean closed;

    private OnnxVla(ModelCard card, VlaSpec spec, OrtLoader.Loaded loaded, TextTokens tokens, OnnxTranslator translator) {
        this.card = card;
        this.spec = spec;
        this.loaded = loaded;
        this.tokens = tokens;
        this.translator = translator;
    }

    /** Opens the model directory on the CPU with the card's settings; see {@link #open(Path, OnnxOptions)}. */
    public static OnnxVla open(Path modelDirectory) {
        return open(modelDirectory, OnnxOptions.defaults());
    }

    /**
     * Fails fast, before any model is read or generated, when {@code options} explicitly ask for a
     * CUDA device and the ONNX Runtime on the classpath has no CUDA execution provider (the CPU
     * artifact); {@link #open(Path, OnnxOptions)} would fail the same way. Whether a driver, the
     * libraries and the device are there shows only when a model opens.
     *
     * @throws ModelLoadException naming the missing {@code onnxruntime_gpu} artifact
     */
    public static void checkDevice(OnnxOptions options) {
        Objects.requireNonNull(options, "options");
        DeviceRequest.parse(options.device()).requireProvider();
    }

    /**
     * Opens a model directory: reads and checks the card, creates the sessions on the requested
     * device and checks every graph input and output against the card. ONNX Runtime alone runs
     * it; a card that names a tokenizer also needs {@code ai.djl.huggingface:tokenizers} on the class
     * path (an optional dependency of this module).
     *
     * @throws ModelLoadException when a file is missing, the tokenizers are needed but absent
     *     (naming the artifact), the card is invalid or disagrees with a
     *     graph, or an explicitly requested CUDA device is unusable (the message says what is missing)
     */
    public static OnnxVla open(Path modelDirectory, OnnxOptions options) {
        Objects.requireNonNull(modelDirectory, "modelDirectory");
        Objects.requireNonNull(options, "options");
        ModelCard card = ModelCard.read(modelDirectory);
        VlaSpec spec = withId(card.toSpec(), options);
        OnnxTranslator translator = Translators.resolve(card, options.translator());
        OrtLoader.Settings settings = new OrtLoader.Settings(
                options.intraOpThreads() > 0 ? options.intraOpThreads() : card.runtime().intraOpThreads(),
                options.interOpThreads() > 0 ? options.interOpThreads() : card.runtime().interOpThreads(),
                options.optimizationLevel() != null ? options.optimizationLevel() : card.runtime().optimizationLevel(),
                DeviceRequest.parse(options.device()));
        TextTokens tokens = TextTokens.forCard(card);
        try {
            return new OnnxVla(card, spec, OrtLoader.load(card, settings), tokens, translator);
        } catch (RuntimeException e) {
            if (tokens != null) {
                tokens.close();
            }
            throw e;
        }
    }

    static VlaSpec withId(VlaSpec spec, OnnxOptions options) {
        if (options.modelId() == null) {
            return spec;
        }
        return new VlaSpec(options.modelId(), spec.name(), spec.actionDimension(), spec.actionSpace(), spec.actionHorizon(),
                spec.observation());
    }

    @Override
    public VlaSpec spec() {
        return spec;
    }

    /** The device the sessions actually run on: {@code cpu} or {@code cuda:N} (what a service's {@code /info} reports). */
    public String device() {
        return loaded.device();
    }

    /**
     * The parameter count the card states ({@code "parameters": "27M"}), as a VLA service's
     * {@code /info} reports it; empty when the card does not say.
     */
    public java.util.Optional<String> parameters() {
        return card.parameters();
    }

    /** The model type from the card: {@code octo} or {@code generic}. */
    public String type() {
        return card.type();
    }

    /**
     * Starts an episode: allocates its input buffers and seeds its noise from {@code context.seed()}.
     * The returned rollout is confined to one thread and must be closed (the episode runner does).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public VlaRollout start(RolloutContext context) {
        Objects.requireNonNull(context, "context");
        if (closed) {
            throw new IllegalStateException("Model '" + spec.id() + "' is closed");
        }
        return new CardRollout(card, tokens, loaded.policy(), loaded.encoder(), context.seed(), translator,
                translator == null ? null : new TranslatorContext(spec.id(), context));
    }

    /** Closes the sessions and the tokenizer; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (AutoCloseable c : new AutoCloseable[] {loaded.policy(), loaded.encoder(), tokens}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Closing model '" + spec.id() + "' failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "OnnxVla[" + spec.id() + " on " + device() + "]";
    }
}
