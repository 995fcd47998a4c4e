package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.arena.Arena;
import io.vlaarena.sim.BundledScenes;
import java.io.IOException;
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
 * connection when the body was there to skip. A body refused unread is read and dropped after the
 * answer (bounded), so that a client that reads only once it has sent its body gets the answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionReuseTest {
    static Arena arena;
    static ArenaService api;
    static VlaService vla;

    static final String BODY = "{\"instruction\":\"go\"}";
    static final String NEXT = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";

    /** A request answered with an error before its route reads the body, and that error's status. */
    record EarlyAnswer(URI base, String line, int status) {
        /** Sends the request's head (and its body when {@code withBody}), checks the answer. */
        RawHttp.Answer send(Socket socket, boolean withBody) throws IOException {
            write(socket.getOutputStream(), line + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + BODY.length() + "\r\n\r\n" + (withBody ? BODY : ""));
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            assertThat(answer.status()).as(line).isEqualTo(status);
            assertThat(answer.json().get("detail").asText()).as(line).isNotBlank();
            return answer;
        }
    }

    static List<EarlyAnswer> earlyAnswers() {
        return List.of(new EarlyAnswer(vla.baseUri(), "POST /health", 405), new EarlyAnswer(vla.baseUri(), "POST /nowhere", 404),
                new EarlyAnswer(api.baseUri(), "POST /api/leaderboard", 405),
                new EarlyAnswer(api.baseUri(), "POST /api/battles//turns", 400),
                new EarlyAnswer(api.baseUri(), "POST /api/episodes/%2e%2e%2f", 400));
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
        for (EarlyAnswer early : earlyAnswers()) {
            String line = early.line();
            try (Socket socket = RawHttp.open(early.base())) {
                // the head alone, as a client library sends it before its body
                RawHttp.Answer first = early.send(socket, false);
                // the body comes late: the server has finished with the request by then
                Thread.sleep(200);
                boolean announced = "close".equalsIgnoreCase(first.header("Connection"));
                try {
                    write(socket.getOutputStream(), BODY + NEXT);
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
                        next = RawHttp.read(socket.getInputStream());
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
    void aClientThatSendsItsWholeBodyBeforeReadingGetsTheAnswerToABodyFarOverTheLimit() throws Exception {
        // 2 MiB over the 8 MiB limit: refused unread, and then the rest dropped, not left to reset the
        // connection under a client that reads only once its body is sent (as the JDK's HttpClient does)
        long length = ServerOptions.DEFAULT_MAX_BODY_BYTES + 2 * 1024 * 1024;
        try (Socket socket = RawHttp.open(vla.baseUri())) {
            OutputStream out = socket.getOutputStream();
            write(out, "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + length + "\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < length; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, length - sent));
            }
            out.flush();
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(RawHttp.closedByServer(socket, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void anErrorAnsweredWithoutReadingABodyThatArrivedKeepsTheConnection() throws Exception {
        for (EarlyAnswer early : earlyAnswers()) {
            try (Socket socket = RawHttp.open(early.base())) {
                assertThat(early.send(socket, true).header("Connection")).as(early.line()).isNull();
                write(socket.getOutputStream(), NEXT);
                assertThat(RawHttp.read(socket.getInputStream()).status()).as(early.line()).isEqualTo(200);
            }
        }
    }
}
