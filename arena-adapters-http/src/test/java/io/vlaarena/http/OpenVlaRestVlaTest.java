package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RemoteServiceException;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaConfig;
import io.vlaarena.core.VlaProviders;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Against a real local HTTP server that speaks as OpenVLA's {@code deploy.py}: it reads the
 * json-numpy image, checks it as the server's {@code Image.fromarray} would need it, and answers
 * with what the test scripts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenVlaRestVlaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** deploy.py's wire form of a float64 action: json-numpy with dtype {@code <f8}. */
    static String jsonNumpy(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return "{\"__numpy__\": \"" + Base64.getEncoder().encodeToString(b.array()) + "\", \"dtype\": \"<f8\", \"shape\": ["
                + values.length + "]}";
    }

    /** A /act server; {@code answer} maps each decoded request to (status, body). */
    static final class ActServer implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> requests = new CopyOnWriteArrayList<>();

        ActServer(Function<JsonNode, Map.Entry<Integer, String>> answer) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "act-server");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/act", ex -> {
                try (ex) {
                    JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
                    requests.add(req);
                    Map.Entry<Integer, String> a = answer.apply(req);
                    byte[] body = a.getValue().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(a.getKey(), body.length);
                    ex.getResponseBody().write(body);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Observation observation(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        return new Observation(0, new SimState(new double[9], new double[9], 0), Map.of("primary", new RgbImage(w, h, px)));
    }

    private static ActionChunk predict(Vla vla, Observation o) {
        try (var r = vla.start(new RolloutContext("put the carrot on the plate", "", 0, 10))) {
            return r.predict(o, "put the carrot on the plate");
        }
    }

    @Test
    void postsTheImageAsJsonNumpyAndReadsASevenValueAction() throws Exception {
        try (ActServer server = new ActServer(req -> Map.entry(200,
                jsonNumpy(0.01, -0.02, 0.005, 0.1, 0, -0.1, 1.0)))) {
            OpenVlaRestVla vla = OpenVlaRestVla.builder(server.url()).id("openvla-7b").unnormKey("bridge_orig")
                    .image("front", 24, 16).build();
            assertThat(vla.spec().actionSpace()).isEqualTo(ActionSpace.EE_DELTA);
            assertThat(vla.spec().actionDimension()).isEqualTo(7);
            assertThat(vla.spec().observation().images()).containsExactly(new ImageSpec("primary", "front", 24, 16));
            ActionChunk chunk = predict(vla, observation(24, 16));
            assertThat(chunk.first().values()).containsExactly(new double[] {0.01, -0.02, 0.005, 0.1, 0, -0.1, 0.04},
                    within(1e-12));
            JsonNode req = server.requests.get(0);
            assertThat(req.get("instruction").asText()).isEqualTo("put the carrot on the plate");
            assertThat(req.get("unnorm_key").asText()).isEqualTo("bridge_orig");
            JsonNode image = req.get("image");
            assertThat(image.get("dtype").asText()).isEqualTo("|u1");
            assertThat(image.get("shape").toString()).isEqualTo("[16,24,3]");
            byte[] px = Base64.getDecoder().decode(image.get("__numpy__").asText());
            assertThat(px).hasSize(16 * 24 * 3);
            assertThat(px[5]).isEqualTo((byte) 5);
        }
    }

    @Test
    void acceptsTheDoubleEncodedAndPlainFormsAndAClosedGripper() throws Exception {
        String doubleEncoded = JSON.writeValueAsString(jsonNumpy(0, 0, 0, 0, 0, 0, 0.0));
        for (String body : List.of(doubleEncoded, "[0, 0, 0, 0, 0, 0, 0.0]", "{\"action\": [0, 0, 0, 0, 0, 0, -0.5]}")) {
            try (ActServer server = new ActServer(req -> Map.entry(200, body))) {
                ActionChunk chunk = predict(OpenVlaRestVla.builder(server.url() + "/").build(), observation(224, 224));
                assertThat(chunk.first().get(6)).as(body).isZero();
                assertThat(server.requests.get(0).has("unnorm_key")).isFalse();
            }
        }
    }

    @Test
    void aFailedRequestWrongSizedOrNonFiniteActionIsAnInferenceException() throws Exception {
        Map<String, String> cases = Map.of(
                "\"error\"", "answered \"error\": the request failed on the server",
                jsonNumpy(1, 2, 3, 4, 5, 6), "answered an action of 6 values",
                "[1, 2, 3, 4, 5, 6, \"open\"]", "a list holding string at 6",
                "{\"__numpy__\": \"AAAA\", \"dtype\": \"<c16\", \"shape\": [1]}", "unsupported dtype '<c16'",
                "{\"__numpy__\": \"AAAA\", \"dtype\": \"<f8\", \"shape\": [7]}", "do not hold 7 values",
                "[1, 2, 3, 4, 5, 6, 1e999]", "non-finite value Infinity at index 6",
                "<html>oops</html>", "answered something that is not JSON: <html>oops</html>");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            try (ActServer server = new ActServer(req -> Map.entry(200, c.getKey()))) {
                Vla vla = OpenVlaRestVla.builder(server.url()).build();
                assertThatThrownBy(() -> predict(vla, observation(224, 224))).as(c.getKey())
                        .isInstanceOf(InferenceException.class).hasMessageContaining(c.getValue());
            }
        }
    }

    @Test
    void anErrorStatusAnUnreachableOrSlowServerIsARemoteError() throws Exception {
        try (ActServer server = new ActServer(req -> Map.entry(422, "{\"detail\":\"field required\"}"))) {
            assertThatThrownBy(() -> predict(OpenVlaRestVla.builder(server.url()).build(), observation(224, 224)))
                    .isInstanceOf(RemoteStatusException.class).hasMessageContaining("answered 422")
                    .hasMessageContaining("field required");
        }
        try (ActServer slow = new ActServer(req -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.entry(200, "[0,0,0,0,0,0,0]");
        })) {
            assertThatThrownBy(() -> predict(OpenVlaRestVla.builder(slow.url()).requestTimeout(Duration.ofMillis(300)).build(),
                    observation(224, 224))).isInstanceOf(RemoteServiceException.class).hasMessageContaining("within 300 ms");
        }
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> predict(OpenVlaRestVla.builder("http://127.0.0.1:" + port).build(), observation(224, 224)))
                .isInstanceOf(RemoteServiceException.class).hasMessageContaining("Cannot reach the OpenVLA server");
    }

    @Test
    void theProviderOpensModelsYamlEntriesAndSpecs() throws Exception {
        VlaProviders providers = VlaProviders.load();
        assertThat(providers.types()).contains("openvla");
        try (ActServer server = new ActServer(req -> Map.entry(200, jsonNumpy(0, 0, 0, 0, 0, 0, 1)))) {
            ModelsConfig config = ModelsConfig.parse("""
                    models:
                      - id: openvla-7b
                        type: openvla
                        base_url: %s
                        unnorm_key: bridge_orig
                        camera: overhead
                        image: [256, 256]
                    """.formatted(server.url()), "models.yaml");
            Vla vla = providers.open(config.models().get(0).toVlaConfig("models.yaml", 0, java.nio.file.Path.of(".")));
            assertThat(vla.spec().id()).isEqualTo("openvla-7b");
            assertThat(vla.spec().observation().images()).containsExactly(new ImageSpec("primary", "overhead", 256, 256));
            predict(vla, observation(256, 256));
            assertThat(server.requests.get(0).get("unnorm_key").asText()).isEqualTo("bridge_orig");
            Vla fromSpec = providers.open(providers.parseSpec("openvla:" + server.url() + "#unnorm_key=bridge_orig"));
            assertThat(fromSpec.spec().id()).isEqualTo("openvla@127.0.0.1:" + server.server.getAddress().getPort());
        }
        assertThatThrownBy(() -> providers.open(VlaConfig.builder("openvla", "o").url("http://h:1")
                .settings(Map.of("unorm_key", "x"), "models.yaml: model 2 ('o')").build()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("unknown field 'unorm_key'");
        assertThatThrownBy(() -> providers.open(VlaConfig.builder("openvla", "o").url("ws://h:1").source("m").build()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("http://HOST:PORT");
    }
}
