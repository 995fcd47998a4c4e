package io.vlaarena.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link MongoArenaStore#open(MongoStoreConfig)} stores: a MongoDB server given by a
 * {@code mongodb://} connection string, or else the embedded server under a data directory.
 *
 * <pre>{@code
 * MongoStoreConfig c = MongoStoreConfig.fromEnvironment();          // MONGODB_URI, if set
 * MongoStoreConfig d = MongoStoreConfig.builder().dataDir(Path.of("arena-data")).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class MongoStoreConfig {
    /** The environment variable that {@link #fromEnvironment()} reads: a MongoDB connection string. */
    public static final String MONGODB_URI = "MONGODB_URI";
    /** The database used when neither the builder nor the connection string names one. */
    public static final String DEFAULT_DATABASE = "vlaarena";

    private final String uri;
    private final Path dataDir;
    private final int embeddedPort;
    private final String database;
    private final Duration serverSelectionTimeout;
    private final Duration pendingTimeout;

    private MongoStoreConfig(Builder b) {
        this.uri = b.uri;
        this.dataDir = b.dataDir;
        this.embeddedPort = b.embeddedPort;
        this.database = b.database;
        this.serverSelectionTimeout = b.serverSelectionTimeout;
        this.pendingTimeout = b.pendingTimeout;
    }

    /** A builder with the defaults: embedded server under {@link #defaultDataDir()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, with the connection string from {@code MONGODB_URI} when that is set and not blank. */
    public static MongoStoreConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Like {@link #fromEnvironment()}, reading the given variables (handy for tests). */
    public static MongoStoreConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String u = env.get(MONGODB_URI);
        if (u != null && !u.isBlank()) {
            b.uri(u.strip());
        }
        return b.build();
    }

    /** {@code ~/.vlaarena/mongo}: where the embedded server keeps its data by default. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".vlaarena", "mongo");
    }

    /** The connection string of an external server; empty means the embedded server. */
    public Optional<String> uri() {
        return Optional.ofNullable(uri);
    }

    /** The embedded server's data directory (unused with an external server). */
    public Path dataDir() {
        return dataDir;
    }

    /** The embedded server's loopback port; 0 picks a free one. */
    public int embeddedPort() {
        return embeddedPort;
    }

    /** The database name if set on the builder; else the connection string's, else {@code vlaarena}. */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    /** How long an operation waits for a reachable server before it fails with a StorageException. */
    public Duration serverSelectionTimeout() {
        return serverSelectionTimeout;
    }

    /**
     * How old an unfinished turn write must be before a sweep rolls it back or completes it; also
     * the longest a single {@code saveTurn} may take before it gives up.
     */
    public Duration pendingTimeout() {
        return pendingTimeout;
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.uri = uri;
        b.dataDir = dataDir;
        b.embeddedPort = embeddedPort;
        b.database = database;
        b.serverSelectionTimeout = serverSelectionTimeout;
        b.pendingTimeout = pendingTimeout;
        return b;
    }

    @Override
    public String toString() {
        return "MongoStoreConfig[" + (uri != null ? "uri=" + io.vlaarena.storage.internal.Uris.mask(uri)
                : "embedded dataDir=" + dataDir + ", port=" + embeddedPort) + ", database=" + database().orElse("(default)")
                + ", serverSelectionTimeout=" + serverSelectionTimeout + ", pendingTimeout=" + pendingTimeout + "]";
    }

    /** Builds {@link MongoStoreConfig}s; not thread-safe. */
    public static final class Builder {
        private String uri;
        private Path dataDir = defaultDataDir();
        private int embeddedPort;
        private String database;
        private Duration serverSelectionTimeout = Duration.ofSeconds(10);
        private Duration pendingTimeout = Duration.ofMinutes(5);

        private Builder() {}

        /**
         * Uses the MongoDB server of this connection string ({@code mongodb://} or
         * {@code mongodb+srv://}); {@code null} goes back to the embedded server.
         *
         * @throws IllegalArgumentException for another scheme
         */
        public Builder uri(String uri) {
            if (uri != null && !(uri.startsWith("mongodb://") || uri.startsWith("mongodb+srv://"))) {
                throw new IllegalArgumentException("A MongoDB connection string starts with mongodb:// or mongodb+srv://, got '"
                        + io.vlaarena.storage.internal.Uris.mask(uri) + "'");
            }
            this.uri = uri;
            return this;
        }

        /** The embedded server's data directory (created if missing). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The embedded server's loopback port; 0 (the default) picks a free one. */
        public Builder embeddedPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("A port is between 0 and 65535, got " + port);
            }
            this.embeddedPort = port;
            return this;
        }

        /** The database; overrides the one in the connection string. */
        public Builder database(String database) {
            Objects.requireNonNull(database, "database");
            if (database.isBlank() || database.contains(".") || database.contains("/") || database.contains(" ")) {
                throw new IllegalArgumentException("Invalid MongoDB database name '" + database + "'");
            }
            this.database = database;
            return this;
        }

        /** How long an operation waits for a reachable server (default 10 s). */
        public Builder serverSelectionTimeout(Duration timeout) {
            this.serverSelectionTimeout = positive("serverSelectionTimeout", timeout);
            return this;
        }

        /** Age at which a sweep treats an unfinished turn write as abandoned (default 5 min). */
        public Builder pendingTimeout(Duration timeout) {
            this.pendingTimeout = positive("pendingTimeout", timeout);
            return this;
        }

        /** Builds the configuration. */
        public MongoStoreConfig build() {
            return new MongoStoreConfig(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
