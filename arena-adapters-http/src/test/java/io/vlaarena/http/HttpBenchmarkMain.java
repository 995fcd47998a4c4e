package io.vlaarena.http;

import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.sim.BundledScenes;

/**
 * The module's benchmarks, as a program (not a test): mock VLA service {@code /predict} latency
 * with one client and throughput with 16, and one backend turn (two mock models behind two VLA
 * services, 75 actions each) over HTTP. Run from the module directory after {@code test-compile}:
 * {@code java -cp target/test-classes:target/classes:<deps> io.vlaarena.http.HttpBenchmarkMain}.
 */
public final class HttpBenchmarkMain {
    private HttpBenchmarkMain() {}

    public static void main(String[] args) {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        try (VlaService mock = VlaService.builder(new DeterministicVla("mock-vla")).environments(FakeEnvironment.factory())
                .options(ServerOptions.defaults().withWorkers(4)).start();
                VlaService other = VlaService.builder(new DeterministicVla("mock-vla-2")).environments(FakeEnvironment.factory())
                        .start()) {
            System.out.println(HttpBenchmark.predict(mock.baseUri(), 1, 2000, 5000 * scale).summary());
            System.out.println(HttpBenchmark.predict(mock.baseUri(), 16, 200, 1000 * scale).summary());
            try (VlaServiceClient a = VlaServiceClient.of(mock.baseUri().toString());
                    VlaServiceClient b = VlaServiceClient.of(other.baseUri().toString());
                    Arena arena = Arena.builder().scenes(BundledScenes.catalog()).maxSteps(75)
                            .model(ModelInfo.of("mock-vla"), RemoteEpisodeGenerator.of("mock-vla", a))
                            .model(ModelInfo.of("mock-vla-2"), RemoteEpisodeGenerator.of("mock-vla-2", b)).build();
                    ArenaService api = ArenaService.builder(arena).start()) {
                System.out.println(HttpBenchmark.turns(api.baseUri(), "franka", "table", 5, 50 * scale).summary());
            }
        }
    }
}
