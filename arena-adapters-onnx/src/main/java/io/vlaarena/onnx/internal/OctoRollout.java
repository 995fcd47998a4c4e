package io.vlaarena.onnx.internal;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.VlaRollout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * One episode of an Octo-profile model: the observation history, the cached text embedding of the
 * instruction, the seeded noise generator and the preallocated input buffers. Runtime-neutral: the
 * ONNX Runtime and DJL paths differ only in their {@link GraphRunner}s, so both see identical inputs.
 *
 * <p>Not thread-safe: confined to the episode's thread.
 */
public final class OctoRollout implements VlaRollout {
    /** {@code v / 255f} for every byte value: exact, as the original's division, and cheaper than dividing per pixel. */
    private static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = i / 255f;
        }
    }

    private final ModelCard card;
    private final TextTokens tokens;
    private final List<TensorBuffer> policyInputs = new ArrayList<>();
    private final List<TensorBuffer> encoderInputs = new ArrayList<>();
    private final GraphRunner.Bound policy;
    private final GraphRunner.Bound encoder;
    private final float[] actions;
    private final float[] embedding;
    private final Random noise;
    private int observed;
    private String cachedInstruction;
    private int encoderRuns;
    private boolean closed;

    /**
     * Allocates the rollout's buffers and binds them to the graphs.
     *
     * @param tokens the tokenizer, or {@code null} when the card reads no tokens
     * @param encoderRunner the text encoder, or {@code null} when the card has none
     * @param seed seeds the diffusion noise, so that the same seed gives the same actions
     */
    public OctoRollout(ModelCard card, TextTokens tokens, GraphRunner policyRunner, GraphRunner encoderRunner, long seed) {
        this.card = card;
        this.tokens = tokens;
        for (ModelCard.Tensor t : card.policyInputs()) {
            policyInputs.add(new TensorBuffer(t));
        }
        for (ModelCard.Tensor t : card.encoderInputs()) {
            encoderInputs.add(new TensorBuffer(t));
        }
        this.actions = new float[(int) card.actionsOutput().elements()];
        this.embedding = card.encoderOutput().map(o -> new float[(int) o.elements()]).orElse(null);
        this.noise = new Random(seed);
        GraphRunner.Bound p = policyRunner.bind(policyInputs, card.actionsOutput());
        GraphRunner.Bound e = null;
        try {
            if (encoderRunner != null) {
                e = encoderRunner.bind(encoderInputs, card.encoderOutput().orElseThrow());
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
        writeImages(observation);
        if (!instruction.equals(cachedInstruction)) {
            writeText(instruction);
            cachedInstruction = instruction;
        }
        int window = card.historyWindow();
        int valid = Math.min(observed + 1, window);
        for (TensorBuffer b : policyInputs) {
            ModelCard.Tensor t = b.spec();
            if (t.role() == ModelCard.Role.TIMESTEP_PAD_MASK) {
                for (int i = 0; i < window; i++) {
                    b.bytes().put(i, (byte) (i >= window - valid ? 1 : 0));
                }
            } else if (t.role() == ModelCard.Role.NOISE) {
                ByteBuffer bb = b.bytes();
                int n = (int) t.elements();
                for (int i = 0; i < n; i++) {
                    bb.putFloat(i * 4, (float) noise.nextGaussian());
                }
            }
        }
        observed++;
        policy.run(actions);
        return decode();
    }

    private void writeImages(Observation observation) {
        for (TensorBuffer b : policyInputs) {
            ModelCard.Tensor t = b.spec();
            if (t.role() != ModelCard.Role.IMAGE) {
                continue;
            }
            RgbImage img = observation.image(t.key()).orElseThrow(() -> new InferenceException("Model '" + card.id()
                    + "' needs image '" + t.key() + "' but the observation has " + observation.images().keySet()));
            int h = (int) t.shape()[2];
            int w = (int) t.shape()[3];
            if (img.width() != w || img.height() != h) {
                throw new InferenceException("Model '" + card.id() + "' needs image '" + t.key() + "' of " + w + "x" + h
                        + " pixels but got " + img.width() + "x" + img.height());
            }
            int frame = w * h * 3;
            int window = card.historyWindow();
            byte[] px = img.pixels();
            ByteBuffer bb = b.bytes();
            int es = t.dtype().size();
            if (observed == 0) {
                // No history yet: every slot holds the first frame; the pad mask marks all but the last as padding.
                for (int s = 0; s < window; s++) {
                    writeFrame(bb, s * frame * es, px, t.dtype());
                }
            } else {
                // Shift the window one frame towards the past, then write the newest frame last.
                ByteBuffer src = bb.duplicate();
                src.position(frame * es).limit(window * frame * es);
                ByteBuffer dst = bb.duplicate();
                dst.position(0);
                dst.put(src);
                writeFrame(bb, (window - 1) * frame * es, px, t.dtype());
            }
        }
    }

    private static void writeFrame(ByteBuffer bb, int offset, byte[] px, ModelCard.DType dtype) {
        if (dtype == ModelCard.DType.UINT8) {
            bb.put(offset, px);
            return;
        }
        for (int i = 0; i < px.length; i++) {
            bb.putFloat(offset + i * 4, UNIT[px[i] & 0xff]);
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

    private ActionChunk decode() {
        int horizon = card.horizon();
        int dim = card.dimension();
        List<Action> out = new ArrayList<>(horizon);
        for (int k = 0; k < horizon; k++) {
            double[] v = new double[card.environmentDimension()];
            for (int i = 0; i < dim; i++) {
                float raw = actions[k * dim + i];
                if (!Float.isFinite(raw)) {
                    throw new InferenceException("Model '" + card.id() + "' produced a non-finite action value (" + raw
                            + ") at chunk index " + k + ", dimension " + i);
                }
                v[i] = card.normalization().apply(i, raw);
            }
            for (int i = dim; i < v.length; i++) {
                v[i] = card.padValue();
            }
            out.add(new Action(v));
        }
        return new ActionChunk(out);
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
