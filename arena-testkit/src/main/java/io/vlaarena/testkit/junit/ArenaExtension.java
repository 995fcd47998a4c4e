package io.vlaarena.testkit.junit;

import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ArenaStore;
import io.vlaarena.core.scene.SceneCatalog;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.models.MockVla;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands tests a ready {@link Arena}: mock models ({@link MockVla}), the
 * bundled franka/table scene simulated by arena-sim, and an in-memory store (or an embedded MongoDB
 * store with {@code @ArenaSettings(store = EMBEDDED)}). Also resolves the {@link SceneCatalog} and
 * an {@link EnvironmentFactory} (arena-sim's, shared by the tests of a run).
 *
 * <pre>{@code
 * @ExtendWith(ArenaExtension.class)
 * class MyTest {
 *     @Test
 *     void playsATurn(Arena arena) {
 *         SessionStart s = arena.startSession("franka", "table");
 *         assertThat(arena.playTurn(s.battleId(), "pick up the red cube").isCompleted()).isTrue();
 *     }
 * }
 * }</pre>
 *
 * <p>Each test method gets its own arena, closed after the method (a parameter of
 * {@code @BeforeAll} gets one for the class), so tests may run in parallel. Configure it with
 * {@link ArenaSettings}. Stateless and thread-safe.
 */
public final class ArenaExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ArenaExtension.class);

    /** Creates the extension (JUnit does, through {@code @ExtendWith}). */
    public ArenaExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Arena.class || type == SceneCatalog.class || type == EnvironmentFactory.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == SceneCatalog.class) {
            return BundledScenes.catalog();
        }
        if (type == EnvironmentFactory.class) {
            return SharedFixtures.environments(context);
        }
        if (type == Arena.class) {
            ArenaSettings settings = settings(context);
            // Open the store first: JUnit closes a context's resources in reverse order of creation,
            // so the arena is closed before the store it writes to.
            ArenaStore store = settings != null && settings.store() == ArenaSettings.Store.EMBEDDED
                    ? EmbeddedArenaStoreExtension.store(context, "")
                    : null;
            return context.getStore(NAMESPACE).getOrComputeIfAbsent("arena",
                    k -> new CloseableArena(newArena(context, settings, store)), CloseableArena.class).arena;
        }
        throw new ParameterResolutionException("ArenaExtension cannot resolve " + type);
    }

    private static ArenaSettings settings(ExtensionContext context) {
        return find(context.getElement()).or(() -> context.getTestClass().flatMap(ArenaExtension::find)).orElse(null);
    }

    private static Arena newArena(ExtensionContext context, ArenaSettings settings, ArenaStore store) {
        String[] models = settings == null ? new String[] {"mock-vla", "mock-vla-2"} : settings.models();
        Arena.Builder b = Arena.builder().scenes(BundledScenes.catalog()).environments(SharedFixtures.environments(context))
                .maxSteps(settings == null ? 75 : settings.maxSteps()).seed(settings == null ? 0 : settings.seed());
        if (store != null) {
            b.store(store);
        }
        for (String id : models) {
            b.model(new MockVla(id));
        }
        return b.build();
    }

    private static Optional<ArenaSettings> find(Optional<? extends AnnotatedElement> element) {
        return element.map(e -> e.getAnnotation(ArenaSettings.class));
    }

    private static Optional<ArenaSettings> find(AnnotatedElement element) {
        return Optional.ofNullable(element.getAnnotation(ArenaSettings.class));
    }

    /** Closes the arena when JUnit discards the test's store. */
    private static final class CloseableArena implements ExtensionContext.Store.CloseableResource {
        final Arena arena;

        CloseableArena(Arena arena) {
            this.arena = arena;
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
