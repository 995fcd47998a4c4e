package io.vlaarena.storage.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.vlaarena.core.StorageException;
import io.vlaarena.storage.EmbeddedServer;
import io.vlaarena.storage.MongoArenaStore;
import io.vlaarena.core.support.QuietSlf4j;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An in-process server that speaks the MongoDB wire protocol on a loopback port and keeps its data
 * in one H2 MVStore file under a data directory ({@code de.bwaldvogel:mongo-java-server}). Any
 * MongoDB client, {@code mongosh} included, can connect to {@link #uri()} while it runs.
 *
 * <pre>{@code
 * try (EmbeddedMongo mongo = EmbeddedMongo.start(Path.of("arena-data"));
 *      MongoArenaStore store = MongoArenaStore.connect(mongo.uri())) { ... }
 * }</pre>
 *
 * <p>Durability: a write with a journaled write concern ({@code j: true}, as {@link MongoArenaStore}
 * uses for every write it acknowledges) is on disk before it is answered, with every write before
 * it; after a crash (a killed JVM) other writes of the last second or so may be missing (the file
 * store commits about once a second), never half a document. A clean {@link #close()} writes
 * everything. Only one process at a time may open a data directory. Secondary (non-unique) indexes
 * are accepted but not used for queries; unique indexes are enforced and used for exact lookups.
 *
 * <p>{@link MongoArenaStore#open} and {@link MongoArenaStore#openEmbedded} start it (through
 * {@link EmbeddedServer#start}) when no connection string is configured.
 *
 * <p>Thread-safe. Owns a Netty event loop and the data file: close it; {@code close()} is
 * idempotent.
 */
public final class EmbeddedMongo implements EmbeddedServer {
    /** The file under the data directory that holds every database. */
    public static final String DATA_FILE = "mongo.mv.db";

    private final Path dataDir;
    private final MongoServer server;
    private final InetSocketAddress address;
    private volatile boolean closed;

    private EmbeddedMongo(Path dataDir, MongoServer server, InetSocketAddress address) {
        this.dataDir = dataDir;
        this.server = server;
        this.address = address;
    }

    /**
     * Starts a server on a free loopback port with its data under {@code dataDir} (created if
     * missing); existing data there is served as it was left.
     *
     * @throws StorageException when the directory cannot be used (e.g. another process has it open)
     */
    public static EmbeddedMongo start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts a server on the given loopback port (0 for a free one) with its data under
     * {@code dataDir}.
     *
     * @throws StorageException when the directory cannot be used or the port is taken
     */
    public static EmbeddedMongo start(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("A port is between 0 and 65535, got " + port);
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("Cannot create the embedded MongoDB data directory " + dir + ": " + e.getMessage(), e);
        }
        Path file = dir.resolve(DATA_FILE);
        QuietSlf4j.whenNoProvider();
        H2Backend backend;
        try {
            backend = new JournaledH2Backend(file.toString());
        } catch (RuntimeException e) {
            throw new StorageException("Cannot open the embedded MongoDB data file " + file
                    + " (is another process using this data directory?): " + e.getMessage(), e);
        }
        MongoServer server = new MongoServer(backend);
        InetSocketAddress bound;
        try {
            // one acceptor thread; the backend serializes writes per collection, so a few workers suffice
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1,
                    Math.max(2, Runtime.getRuntime().availableProcessors()));
            bound = server.getLocalAddress();
        } catch (Exception e) { // Netty rethrows a checked BindException undeclared
            try {
                server.shutdownNow(); // also closes the backend
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StorageException("Cannot start the embedded MongoDB server on "
                    + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port + " (is the port taken?): "
                    + e.getMessage(), e);
        }
        return new EmbeddedMongo(dir, server, bound);
    }

    /**
     * The H2 backend, made to honour a journaled write concern as MongoDB does: a write that asks
     * for {@code j: true} (or {@code fsync: true}) is answered only after the file store has
     * committed it and synced the file to disk. Every earlier write goes with it (one store, written
     * in order). Other writes reach the disk with the store's own commit, about once a second.
     */
    private static final class JournaledH2Backend extends H2Backend {
        JournaledH2Backend(String fileName) {
            super(fileName);
        }

        @Override
        public de.bwaldvogel.mongo.bson.Document handleMessage(de.bwaldvogel.mongo.wire.message.MongoMessage message) {
            de.bwaldvogel.mongo.bson.Document answer = super.handleMessage(message);
            if (journaled(message.getDocument())) {
                commit();
                getMvStore().sync();
            }
            return answer;
        }

        private static boolean journaled(de.bwaldvogel.mongo.bson.Document query) {
            return query.get("writeConcern") instanceof de.bwaldvogel.mongo.bson.Document wc
                    && (Boolean.TRUE.equals(wc.get("j")) || Boolean.TRUE.equals(wc.get("fsync")));
        }
    }

    /**
     * The connection string to this server, e.g. {@code mongodb://127.0.0.1:40123}: give it to
     * {@link MongoArenaStore#connect(String)}, {@code mongosh} or any MongoDB driver.
     */
    public String uri() {
        return "mongodb://" + host() + ":" + port();
    }

    /** The loopback address the server listens on. */
    public String host() {
        return address.getAddress().getHostAddress();
    }

    /** The port the server listens on. */
    public int port() {
        return address.getPort();
    }

    /** The data directory (absolute). */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether the server still runs ({@code false} after {@link #close()}). */
    public boolean isRunning() {
        return !closed;
    }

    /**
     * Disconnects every client, stops listening and writes and closes the data file; idempotent.
     * Clients connected to it then fail until a server is started again on the same port.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdownNow();
    }

    @Override
    public String toString() {
        return "EmbeddedMongo[" + uri() + ", " + dataDir + (closed ? ", closed" : "") + "]";
    }
}
