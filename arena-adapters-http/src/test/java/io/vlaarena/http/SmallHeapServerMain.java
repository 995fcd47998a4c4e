package io.vlaarena.http;

import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.sim.BundledScenes;
import java.util.List;

/**
 * The services as a program, for the small-heap tests: a backend (two in-process models, in-memory
 * store) and a VLA service whose model takes one 64×48 camera, with the simulator for
 * {@code /execute}. Prints {@code ready <api port> <vla port>} and serves until its standard input
 * closes. Run by {@link SmallHeapTest} in a child JVM with {@code -Xmx256m}.
 */
public final class SmallHeapServerMain {
    private SmallHeapServerMain() {}

    public static void main(String[] args) throws Exception {
        DeterministicVla seeing = DeterministicVla.withObservation("seeing",
                new ObservationSpec(List.of(ImageSpec.of("primary", 64, 48)), true, 1));
        try (Arena arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR)
                .model(new DeterministicVla("a")).model(new DeterministicVla("b")).maxSteps(3).build();
                ArenaService api = ArenaService.builder(arena).start();
                VlaService vla = VlaService.builder(seeing).environments(Http.SIMULATOR).start()) {
            System.out.println("ready " + api.port() + " " + vla.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our input
            }
        }
    }
}
