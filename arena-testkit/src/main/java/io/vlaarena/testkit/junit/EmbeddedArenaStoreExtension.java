package io.vlaarena.testkit.junit;

import io.vlaarena.core.arena.ArenaStore;
import io.vlaarena.storage.MongoArenaStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Opens the embedded arena stores that {@link EmbeddedArenaStore} asks for, injects them into
 * fields and parameters, and after their test or class closes them and deletes their directory.
 * Registered by the annotation; register it yourself only to use it programmatically.
 *
 * <p>Each store is {@link MongoArenaStore#openEmbedded(Path)} on a new temporary directory, on a
 * free loopback port, database {@code vlaarena}. Stores live in the JUnit store of the context
 * that asked for them, so parallel tests never share per-test stores. Thread-safe and stateless.
 */
public final class EmbeddedArenaStoreExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedArenaStoreExtension.class);
    private static final List<Class<?>> TYPES = List.of(MongoArenaStore.class, ArenaStore.class);

    /** Creates the extension (JUnit does). */
    public EmbeddedArenaStoreExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        Injection.injectStaticFields(context, EmbeddedArenaStore.class, TYPES, (a, type, c) -> store(c, a.name()));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Injection.injectInstanceFields(context, EmbeddedArenaStore.class, TYPES, (a, type, c) -> store(c, a.name()));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        if (!parameter.isAnnotated(EmbeddedArenaStore.class)) {
            return false;
        }
        Class<?> type = parameter.getParameter().getType();
        if (!Injection.supported(type, TYPES)) {
            throw new ParameterResolutionException(Injection.unsupported(EmbeddedArenaStore.class,
                    Injection.where(parameter), type, TYPES));
        }
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return store(context, parameter.findAnnotation(EmbeddedArenaStore.class).orElseThrow().name());
    }

    /**
     * The store of {@code name} visible from {@code context} (its own, or an enclosing context's),
     * opened in {@code context} when there is none. Also used by {@link ArenaExtension}.
     */
    static MongoArenaStore store(ExtensionContext context, String name) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(new Key(name), k -> Opened.open(), Opened.class).store;
    }

    private record Key(String name) {}

    /** A store and its directory, both gone when JUnit discards the context's store. */
    private static final class Opened implements ExtensionContext.Store.CloseableResource {
        final MongoArenaStore store;
        final Path dir;

        private Opened(MongoArenaStore store, Path dir) {
            this.store = store;
            this.dir = dir;
        }

        static Opened open() {
            Path dir;
            try {
                dir = Files.createTempDirectory("vlaarena-store-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary directory for an embedded arena store", e);
            }
            try {
                return new Opened(MongoArenaStore.openEmbedded(dir), dir);
            } catch (RuntimeException e) {
                try {
                    delete(dir);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                store.close();
            } finally {
                delete(dir);
            }
        }

        private static void delete(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the embedded arena store's directory " + dir, e);
            }
        }
    }
}
