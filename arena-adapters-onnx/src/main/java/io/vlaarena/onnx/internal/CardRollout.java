package io.vlaarena.onnx.internal;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.StateSelector;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.onnx.NamedTensors;
import io.vlaarena.onnx.OnnxTranslator;
import io.vlaarena.onnx.TranslatorContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * One episode of a model card's policy: the observation history, the cached text embedding of the
 * instruction, the seeded noise generator, the preallocated input buffers and the output arrays.
 * Each input is filled as the card's {@link Profile} says (camera images in their layout and
 * normalization, state vectors, constants, tokens, noise, the pad mask); then the optional
 * {@link OnnxTranslator} adds what the card cannot express; the actions output is unnormalized and
 * mapped ({@link ActionMap}), and the translator may replace the result. Runtime-neutral: the ONNX
 * Runtime and DJL paths differ only in their {@link GraphRunner}s, so both see identical inputs.
 *
 * <p>Not thread-safe: confined to the episode's thread.
 */
public final class CardRollout implements VlaRollout {
    private final ModelCard card;
    private final Profile profile;
    private final TextTokens tokens;
    private final List<TensorBuffer> policyInputs = new ArrayList<>();
    private final List<TensorBuffer> encoderInputs = new ArrayList<>();
    private final Map<String, float[]> pixelTables = new HashMap<>();
    private final GraphRunner.Bound policy;
    private final GraphRunner.Bound encoder;
    private final float[][] outputs;
    private final float[] embedding;
    private final Random noise;
    private final OnnxTranslator translator;
    private final TranslatorContext context;
    private final NamedTensors inputView;
    private final NamedTensors outputView;
    private int observed;
    private String cachedInstruction;
    private int encoderRuns;
    private boolean closed;

    /** A rollout without a translator; see {@link #CardRollout(ModelCard, TextTokens, GraphRunner, GraphRunner, long, OnnxTranslator, TranslatorContext)}. */
    public CardRollout(ModelCard card, TextTokens tokens, GraphRunner policyRunner, GraphRunner encoderRunner, long seed) {
        this(card, tokens, policyRunner, encoderRunner, seed, null, null);
    }

    /**
     * Allocates the rollout's buffers, writes the constant inputs and binds the buffers to the graphs.
     *
     * @param tokens the tokenizer, or {@code null} when the card reads no tokens
     * @param encoderRunner the text encoder, or {@code null} when the card has none
     * @param seed seeds the noise input, so that the same seed gives the same actions
     * @param translator the model's translator, or {@code null}
     * @param context the translator's context for this episode, or {@code null} without a translator
     */
    public CardRollout(ModelCard card, TextTokens tokens, GraphRunner policyRunner, GraphRunner encoderRunner, long seed,
            OnnxTranslator translator, TranslatorContext context) {
        this.card = card;
        this.profile = card.profile();
        this.tokens = tokens;
        this.translator = translator;
        this.context = context;
        List<NamedTensors.Tensor> views = new ArrayList<>();
        for (ModelCard.Tensor t : card.policyInputs()) {
            TensorBuffer b = new TensorBuffer(t);
            policyInputs.add(b);
            views.add(NamedTensors.Tensor.of(t.name(), t.dtype().wireName(), t.shape(), b.bytes()));
            Profile.Feed f = profile.feeds().get(t.name());
            if (f != null && f.constant() != null) {
                writeConstant(b, f.constant());
            }
            if (f != null && f.image() != null && t.dtype() == ModelCard.DType.FLOAT32) {
                pixelTables.put(t.name(), pixelTable(f.image()));
            }
        }
        this.inputView = NamedTensors.of(views);
        for (ModelCard.Tensor t : card.encoderInputs()) {
            encoderInputs.add(new TensorBuffer(t));
        }
        List<ModelCard.Tensor> outs = card.policyOutputs();
        this.outputs = new float[outs.size()][];
        List<NamedTensors.Tensor> outViews = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = new float[(int) outs.get(i).elements()];
            outViews.add(NamedTensors.Tensor.readOnly(outs.get(i).name(), outs.get(i).shape(), outputs[i]));
        }
        this.outputView = NamedTensors.of(outViews);
        this.embedding = card.encoderOutput().map(o -> new float[(int) o.elements()]).orElse(null);
        this.noise = new Random(seed);
        GraphRunner.Bound p = policyRunner.bind(policyInputs, outs);
        GraphRunner.Bound e = null;
        try {
            if (encoderRunner != null) {
                e = encoderRunner.bind(encoderInputs, List.of(card.encoderOutput().orElseThrow()));
            }
        } catch (RuntimeException ex) {
            p.close();
            throw ex;
        }
        this.policy = p;
        this.encoder = e;
    }

    /** How often the text encoder ran in this rollout (once per distinct instruction). */
    public int encoderRuns() {
        return encoderRuns;
    }

    @Override
    public ActionChunk predict(Observation observation, String instruction) {
        if (closed) {
            throw new IllegalStateException("This rollout of model '" + card.id() + "' is closed");
        }
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(instruction, "instruction");
        int window = card.historyWindow();
        int valid = Math.min(observed + 1, window);
        for (TensorBuffer b : policyInputs) {
            ModelCard.Tensor t = b.spec();
            Profile.Feed f = profile.feeds().get(t.name());
            switch (t.role()) {
                case IMAGE -> writeImage(b, f, observation);
                case STATE -> writeState(b, f, observation);
                case TIMESTEP_PAD_MASK -> {
                    for (int i = 0; i < window; i++) {
                        b.bytes().put(i, (byte) (i >= window - valid ? 1 : 0));
                    }
                }
                case NOISE -> {
                    ByteBuffer bb = b.bytes();
                    int n = (int) t.elements();
                    for (int i = 0; i < n; i++) {
                        bb.putFloat(i * 4, (float) noise.nextGaussian());
                    }
                }
                default -> { } // constants are written once; text below; translator inputs by the translator
            }
        }
        if (!instruction.equals(cachedInstruction)) {
            writeText(instruction);
            cachedInstruction = instruction;
        }
        observed++;
        if (translator != null) {
            translator.processInput(context, observation, instruction, inputView);
        }
        policy.run(outputs);
        ActionChunk chunk = card.actionMap().decode(card.id(), outputs[0], card.normalization());
        if (translator != null) {
            chunk = translator.processOutput(context, observation, outputView, chunk);
            if (chunk == null) {
                throw new InferenceException("The translator of model '" + card.id() + "' returned no actions");
            }
        }
        return chunk;
    }

    /**
     * Writes this step's frame of an input with or without a time axis. With one, the first
     * observation of an episode fills every slot (missing history is the first frame, as Octo's
     * history wrapper and LeRobot's observation queues pad it); later ones shift the window one
     * slot towards the past and write the newest frame last.
     */
    private void push(TensorBuffer b, boolean timeAxis, int frameBytes, IntConsumer writeAt) {
        int window = timeAxis ? card.historyWindow() : 1;
        if (observed == 0 || window == 1) {
            for (int s = 0; s < window; s++) {
                writeAt.accept(s * frameBytes);
            }
            return;
        }
        ByteBuffer src = b.bytes().duplicate();
        src.position(frameBytes).limit(window * frameBytes);
        ByteBuffer dst = b.bytes().duplicate();
        dst.position(0);
        dst.put(src);
        writeAt.accept((window - 1) * frameBytes);
    }

    private void writeImage(TensorBuffer b, Profile.Feed f, Observation observation) {
        Profile.ImageFeed im = f.image();
        RgbImage img = observation.image(im.key()).orElseThrow(() -> new InferenceException("Model '" + card.id()
                + "' needs image '" + im.key() + "' but the observation has " + observation.images().keySet()));
        int w = im.width();
        int h = im.height();
        if (img.width() != w || img.height() != h) {
            throw new InferenceException("Model '" + card.id() + "' needs image '" + im.key() + "' of " + w + "x" + h
                    + " pixels but got " + img.width() + "x" + img.height());
        }
        byte[] px = img.pixels();
        ByteBuffer bb = b.bytes();
        float[] table = pixelTables.get(b.spec().name());
        int plane = w * h;
        push(b, f.timeAxis(), plane * 3 * b.spec().dtype().size(), offset -> {
            if (table == null) { // raw bytes
                if (!im.channelsFirst()) {
                    bb.put(offset, px);
                    return;
                }
                for (int i = 0; i < plane; i++) {
                    for (int c = 0; c < 3; c++) {
                        bb.put(offset + c * plane + i, px[i * 3 + c]);
                    }
                }
                return;
            }
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    int at = im.channelsFirst() ? c * plane + i : i * 3 + c;
                    bb.putFloat(offset + at * 4, table[c * 256 + (px[i * 3 + c] & 0xff)]);
                }
            }
        });
    }

    /** {@code (v · scale − mean[c]) / std[c]} for every channel and byte value: one lookup per pixel. */
    private static float[] pixelTable(Profile.ImageFeed im) {
        float[] t = new float[3 * 256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                t[c * 256 + v] = (float) ((v * im.scale() - im.mean()[c]) / im.std()[c]);
            }
        }
        return t;
    }

    private void writeState(TensorBuffer b, Profile.Feed f, Observation observation) {
        Profile.StateFeed st = f.state();
        double[] values = new double[st.dimension()];
        int n = 0;
        for (StateSelector s : st.from()) {
            double[] part;
            try {
                part = s.read(observation);
            } catch (IllegalArgumentException e) {
                throw new InferenceException("Model '" + card.id() + "' input '" + b.spec().name() + "': " + e.getMessage(), e);
            }
            if (n + part.length > values.length) {
                throw new InferenceException("Model '" + card.id() + "' input '" + b.spec().name() + "' selects more than its "
                        + values.length + " values from the observation (" + st.from() + ")");
            }
            System.arraycopy(part, 0, values, n, part.length);
            n += part.length;
        }
        if (n != values.length) {
            throw new InferenceException("Model '" + card.id() + "' input '" + b.spec().name() + "' selects " + n
                    + " values from the observation (" + st.from() + ") but holds " + values.length);
        }
        ByteBuffer bb = b.bytes();
        push(b, f.timeAxis(), values.length * 4, offset -> {
            for (int i = 0; i < values.length; i++) {
                bb.putFloat(offset + i * 4, (float) st.normalization().normalize(i, values[i]));
            }
        });
    }

    private static void writeConstant(TensorBuffer b, double[] values) {
        ByteBuffer bb = b.bytes();
        int n = (int) b.spec().elements();
        for (int i = 0; i < n; i++) {
            double v = values.length == 1 ? values[0] : values[i];
            switch (b.spec().dtype()) {
                case FLOAT32 -> bb.putFloat(i * 4, (float) v);
                case INT64 -> bb.putLong(i * 8, (long) v);
                case BOOL, UINT8 -> bb.put(i, (byte) (int) v);
            }
        }
    }

    private void writeText(String instruction) {
        if (tokens == null) {
            return;
        }
        long[][] enc = tokens.encode(instruction);
        for (List<TensorBuffer> list : List.of(policyInputs, encoderInputs)) {
            for (TensorBuffer b : list) {
                long[] src = switch (b.spec().role()) {
                    case TOKEN_IDS -> enc[0];
                    case TOKEN_MASK -> enc[1];
                    default -> null;
                };
                if (src != null) {
                    for (int i = 0; i < src.length; i++) {
                        b.bytes().putLong(i * 8, src[i]);
                    }
                }
            }
        }
        if (encoder != null) {
            encoder.run(embedding);
            encoderRuns++;
            for (TensorBuffer b : policyInputs) {
                if (b.spec().role() == ModelCard.Role.TEXT_EMBEDDING) {
                    b.bytes().asFloatBuffer().put(embedding);
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            policy.close();
        } finally {
            if (encoder != null) {
                encoder.close();
            }
        }
    }
}
