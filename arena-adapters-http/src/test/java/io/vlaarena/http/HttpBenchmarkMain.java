package io.vlaarena.http;

import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.http.bench.HttpBenchmark;
import io.vlaarena.sim.BundledScenes;

/**
 * The module's benchmarks, as a program (not a test): mock VLA service {@code /predict} latency
 * with one client and throughput with 16, and one backend turn (two mock models behind two VLA
 * services, 75 actions each) over HTTP. Run from the module directory after {@code test-compile}:
 * {@code java -cp target/test-classes:target/classes:<deps> io.vlaarena.http.HttpBenchmarkMain}.
 */
public final class HttpBenchmarkMain {
    private static final String SCENE = "<mujoco model=\"bench\"><worldbody/></mujoco>";

    private HttpBenchmarkMain() {}

    public static void main(String[] args) {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        try (VlaService mock = VlaService.builder(new DeterministicVla("mock-vla")).environments(Http.SIMULATOR)
                .options(ServerOptions.defaults().withWorkers(4)).start();
                VlaService other = VlaService.builder(new DeterministicVla("mock-vla-2")).environments(Http.SIMULATOR)
                        .start()) {
            System.out.println(HttpBenchmark.predict(mock.baseUri(), 1, 2000, 5000 * scale).summary());
            System.out.println(HttpBenchmark.predict(mock.baseUri(), 16, 200, 1000 * scale).summary());
            try (VlaServiceClient m = VlaServiceClient.of(mock.baseUri().toString());
                    VlaServiceClient o = VlaServiceClient.of(other.baseUri().toString())) {
                m.predict("warm", SCENE, java.util.Optional.empty());
                o.predict("warm", SCENE, java.util.Optional.empty());
                long t0 = System.nanoTime();
                java.util.List<java.util.concurrent.CompletableFuture<?>> all = new java.util.ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    VlaServiceClient c = i % 2 == 0 ? m : o;
                    String instruction = "task " + i;
                    all.add(java.util.concurrent.CompletableFuture.runAsync(
                            () -> c.predict(instruction, SCENE, java.util.Optional.empty())));
                }
                all.forEach(java.util.concurrent.CompletableFuture::join);
                System.out.printf(java.util.Locale.ROOT, "10 concurrent /predict over two services (5 + 5): %.3f ms%n",
                        (System.nanoTime() - t0) / 1e6);
            }
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
