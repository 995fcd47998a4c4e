package io.vlaarena.http;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Observation;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The original's deterministic mock model as a test double (the testkit's MockVla depends on this
 * module, so it cannot be used here): 8 values from SHA-256 of id and instruction. Counts its
 * predictions and keeps the observations it saw.
 */
final class DeterministicVla implements Vla {
    private final VlaSpec spec;
    final AtomicInteger predictions = new AtomicInteger();
    final List<Observation> seen = new CopyOnWriteArrayList<>();

    DeterministicVla(String id) {
        this(VlaSpec.builder(id).name("Mock VLA " + id).actionDimension(8).build());
    }

    DeterministicVla(VlaSpec spec) {
        this.spec = spec;
    }

    static DeterministicVla withObservation(String id, ObservationSpec observation) {
        return new DeterministicVla(VlaSpec.builder(id).actionDimension(8).observation(observation).build());
    }

    static Action action(String modelId, String instruction) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256").digest((modelId + "\n" + instruction).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        double[] v = new double[8];
        for (int i = 0; i < 8; i++) {
            v[i] = ((d[2 * i] & 0xff) << 8 | (d[2 * i + 1] & 0xff)) / 32767.5 - 1.0;
        }
        return new Action(v);
    }

    @Override
    public VlaSpec spec() {
        return spec;
    }

    @Override
    public VlaRollout start(RolloutContext context) {
        return (observation, instruction) -> {
            predictions.incrementAndGet();
            if (seen.size() < 1000) {
                seen.add(observation);
            }
            return ActionChunk.of(action(spec.id(), instruction));
        };
    }
}
