package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.EpisodeRequest;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RemoteServiceException;
import io.vlaarena.core.SimState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against this module's services and against scripted servers replaying the original's payloads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VlaServiceClientTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), 0.5);
    static DeterministicVla first = new DeterministicVla("mock-vla");
    static DeterministicVla second = new DeterministicVla("mock-vla");
    static VlaService one;
    static VlaService two;

    @BeforeAll
    static void start() {
        one = VlaService.builder(first).environments(Http.SIMULATOR).start();
        two = VlaService.builder(second).environments(Http.SIMULATOR).start();
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
    }

    static VlaServiceClient.Builder client(String... urls) {
        return VlaServiceClient.builder().baseUrls(List.of(urls)).retry(FAST).connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(10));
    }

    @Test
    void typedHealthInfoPredictAndExecuteAgainstTheService() {
        try (VlaServiceClient c = client(one.baseUri().toString()).build()) {
            ServiceHealth h = c.health();
            assertThat(h.healthy()).isTrue();
            assertThat(h.model()).isEqualTo("mock-vla");
            ServiceInfo info = c.info();
            assertThat(info.modelId()).isEqualTo("mock-vla");
            assertThat(info.loaded()).isTrue();
            ActionChunk chunk = c.predict("pick", Http.SCENE, Optional.empty());
            assertThat(chunk.first()).isEqualTo(DeterministicVla.action("mock-vla", "pick"));
            ExecuteResult r = c.execute(new EpisodeRequest(Http.SCENE, "pick", 5, 7));
            assertThat(r.actions()).hasSize(5).allMatch(a -> a.dimension() == 8);
            assertThat(r.states()).hasSize(5);
            assertThat(r.states().get(4).time()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void readsTheOriginalsPayloads() {
        try (CannedServer s = new CannedServer()
                .on("/health", 200, Http.fixture("health_response.json"))
                .on("/info", 200, Http.fixture("info_response_octo.json"))
                .on("/predict", 200, Http.fixture("predict_response.json"))
                .on("/execute", 200, Http.fixture("execute_response.json"));
                VlaServiceClient c = client(s.baseUrl()).build()) {
            assertThat(c.health()).isEqualTo(new ServiceHealth("healthy", "mock-vla", "loaded"));
            assertThat(c.info()).isEqualTo(new ServiceInfo("Octo VLA Service", "1.0.0", "octo-small", "cpu", true, 75,
                    "octo-small", "27M", "jax"));
            ActionChunk chunk = c.predict("Pick up the red cube", Http.SCENE,
                    Optional.of(Observation.of(0, new SimState(new double[] {0.1}, new double[] {0}, 0))));
            assertThat(chunk.size()).isEqualTo(1);
            assertThat(chunk.first().values()).containsExactly(0.12, -0.34, 0.56, -0.78, 0.9, -0.11, 0.22, 1.0);
            ExecuteResult r = c.execute(new EpisodeRequest(Http.SCENE, "Pick up the red cube", 2, 1));
            assertThat(r.actions()).hasSize(2);
            assertThat(r.states().get(1).qvel(7)).isEqualTo(-1.0);
            assertThat(r.duration()).isEqualTo(Duration.ofMillis(1234));
            String sent = s.requests.stream().filter(x -> x.path().equals("/predict")).findFirst().orElseThrow().body();
            assertThat(sent).contains("\"instruction\":\"Pick up the red cube\"").contains("\"xml_string\"")
                    .contains("\"observation\"").contains("\"qpos\":[0.1]");
            String exec = s.requests.stream().filter(x -> x.path().equals("/execute")).findFirst().orElseThrow().body();
            assertThat(exec).contains("\"max_steps\":2").contains("\"seed\":1");
        }
    }

    @Test
    void errorsNameTheUrlAndDetailAndAreNotRetried() {
        try (CannedServer s = new CannedServer()
                .on("/predict", 422, Http.fixture("error_422_fastapi.json"))
                .on("/execute", 400, Http.fixture("error_400_invalid_xml.json"));
                VlaServiceClient c = client(s.baseUrl()).build()) {
            assertThatThrownBy(() -> c.predict("x", "<bad", Optional.empty()))
                    .isInstanceOf(RemoteStatusException.class)
                    .hasMessageContaining(s.baseUrl() + "/predict").hasMessageContaining("422")
                    .hasMessageContaining("field required")
                    .satisfies(e -> assertThat(((RemoteStatusException) e).status()).isEqualTo(422));
            assertThatThrownBy(() -> c.execute(new EpisodeRequest("<bad", "x", 3, 0)))
                    .hasMessageContaining("400").hasMessageContaining("Invalid MuJoCo XML");
            assertThat(s.count("/predict")).isEqualTo(1);
            assertThat(s.count("/execute")).isEqualTo(1);
        }
    }

    @Test
    void retriesUnavailableWithBackoffThenSucceeds() {
        try (CannedServer s = new CannedServer()
                .on("/predict", 503, "{\"detail\":\"warming up\"}")
                .on("/predict", 502, "")
                .on("/predict", 200, Http.fixture("predict_response.json"));
                VlaServiceClient c = client(s.baseUrl()).build()) {
            assertThat(c.predict("x", Http.SCENE, Optional.empty()).dimension()).isEqualTo(8);
            assertThat(s.count("/predict")).isEqualTo(3);
        }
        try (CannedServer s = new CannedServer().on("/predict", 503, "{\"detail\":\"overloaded\"}");
                VlaServiceClient c = client(s.baseUrl()).build()) {
            assertThatThrownBy(() -> c.predict("x", Http.SCENE, Optional.empty()))
                    .isInstanceOf(RemoteStatusException.class).hasMessageContaining("503").hasMessageContaining("overloaded");
            assertThat(s.count("/predict")).isEqualTo(FAST.maxAttempts());
        }
        try (CannedServer s = new CannedServer().on("/execute", 500, "{\"detail\":\"model crashed\"}");
                VlaServiceClient c = client(s.baseUrl()).build()) {
            assertThatThrownBy(() -> c.execute(new EpisodeRequest(Http.SCENE, "x", 3, 0))).hasMessageContaining("model crashed");
            assertThat(s.count("/execute")).as("a 500 is not retried").isEqualTo(1);
        }
    }

    @Test
    void roundRobinOverTwoServices() {
        int before1 = first.predictions.get();
        int before2 = second.predictions.get();
        try (VlaServiceClient c = client(one.baseUri().toString(), two.baseUri().toString()).build()) {
            for (int i = 0; i < 10; i++) {
                assertThat(c.predict("spread", Http.SCENE, Optional.empty()).first())
                        .isEqualTo(DeterministicVla.action("mock-vla", "spread"));
            }
        }
        assertThat(first.predictions.get() - before1).isEqualTo(5);
        assertThat(second.predictions.get() - before2).isEqualTo(5);
    }

    @Test
    void failsOverPastADeadPortAndProbesItAgainAfterTheCooldown() {
        String dead = "http://127.0.0.1:" + Http.deadPort();
        try (VlaServiceClient c = client(dead, one.baseUri().toString()).retry(RetryPolicy.none())
                .replicaCooldown(Duration.ofSeconds(2)).build()) {
            for (int i = 0; i < 6; i++) {
                assertThat(c.predict("failover", Http.SCENE, Optional.empty()).dimension()).isEqualTo(8);
            }
            assertThat(c.isMarkedDown(URI.create(dead))).isTrue();
            sleep(2100);
            assertThat(c.isMarkedDown(URI.create(dead))).as("cool-down over: probed again").isFalse();
            // round-robin: of two requests, one picks the dead replica, probes it and marks it down again
            assertThat(c.predict("failover", Http.SCENE, Optional.empty()).dimension()).isEqualTo(8);
            assertThat(c.predict("failover", Http.SCENE, Optional.empty()).dimension()).isEqualTo(8);
            assertThat(c.isMarkedDown(URI.create(dead))).isTrue();
        }
        try (VlaServiceClient c = client(dead).retry(FAST).build()) {
            assertThatThrownBy(() -> c.health()).isInstanceOf(RemoteServiceException.class)
                    .hasMessageContaining(dead + "/health").hasMessageContaining("connect");
        }
    }

    @Test
    void leastInFlightAvoidsTheBusyReplica() throws Exception {
        try (CannedServer slow = new CannedServer().on("/predict", 200, Http.fixture("predict_response.json"), 1500);
                CannedServer fast = new CannedServer().on("/predict", 200, Http.fixture("predict_response.json"));
                VlaServiceClient c = client(slow.baseUrl(), fast.baseUrl()).balancing(Balancing.LEAST_IN_FLIGHT).build()) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<ActionChunk> stuck = pool.submit(() -> c.predict("x", Http.SCENE, Optional.empty()));
                while (slow.count("/predict") == 0) {
                    sleep(5);
                }
                for (int i = 0; i < 6; i++) {
                    c.predict("x", Http.SCENE, Optional.empty());
                }
                assertThat(fast.count("/predict")).isEqualTo(6);
                assertThat(slow.count("/predict")).isEqualTo(1);
                stuck.get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void readTimeoutIsReportedAndNotRetried() {
        try (CannedServer s = new CannedServer().on("/predict", 200, Http.fixture("predict_response.json"), 1000);
                VlaServiceClient c = client(s.baseUrl()).readTimeout(Duration.ofMillis(200)).build()) {
            assertThatThrownBy(() -> c.predict("x", Http.SCENE, Optional.empty()))
                    .isInstanceOf(RemoteServiceException.class).hasMessageContaining("did not answer within PT0.2S");
            assertThat(s.count("/predict")).isEqualTo(1);
        }
    }

    @Test
    void bearerTokenIsSentButNeverShown() {
        String token = "sk-very-secret-token-123";
        try (CannedServer s = new CannedServer().on("/predict", 401, "{\"detail\":\"Unauthorized\"}")
                .on("/health", 200, Http.fixture("health_response.json"));
                VlaServiceClient c = client(s.baseUrl()).bearerToken(token).build()) {
            c.health();
            assertThat(s.requests.get(0).authorization()).isEqualTo("Bearer " + token);
            assertThatThrownBy(() -> c.predict("x", Http.SCENE, Optional.empty()))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).contains("401"));
            assertThat(c.toString()).doesNotContain(token).contains("bearer token set");
        }
        try (VlaServiceClient c = client("http://127.0.0.1:" + Http.deadPort()).bearerToken(token).retry(RetryPolicy.none()).build()) {
            assertThatThrownBy(c::health).satisfies(e -> assertThat(e.toString()).doesNotContain(token));
        }
    }

    @Test
    void aProtectedServiceAcceptsOnlyItsToken() {
        String token = "svc-token-42";
        try (VlaService s = VlaService.builder(new DeterministicVla("mock-vla")).bearerToken(token).start();
                VlaServiceClient right = client(s.baseUri().toString()).bearerToken(token).build();
                VlaServiceClient wrong = client(s.baseUri().toString()).bearerToken("guess").build();
                VlaServiceClient none = client(s.baseUri().toString()).build()) {
            assertThat(right.predict("x", Http.SCENE, Optional.empty()).dimension()).isEqualTo(8);
            assertThat(none.health().healthy()).as("/health stays open").isTrue();
            for (VlaServiceClient c : List.of(wrong, none)) {
                assertThatThrownBy(c::info).isInstanceOf(RemoteStatusException.class).hasMessageContaining("401")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).doesNotContain("guess"));
            }
        }
    }

    @Test
    void anUnhealthyServiceIsAResultNotAnError() {
        try (CannedServer s = new CannedServer().on("/health", 503,
                "{\"status\":\"unhealthy\",\"model\":\"octo-small\",\"model_status\":\"not_loaded\"}");
                VlaServiceClient c = client(s.baseUrl()).build()) {
            ServiceHealth h = c.health();
            assertThat(h.healthy()).isFalse();
            assertThat(h.modelStatus()).isEqualTo("not_loaded");
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsThrow() {
        VlaServiceClient c = client(one.baseUri().toString()).build();
        c.close();
        c.close();
        assertThatThrownBy(c::health).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClientWithoutABaseUrlIsRefusedNamingTheBuilderCall() {
        assertThatThrownBy(() -> VlaServiceClient.builder().build()).isInstanceOf(io.vlaarena.core.InvalidRequestException.class)
                .hasMessageContaining("at least one base URL").hasMessageContaining("baseUrl(...)");
    }

    @Test
    void backoffGrowsExponentiallyAndIsCapped() {
        RetryPolicy p = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(4), 0);
        java.util.Random r = new java.util.Random(1);
        assertThat(p.backoff(1, r)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.backoff(2, r)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoff(3, r)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.backoff(4, r)).isEqualTo(Duration.ofSeconds(4));
        RetryPolicy jittered = RetryPolicy.defaults();
        for (int i = 0; i < 50; i++) {
            assertThat(jittered.backoff(1, r)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
