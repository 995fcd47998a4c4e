package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.VlaSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Step mode: the local runner drives a remote policy over /predict. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpVlaTest {

    @Test
    void runsAnEpisodeStepByStepAgainstTheService() {
        DeterministicVla remote = new DeterministicVla("mock-vla");
        try (VlaService service = VlaService.builder(remote).environments(Http.SIMULATOR).start();
                VlaServiceClient client = VlaServiceClient.of(service.baseUri().toString())) {
            HttpVla vla = HttpVla.of(client, VlaSpec.builder("mock-vla").build());
            Episode e;
            try (io.vlaarena.core.Environment env = Http.SIMULATOR.create(Http.SCENE, io.vlaarena.core.EnvironmentOptions.defaults())) {
                e = EpisodeRunner.builder().maxSteps(10).build().run(vla, env, new RolloutContext("wave", Http.SCENE, 1, 10));
            }
            assertThat(e.isCompleted()).isTrue();
            assertThat(e.actions()).hasSize(10).containsOnly(DeterministicVla.action("mock-vla", "wave"));
            assertThat(remote.predictions.get()).isEqualTo(10);
            // the service saw the runner's states, not its own initial state: 9 control periods of 0.2 s
            assertThat(remote.seen.get(9).state().time()).isCloseTo(1.8, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(remote.seen.get(9).state().qpos()).isEqualTo(e.states().get(8).qpos());
        }
    }

    @Test
    void sendsTheImagesTheSpecAsksForAsPng() {
        ObservationSpec withCamera = new ObservationSpec(List.of(ImageSpec.of("primary", 8, 6)), true, 1);
        DeterministicVla remote = DeterministicVla.withObservation("seeing", withCamera);
        try (VlaService service = VlaService.builder(remote).start();
                VlaServiceClient client = VlaServiceClient.of(service.baseUri().toString())) {
            HttpVla vla = HttpVla.of(client, VlaSpec.builder("seeing").observation(withCamera).build());
            try (io.vlaarena.core.Environment env = Http.SIMULATOR.create(Http.SCENE,
                    io.vlaarena.core.EnvironmentOptions.defaults())) {
                Episode e = EpisodeRunner.builder().maxSteps(2).build().run(vla, env, new RolloutContext("look", Http.SCENE, 1, 2));
                assertThat(e.isCompleted()).isTrue();
                env.reset(1);
                assertThat(remote.seen.get(0).image("primary")).contains(env.render(null, 8, 6));
            }
        }
    }

    @Test
    void aServiceServingARemotePolicyProxiesItAndAnswers502WhenItsUpstreamFails() {
        try (VlaService upstream = VlaService.builder(new DeterministicVla("octo-small")).start();
                VlaServiceClient toUpstream = VlaServiceClient.builder().baseUrl(upstream.baseUri().toString())
                        .retry(RetryPolicy.none()).build();
                VlaService proxy = VlaService.builder(HttpVla.of(toUpstream, VlaSpec.builder("octo-small").build())).start()) {
            Http.Answer ok = Http.post(proxy.baseUri(), "/predict", Http.fixture("predict_request.json"));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.json().get("action").get(0).asDouble())
                    .isEqualTo(DeterministicVla.action("octo-small", "Pick up the red cube").get(0));
            upstream.close();
            Http.Answer down = Http.post(proxy.baseUri(), "/predict", Http.fixture("predict_request.json"));
            assertThat(down.status()).isEqualTo(502);
            assertThat(down.json().get("detail").asText()).contains("upstream");
        }
    }

    @Test
    void anUnreachableServiceFailsTheEpisodeAsRemoteError() {
        try (VlaServiceClient client = VlaServiceClient.builder().baseUrl("http://127.0.0.1:" + Http.deadPort())
                .retry(RetryPolicy.none()).connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpVla vla = HttpVla.of(client, VlaSpec.builder("gone").build());
            Episode e;
            try (io.vlaarena.core.Environment env = Http.SIMULATOR.create(Http.SCENE, io.vlaarena.core.EnvironmentOptions.defaults())) {
                e = EpisodeRunner.withDefaults().run(vla, env, new RolloutContext("x", Http.SCENE, 1, 5));
            }
            assertThat(e.isCompleted()).isFalse();
            assertThat(e.failure().orElseThrow().kind()).isEqualTo(EpisodeFailure.Kind.REMOTE_ERROR);
            assertThat(e.failure().orElseThrow().message()).contains("127.0.0.1");
        }
    }
}
