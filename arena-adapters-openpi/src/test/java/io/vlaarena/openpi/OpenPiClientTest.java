package io.vlaarena.openpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.InferenceException;
import io.vlaarena.core.RemoteServiceException;
import io.vlaarena.openpi.internal.WsServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenPiClientTest {
    private static final byte[] EMPTY_METADATA = OpenPiCodec.encode(Map.of());

    @Test
    void readsTheMetadataFrameThenAnswersEachObservation() {
        byte[] answer = Fixtures.bytes(Fixtures.ANSWER);
        try (ScriptedServer server = ScriptedServer.answering(Fixtures.bytes(Fixtures.ALOHA_METADATA),
                (c, frame) -> c.sendBinary(answer, c::demand));
                OpenPiClient client = OpenPiClient.builder(server.uri()).connect()) {
            assertThat(client.metadata()).containsKey("reset_pose");
            Map<String, Object> a = client.infer(OpenPiCodec.decodeMap(Fixtures.bytes(Fixtures.DROID_OBSERVATION)));
            assertThat(((NdArray) a.get("actions")).shape()).containsExactly(2, 8);
            assertThat(server.received.get(0)).isEqualTo(Fixtures.bytes(Fixtures.DROID_OBSERVATION));
            client.infer(Map.of("prompt", "again"));
            assertThat(server.received).hasSize(2);
        }
    }

    @Test
    void aServerThatSendsNoMetadataFailsTheConnectionWithinTheTimeout() {
        try (ScriptedServer silent = new ScriptedServer(new ScriptedServer.Script() {
            @Override
            public void open(WsServer.Connection c, int n) {
                c.demand();
            }

            @Override
            public void message(WsServer.Connection c, byte[] frame, int n) {}
        })) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> OpenPiClient.builder(silent.uri()).connectTimeout(Duration.ofMillis(500)).connect())
                    .isInstanceOf(RemoteServiceException.class)
                    .hasMessageContaining("sent no metadata within 500 ms of connecting")
                    .hasMessageContaining("an openpi policy server sends a msgpack map first");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void malformedMetadataAndTextInsteadOfMetadataAreRefused() {
        try (ScriptedServer garbage = ScriptedServer.answering(new byte[] {(byte) 0xc1}, (c, f) -> {})) {
            assertThatThrownBy(() -> OpenPiClient.builder(garbage.uri()).connect())
                    .isInstanceOf(RemoteServiceException.class).hasMessageContaining("sent malformed metadata");
        }
        try (ScriptedServer list = ScriptedServer.answering(OpenPiCodec.encode(java.util.List.of(1)), (c, f) -> {})) {
            assertThatThrownBy(() -> OpenPiClient.builder(list.uri()).connect())
                    .isInstanceOf(RemoteServiceException.class).hasMessageContaining("not a map");
        }
        try (ScriptedServer text = new ScriptedServer(new ScriptedServer.Script() {
            @Override
            public void open(WsServer.Connection c, int n) {
                c.sendText("busy", c::demand);
            }

            @Override
            public void message(WsServer.Connection c, byte[] frame, int n) {}
        })) {
            assertThatThrownBy(() -> OpenPiClient.builder(text.uri()).connect())
                    .isInstanceOf(RemoteServiceException.class).hasMessageContaining("sent text instead of its metadata: busy");
        }
    }

    @Test
    void aServerErrorBecomesAnInferenceExceptionCarryingItsText() {
        String traceback = "Traceback (most recent call last):\n  File \"policy.py\", line 1\nValueError: bad prompt";
        try (ScriptedServer failing = ScriptedServer.answering(EMPTY_METADATA,
                (c, frame) -> c.sendText(traceback, () -> c.close(1011, OpenPiServer.ERROR_REASON)));
                OpenPiClient client = OpenPiClient.builder(failing.uri()).connect()) {
            assertThatThrownBy(() -> client.infer(Map.of("prompt", "x")))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageContaining("reported an error")
                    .hasMessageContaining("ValueError: bad prompt");
            assertThat(client.isOpen()).isFalse();
            assertThatThrownBy(() -> client.infer(Map.of())).isInstanceOf(RemoteServiceException.class)
                    .hasMessageContaining("is closed");
        }
    }

    @Test
    void aMalformedAnswerIsAnInferenceExceptionAndTheConnectionStaysUsable() {
        byte[] good = Fixtures.bytes(Fixtures.ANSWER);
        int[] n = {0};
        try (ScriptedServer server = ScriptedServer.answering(EMPTY_METADATA,
                (c, frame) -> c.sendBinary(n[0]++ == 0 ? new byte[] {(byte) 0x93, 1} : good, c::demand));
                OpenPiClient client = OpenPiClient.builder(server.uri()).connect()) {
            assertThatThrownBy(() -> client.infer(Map.of())).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("sent a malformed answer: Malformed openpi message");
            assertThat(client.infer(Map.of())).containsKey("actions");
        }
    }

    @Test
    void aConnectionClosedBeforeTheAnswerIsARemoteServiceException() {
        try (ScriptedServer closing = ScriptedServer.answering(EMPTY_METADATA, (c, frame) -> c.close(1001, "going away"));
                OpenPiClient client = OpenPiClient.builder(closing.uri()).connect()) {
            assertThatThrownBy(() -> client.infer(Map.of("prompt", "x")))
                    .isInstanceOf(RemoteServiceException.class)
                    .hasMessageContaining("closed the connection (code 1001, 'going away') before sending an answer");
        }
    }

    @Test
    void aSlowServerFailsTheRequestAtItsTimeoutAndTheConnectionCloses() {
        try (ScriptedServer slow = ScriptedServer.answering(EMPTY_METADATA, (c, frame) -> {});
                OpenPiClient client = OpenPiClient.builder(slow.uri()).requestTimeout(Duration.ofMillis(300)).connect()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.infer(Map.of()))
                    .isInstanceOf(RemoteServiceException.class)
                    .hasMessageContaining("did not answer within 300 ms")
                    .hasMessageContaining("late answer cannot be taken for the next one");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
            assertThat(client.isOpen()).isFalse();
        }
    }

    @Test
    void anAnswerLargerThanTheLimitFailsTheConnection() {
        byte[] huge = OpenPiCodec.encode(Map.of("actions", new byte[3 << 20]));
        try (ScriptedServer server = ScriptedServer.answering(EMPTY_METADATA, (c, frame) -> c.sendBinary(huge, c::demand));
                OpenPiClient client = OpenPiClient.builder(server.uri()).maxMessageBytes(1 << 20).connect()) {
            assertThatThrownBy(() -> client.infer(Map.of())).isInstanceOf(RemoteServiceException.class)
                    .hasMessageContaining("more than 1048576 bytes");
        }
    }

    @Test
    void closingFromAnotherThreadWakesAWaitingRequest() throws Exception {
        try (ScriptedServer slow = ScriptedServer.answering(EMPTY_METADATA, (c, frame) -> {});
                OpenPiClient client = OpenPiClient.builder(slow.uri()).connect()) {
            Thread closer = new Thread(() -> {
                sleep(200);
                client.close();
            });
            closer.start();
            assertThatThrownBy(() -> client.infer(Map.of())).isInstanceOf(RemoteServiceException.class)
                    .hasMessageContaining("closed by this client");
            closer.join();
        }
    }

    @Test
    void sendsTheApiKeyFromItsEnvironmentVariableAndNeverShowsIt() {
        try (ScriptedServer server = ScriptedServer.answering(EMPTY_METADATA, (c, f) -> {});
                OpenPiClient client = OpenPiClient.builder(server.uri()).apiKeyFromEnv("PI_KEY")
                        .environment(Map.of("PI_KEY", "s3cret-k3y")::get).connect()) {
            assertThat(server.authorizations).containsExactly("Api-Key s3cret-k3y");
            assertThat(client.toString()).contains("API key set").doesNotContain("s3cret");
        }
        try (ScriptedServer server = ScriptedServer.answering(EMPTY_METADATA, (c, f) -> {});
                OpenPiClient client = OpenPiClient.builder(server.uri()).apiKeyFromEnv("UNSET_VARIABLE_FOR_TEST")
                        .environment(Map.<String, String>of()::get).connect()) {
            assertThat(server.authorizations).containsExactly("null");
        }
    }

    @Test
    void anUnreachableServerOrARefusedHandshakeNamesTheAddress() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> OpenPiClient.builder("127.0.0.1:" + port).connect())
                .isInstanceOf(RemoteServiceException.class)
                .hasMessageContaining("Cannot connect to the openpi server at ws://127.0.0.1:" + port);
        try (OpenPiServer keyed = OpenPiServer.builder(TestPolicies.droidShaped("p")).apiKey("right").start()) {
            assertThatThrownBy(() -> OpenPiClient.builder(keyed.uri().toString()).apiKey("wrong").connect())
                    .isInstanceOf(RemoteServiceException.class)
                    .hasMessageContaining("refused the WebSocket handshake with HTTP 401 (check the API key)")
                    .hasMessageNotContaining("wrong");
        }
    }

    @Test
    void theHandshakeCarriesNoRequestBodyHeaderWhichOpenPisServerRefuses() throws Exception {
        // websockets >= 13 (openpi's server) answers a handshake with Content-Length by dropping the connection;
        // Java 17's own WebSocket client sends Content-Length: 0, which is why this client runs on Jetty's
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<String> handshake = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket s = listener.accept()) {
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            java.nio.charset.StandardCharsets.ISO_8859_1));
                    StringBuilder b = new StringBuilder();
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        b.append(line).append('\n');
                    }
                    return b.toString();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThatThrownBy(() -> OpenPiClient.builder("127.0.0.1:" + listener.getLocalPort()).apiKey("k")
                    .connectTimeout(Duration.ofSeconds(2)).connect()).isInstanceOf(RemoteServiceException.class);
            String request = handshake.get(5, TimeUnit.SECONDS);
            assertThat(request).startsWith("GET / HTTP/1.1").containsIgnoringCase("upgrade: websocket")
                    .contains("Authorization: Api-Key k").doesNotContainIgnoringCase("content-length")
                    .doesNotContainIgnoringCase("transfer-encoding");
        }
    }

    @Test
    void addressesAreWebSocketUrlsOrHostAndPort() {
        assertThat(OpenPiClient.parseUri("localhost:8000").toString()).isEqualTo("ws://localhost:8000/");
        assertThat(OpenPiClient.parseUri("wss://pi.example.org").toString()).isEqualTo("wss://pi.example.org/");
        assertThatThrownBy(() -> OpenPiClient.parseUri("http://x:1")).hasMessageContaining("ws://HOST:PORT");
        assertThatThrownBy(() -> OpenPiClient.parseUri("ws://user:pw@x:1")).hasMessageContaining("credentials");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
