package io.vlaarena.cli;

import io.vlaarena.cli.internal.Models;
import io.vlaarena.cli.internal.UntilStopped;
import io.vlaarena.core.Vla;
import io.vlaarena.http.ServerOptions;
import io.vlaarena.http.ServiceInfo;
import io.vlaarena.http.VlaService;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.openpi.OpenPiMapping;
import io.vlaarena.openpi.OpenPiServer;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arena serve-policy}: one model served to clients of another system, until Ctrl-C or
 * SIGTERM — openpi's policy protocol (openpi's own client, RoboArena's evaluation) or the
 * original's VLA service protocol.
 */
@Command(name = "serve-policy", mixinStandardHelpOptions = true,
        description = {"Serve one model over openpi's policy protocol (a WebSocket with msgpack messages, as openpi's "
                + "websocket_policy_server; GET /healthz answers 200) or the original VLA service protocol "
                + "(/health, /info, /predict, /execute).",
                "Prints a line containing 'ready' and the address when it listens; stops cleanly on Ctrl-C or SIGTERM."})
final class ServePolicyCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "The model: mock-vla, octo-tiny, octo-small, onnx:<dir>, or "
            + "a policy server spec such as openpi:ws://HOST:PORT.")
    String model;

    @Option(names = "--protocol", defaultValue = "openpi", description = "openpi or vla (the original's VLA service) "
            + "(default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind; 0.0.0.0 serves the network "
            + "(default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8000", description = "Port; 0 = any free port (default: ${DEFAULT-VALUE}, "
            + "openpi's).")
    int port;

    @Option(names = "--preset", defaultValue = "arena", description = "openpi: how messages map to the model: arena (the "
            + "model's own images as observation/<key>, observation/qpos, its actions as they are), droid, libero, aloha, "
            + "or roboarena (RoboArena's default configuration) (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--api-key-env", description = "openpi: require 'Authorization: Api-Key <key>' with the key in this "
            + "environment variable.")
    String apiKeyEnv;

    @Option(names = "--steps", defaultValue = "75", description = "vla: the max_steps /info reports and /execute "
            + "defaults to (default: ${DEFAULT-VALUE}).")
    int steps;

    @picocli.CommandLine.Mixin
    ModelsDirOption modelsDir;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!protocol.equals("openpi") && !protocol.equals("vla")) {
            throw new IllegalArgumentException("Unknown protocol '" + protocol + "'; protocols: openpi, vla");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port is between 0 and 65535 (0 = any free port), got " + port);
        }
        String key = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
        if (apiKeyEnv != null && (key == null || key.isBlank())) {
            throw new IllegalArgumentException("--api-key-env names the variable " + apiKeyEnv + ", which is not set");
        }
        Models models = device.models(modelsDir.value, out);
        Vla vla = models.open(model);
        AutoCloseable server;
        URI uri;
        String how;
        try {
            if (protocol.equals("openpi")) {
                OpenPiServer.Builder b = OpenPiServer.builder(vla).host(host).port(port).apiKey(key)
                        .metadata(Map.of("model_id", vla.spec().id()));
                if (preset.equals("roboarena")) {
                    b.roboArena(Map.of());
                } else {
                    b.mapping(preset.equals("arena") ? OpenPiMapping.arena(vla.spec()) : OpenPiMapping.preset(preset));
                }
                OpenPiServer s = bind(b::start);
                server = s;
                uri = s.uri();
                how = "openpi, " + s.mapping().name() + " mapping" + (key != null ? ", Api-Key required" : "");
            } else {
                VlaService s = bind(() -> VlaService.builder(vla).environments(new MjcfEnvironmentFactory())
                        .info(ServiceInfo.of(vla.spec().id()).withType(type(vla)).withMaxSteps(steps)
                                .withParameters(vla instanceof OnnxVla onnx ? onnx.parameters().orElse("") : "")
                                .withFramework(vla instanceof OnnxVla ? "onnxruntime" : "java")
                                .withDevice(vla instanceof OnnxVla onnx ? onnx.device() : "cpu"))
                        .options(ServerOptions.defaults().withHost(host).withPort(port)).start());
                server = s;
                uri = s.baseUri();
                how = "the original's VLA service protocol";
            }
        } catch (RuntimeException e) {
            vla.close();
            throw e;
        }
        AutoCloseable both = () -> {
            try {
                server.close();
            } finally {
                vla.close();
            }
        };
        UntilStopped.serve("arena serve-policy", both, out, () -> out.printf("arena serve-policy: ready: %s%s at %s (%s)%n",
                vla.spec().id(), DeviceOption.runtime(vla), uri, how));
        return 0;
    }

    private static String type(Vla vla) {
        return vla instanceof OnnxVla onnx ? onnx.type() : vla.spec().id().startsWith("mock-vla") ? "mock" : "remote";
    }

    private <T> T bind(java.util.function.Supplier<T> start) {
        try {
            return start.get();
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("Cannot serve on " + host + ":" + port + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + " (--port picks another port, 0 = any free one)", e);
        }
    }
}
