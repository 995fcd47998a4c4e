package io.vlaarena.cli.durability;

import io.vlaarena.core.arena.Arena;
import io.vlaarena.http.ArenaService;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.storage.MongoArenaStore;
import io.vlaarena.models.MockVla;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The backend on the embedded store, as a program for {@link KillNineTest}: two in-process mock
 * models with 2-action episodes, data under {@code args[0]}. Prints {@code ready <port>} and
 * serves until killed.
 */
public final class StoreBackedServerMain {
    private StoreBackedServerMain() {}

    public static void main(String[] args) throws Exception {
        MongoArenaStore store = MongoArenaStore.openEmbedded(Path.of(args[0]));
        Arena arena = Arena.builder().store(store).scenes(BundledScenes.catalog())
                .environments(new MjcfEnvironmentFactory()).maxSteps(2)
                .model(new MockVla("mock-vla")).model(new MockVla("mock-vla-2")).build();
        ArenaService api = ArenaService.builder(arena).turnsPerClient(0, Duration.ofMinutes(1)).start();
        System.out.println("ready " + api.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
