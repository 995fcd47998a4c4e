package io.vlaarena.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.http.VlaService;
import io.vlaarena.http.VlaServiceClient;
import io.vlaarena.storage.MongoArenaStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs sample test classes through the JUnit Platform launcher, as a build would, then checks
 * what the extensions left behind: every service stopped, every store closed and deleted — also
 * when the sample's tests run in parallel.
 *
 * <p>The samples are nested classes, which Surefire does not run by itself. They report what
 * they were given through the static queues below, which is why this class's tests must not run
 * concurrently with each other.
 */
@Timeout(120)
class ExtensionLifecycleTest {
    static final Queue<Object> SEEN = new ConcurrentLinkedQueue<>();
    static volatile CyclicBarrier barrier;

    /** Class-wide and per-test resources, fields and parameters. */
    static class LifecycleSample {
        @MockVlaService
        static VlaService classService;
        @EmbeddedArenaStore
        static MongoArenaStore classStore;
        @MockVlaService(modelId = "per-test")
        VlaService testService;
        @EmbeddedArenaStore(name = "per-test")
        MongoArenaStore testStore;

        @BeforeAll
        static void beforeAll(@MockVlaService VlaService service) {
            SEEN.add(Map.entry("beforeAll", service));
        }

        @Test
        void first(@MockVlaService VlaServiceClient client) {
            record();
            assertThat(client.health().healthy()).isTrue();
        }

        @Test
        void second() {
            record();
        }

        private void record() {
            SEEN.add(Map.entry("class", classService));
            SEEN.add(Map.entry("class", classStore));
            SEEN.add(Map.entry("test", testService));
            SEEN.add(Map.entry("test", testStore));
        }
    }

    /** Four tests that can only finish together: they must run at once, each with its own resources. */
    @ExtendWith(ArenaExtension.class)
    @ArenaSettings(maxSteps = 2, store = ArenaSettings.Store.EMBEDDED)
    static class ParallelSample {
        @MockVlaService
        VlaService service;

        @Test
        void a(Arena arena, @EmbeddedArenaStore MongoArenaStore store) throws Exception {
            play(arena, store);
        }

        @Test
        void b(Arena arena, @EmbeddedArenaStore MongoArenaStore store) throws Exception {
            play(arena, store);
        }

        @Test
        void c(Arena arena, @EmbeddedArenaStore MongoArenaStore store) throws Exception {
            play(arena, store);
        }

        @Test
        void d(Arena arena, @EmbeddedArenaStore MongoArenaStore store) throws Exception {
            play(arena, store);
        }

        private void play(Arena arena, MongoArenaStore store) throws Exception {
            SEEN.add(service);
            SEEN.add(store);
            barrier.await(60, TimeUnit.SECONDS);
            SessionStart s = arena.startSession("franka", "table");
            assertThat(arena.playTurn(s.battleId(), "lift the green sphere").isCompleted()).isTrue();
            assertThat(store.turns(s.battleId())).hasSize(1);
        }
    }

    static class WrongTypeSample {
        @Test
        void wrong(@MockVlaService String notAService) {}
    }

    static class FinalFieldSample {
        @EmbeddedArenaStore
        final MongoArenaStore store = null;

        @Test
        void never() {}
    }

    @Test
    void stopsPerTestResourcesAfterEachTestAndClassResourcesAfterTheClass() {
        SEEN.clear();
        TestExecutionSummary summary = run(LifecycleSample.class, Map.of());
        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);

        List<Map.Entry<?, ?>> seen = SEEN.stream().<Map.Entry<?, ?>>map(e -> (Map.Entry<?, ?>) e).toList();
        Set<Object> classWide = values(seen, "class");
        Set<Object> perTest = values(seen, "test");
        assertThat(classWide).hasSize(2);   // the same service and store in both tests
        assertThat(perTest).hasSize(4);     // a new service and store for each test
        assertThat(values(seen, "beforeAll")).isEqualTo(classWide.stream()
                .filter(VlaService.class::isInstance).collect(Collectors.toSet()));
        for (Object o : classWide) {
            assertClosed(o);
        }
        for (Object o : perTest) {
            assertClosed(o);
        }
    }

    @Test
    void parallelTestsEachGetTheirOwnServiceAndStore() {
        SEEN.clear();
        barrier = new CyclicBarrier(4);
        TestExecutionSummary summary = run(ParallelSample.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"));
        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(4);
        Set<Object> distinct = Set.copyOf(List.copyOf(SEEN));
        assertThat(distinct).hasSize(8);
        distinct.forEach(ExtensionLifecycleTest::assertClosed);
    }

    @Test
    void misuseFailsTheTestWithASentence() {
        TestExecutionSummary wrongType = run(WrongTypeSample.class, Map.of());
        assertThat(wrongType.getFailures()).singleElement().satisfies(f -> assertThat(f.getException())
                .hasMessage("@MockVlaService on parameter 0 of method WrongTypeSample.wrong cannot inject a "
                        + "java.lang.String; use one of [VlaService, URI, VlaServiceClient]"));
        TestExecutionSummary finalField = run(FinalFieldSample.class, Map.of());
        assertThat(finalField.getFailures()).singleElement().satisfies(f -> assertThat(f.getException())
                .hasMessage("@EmbeddedArenaStore on field FinalFieldSample.store needs a non-final field"));
    }

    private static TestExecutionSummary run(Class<?> sample, Map<String, String> configuration) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample))
                .configurationParameters(configuration).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    private static Set<Object> values(List<Map.Entry<?, ?>> seen, String kind) {
        return seen.stream().filter(e -> e.getKey().equals(kind)).map(Map.Entry::getValue).collect(Collectors.toSet());
    }

    private static void assertClosed(Object resource) {
        if (resource instanceof VlaService service) {
            assertThat(service.toString()).endsWith(", closed]");
            URI uri = service.baseUri();
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
                }
            }).isInstanceOf(IOException.class);
        } else if (resource instanceof MongoArenaStore store) {
            assertThatThrownBy(store::votes).isInstanceOf(IllegalStateException.class);
            assertThat(store.embeddedServer().orElseThrow().isRunning()).isFalse();
            assertThat(Files.exists(store.embeddedServer().orElseThrow().dataDir())).isFalse();
        } else {
            throw new AssertionError("Unexpected resource " + resource);
        }
    }
}
