package io.vlaarena.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vlaarena.openpi.OpenPiClient;
import io.vlaarena.openpi.OpenPiMapping;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class ServePolicyCommandTest {
    private static final Pattern READY = Pattern.compile("ready: (\\S+).* at (\\S+) \\(");

    /** An {@code arena serve-policy} on a background thread of this JVM, stopped by interrupting it. */
    static final class Serving implements AutoCloseable {
        final Thread thread;
        final ServeCommandTest.SyncWriter out = new ServeCommandTest.SyncWriter();
        final ServeCommandTest.SyncWriter err = new ServeCommandTest.SyncWriter();
        volatile int code = -1;
        final String id;
        final URI uri;

        Serving(String... args) throws InterruptedException {
            thread = new Thread(() -> code = ArenaCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true)),
                    "serve-policy-under-test");
            thread.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Matcher m;
            while (!(m = READY.matcher(out.text())).find()) {
                if (!thread.isAlive()) {
                    throw new AssertionError("serve-policy ended with " + code + " before it was ready: " + out.text()
                            + err.text());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("serve-policy was not ready in time: " + out.text() + err.text());
                }
                Thread.sleep(50);
            }
            id = m.group(1);
            uri = URI.create(m.group(2));
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
            assertThat(out.text()).contains("arena serve-policy: stopped");
        }
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ArenaCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void servesAnOnnxModelOverOpenpiAndAnotherArenaBattlesIt(@TempDir Path dir) throws Exception {
        String models = dir.resolve("models").toString();
        try (Serving s = new Serving("serve-policy", "--model", "octo-tiny", "--protocol", "openpi", "--port", "0",
                "--models-dir", models)) {
            assertThat(s.id).isEqualTo("octo-tiny");
            assertThat(s.out.text()).contains("(ONNX Runtime on cpu)").contains("openpi, arena mapping");
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + s.uri.getAuthority() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            try (OpenPiClient client = OpenPiClient.builder(s.uri.toString()).connect()) {
                assertThat(client.metadata()).containsEntry("model_id", "octo-tiny").containsKey(OpenPiMapping.ARENA_METADATA);
            }
            String[] battle = run("battle", "--left", "openpi:" + s.uri + "#preset=arena&id=remote-octo", "--right",
                    "mock-vla", "--steps", "4", "--instruction", "pick up the red cube", "--models-dir", models);
            assertThat(battle[0]).as(battle[1] + battle[2]).isEqualTo("0");
            assertThat(battle[1]).contains("remote-octo");
        }
    }

    @Test
    void servesTheOriginalsVlaServiceProtocolToo(@TempDir Path dir) throws Exception {
        try (Serving s = new Serving("serve-policy", "--model", "mock-vla", "--protocol", "vla", "--port", "0",
                "--models-dir", dir.toString())) {
            HttpResponse<String> info = HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.uri.resolve("/info")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(info.body());
            assertThat(body.get("model_id").asText()).isEqualTo("mock-vla");
            assertThat(body.get("type").asText()).isEqualTo("mock");
        }
    }

    @Test
    void badOptionsAreOneLineErrors(@TempDir Path dir) {
        String[] grpc = run("serve-policy", "--model", "mock-vla", "--protocol", "grpc", "--models-dir", dir.toString());
        assertThat(grpc[0]).isEqualTo("1");
        assertThat(grpc[2]).contains("Unknown protocol 'grpc'; protocols: openpi, vla");
        String[] droid = run("serve-policy", "--model", "mock-vla", "--preset", "droid", "--port", "0", "--models-dir",
                dir.toString());
        assertThat(droid[2]).contains("acts with 8 values (ctrl) but the 'droid' mapping carries 8 (joint_velocity)");
        String[] preset = run("serve-policy", "--model", "mock-vla", "--preset", "bridge", "--port", "0");
        assertThat(preset[2]).contains("Unknown openpi preset 'bridge'");
        String[] key = run("serve-policy", "--model", "mock-vla", "--api-key-env", "ARENA_TEST_UNSET_VARIABLE");
        assertThat(key[2]).contains("--api-key-env names the variable ARENA_TEST_UNSET_VARIABLE, which is not set");
        String[] unknown = run("battle", "--left", "zmq:tcp://x:1", "--right", "mock-vla", "--instruction", "x",
                "--models-dir", dir.toString());
        assertThat(unknown[2]).contains("Unknown model 'zmq:tcp://x:1'").contains("openpi:<address>")
                .contains("openvla:<address>");
    }
}
