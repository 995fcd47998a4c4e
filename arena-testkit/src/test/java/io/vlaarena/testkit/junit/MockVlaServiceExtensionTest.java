package io.vlaarena.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.EpisodeRequest;
import io.vlaarena.http.ExecuteResult;
import io.vlaarena.http.ServiceInfo;
import io.vlaarena.http.VlaService;
import io.vlaarena.http.VlaServiceClient;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.models.MockVla;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link MockVlaService} used as a user would: fields and parameters, no explicit registration. */
@Timeout(60)
class MockVlaServiceExtensionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @MockVlaService
    static VlaService shared;

    @MockVlaService(modelId = "mock-b")
    URI perTest;

    @Test
    void servesTheOriginalMockProtocol(@MockVlaService VlaServiceClient client) {
        assertThat(client.health().healthy()).isTrue();
        assertThat(client.health().model()).isEqualTo("mock-vla");
        ServiceInfo info = client.info();
        assertThat(info.modelId()).isEqualTo("mock-vla");
        assertThat(info.type()).isEqualTo("mock");
        assertThat(info.device()).isEqualTo("cpu");
        assertThat(info.loaded()).isTrue();
        assertThat(client.predict("pick up the red cube", BundledScenes.frankaTableXml(), Optional.empty()).first())
                .isEqualTo(MockVla.action("mock-vla", "pick up the red cube"));
    }

    @Test
    void aParameterWithTheSameSettingsIsTheClassService(@MockVlaService VlaService service,
            @MockVlaService URI uri) {
        assertThat(service).isSameAs(shared);
        assertThat(uri).isEqualTo(shared.baseUri());
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void anInstanceFieldGetsAServiceOfItsOwnModel(@MockVlaService(modelId = "mock-b") VlaService b) throws Exception {
        assertThat(perTest).isEqualTo(b.baseUri()).isNotEqualTo(shared.baseUri());
        assertThat(get(perTest, "/health").body()).contains("\"model\":\"mock-b\"");
    }

    @Test
    void namedServicesAreDistinct(@MockVlaService(name = "one") URI one, @MockVlaService(name = "two") URI two) {
        assertThat(one).isNotEqualTo(two).isNotEqualTo(shared.baseUri());
    }

    @Test
    void executeSimulatesTheBundledScene(@MockVlaService(maxSteps = 4) VlaServiceClient client) {
        ExecuteResult result = client.execute(new EpisodeRequest(BundledScenes.frankaTableXml(), "push the blue cube", 4, 7));
        assertThat(result.actions()).hasSize(4).allSatisfy(a -> assertThat(a.dimension()).isEqualTo(8));
        assertThat(result.states()).hasSize(4);
        assertThat(result.states().get(3).time()).isGreaterThan(result.states().get(0).time());
        assertThat(client.info().maxSteps()).isEqualTo(4);
    }

    @Test
    void rejectsBadRequestsAsTheOriginal(@MockVlaService URI uri) throws Exception {
        HttpResponse<String> missing = post(uri, "/predict", "{\"xml_string\":\"<mujoco/>\"}");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("instruction");
        HttpResponse<String> badXml = post(uri, "/predict",
                "{\"instruction\":\"go\",\"xml_string\":\"<mujoco><worldbody><geom type='bogus'/></worldbody></mujoco>\"}");
        assertThat(badXml.statusCode()).isEqualTo(400);
        assertThat(badXml.body()).startsWith("{\"detail\":");
    }

    @Test
    void aBearerTokenProtectsAllButHealth(@MockVlaService(bearerToken = "s3cret") VlaServiceClient client,
            @MockVlaService(bearerToken = "s3cret") URI uri) throws Exception {
        assertThat(client.info().modelId()).isEqualTo("mock-vla");
        assertThat(get(uri, "/info").statusCode()).isEqualTo(401);
        assertThat(get(uri, "/health").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI base, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
