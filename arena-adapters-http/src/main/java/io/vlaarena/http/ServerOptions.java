package io.vlaarena.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How a service listens: address, port, worker threads, request body limit and how long a stop
 * waits for requests in flight.
 *
 * <p>Immutable and thread-safe. {@link #defaults()}: {@code 127.0.0.1}, port 0 (any free port),
 * 2 × processors workers (at least 4), 8 MiB bodies, 5 s stop grace.
 *
 * @param host the address to bind, e.g. {@code "127.0.0.1"} or {@code "0.0.0.0"}
 * @param port the port; 0 picks any free port (the service reports the bound one)
 * @param workers worker threads handling requests, positive
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param stopGrace how long {@code close()} waits for requests in flight to finish
 */
public record ServerOptions(String host, int port, int workers, long maxBodyBytes, Duration stopGrace) {
    /** The default body limit: 8 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

    /** Validates. */
    public ServerOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be positive, was " + workers);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        Objects.requireNonNull(stopGrace, "stopGrace");
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must not be negative, was " + stopGrace);
        }
    }

    /** Loopback, any free port, 2 × processors workers (at least 4), 8 MiB bodies, 5 s grace. */
    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 0, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(5));
    }

    /** A copy binding another address. */
    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace);
    }

    /** A copy on another port (0 = any free port). */
    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace);
    }

    /** A copy with another number of worker threads. */
    public ServerOptions withWorkers(int workers) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace);
    }

    /** A copy with another body limit in bytes. */
    public ServerOptions withMaxBodyBytes(long maxBodyBytes) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace);
    }

    /** A copy with another stop grace. */
    public ServerOptions withStopGrace(Duration stopGrace) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace);
    }
}
