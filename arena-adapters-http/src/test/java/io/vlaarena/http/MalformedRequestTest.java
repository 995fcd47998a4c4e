package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.sim.BundledScenes;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests no well-behaved client sends get the same JSON error body as every other error
 * ({@code detail}, {@code error}, {@code status_code}), never the server library's page or a reset;
 * and a wildcard CORS origin never allows credentials.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedRequestTest {
    static Arena arena;
    static ArenaService api;
    static VlaService vla;

    @BeforeAll
    static void start() {
        arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR)
                .model(new DeterministicVla("a")).model(new DeterministicVla("b")).maxSteps(3).build();
        api = ArenaService.builder(arena).corsOrigins(List.of("*")).start();
        vla = VlaService.builder(new DeterministicVla("mock-vla")).environments(Http.SIMULATOR).start();
    }

    @AfterAll
    static void stop() {
        api.close();
        vla.close();
        arena.close();
    }

    private static void assertJsonError(RawHttp.Answer a, int status, String... detailWords) {
        assertThat(a.status()).isEqualTo(status);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        JsonNode body = a.json();
        assertThat(body.get("status_code").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("<html");
        for (String word : detailWords) {
            assertThat(body.get("detail").asText()).contains(word);
        }
    }

    @Test
    void malformedUrlsAndHeadersAnswerJsonOnEveryService() {
        for (URI base : List.of(api.baseUri(), vla.baseUri())) {
            assertJsonError(RawHttp.send(base, "GET /api/episodes/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                    400);
            assertJsonError(RawHttp.send(base, "GET /health?x=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400);
            assertJsonError(RawHttp.send(base, "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n"
                    + "Connection: close\r\n\r\n{}"), 400);
            assertJsonError(RawHttp.send(base, "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                    + "Content-Length: 3\r\nConnection: close\r\n\r\n{}"), 400);
            assertJsonError(RawHttp.send(base, "HELLO\r\n\r\n"), 400);
            assertJsonError(RawHttp.send(base, "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 404);
        }
    }

    @Test
    void overLongLinesGet414And431AsJson() {
        for (URI base : List.of(api.baseUri(), vla.baseUri())) {
            String longUrl = "/api/leaderboard?robot_id=" + "r".repeat(400 * 1024);
            assertJsonError(RawHttp.send(base, "GET " + longUrl + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                    414, String.valueOf(ServerOptions.DEFAULT_MAX_HEADER_BYTES));
            assertJsonError(RawHttp.send(base, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(20_000)
                    + "\r\nConnection: close\r\n\r\n"), 431, String.valueOf(ServerOptions.DEFAULT_MAX_HEADER_BYTES));
            // and the service goes on serving
            assertThat(Http.get(base, "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void everyErrorOfARouteCarriesTheThreeFields() {
        Http.Answer missing = Http.post(api.baseUri(), "/api/sessions/init", "{}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("status_code").asInt()).isEqualTo(422);
        assertThat(missing.json().get("error").asText()).isEqualTo(missing.json().get("detail").asText());
        Http.Answer notJson = Http.post(vla.baseUri(), "/predict", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("status_code").asInt()).isEqualTo(400);
    }

    @Test
    void aWildcardOriginNeverAllowsCredentialsNorReflectsTheNullOrigin() {
        Http.Answer any = Http.request(api.baseUri(), "/api/models", "GET", null, Map.of("Origin", "http://anyone.example"));
        assertThat(any.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(any.header("Access-Control-Allow-Credentials")).isNull();
        Http.Answer nullOrigin = Http.request(api.baseUri(), "/api/models", "GET", null, Map.of("Origin", "null"));
        assertThat(nullOrigin.header("Access-Control-Allow-Origin")).isNotEqualTo("null").isEqualTo("*");
        assertThat(nullOrigin.header("Access-Control-Allow-Credentials")).isNull();
        Http.Answer preflight = Http.request(api.baseUri(), "/api/votes", "OPTIONS", null,
                Map.of("Origin", "null", "Access-Control-Request-Method", "POST"));
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void theNullOriginIsNeverReflectedEvenWhenListed() {
        try (ArenaService listed = ArenaService.builder(arena).corsOrigins(List.of("null", "http://localhost:3000")).start()) {
            Http.Answer a = Http.request(listed.baseUri(), "/api/models", "GET", null, Map.of("Origin", "null"));
            assertThat(a.header("Access-Control-Allow-Origin")).isNull();
            assertThat(a.header("Access-Control-Allow-Credentials")).isNull();
            Http.Answer ok = Http.request(listed.baseUri(), "/api/models", "GET", null, Map.of("Origin", "http://localhost:3000"));
            assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
            assertThat(ok.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        }
    }
}
