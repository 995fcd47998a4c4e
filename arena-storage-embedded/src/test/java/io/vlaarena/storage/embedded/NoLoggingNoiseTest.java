package io.vlaarena.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.storage.MongoArenaStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    void openingAnEmbeddedStoreWithoutAnSlf4jProviderPrintsNothingOnStandardError(@TempDir Path dir)
            throws IOException, InterruptedException {
        assertThat(getClass().getClassLoader().getResource("org/slf4j/simple/SimpleServiceProvider.class"))
                .as("no SLF4J provider on this module's test class path").isNull();
        Path err = dir.resolve("err.txt");
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), NoLoggingNoiseTest.class.getName(), dir.resolve("data").toString()))
                .redirectError(err.toFile()).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readString(out)).startsWith("mongodb://127.0.0.1:");
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEmpty();
    }
}
