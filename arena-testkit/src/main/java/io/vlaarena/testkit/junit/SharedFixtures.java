package io.vlaarena.testkit.junit;

import io.vlaarena.sim.MjcfEnvironmentFactory;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fixtures shared by every test of one JUnit run, kept in the root context's store rather than in
 * static fields, so that two runs in one JVM (or a test of the extensions) never see each other's.
 */
final class SharedFixtures {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedFixtures.class);

    private SharedFixtures() {}

    /** One simulator factory per run: it caches compiled scenes and is thread-safe. */
    static MjcfEnvironmentFactory environments(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(MjcfEnvironmentFactory.class,
                k -> new MjcfEnvironmentFactory(), MjcfEnvironmentFactory.class);
    }
}
