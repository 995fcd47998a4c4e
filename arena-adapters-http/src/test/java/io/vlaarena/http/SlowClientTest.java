package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.arena.Arena;
import io.vlaarena.sim.BundledScenes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow and idle clients cannot hold a service: half-sent headers, trickled headers and bodies,
 * and more connections than a client may open.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowClientTest {
    private static final String HALF_HEADER = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";

    @Test
    void sixteenHalfHeaderConnectionsNeverHoldAnyServiceFor30Seconds() throws Exception {
        try (Arena arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR)
                .model(new DeterministicVla("a")).model(new DeterministicVla("b")).maxSteps(3).build();
                ArenaService api = ArenaService.builder(arena).start();
                VlaService vla = VlaService.builder(new DeterministicVla("mock-vla")).environments(Http.SIMULATOR).start()) {
            List<URI> services = List.of(api.baseUri(), vla.baseUri());
            AtomicBoolean attacking = new AtomicBoolean(true);
            AtomicInteger reopened = new AtomicInteger();
            List<Thread> attackers = new ArrayList<>();
            for (URI service : services) {
                for (int i = 0; i < 16; i++) {
                    // each attacker holds one connection with half a header, trickling a byte a
                    // second, and opens a new one whenever the server drops it
                    attackers.add(daemon(() -> trickle(service, attacking, reopened)));
                }
            }
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1)).build();
            List<Long> slowest = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Thread.sleep(300);
            while (System.nanoTime() < end) {
                for (URI service : services) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(service.resolve("/health"))
                            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                    slowest.add((System.nanoTime() - t0) / 1_000_000);
                }
                Thread.sleep(200);
            }
            attacking.set(false);
            for (Thread t : attackers) {
                t.join(5_000);
            }
            assertThat(slowest).hasSizeGreaterThan(100).allSatisfy(ms -> assertThat(ms).isLessThan(1000));
            // the default header timeout (10 s) dropped every attacker at least twice in 30 s
            assertThat(reopened.get()).isGreaterThanOrEqualTo(32);
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void trickle(URI service, AtomicBoolean attacking, AtomicInteger reopened) {
        while (attacking.get()) {
            try (Socket s = new Socket(service.getHost(), service.getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(HALF_HEADER.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                while (attacking.get()) {
                    Thread.sleep(1000);
                    out.write('x');
                    out.flush();
                }
                return;
            } catch (IOException e) {
                reopened.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void aTrickledHeaderIsCutOffAtTheHeaderTimeout() throws Exception {
        try (VlaService vla = VlaService.builder(new DeterministicVla("mock-vla"))
                .options(ServerOptions.defaults().withHeaderTimeout(Duration.ofSeconds(1))).start();
                Socket s = RawHttp.open(vla.baseUri())) {
            OutputStream out = s.getOutputStream();
            out.write(HALF_HEADER.getBytes(StandardCharsets.ISO_8859_1));
            long t0 = System.nanoTime();
            boolean closed = false;
            try {
                for (int i = 0; i < 40 && !closed; i++) {
                    out.write('x');
                    out.flush();
                    closed = RawHttp.closedByServer(s, Duration.ofMillis(150));
                }
            } catch (IOException e) {
                closed = true;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(closed).as("closed by the server").isTrue();
            assertThat(ms).isBetween(900L, 4000L);
            // a client that sends its request at once is served as before
            assertThat(Http.get(vla.baseUri(), "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aClientGetsNoMoreThanItsShareOfConnections() throws Exception {
        try (VlaService vla = VlaService.builder(new DeterministicVla("mock-vla"))
                .options(ServerOptions.defaults().withMaxConnectionsPerClient(4)).start()) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(RawHttp.open(vla.baseUri()));
                }
                Thread.sleep(200);
                for (Socket s : held) {
                    assertThat(RawHttp.closedByServer(s, Duration.ofMillis(50))).isFalse();
                }
                try (Socket fifth = RawHttp.open(vla.baseUri())) {
                    assertThat(RawHttp.closedByServer(fifth, Duration.ofSeconds(3))).as("fifth connection closed").isTrue();
                }
                held.remove(0).close();
                Thread.sleep(200);
                RawHttp.Answer a = RawHttp.send(vla.baseUri(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(a.status()).isEqualTo(200);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aTrickledBodyIsRefusedWith408() throws Exception {
        try (VlaService vla = VlaService.builder(new DeterministicVla("mock-vla"))
                .options(ServerOptions.defaults().withMinBodyBytesPerSecond(2000)).start();
                Socket s = RawHttp.open(vla.baseUri())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long t0 = System.nanoTime();
            ConcurrentLinkedQueue<RawHttp.Answer> answer = new ConcurrentLinkedQueue<>();
            Thread reader = daemon(() -> {
                try {
                    answer.add(RawHttp.read(s.getInputStream()));
                } catch (IOException e) {
                    // closed without an answer: the assertion below reports it
                }
            });
            try {
                while (reader.isAlive() && System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos()) {
                    out.write(" ".repeat(10).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                // the server closed the connection after answering
            }
            reader.join(5_000);
            assertThat(answer).as("an answer before the body ended").hasSize(1);
            RawHttp.Answer a = answer.peek();
            assertThat(a.status()).isEqualTo(408);
            assertThat(a.json().get("status_code").asInt()).isEqualTo(408);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
        }
    }
}
