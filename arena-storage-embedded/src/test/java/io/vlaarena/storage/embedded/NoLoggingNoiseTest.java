package io.vlaarena.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.architecture.FreshJvm;
import io.vlaarena.storage.MongoArenaStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain library use prints nothing: a fresh JVM with this module's class path and no SLF4J provider
 * opens a store on the embedded server and closes it, and its standard error stays empty (no
 * "No SLF4J providers" lines).
 */
class NoLoggingNoiseTest {

    /** Opens and closes an embedded store in {@code args[0]}, printing its URI on standard output. */
    public static void main(String[] args) {
        try (MongoArenaStore store = MongoArenaStore.openEmbedded(Path.of(args[0]))) {
            System.out.println(store.uri());
        }
    }

    @Test
    @Timeout(120)
    void openingAnEmbeddedStoreWithoutAnSlf4jProviderPrintsNothingOnStandardError(@TempDir Path dir) {
        assertThat(getClass().getClassLoader().getResource("org/slf4j/simple/SimpleServiceProvider.class"))
                .as("no SLF4J provider on this module's test class path").isNull();
        FreshJvm.Result r = FreshJvm.run(NoLoggingNoiseTest.class, 90, dir.resolve("data").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("mongodb://127.0.0.1:");
        assertThat(r.err()).isEmpty();
    }
}
