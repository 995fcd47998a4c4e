package io.vlaarena.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads MJCF files for the command line, with errors a person can act on. */
final class SceneFiles {
    /** The largest scene file read, in bytes. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private SceneFiles() {}

    /**
     * The directory a scene file's mesh files are read from (its own directory): the person named
     * the file, so its {@code meshdir} and {@code <mesh file>} may be read, confined to that directory.
     */
    static Path assetDirectory(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? file.toAbsolutePath().getRoot() : parent;
    }

    static String read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("'" + file + "' is a directory, not an MJCF file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException("'" + file + "' is " + size + " bytes; scene files are limited to " + MAX_BYTES);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No such file: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read '" + file + "': " + e.getMessage(), e);
        }
    }
}
