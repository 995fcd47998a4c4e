package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.arena.Arena;
import io.vlaarena.sim.BundledScenes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that keeps its connection open between requests (as every HTTP/1.1 client library does)
 * is never cut off without being told: an answer after which the server closes the connection says
 * {@code Connection: close}, and an error answered before the request body was read keeps the
 * connection when the body was there to skip.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionReuseTest {
    static Arena arena;
    static ArenaService api;
    static VlaService vla;

    /** Requests answered with an error before the route reads the body: method and path. */
    static List<Object[]> earlyAnswers() {
        return List.of(new Object[] {vla.baseUri(), "POST /health", 405}, new Object[] {vla.baseUri(), "POST /nowhere", 404},
                new Object[] {api.baseUri(), "POST /api/leaderboard", 405},
                new Object[] {api.baseUri(), "POST /api/battles//turns", 400},
                new Object[] {api.baseUri(), "POST /api/episodes/%2e%2e%2f", 400});
    }

    @BeforeAll
    static void start() {
        arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR)
                .model(new DeterministicVla("a")).model(new DeterministicVla("b")).maxSteps(3).build();
        api = ArenaService.builder(arena).start();
        vla = VlaService.builder(new DeterministicVla("mock-vla")).start();
    }

    @AfterAll
    static void stop() {
        api.close();
        vla.close();
        arena.close();
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void anErrorAnsweredBeforeTheBodyArrivedSaysTheConnectionWillClose() throws Exception {
        String body = "{\"instruction\":\"go\"}";
        for (Object[] c : earlyAnswers()) {
            URI base = (URI) c[0];
            String line = (String) c[1];
            try (Socket socket = RawHttp.open(base)) {
                InputStream in = socket.getInputStream();
                // the headers alone, as a client library sends them before its body
                write(socket.getOutputStream(), line + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n");
                RawHttp.Answer first = RawHttp.read(in);
                assertThat(first.status()).as(line).isEqualTo((int) c[2]);
                assertThat(first.json().get("detail").asText()).as(line).isNotBlank();
                // the body comes late: the server has finished with the request by then
                Thread.sleep(200);
                boolean announced = "close".equalsIgnoreCase(first.header("Connection"));
                try {
                    write(socket.getOutputStream(), body + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                } catch (IOException e) {
                    assertThat(announced).as(line + ": the server closed the connection without saying so").isTrue();
                    continue;
                }
                if (announced) {
                    assertThat(RawHttp.closedByServer(socket, Duration.ofSeconds(5))).as(line).isTrue();
                } else {
                    // no Connection: close, so the connection must still serve the next request
                    RawHttp.Answer next;
                    try {
                        next = RawHttp.read(in);
                    } catch (IOException e) {
                        throw new AssertionError(line + ": the server closed the connection after an answer that did"
                                + " not say Connection: close (" + first.headers() + ")", e);
                    }
                    assertThat(next.status()).as(line).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void anErrorAnsweredWithoutReadingABodyThatArrivedKeepsTheConnection() throws Exception {
        String body = "{\"instruction\":\"go\"}";
        for (Object[] c : earlyAnswers()) {
            URI base = (URI) c[0];
            String line = (String) c[1];
            try (Socket socket = RawHttp.open(base)) {
                InputStream in = socket.getInputStream();
                write(socket.getOutputStream(), line + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                RawHttp.Answer first = RawHttp.read(in);
                assertThat(first.status()).as(line).isEqualTo((int) c[2]);
                assertThat(first.header("Connection")).as(line).isNull();
                write(socket.getOutputStream(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(RawHttp.read(in).status()).as(line).isEqualTo(200);
            }
        }
    }
}
