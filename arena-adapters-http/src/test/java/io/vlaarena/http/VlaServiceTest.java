package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.Png;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The VLA service protocol (SPEC.md §2) over real loopback HTTP, checked against the original's payloads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VlaServiceTest {
    static final DeterministicVla MOCK = new DeterministicVla("mock-vla");
    static VlaService mock;
    static VlaService octo;
    static VlaService bare;
    static URI base;

    @BeforeAll
    static void start() {
        mock = VlaService.builder(MOCK).environments(Http.SIMULATOR)
                .info(ServiceInfo.of("mock-vla").withServiceName("Mock VLA Service").withType("mock").withParameters("N/A"))
                .options(ServerOptions.defaults().withWorkers(4).withMaxBodyBytes(64 * 1024)).start();
        octo = VlaService.builder(new DeterministicVla("octo-small")).environments(Http.SIMULATOR)
                .info(ServiceInfo.of("octo-small").withServiceName("Octo VLA Service").withParameters("27M")
                        .withFramework("onnxruntime"))
                .start();
        bare = VlaService.builder(new DeterministicVla("bare")).start();
        base = mock.baseUri();
    }

    @AfterAll
    static void stop() {
        mock.close();
        octo.close();
        bare.close();
    }

    @Test
    void healthOfTheMockService() throws Exception {
        Http.Answer a = Http.get(base, "/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json()).isEqualTo(Http.JSON.readTree(Http.fixture("health_response.json")));
        assertThat(a.json().get("status").asText()).isEqualTo("healthy");
        assertThat(a.json().get("model").asText()).isEqualTo("mock-vla");
        assertThat(a.json().get("model_status").asText()).isEqualTo("loaded");
    }

    @Test
    void infoHasEveryFieldOfTheOriginal() throws Exception {
        for (VlaService s : List.of(mock, octo)) {
            JsonNode info = Http.get(s.baseUri(), "/info").json();
            String fixture = s == mock ? "info_response_mock.json" : "info_response_octo.json";
            JsonNode original = Http.JSON.readTree(Http.fixture(fixture));
            assertThat(fieldNames(info)).containsExactlyInAnyOrderElementsOf(fieldNames(original));
            assertThat(info.get("model_id")).isEqualTo(original.get("model_id"));
            assertThat(info.get("type")).isEqualTo(original.get("type"));
            assertThat(info.get("loaded").asBoolean()).isTrue();
            assertThat(info.get("max_steps").asInt()).isEqualTo(75);
        }
        assertThat(Http.get(octo.baseUri(), "/info").json().get("parameters").asText()).isEqualTo("27M");
        assertThat(Http.get(base, "/info").json().get("device").asText()).isEqualTo("cpu");
    }

    @Test
    void predictAnswersTheOriginalRequestWithAnEightVector() throws Exception {
        Http.Answer a = Http.post(base, "/predict", Http.fixture("predict_request.json"));
        assertThat(a.status()).isEqualTo(200);
        JsonNode action = a.json().get("action");
        assertThat(action).hasSize(8);
        double[] expected = DeterministicVla.action("mock-vla", "Pick up the red cube").values();
        for (int i = 0; i < 8; i++) {
            assertThat(action.get(i).asDouble()).isEqualTo(expected[i]);
        }
        assertThat(a.json().get("actions")).hasSize(1);
    }

    @Test
    void sameInstructionSameActionAndDifferentModelsDiffer() {
        String req = Http.fixture("predict_request.json");
        JsonNode first = Http.post(base, "/predict", req).json().get("action");
        JsonNode again = Http.post(base, "/predict", req).json().get("action");
        JsonNode other = Http.post(octo.baseUri(), "/predict", req).json().get("action");
        assertThat(again).isEqualTo(first);
        assertThat(other).hasSize(8).isNotEqualTo(first);
    }

    @Test
    void missingOrMistypedFieldsGive422NamingTheField() {
        Http.Answer noInstruction = Http.post(base, "/predict", "{\"xml_string\":\"<mujoco/>\"}");
        assertThat(noInstruction.status()).isEqualTo(422);
        assertThat(noInstruction.json().get("detail").asText()).contains("instruction");
        Http.Answer noXml = Http.post(base, "/predict", "{\"instruction\":\"go\"}");
        assertThat(noXml.status()).isEqualTo(422);
        assertThat(noXml.json().get("detail").asText()).contains("xml_string");
        Http.Answer wrongType = Http.post(base, "/predict", "{\"instruction\":42,\"xml_string\":\"<mujoco/>\"}");
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.json().get("detail").asText()).contains("instruction").contains("string");
        Http.Answer array = Http.post(base, "/predict", "[1,2]");
        assertThat(array.status()).isEqualTo(422);
        Http.Answer badSteps = Http.post(base, "/execute", "{\"instruction\":\"go\",\"xml_string\":\"<mujoco/>\",\"max_steps\":\"ten\"}");
        assertThat(badSteps.status()).isEqualTo(422);
        assertThat(badSteps.json().get("detail").asText()).contains("max_steps");
    }

    @Test
    void invalidMjcfGives400WithTheParsersMessage() {
        for (String path : List.of("/predict", "/execute")) {
            Http.Answer a = Http.post(base, path, "{\"instruction\":\"go\",\"xml_string\":\"not xml at all\"}");
            assertThat(a.status()).as(path).isEqualTo(400);
            assertThat(a.json().get("detail").asText()).contains("MJCF").contains("prolog");
        }
        Http.Answer noSim = Http.post(bare.baseUri(), "/predict", "{\"instruction\":\"go\",\"xml_string\":\"<html></html>\"}");
        assertThat(noSim.status()).isEqualTo(400);
        assertThat(noSim.json().get("detail").asText()).contains("<mujoco>");
    }

    @Test
    void malformedJsonWrongMethodUnknownPathAndOversizedBodies() {
        Http.Answer malformed = Http.post(base, "/predict", "{\"instruction\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asText()).contains("JSON");
        Http.Answer get = Http.get(base, "/predict");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).contains("POST");
        assertThat(Http.get(base, "/nowhere").status()).isEqualTo(404);
        String big = "{\"instruction\":\"" + "x".repeat(70 * 1024) + "\",\"xml_string\":\"<mujoco/>\"}";
        Http.Answer tooLarge = Http.post(base, "/predict", big);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("detail").asText()).contains("65536");
    }

    @Test
    void executeRunsTheEpisodeWithMaxStepsAndSeed() throws Exception {
        Http.Answer a = Http.post(base, "/execute", Http.fixture("execute_request.json"));
        assertThat(a.status()).isEqualTo(200);
        JsonNode b = a.json();
        assertThat(b.get("actions")).hasSize(3);
        assertThat(b.get("states")).hasSize(3);
        assertThat(b.get("actions").get(0)).hasSize(8);
        JsonNode state = b.get("states").get(2);
        assertThat(fieldNames(state)).containsExactlyInAnyOrder("qpos", "qvel", "time");
        assertThat(state.get("time").asDouble()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(b.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(fieldNames(b)).containsExactlyInAnyOrderElementsOf(
                fieldNames(Http.JSON.readTree(Http.fixture("execute_response.json"))));
        JsonNode defaults = Http.post(base, "/execute", "{\"instruction\":\"go\",\"xml_string\":\"<mujoco/>\"}").json();
        assertThat(defaults.get("actions")).hasSize(75);
        assertThat(Http.post(bare.baseUri(), "/execute", "{\"instruction\":\"go\",\"xml_string\":\"<mujoco/>\"}").status())
                .isEqualTo(501);
    }

    @Test
    void observationExtensionDeliversStateAndPngImages() {
        DeterministicVla seeing = DeterministicVla.withObservation("seeing",
                new ObservationSpec(List.of(ImageSpec.of("primary", 4, 3)), true, 1));
        try (VlaService s = VlaService.builder(seeing).start()) {
            byte[] px = new byte[4 * 3 * 3];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (i * 11);
            }
            RgbImage img = new RgbImage(4, 3, px);
            ObjectNode body = Http.JSON.createObjectNode();
            body.put("instruction", "look");
            body.put("xml_string", Http.SCENE);
            ObjectNode obs = body.putObject("observation");
            obs.putArray("qpos").add(0.5).add(0.25);
            obs.putArray("qvel").add(0.0).add(1.0);
            obs.put("time", 0.4);
            ObjectNode primary = obs.putObject("images").putObject("primary");
            primary.put("width", 4).put("height", 3).put("encoding", "png")
                    .put("data", Base64.getEncoder().encodeToString(Png.encode(img)));
            Http.Answer a = Http.post(s.baseUri(), "/predict", body.toString());
            assertThat(a.status()).isEqualTo(200);
            assertThat(seeing.seen).hasSize(1);
            assertThat(seeing.seen.get(0).state().qpos()).containsExactly(0.5, 0.25);
            assertThat(seeing.seen.get(0).image("primary")).contains(img);
            primary.put("data", "bm90IGEgcG5n");
            Http.Answer bad = Http.post(s.baseUri(), "/predict", body.toString());
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().get("detail").asText()).contains("observation.images.primary");
        }
    }

    @Test
    void predictAndExecuteAnswerAFailingPolicyAlikeWithItsMessageAndNoStackTrace() {
        Vla broken = Vla.stateless(VlaSpec.builder("broken").build(), (o, i) -> {
            throw new IllegalStateException("The gripper calibration file is missing");
        });
        Vla sevenWide = Vla.stateless(VlaSpec.builder("seven").build(), (o, i) -> ActionChunk.of(
                io.vlaarena.core.Action.of(1, 2, 3, 4, 5, 6, 7)));
        Vla fine = Vla.stateless(VlaSpec.builder("fine").build(), (o, i) -> ActionChunk.of(
                io.vlaarena.core.Action.of(1, 2, 3, 4, 5, 6, 7, 8)));
        try (VlaService s = VlaService.builder(broken).environments(Http.SIMULATOR).start();
                VlaService w = VlaService.builder(sevenWide).environments(Http.SIMULATOR).start();
                VlaService ok = VlaService.builder(fine).start()) {
            for (VlaService service : List.of(s, w)) {
                Http.Answer predict = Http.post(service.baseUri(), "/predict", Http.fixture("predict_request.json"));
                Http.Answer execute = Http.post(service.baseUri(), "/execute", Http.fixture("predict_request.json"));
                assertThat(predict.status()).isEqualTo(500);
                assertThat(execute.status()).isEqualTo(500);
                assertThat(predict.json().get("detail").asText()).isEqualTo(execute.json().get("detail").asText());
                assertThat(predict.body()).doesNotContain("\tat ").doesNotContain("Exception");
            }
            assertThat(Http.post(s.baseUri(), "/predict", Http.fixture("predict_request.json")).json().get("detail").asText())
                    .isEqualTo("Model 'broken' failed at step 0: The gripper calibration file is missing");
            assertThat(Http.post(w.baseUri(), "/predict", Http.fixture("predict_request.json")).json().get("detail").asText())
                    .isEqualTo("Model 'seven' returned actions of dimension 7 at step 0 but its spec declares 8");
            assertThat(Http.post(ok.baseUri(), "/predict", Http.fixture("predict_request.json")).status()).isEqualTo(200);
        }
    }

    @Test
    void predictAnswersAnEightVectorForAnyLoadableSceneAlsoWithoutTheRobotOrItsEndEffectorSite() throws Exception {
        Vla octoLike = Vla.stateless(VlaSpec.builder("octo-like").actionSpace(io.vlaarena.core.ActionSpace.EE_DELTA)
                .observation(new ObservationSpec(List.of(ImageSpec.of("primary", 32, 32)), false, 1)).build(),
                (o, i) -> ActionChunk.of(io.vlaarena.core.Action.of(0.01, 0, 0, 0, 0, 0, 1, 0)));
        try (VlaService s = VlaService.builder(octoLike).environments(Http.SIMULATOR).start()) {
            String tableOnly = "<mujoco><worldbody><geom name='floor' type='plane' size='2 2 0.1'/>"
                    + "<body name='box' pos='0 0 0.1'><freejoint/><geom type='box' size='0.05 0.05 0.05'/></body>"
                    + "</worldbody></mujoco>";
            String body = Http.JSON.writeValueAsString(Map.of("instruction", "pick up the box", "xml_string", tableOnly));
            Http.Answer a = Http.post(s.baseUri(), "/predict", body);
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            assertThat(a.json().get("action").size()).isEqualTo(8);
            // /execute needs the end effector to move it, and says so with the scene's message
            Http.Answer e = Http.post(s.baseUri(), "/execute", body);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.json().get("detail").asText()).contains("ee_site");
        }
    }

    @Test
    void unloadedModelIsUnhealthy() {
        try (VlaService s = VlaService.builder(MOCK).info(ServiceInfo.of("mock-vla").withLoaded(false)).start()) {
            Http.Answer a = Http.get(s.baseUri(), "/health");
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.json().get("status").asText()).isEqualTo("unhealthy");
        }
    }

    @Test
    void headAndOptionsAreAnswered() {
        Http.Answer head = Http.request(base, "/health", "HEAD", null, Map.of());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        Http.Answer options = Http.request(base, "/predict", "OPTIONS", null, Map.of());
        assertThat(options.header("Allow")).contains("POST").contains("OPTIONS");
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
