package io.vlaarena.models;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A deterministic policy: the same instruction always gives the same 8-dimensional action in
 * [−1, 1], on every JVM and machine; models of different ids give different actions. The
 * original arena's mock model, model id {@code mock-vla} by default.
 *
 * <p>Derivation: {@code d = SHA-256(UTF-8(modelId + "\n" + instruction))}; action value {@code i}
 * (0 ≤ i &lt; 8) is {@code u / 32767.5 − 1} where {@code u} is the unsigned big-endian 16-bit
 * number in bytes {@code d[2i], d[2i+1]}. The observation is ignored; every chunk holds one action.
 *
 * <p>Thread-safe and stateless.
 */
public final class MockVla implements Vla {
    /** The original's mock model id. */
    public static final String DEFAULT_ID = "mock-vla";
    /** Values per action: 7 arm values and a gripper value. */
    public static final int ACTION_DIMENSION = 8;

    private final VlaSpec spec;

    /** A mock with id {@code mock-vla}. */
    public MockVla() {
        this(DEFAULT_ID);
    }

    /** A mock with another id, hence other actions. */
    public MockVla(String modelId) {
        this.spec = VlaSpec.builder(modelId).name("Mock VLA").actionDimension(ACTION_DIMENSION).build();
    }

    /** The action this mock gives for {@code instruction}. */
    public Action actionFor(String instruction) {
        return action(spec.id(), instruction);
    }

    /** The action a mock of id {@code modelId} gives for {@code instruction}. */
    public static Action action(String modelId, String instruction) {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(instruction, "instruction");
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256")
                    .digest((modelId + "\n" + instruction).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
        double[] values = new double[ACTION_DIMENSION];
        for (int i = 0; i < ACTION_DIMENSION; i++) {
            int u = (d[2 * i] & 0xff) << 8 | (d[2 * i + 1] & 0xff);
            values[i] = u / 32767.5 - 1.0;
        }
        return new Action(values);
    }

    @Override
    public VlaSpec spec() {
        return spec;
    }

    @Override
    public VlaRollout start(RolloutContext context) {
        ActionChunk chunk = ActionChunk.of(actionFor(context.instruction()));
        return new VlaRollout() {
            @Override
            public ActionChunk predict(Observation observation, String instruction) {
                return instruction.equals(context.instruction()) ? chunk : ActionChunk.of(actionFor(instruction));
            }
        };
    }

    @Override
    public String toString() {
        return "MockVla[" + spec.id() + "]";
    }
}
