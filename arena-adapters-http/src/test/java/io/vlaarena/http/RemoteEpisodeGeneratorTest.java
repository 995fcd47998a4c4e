package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /execute mapped into episodes; every remote fault becomes a failed episode, never an exception. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteEpisodeGeneratorTest {

    @Test
    void mapsTheServicesEpisode() {
        try (VlaService service = VlaService.builder(new DeterministicVla("mock-vla")).environments(Http.SIMULATOR).start();
                VlaServiceClient client = VlaServiceClient.of(service.baseUri().toString())) {
            RemoteEpisodeGenerator g = RemoteEpisodeGenerator.of("mock-vla", client);
            Episode e = g.generate(new EpisodeRequest(Http.SCENE, "stack", 12, 3));
            assertThat(e.isCompleted()).isTrue();
            assertThat(e.modelId()).isEqualTo("mock-vla");
            assertThat(e.instruction()).isEqualTo("stack");
            assertThat(e.actions()).hasSize(12).containsOnly(DeterministicVla.action("mock-vla", "stack"));
            assertThat(e.states()).hasSize(12);
        }
    }

    @Test
    void mapsTheOriginalsPayload() {
        try (CannedServer s = new CannedServer().on("/execute", 200, Http.fixture("execute_response.json"));
                VlaServiceClient client = VlaServiceClient.of(s.baseUrl())) {
            Episode e = RemoteEpisodeGenerator.of("octo-small", client).generate(new EpisodeRequest(Http.SCENE, "x", 2, 0));
            assertThat(e.isCompleted()).isTrue();
            assertThat(e.duration()).isEqualTo(Duration.ofMillis(1234));
            assertThat(e.states().get(0).qpos()).hasSize(9);
        }
    }

    @Test
    void faultsBecomeFailedRemoteEpisodes() {
        try (CannedServer s = new CannedServer()
                .on("/execute", 500, "{\"detail\":\"CUDA out of memory\"}")
                .on("/execute", 200, "{\"actions\":[[1,2]],\"states\":[]}");
                VlaServiceClient client = VlaServiceClient.builder().baseUrl(s.baseUrl()).retry(RetryPolicy.none()).build();
                VlaServiceClient dead = VlaServiceClient.builder().baseUrl("http://127.0.0.1:" + Http.deadPort())
                        .retry(RetryPolicy.none()).build()) {
            EpisodeRequest req = new EpisodeRequest(Http.SCENE, "x", 2, 0);
            Episode crashed = RemoteEpisodeGenerator.of("m", client).generate(req);
            assertThat(crashed.failure().orElseThrow().kind()).isEqualTo(EpisodeFailure.Kind.REMOTE_ERROR);
            assertThat(crashed.failure().orElseThrow().message()).contains("CUDA out of memory").contains("500");
            Episode ragged = RemoteEpisodeGenerator.of("m", client).generate(req);
            assertThat(ragged.failure().orElseThrow().message()).contains("1 actions but 0 states");
            Episode unreachable = RemoteEpisodeGenerator.of("m", dead).generate(req);
            assertThat(unreachable.failure().orElseThrow().kind()).isEqualTo(EpisodeFailure.Kind.REMOTE_ERROR);
        }
    }

    @Test
    void aModelIsLiveWhileItsServiceAnswersHealthyAndTheAnswerIsReusedBriefly() {
        try (CannedServer s = new CannedServer()
                .on("/health", 200, Http.fixture("health_response.json"))
                .on("/health", 503, "{\"status\":\"unhealthy\",\"model\":\"m\",\"model_status\":\"loading\"}");
                VlaServiceClient client = VlaServiceClient.builder().baseUrl(s.baseUrl()).retry(RetryPolicy.none()).build();
                VlaServiceClient unhealthy = VlaServiceClient.builder().baseUrl(s.baseUrl()).retry(RetryPolicy.none()).build();
                VlaServiceClient dead = VlaServiceClient.builder().baseUrl("http://127.0.0.1:" + Http.deadPort())
                        .retry(RetryPolicy.none()).build()) {
            RemoteEpisodeGenerator g = RemoteEpisodeGenerator.of("m", client);

            assertThat(g.isLive()).isTrue();
            assertThat(g.isLive()).as("reused within " + VlaServiceClient.LIVENESS_CACHE + ", not asked again").isTrue();
            assertThat(RemoteEpisodeGenerator.of("m", unhealthy).isLive()).as("503 unhealthy").isFalse();
            assertThat(RemoteEpisodeGenerator.of("m", dead).isLive()).as("unreachable").isFalse();
            assertThat(HttpVla.of(dead, io.vlaarena.core.VlaSpec.builder("m").build()).isLive()).isFalse();
            assertThat(s.count("/health")).as("one check per client, the second answer reused").isEqualTo(2);
        }
    }
}
