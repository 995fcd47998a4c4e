package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the MJCF compiler may read for {@code <mesh file=...>}: nothing (the default, for XML from
 * untrusted sources), the files under one granted directory, or a caller's in-memory assets. Every
 * path an XML names is confined: after normalization and with symbolic links resolved it must stay
 * inside the granted directory, name a regular file, and fit the size limits. One instance serves
 * one load (it counts the bytes read against {@link #MAX_TOTAL_BYTES}); not thread-safe.
 */
public abstract class AssetAccess {
    /** The largest mesh file read, in bytes (64 MiB). */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** The most bytes of mesh files read for one model (256 MiB). */
    public static final long MAX_TOTAL_BYTES = 256L * 1024 * 1024;

    private final long maxFile;
    private final long maxTotal;
    private long total;

    AssetAccess(long maxFile, long maxTotal) {
        this.maxFile = maxFile;
        this.maxTotal = maxTotal;
    }

    /** No file access: {@code file=} is refused. */
    public static AssetAccess none() {
        return new None();
    }

    /**
     * Files under {@code directory}, which is also the model directory that {@code meshdir} and
     * relative file names resolve against.
     *
     * @throws SceneException when the directory does not exist or cannot be resolved
     */
    public static AssetAccess directory(Path directory) {
        return directory(directory, MAX_FILE_BYTES, MAX_TOTAL_BYTES);
    }

    /** As {@link #directory(Path)} with other size limits (tests). */
    static AssetAccess directory(Path directory, long maxFile, long maxTotal) {
        Objects.requireNonNull(directory, "directory");
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            throw new SceneException("The asset directory '" + directory + "' cannot be used: " + e, e);
        }
        if (!Files.isDirectory(real)) {
            throw new SceneException("The asset directory '" + directory + "' is not a directory.");
        }
        return new Directory(real, maxFile, maxTotal);
    }

    /**
     * In-memory assets keyed by relative path, '/'-separated, as {@code meshdir} and {@code file}
     * combine (e.g. {@code "assets/link0.stl"}, or {@code "link0.stl"} without a meshdir). The map
     * is copied; the arrays are not, so the caller must not change them during the load.
     */
    public static AssetAccess memory(Map<String, byte[]> assets) {
        Objects.requireNonNull(assets, "assets");
        Map<String, byte[]> copy = new LinkedHashMap<>();
        assets.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "asset name"), Objects.requireNonNull(v, "asset bytes")));
        return new Memory(copy, MAX_FILE_BYTES, MAX_TOTAL_BYTES);
    }

    /** Whether files may be read at all. */
    abstract boolean granted();

    /**
     * Reads the file that {@code dir} (meshdir or texturedir, possibly empty) and {@code file} name,
     * for the asset labelled {@code mesh} ({@code Mesh 'name'} or {@code Texture 'name'}); every
     * refusal is a {@link SceneException} starting with that label and naming the path.
     */
    final byte[] read(String mesh, String dir, String file) {
        if (file.indexOf('\0') >= 0 || dir.indexOf('\0') >= 0) {
            throw refuse(mesh, file, "contains a NUL character");
        }
        byte[] bytes = load(mesh, dir, file);
        total += bytes.length;
        if (total > maxTotal) {
            throw new SceneException(mesh + ": reading '" + file + "' brings the " + kind(mesh) + " files of this model to "
                    + total + " bytes; at most " + maxTotal + " bytes are read per model.");
        }
        return bytes;
    }

    abstract byte[] load(String mesh, String dir, String file);

    /**
     * The kind of file a label such as {@code Mesh 'link0'}, {@code Texture 'wood'} or
     * {@code <include> at line 3} names, in lower case.
     */
    private static String kind(String label) {
        if (label.startsWith("<include>")) {
            return "included XML";
        }
        return label.startsWith("Texture") ? "texture" : label.startsWith("Height field") ? "height field" : "mesh";
    }

    static SceneException refuse(String mesh, String path, String problem) {
        return new SceneException(mesh + ": the file '" + path + "' " + problem + ".");
    }

    final SceneException tooLarge(String mesh, String path, long size) {
        return refuse(mesh, path, "is " + size + " bytes; " + kind(mesh) + " files are limited to " + maxFile + " bytes");
    }

    final long maxFile() {
        return maxFile;
    }

    private static final class None extends AssetAccess {
        None() {
            super(0, 0);
        }

        @Override
        boolean granted() {
            return false;
        }

        @Override
        byte[] load(String mesh, String dir, String file) {
            throw new IllegalStateException("no file access granted");
        }
    }

    private static final class Directory extends AssetAccess {
        private final Path root;

        Directory(Path root, long maxFile, long maxTotal) {
            super(maxFile, maxTotal);
            this.root = root;
        }

        @Override
        boolean granted() {
            return true;
        }

        @Override
        byte[] load(String mesh, String dir, String file) {
            String shown = dir.isEmpty() || isAbsolute(file) ? file : dir + (dir.endsWith("/") ? "" : "/") + file;
            Path path;
            try {
                // MuJoCo's rule: an absolute file name is used as is, an absolute meshdir is not
                // prefixed with the model directory, anything else is relative to it.
                Path p = Path.of(file);
                if (!p.isAbsolute()) {
                    p = root.resolve(dir).resolve(file);
                }
                path = p.normalize();
            } catch (InvalidPathException e) {
                throw refuse(mesh, shown, "is not a valid path (" + e.getReason() + ")");
            }
            if (!path.startsWith(root)) {
                throw refuse(mesh, shown, "resolves to '" + path + "', outside the granted asset directory '" + root + "'");
            }
            Path real;
            try {
                real = path.toRealPath();
            } catch (NoSuchFileException e) {
                throw refuse(mesh, shown, "does not exist (looked for '" + path + "')");
            } catch (IOException e) {
                throw refuse(mesh, shown, "cannot be resolved: " + e);
            }
            if (!real.startsWith(root)) {
                throw refuse(mesh, shown, "is a symbolic link to '" + real + "', outside the granted asset directory '" + root + "'");
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw refuse(mesh, shown, "cannot be read: " + e);
            }
            if (!attrs.isRegularFile()) {
                throw refuse(mesh, shown, "is " + (attrs.isDirectory() ? "a directory" : "not a regular file") + "; a " + kind(mesh) + " file must be a regular file");
            }
            if (attrs.size() > maxFile()) {
                throw tooLarge(mesh, shown, attrs.size());
            }
            try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
                // Bounded read: a file that grows after the size check is still refused.
                byte[] bytes = in.readNBytes((int) maxFile() + 1);
                if (bytes.length > maxFile()) {
                    throw tooLarge(mesh, shown, bytes.length);
                }
                return bytes;
            } catch (IOException e) {
                throw refuse(mesh, shown, "cannot be read: " + e);
            }
        }

        private static boolean isAbsolute(String file) {
            try {
                return Path.of(file).isAbsolute();
            } catch (InvalidPathException e) {
                return false;
            }
        }
    }

    private static final class Memory extends AssetAccess {
        private final Map<String, byte[]> assets;

        Memory(Map<String, byte[]> assets, long maxFile, long maxTotal) {
            super(maxFile, maxTotal);
            this.assets = assets;
        }

        @Override
        boolean granted() {
            return true;
        }

        @Override
        byte[] load(String mesh, String dir, String file) {
            String joined = dir.isEmpty() ? file : dir + "/" + file;
            if (joined.startsWith("/")) {
                throw refuse(mesh, joined, "is an absolute path; in-memory assets are named by relative paths");
            }
            String key = normalize(joined);
            if (key == null) {
                throw refuse(mesh, joined, "leaves the asset root with '..'");
            }
            byte[] bytes = assets.get(key);
            if (bytes == null) {
                throw refuse(mesh, joined, "is not among the in-memory assets (looked for '" + key + "'; assets: "
                        + new TreeSet<>(assets.keySet()) + ")");
            }
            if (bytes.length > maxFile()) {
                throw tooLarge(mesh, joined, bytes.length);
            }
            return bytes;
        }

        /** '/'-separated normal form without '.', empty segments or '..'; null when '..' leaves the root. */
        private static String normalize(String path) {
            ArrayDeque<String> parts = new ArrayDeque<>();
            for (String s : path.split("/")) {
                if (s.isEmpty() || s.equals(".")) {
                    continue;
                }
                if (s.equals("..")) {
                    if (parts.isEmpty()) {
                        return null;
                    }
                    parts.removeLast();
                } else {
                    parts.addLast(s);
                }
            }
            return String.join("/", parts);
        }
    }
}
