package io.vlaarena.openpi.bench;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.Observation;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.openpi.OpenPiCodec;
import io.vlaarena.openpi.OpenPiMapping;
import io.vlaarena.openpi.OpenPiServer;
import io.vlaarena.openpi.OpenPiVla;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures what {@link OpenPiVla} adds to a remote policy's own time on loopback: an
 * {@link OpenPiServer} serves a policy that answers at once (a DROID chunk of 10 × 8), and an
 * {@code OpenPiVla} with the DROID mapping, its two cameras rendered at 224×224 (so nothing is
 * resized), predicts over and over. Per prediction, the overhead is the round trip the client
 * measured (observation → message → WebSocket → server → policy → answer → actions) minus the
 * policy's own time as the server reports it ({@code policy_timing.infer_ms}): everything but the
 * policy, on both sides. The peer, measured in the same run: the same request bytes, already encoded,
 * sent over the same kind of WebSocket to a server that decodes them and answers a fixed frame
 * without any mapping or policy — what the transport and the codec alone cost.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class OpenPiBenchmark {
    private OpenPiBenchmark() {}

    /**
     * One run's figures.
     *
     * @param requests predictions measured
     * @param messageBytes size of one request on the wire
     * @param roundTripP50 the client's median round trip
     * @param policyP50 the policy's median own time, as the server reported it
     * @param overheadP50 the median of (round trip − policy time)
     * @param overheadP99 the 99th percentile of the same
     * @param codecOnlyP50 the peer: the median round trip of the same request bytes, already encoded, over
     *     the same kind of WebSocket to a server that only decodes them and answers a fixed frame, which
     *     the client decodes: the transport and the codec without the mappings and the policy
     */
    public record Result(int requests, int messageBytes, Duration roundTripP50, Duration policyP50, Duration overheadP50,
            Duration overheadP99, Duration codecOnlyP50) {
        /** One line for logs. */
        public String summary() {
            return String.format(Locale.ROOT, "%d predictions of %d KiB: round trip p50 %.3f ms, policy p50 %.3f ms, "
                    + "overhead p50 %.3f ms / p99 %.3f ms; codec-and-transport-only round trip p50 %.3f ms", requests,
                    messageBytes / 1024, ms(roundTripP50), ms(policyP50), ms(overheadP50), ms(overheadP99), ms(codecOnlyP50));
        }
    }

    /** The DROID interface with both cameras rendered at the size sent, 224×224. */
    static OpenPiMapping droid224() {
        OpenPiMapping.Builder b = OpenPiMapping.builder("droid-224");
        for (OpenPiMapping.Camera c : OpenPiMapping.droid().cameras()) {
            b.camera(new OpenPiMapping.Camera(c.key(), c.imageKey(), c.camera(), 224, 224, 224, 224, false));
        }
        OpenPiMapping.droid().states().forEach(b::state);
        return b.prompt("prompt").actions(OpenPiMapping.droid().actions()).build();
    }

    /** A policy with pi0-DROID's interface that answers at once: 10 joint-velocity actions of 8 values. */
    static Vla instantPolicy() {
        VlaSpec spec = VlaSpec.builder("instant").actionDimension(8).actionSpace(ActionSpace.JOINT_VELOCITY).actionHorizon(10)
                .observation(new ObservationSpec(List.of(ImageSpec.of("primary", 224, 224), ImageSpec.of("wrist", 224, 224)),
                        true, 1)).build();
        List<Action> chunk = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            chunk.add(new Action(new double[] {0.1, 0, 0, 0, 0, 0, 0, 0.02}));
        }
        ActionChunk answer = new ActionChunk(chunk);
        return Vla.stateless(spec, (o, i) -> answer);
    }

    /**
     * Runs {@code warmup} predictions, then measures {@code requests} of each kind, alternating in
     * blocks of 50 so that machine noise hits both alike.
     */
    public static Result run(int warmup, int requests) {
        Random random = new Random(7);
        byte[] px = new byte[224 * 224 * 3];
        random.nextBytes(px);
        RgbImage img = new RgbImage(224, 224, px);
        Observation obs = new Observation(0, new SimState(new double[] {0.1, -0.7, 0.05, -2.3, 0.02, 1.5, 0.8, 0.03, 0.03},
                new double[9], 0), Map.of("primary", img, "wrist", img));
        String instruction = "pick up the red cube and put it in the bowl";
        OpenPiMapping mapping = droid224();
        List<Double> policyMs = new ArrayList<>();
        Vla policy = instantPolicy();
        try (OpenPiServer server = OpenPiServer.builder(policy).mapping(mapping).workers(1).start();
                OpenPiVla remote = OpenPiVla.builder(server.uri().toString()).mapping(mapping)
                        .timingListener(t -> policyMs.add(t.policyInferMs().orElse(0.0))).connect();
                VlaRollout rollout = remote.start(new RolloutContext(instruction, "", 0, Integer.MAX_VALUE));
                CodecOnly peer = new CodecOnly()) {
            byte[] request = peer.requestBytes(mapping, obs, instruction);
            for (int i = 0; i < warmup; i++) {
                rollout.predict(obs, instruction);
                peer.roundTrip(request);
            }
            policyMs.clear();
            double[] rtt = new double[requests];
            double[] overhead = new double[requests];
            double[] codec = new double[requests];
            for (int done = 0; done < requests; ) {
                int block = Math.min(50, requests - done);
                for (int i = 0; i < block; i++) {
                    long t0 = System.nanoTime();
                    rollout.predict(obs, instruction);
                    rtt[done + i] = (System.nanoTime() - t0) / 1e6;
                }
                for (int i = 0; i < block; i++) {
                    codec[done + i] = peer.roundTrip(request);
                }
                done += block;
            }
            for (int i = 0; i < requests; i++) {
                overhead[i] = rtt[i] - policyMs.get(i);
            }
            double[] policyTimes = policyMs.stream().mapToDouble(Double::doubleValue).toArray();
            return new Result(requests, request.length, duration(percentile(rtt, 0.5)), duration(percentile(policyTimes, 0.5)),
                    duration(percentile(overhead, 0.5)), duration(percentile(overhead, 0.99)),
                    duration(percentile(codec, 0.5)));
        }
    }

    /** The peer: a server that decodes each message as openpi's does and answers one fixed frame. */
    private static final class CodecOnly implements AutoCloseable {
        private final io.vlaarena.openpi.internal.WsServer server;
        private final io.vlaarena.openpi.internal.WsChannel channel;

        CodecOnly() {
            byte[] answer = OpenPiCodec.encode(Map.of("actions", io.vlaarena.openpi.NdArray.ofFloats(new float[80], 10, 8)));
            server = new io.vlaarena.openpi.internal.WsServer("127.0.0.1", 0, 32 << 20, Duration.ofMinutes(5), 4,
                    h -> true, c -> new io.vlaarena.openpi.internal.WsServer.Handler() {
                        @Override
                        public void onOpen() {
                            c.sendBinary(OpenPiCodec.encode(Map.of()), c::demand);
                        }

                        @Override
                        public void onBinary(byte[] message) {
                            OpenPiCodec.decodeMap(message);
                            c.sendBinary(answer, c::demand);
                        }

                        @Override
                        public void onText(String message) {}

                        @Override
                        public void onClose(int code, String reason) {}
                    });
            try {
                channel = io.vlaarena.openpi.internal.WsChannel.open(
                        java.net.URI.create("ws://127.0.0.1:" + server.port() + "/"), Map.of(), Duration.ofSeconds(10),
                        16 << 20);
                channel.receive(Duration.ofSeconds(10)); // the metadata
            } catch (Exception e) {
                server.close();
                throw new IllegalStateException("The benchmark's peer server did not start: " + e.getMessage(), e);
            }
        }

        byte[] requestBytes(OpenPiMapping mapping, Observation obs, String instruction) {
            // the exact request OpenPiVla sends, built the way a caller of OpenPiClient would build it
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            for (OpenPiMapping.Camera c : mapping.cameras()) {
                RgbImage img = obs.image(c.imageKey()).orElseThrow();
                m.put(c.key().get(0), io.vlaarena.openpi.NdArray.ofBytes(img.pixels(), 224, 224, 3));
            }
            m.put("observation/joint_position", io.vlaarena.openpi.NdArray.ofDoubles(Arrays.copyOf(obs.state().qpos(), 7), 7));
            m.put("observation/gripper_position", io.vlaarena.openpi.NdArray.ofDoubles(new double[] {0.25}, 1));
            m.put("prompt", instruction);
            return OpenPiCodec.encode(m);
        }

        /** One round trip of already-encoded bytes, the answer decoded as a client decodes it, in ms. */
        double roundTrip(byte[] request) {
            long t0 = System.nanoTime();
            try {
                channel.sendBinary(request, Duration.ofSeconds(10));
                io.vlaarena.openpi.internal.WsChannel.Event e = channel.receive(Duration.ofSeconds(10));
                if (!(e instanceof io.vlaarena.openpi.internal.WsChannel.Binary b)) {
                    throw new IllegalStateException("The benchmark's peer server answered " + e);
                }
                OpenPiCodec.decodeMap(b.data());
            } catch (Exception e) {
                throw new IllegalStateException("The benchmark's peer round trip failed: " + e.getMessage(), e);
            }
            return (System.nanoTime() - t0) / 1e6;
        }

        @Override
        public void close() {
            channel.close();
            server.close();
        }
    }

    private static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p * s.length) - 1)];
    }

    private static Duration duration(double ms) {
        return Duration.ofNanos((long) (ms * 1e6));
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
