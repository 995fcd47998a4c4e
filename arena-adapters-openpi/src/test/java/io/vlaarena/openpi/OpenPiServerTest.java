package io.vlaarena.openpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.openpi.internal.WsChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server as any openpi client meets it, through a plain WebSocket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenPiServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static WsChannel connect(OpenPiServer server) throws Exception {
        return connect(server, Map.of());
    }

    private static WsChannel connect(OpenPiServer server, Map<String, String> headers) throws Exception {
        return WsChannel.open(server.uri(), headers, WAIT, 64 << 20);
    }

    private static Map<String, Object> binary(WsChannel c) throws InterruptedException {
        WsChannel.Event e = c.receive(WAIT);
        assertThat(e).isInstanceOf(WsChannel.Binary.class);
        return OpenPiCodec.decodeMap(((WsChannel.Binary) e).data());
    }

    /** Reads openpi's error: a text frame, then close 1011 with openpi's reason; returns the text. */
    private static String error(WsChannel c) throws InterruptedException {
        WsChannel.Event text = c.receive(WAIT);
        assertThat(text).isInstanceOf(WsChannel.Text.class);
        WsChannel.Event close = c.receive(WAIT);
        assertThat(close).isInstanceOf(WsChannel.Closed.class);
        assertThat(((WsChannel.Closed) close).code()).isEqualTo(1011);
        assertThat(((WsChannel.Closed) close).reason()).isEqualTo(OpenPiServer.ERROR_REASON);
        return ((WsChannel.Text) text).text();
    }

    private static List<String> keys(Object map) {
        return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList();
    }

    private static Map<String, Object> droidObservation(String prompt) {
        Map<String, Object> obs = new LinkedHashMap<>();
        obs.put("observation/exterior_image_1_left", NdArray.ofBytes(new byte[224 * 224 * 3], 224, 224, 3));
        obs.put("observation/wrist_image_left", NdArray.ofBytes(new byte[224 * 224 * 3], 224, 224, 3));
        obs.put("observation/joint_position", NdArray.ofDoubles(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, 7));
        obs.put("observation/gripper_position", NdArray.ofDoubles(new double[] {0.5}, 1));
        obs.put("prompt", prompt);
        return obs;
    }

    @Test
    void sendsTheMetadataFirstThenAnswersWithActionsAndTimings() throws Exception {
        try (OpenPiServer server = OpenPiServer.builder(TestPolicies.droidShaped("served"))
                .metadata(Map.of("reset_pose", List.of(0.0, 1.0))).start();
                WsChannel c = connect(server)) {
            assertThat(binary(c)).isEqualTo(Map.of("reset_pose", List.of(0.0, 1.0)));
            c.sendBinary(OpenPiCodec.encode(droidObservation("stack the cups")), WAIT);
            Map<String, Object> answer = binary(c);
            assertThat(answer).containsOnlyKeys("actions", "policy_timing", "server_timing");
            NdArray actions = (NdArray) answer.get("actions");
            assertThat(actions.dtype()).isEqualTo(DType.FLOAT32);
            assertThat(actions.shape()).containsExactly(10, 8);
            // joint 0 of action 0: qpos[0] = 0.1 rad/s sent back in DROID's units (÷ 3 rad/s); gripper 0.5 closed
            assertThat(actions.getDouble(0)).isCloseTo(0.1 / 3, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(keys(answer.get("server_timing"))).containsExactly("infer_ms");
            assertThat(keys(answer.get("policy_timing"))).containsExactly("infer_ms");
            c.sendBinary(OpenPiCodec.encode(droidObservation("stack the cups")), WAIT);
            assertThat(keys(binary(c).get("server_timing"))).containsExactly("infer_ms", "prev_total_ms");
            assertThat(server.episodesStarted()).isEqualTo(1);
            c.sendBinary(OpenPiCodec.encode(droidObservation("open the drawer")), WAIT);
            binary(c);
            assertThat(server.episodesStarted()).as("a new prompt starts a new episode").isEqualTo(2);
        }
    }

    @Test
    void answersHealthzAndRefusesPlainHttp() throws Exception {
        try (OpenPiServer server = OpenPiServer.builder(TestPolicies.droidShaped("p")).apiKey("k").start()) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("OK\n");
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(426);
        }
    }

    @Test
    void malformedFramesAreAnsweredAsOpenPiAnswersErrors() throws Exception {
        try (OpenPiServer server = OpenPiServer.builder(TestPolicies.droidShaped("p")).start()) {
            try (WsChannel c = connect(server)) {
                binary(c);
                c.sendBinary(new byte[] {(byte) 0x81, (byte) 0xa1}, WAIT);
                assertThat(error(c)).startsWith("Malformed openpi message");
            }
            try (WsChannel c = connect(server)) {
                binary(c);
                c.sendText("{\"prompt\": \"json\"}", WAIT);
                assertThat(error(c)).contains("binary msgpack observations, not text frames");
            }
            try (WsChannel c = connect(server)) {
                binary(c);
                Map<String, Object> obs = droidObservation("x");
                obs.remove("observation/wrist_image_left");
                c.sendBinary(OpenPiCodec.encode(obs), WAIT);
                assertThat(error(c)).contains("the observation has no 'observation/wrist_image_left'");
            }
            try (WsChannel c = connect(server)) {
                binary(c);
                Map<String, Object> obs = droidObservation("x");
                obs.put("observation/joint_position", NdArray.ofDoubles(new double[6], 6));
                c.sendBinary(OpenPiCodec.encode(obs), WAIT);
                assertThat(error(c)).contains("'observation/joint_position' has 6 values; the 'droid' mapping expects 7");
            }
            try (WsChannel c = connect(server)) {
                binary(c);
                Map<String, Object> obs = droidObservation("x");
                obs.put("observation/exterior_image_1_left", NdArray.ofFloats(new float[8], 2, 4));
                c.sendBinary(OpenPiCodec.encode(obs), WAIT);
                assertThat(error(c)).contains("has the shape [2, 4]; expected [H, W, 3] or [3, H, W]");
            }
            try (WsChannel c = connect(server)) {
                binary(c);
                Map<String, Object> obs = droidObservation("x");
                obs.put("prompt", 42L);
                c.sendBinary(OpenPiCodec.encode(obs), WAIT);
                assertThat(error(c)).contains("'prompt' is an integer; expected a string");
            }
            OpenPiVlaTest.waitFor(() -> server.connections() == 0); // every failed connection was closed
        }
    }

    @Test
    void aPolicyFailureIsSentAsItsMessageWithoutAStackTrace() throws Exception {
        VlaSpec spec = TestPolicies.droidShaped("x").spec().toBuilder().build();
        Vla failing = Vla.stateless(spec, (o, i) -> {
            throw new IllegalStateException("The model's weights are not loaded");
        });
        try (OpenPiServer server = OpenPiServer.builder(failing).start(); WsChannel c = connect(server)) {
            binary(c);
            c.sendBinary(OpenPiCodec.encode(droidObservation("x")), WAIT);
            assertThat(error(c)).isEqualTo("The model's weights are not loaded").doesNotContain("at io.vlaarena");
        }
    }

    @Test
    void acceptsFloatAndChannelFirstImagesAsOpenPisPoliciesDo() throws Exception {
        try (OpenPiServer server = OpenPiServer.builder(TestPolicies.droidShaped("p")).start(); WsChannel c = connect(server)) {
            binary(c);
            Map<String, Object> obs = droidObservation("x");
            float[] chw = new float[3 * 100 * 120];
            java.util.Arrays.fill(chw, 0.8f); // (255 · 0.8) truncated = 204
            obs.put("observation/exterior_image_1_left", NdArray.ofFloats(chw, 3, 100, 120));
            c.sendBinary(OpenPiCodec.encode(obs), WAIT);
            NdArray actions = (NdArray) binary(c).get("actions");
            // the gripper column reports the primary image's centre (204), in DROID's 0 open … 1 closed
            assertThat(actions.getDouble(7)).isCloseTo(1 - 204 / 255.0, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void messagesOverTheLimitCloseTheConnection() throws Exception {
        try (OpenPiServer server = OpenPiServer.builder(TestPolicies.droidShaped("p")).maxMessageBytes(64 << 10).start();
                WsChannel c = connect(server)) {
            binary(c);
            // just over the limit, and small enough that the client's write completes before the server
            // closes (a 300 KB observation could meet the closed socket mid-write: a broken pipe on our side)
            byte[] over = new byte[(64 << 10) + 1024];
            c.sendBinary(over, WAIT);
            WsChannel.Event e = c.receive(WAIT);
            assertThat(e).isInstanceOf(WsChannel.Closed.class);
            assertThat(((WsChannel.Closed) e).code()).isEqualTo(1009);
        }
    }

    @Test
    void refusesConnectionsBeyondItsLimitAndWithoutTheKey() throws Exception {
        try (OpenPiServer server = OpenPiServer.builder(TestPolicies.droidShaped("p")).maxConnections(1).apiKey("k1").start();
                WsChannel first = connect(server, Map.of("Authorization", "Api-Key k1"))) {
            binary(first);
            assertThatThrownBy(() -> connect(server, Map.of("Authorization", "Api-Key k1")))
                    .isInstanceOfSatisfying(WsChannel.Refused.class, r -> assertThat(r.status()).isEqualTo(503));
            first.close();
            OpenPiVlaTest.waitFor(() -> server.connections() == 0);
            assertThatThrownBy(() -> connect(server))
                    .isInstanceOfSatisfying(WsChannel.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
            assertThatThrownBy(() -> connect(server, Map.of("Authorization", "Api-Key k2")))
                    .isInstanceOfSatisfying(WsChannel.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
            try (WsChannel again = connect(server, Map.of("Authorization", "Api-Key k1"))) {
                binary(again);
            }
        }
    }

    @Test
    void roboArenasVariantSendsItsConfigAndAnswersResets() throws Exception {
        Vla jointPositions = Vla.stateless(VlaSpec.builder("jp").actionDimension(8).actionSpace(ActionSpace.JOINT_POSITION)
                .observation(new ObservationSpec(List.of(ImageSpec.of("primary", 224, 224)), true, 1)).build(),
                (o, i) -> ActionChunk.of(new Action(new double[] {0, 0, 0, 0, 0, 0, 0, 0.04})));
        try (OpenPiServer server = OpenPiServer.builder(jointPositions)
                .roboArena(Map.of("needs_wrist_camera", false, "needs_session_id", true)).start();
                WsChannel c = connect(server)) {
            Map<String, Object> config = binary(c);
            assertThat(config).containsEntry("action_space", "joint_position").containsEntry("needs_session_id", true)
                    .containsEntry("needs_wrist_camera", false).containsEntry("image_resolution", List.of(224L, 224L));
            Map<String, Object> obs = droidObservation("x");
            obs.remove("observation/wrist_image_left");
            obs.put("observation/cartesian_position", NdArray.ofDoubles(new double[6], 6));
            obs.put("session_id", "s-1");
            obs.put("endpoint", "infer");
            c.sendBinary(OpenPiCodec.encode(obs), WAIT);
            NdArray actions = (NdArray) binary(c).get("actions");
            assertThat(actions.shape()).containsExactly(1, 8);
            assertThat(actions.getDouble(7)).as("0.04 m open is 0 in DROID's gripper units").isZero();
            c.sendBinary(OpenPiCodec.encode(Map.of("session_id", "s-1", "endpoint", "reset")), WAIT);
            WsChannel.Event reset = c.receive(WAIT);
            assertThat(reset).isEqualTo(new WsChannel.Text(OpenPiServer.RESET_ANSWER));
            obs.remove("endpoint");
            c.sendBinary(OpenPiCodec.encode(obs), WAIT);
            assertThat(error(c)).contains("RoboArena requests carry 'endpoint': 'infer' or 'reset', got none");
        }
    }

    @Test
    void refusesAMappingThatCannotFeedThePolicyBeforeServing() {
        Vla needsDepth = Vla.stateless(VlaSpec.builder("depth").actionDimension(8)
                .observation(new ObservationSpec(List.of(ImageSpec.of("depth", 64, 64)), true, 1)).build(),
                (o, i) -> null);
        assertThatThrownBy(() -> OpenPiServer.builder(needsDepth).start())
                .hasMessageContaining("needs the image 'depth', which the 'droid' mapping does not receive")
                .hasMessageContaining("[primary, wrist]");
        Vla sevenWide = Vla.stateless(VlaSpec.builder("seven").actionDimension(7).actionSpace(ActionSpace.EE_DELTA).build(),
                (o, i) -> null);
        assertThatThrownBy(() -> OpenPiServer.builder(sevenWide).start())
                .hasMessageContaining("acts with 7 values (ee_delta) but the 'droid' mapping carries 8 (joint_velocity)");
        Vla needsSite = Vla.stateless(VlaSpec.builder("site").actionDimension(8)
                .observation(new ObservationSpec(List.of(), true, 1, List.of("ee_site"))).build(), (o, i) -> null);
        assertThatThrownBy(() -> OpenPiServer.builder(needsSite).start())
                .hasMessageContaining("needs the pose of the site 'ee_site'");
        assertThatThrownBy(() -> OpenPiServer.builder(needsSite).roboArena(Map.of("action_space", "cartesian_position")))
                .hasMessageContaining("'cartesian_position'").hasMessageContaining("supported: joint_position");
    }

    @Test
    void theArenaMappingServesAPolicysOwnInterface() throws Exception {
        VlaSpec spec = VlaSpec.builder("octo-like").actionDimension(8).actionSpace(ActionSpace.EE_DELTA).actionHorizon(4)
                .observation(new ObservationSpec(List.of(ImageSpec.of("primary", 32, 32)), true, 1)).build();
        Vla octoLike = Vla.stateless(spec, (o, i) -> {
            double[] q = o.state().qpos();
            return new ActionChunk(List.of(new Action(new double[] {q.length, q[q.length - 1], 0, 0, 0, 0, 0.5, 0}),
                    new Action(new double[8])));
        });
        OpenPiMapping arena = OpenPiMapping.arena(spec);
        assertThat(arena.name()).isEqualTo("arena");
        try (OpenPiServer server = OpenPiServer.builder(octoLike).mapping(arena).start(); WsChannel c = connect(server)) {
            binary(c);
            Map<String, Object> obs = new LinkedHashMap<>();
            obs.put("observation/primary", NdArray.ofBytes(new byte[32 * 32 * 3], 32, 32, 3));
            obs.put("observation/qpos", NdArray.ofDoubles(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 11));
            obs.put("prompt", "x");
            c.sendBinary(OpenPiCodec.encode(obs), WAIT);
            NdArray actions = (NdArray) binary(c).get("actions");
            assertThat(actions.shape()).containsExactly(2, 8);
            assertThat(actions.toDoubles()).startsWith(11, 11, 0, 0, 0, 0, 0.5, 0);
        }
        assertThatThrownBy(() -> OpenPiServer.builder(octoLike).mapping(OpenPiMapping.droid()).start())
                .hasMessageContaining("acts with 8 values (ee_delta) but the 'droid' mapping carries 8 (joint_velocity)");
    }

    @Test
    void closingStopsServingButNeverClosesThePolicy() throws Exception {
        AtomicBoolean policyClosed = new AtomicBoolean();
        Vla policy = new Vla() {
            private final Vla inner = TestPolicies.droidShaped("p");

            @Override
            public VlaSpec spec() {
                return inner.spec();
            }

            @Override
            public io.vlaarena.core.VlaRollout start(io.vlaarena.core.RolloutContext context) {
                return inner.start(context);
            }

            @Override
            public void close() {
                policyClosed.set(true);
            }
        };
        OpenPiServer server = OpenPiServer.builder(policy).start();
        WsChannel c = connect(server);
        binary(c);
        server.close();
        server.close();
        assertThat(c.receive(WAIT)).isInstanceOf(WsChannel.Closed.class);
        assertThat(policyClosed).isFalse();
        server.awaitClose();
    }
}
