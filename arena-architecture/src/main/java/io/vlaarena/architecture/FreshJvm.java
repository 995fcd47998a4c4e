package io.vlaarena.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a fresh JVM on the calling test's class path, for checks of what
 * plain library use does to a process (what it prints, what it leaves behind) that one test JVM
 * shared with other tests cannot show. Stateless.
 */
public final class FreshJvm {
    /**
     * What the run printed and how it ended.
     *
     * @param exitCode the process's exit status
     * @param out its standard output
     * @param err its standard error
     */
    public record Result(int exitCode, String out, String err) {}

    private FreshJvm() {}

    /** Runs {@code main.main(args)} in a new JVM within {@code timeoutSeconds}; throws {@link AssertionError} past it. */
    public static Result run(Class<?> main, long timeoutSeconds, String... args) {
        try {
            Path dir = Files.createTempDirectory("fresh-jvm");
            Path out = dir.resolve("out.txt");
            Path err = dir.resolve("err.txt");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(main.getName() + " did not end within " + timeoutSeconds + " s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            Files.delete(dir);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + main.getName(), e);
        }
    }
}
