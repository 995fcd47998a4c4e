package io.vlaarena.storage;

import io.vlaarena.core.StorageException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * A MongoDB-wire server running inside this process, which {@link MongoArenaStore#open} starts
 * when no connection string is configured. This artifact only defines it: the server itself is
 * {@code io.vlaarena:arena-storage-embedded} ({@code EmbeddedMongo}), found on the class path with
 * {@link ServiceLoader}. An application that always connects to a real MongoDB leaves that artifact
 * (and its H2 and Netty dependencies) out.
 *
 * <p>Implementations are thread-safe; the caller who started a server closes it, and
 * {@code close()} is idempotent.
 */
public interface EmbeddedServer extends AutoCloseable {
    /** The Maven coordinates of the artifact that provides the embedded server. */
    String ARTIFACT = "io.vlaarena:arena-storage-embedded";

    /**
     * Starts the embedded server found on the class path, on a loopback port ({@code 0} picks a
     * free one), with its data under {@code dataDir}.
     *
     * @throws StorageException when no embedded server is on the class path (the message names
     *     the artifact to add), or when the server cannot start
     * @throws IllegalArgumentException when {@code port} is outside 0–65535
     */
    static EmbeddedServer start(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir");
        Iterator<Provider> providers = ServiceLoader.load(Provider.class, EmbeddedServer.class.getClassLoader()).iterator();
        if (!providers.hasNext()) {
            throw new StorageException("No MongoDB connection string is configured and no embedded MongoDB server is on"
                    + " the class path: add " + ARTIFACT + " for the embedded server, or give a connection string"
                    + " (MongoStoreConfig.builder().uri(...), or the environment variable " + MongoStoreConfig.MONGODB_URI + ")");
        }
        return providers.next().start(dataDir, port);
    }

    /** The connection string to this server, e.g. {@code mongodb://127.0.0.1:40123}. */
    String uri();

    /** The loopback address the server listens on. */
    String host();

    /** The port the server listens on. */
    int port();

    /** The data directory (absolute). */
    Path dataDir();

    /** Whether the server still runs ({@code false} after {@link #close()}). */
    boolean isRunning();

    /** Stops the server and writes and closes its data; idempotent. */
    @Override
    void close();

    /**
     * Starts embedded servers: the service interface that {@code arena-storage-embedded} registers
     * in {@code META-INF/services}. Not for applications, which call {@link EmbeddedServer#start}.
     */
    interface Provider {
        /**
         * Starts a server on a loopback port with its data under {@code dataDir}.
         *
         * @throws StorageException when the directory cannot be used or the port is taken
         */
        EmbeddedServer start(Path dataDir, int port);
    }
}
