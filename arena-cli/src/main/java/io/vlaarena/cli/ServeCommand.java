package io.vlaarena.cli;

import io.vlaarena.cli.internal.ServeStack;
import io.vlaarena.cli.internal.UntilStopped;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arena serve}: the original's stack in one process, until Ctrl-C or SIGTERM (or, in
 * process, until the calling thread is interrupted).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the original VLA Arena's stack in one process: the backend API (default port 8000), a mock "
                + "VLA service (8001) and an Octo-style VLA service (8002, the generated octo-small-arch weights on ONNX "
                + "Runtime), with mock-vla and octo-small as the battle models (or the models of --models FILE) and an "
                + "embedded MongoDB-wire store (or --mongo URI). The backend serves the web arena at its root: the battle "
                + "page at / and the leaderboard at /leaderboard (--no-web turns it off).",
                "Prints a line containing 'ready' when every port listens; stops cleanly on Ctrl-C or SIGTERM."})
final class ServeCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    StepsOption steps;

    @picocli.CommandLine.Mixin
    ModelsDirOption modelsDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address the HTTP services bind; 0.0.0.0 serves "
            + "the network (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--api-port", defaultValue = "8000", description = "Backend API port; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--mock-port", defaultValue = "8001", description = "Mock VLA service port (default: ${DEFAULT-VALUE}).")
    int mockPort;

    @Option(names = "--octo-port", defaultValue = "8002", description = "Octo-style VLA service port (default: ${DEFAULT-VALUE}).")
    int octoPort;

    @Option(names = "--data", defaultValue = "arena-data/store", description = "The embedded store's data directory "
            + "(default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--store-port", defaultValue = "27017", description = "The embedded store's MongoDB-wire port on "
            + "loopback; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int storePort;

    @Option(names = "--mongo", description = "Use the MongoDB server of this connection string instead of the embedded store "
            + "(default: the MONGODB_URI environment variable when set).")
    String mongoUri;

    @Option(names = "--models", description = "A models.yaml registry (the original's format): its active models battle "
            + "instead of mock-vla and octo-small; entries with base_url are VLA services, type mock/onnx run in process.")
    Path modelsFile;

    @Option(names = "--octo-model", defaultValue = "octo-small", description = "The model behind the Octo-style service and "
            + "in battles: octo-small (~100 MB, generated on first use), octo-tiny or onnx:<dir> (default: ${DEFAULT-VALUE}).")
    String octoModel;

    @Option(names = "--cors-origin", split = ",", defaultValue = "http://localhost:3000,http://127.0.0.1:3000", description = "Origins the backend "
            + "answers CORS for, comma-separated; * for any, never with credentials (default: ${DEFAULT-VALUE}).")
    List<String> corsOrigins;

    @Option(names = "--turns-per-minute", defaultValue = "20", description = "Turns one client address may start per "
            + "minute; beyond it 429 (default: ${DEFAULT-VALUE}; 0 = no limit).")
    int turnsPerMinute;

    @Option(names = "--no-web", description = "Serve the API only, without the web arena (the battle page at / and the "
            + "leaderboard at /leaderboard, with their replay endpoints).")
    boolean noWeb;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> mongo = Optional.ofNullable(mongoUri)
                .or(() -> Optional.ofNullable(System.getenv(io.vlaarena.storage.MongoStoreConfig.MONGODB_URI)))
                .filter(u -> !u.isBlank());
        ServeStack.Settings settings = new ServeStack.Settings(host, apiPort, mockPort, octoPort, storePort, dataDir, mongo,
                Optional.ofNullable(modelsFile), modelsDir.value, octoModel, device.value, steps.value, corsOrigins, turnsPerMinute,
                !noWeb);
        out.printf("arena serve: starting (store %s)…%n", mongo.isPresent() ? "external MongoDB"
                : "embedded, data in " + dataDir.toAbsolutePath());
        out.flush();
        ServeStack stack = ServeStack.start(settings, out);
        UntilStopped.serve("arena serve", stack, out, () -> {
            for (ServeStack.BattleModel m : stack.battleModels()) {
                out.printf("  model %-14s %s%s%n", m.id(), m.how(), m.active() ? "" : " (inactive: listed, never battles)");
            }
            out.printf("  store %s, database %s%n", stack.embeddedStore() ? "embedded MongoDB-wire server" : "MongoDB",
                    stack.database());
            out.printf("arena serve: ready: api %s  %s %s  %s %s  store %s%n", stack.apiUri(), ServeStack.MOCK_ID,
                    stack.mockUri(), stack.octoId(), stack.octoUri(), stack.storeUri());
            if (!noWeb) {
                out.printf("  web arena: open %s/ to battle, %s/leaderboard for the rankings%n", stack.apiUri(), stack.apiUri());
            }
        });
        return 0;
    }
}
