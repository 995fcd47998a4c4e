package io.vlaarena.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How a service listens and what it allows one client: address, port, worker threads, body and
 * header limits, connection timeouts and caps, and how long a stop waits for requests in flight.
 *
 * <p>Immutable and thread-safe. {@link #defaults()}: {@code 127.0.0.1}, port 0 (any free port),
 * 2 × processors workers (at least 4), 8 MiB bodies, 5 s stop grace, 30 s idle timeout, 10 s to
 * send a request's header, 32 connections per client address and 1,024 in all, 16 KiB of request
 * line and headers, bodies at no less than 16 KiB/s.
 *
 * @param host the address to bind, e.g. {@code "127.0.0.1"} or {@code "0.0.0.0"}
 * @param port the port; 0 picks any free port (the service reports the bound one)
 * @param workers threads handling cheap requests (reads, health), positive; expensive routes
 *     (turns, {@code /execute}) run on their own bounded pools, configured on each service
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param stopGrace how long {@code close()} waits for requests in flight to finish
 * @param idleTimeout how long a connection may stay silent (between requests, or while its
 *     request or answer makes no progress) before it is closed
 * @param headerTimeout how long a client may take, once it started sending a request, to send its
 *     whole request line and headers; a slower one is disconnected
 * @param maxConnectionsPerClient open connections allowed from one client address; more are closed
 *     as soon as they are accepted
 * @param maxConnections open connections allowed in all; beyond it the server stops accepting
 *     until one closes
 * @param maxHeaderBytes the largest request line plus headers; a longer request line gets 414, larger
 *     headers 431
 * @param minBodyBytesPerSecond the slowest a request body may arrive, on average since its first
 *     byte; a slower one gets 408 and the connection is closed
 */
public record ServerOptions(String host, int port, int workers, long maxBodyBytes, Duration stopGrace,
        Duration idleTimeout, Duration headerTimeout, int maxConnectionsPerClient, int maxConnections,
        int maxHeaderBytes, long minBodyBytesPerSecond) {
    /** The default body limit: 8 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
    /** The default idle timeout: 30 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The default time to send a whole request header: 10 s. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** The default cap of open connections per client address: 32. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 32;
    /** The default cap of open connections in all: 1,024. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** The default limit of request line plus headers: 16 KiB. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    /** The default slowest body rate: 16 KiB/s. */
    public static final long DEFAULT_MIN_BODY_BYTES_PER_SECOND = 16 * 1024;

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
        requireNonNegative(stopGrace, "stopGrace");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(headerTimeout, "headerTimeout");
        if (maxConnectionsPerClient <= 0) {
            throw new IllegalArgumentException("maxConnectionsPerClient must be positive, was " + maxConnectionsPerClient);
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive, was " + maxConnections);
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 1024, was " + maxHeaderBytes);
        }
        if (minBodyBytesPerSecond < 0) {
            throw new IllegalArgumentException("minBodyBytesPerSecond must not be negative, was " + minBodyBytesPerSecond);
        }
    }

    /** The limits of {@link #defaults()} with the given address, port, workers, body limit and grace. */
    public ServerOptions(String host, int port, int workers, long maxBodyBytes, Duration stopGrace) {
        this(host, port, workers, maxBodyBytes, stopGrace, DEFAULT_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS_PER_CLIENT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_MIN_BODY_BYTES_PER_SECOND);
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }

    private static void requirePositive(Duration d, String name) {
        requireNonNegative(d, name);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** Loopback, any free port, and the default limits listed in the class description. */
    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 0, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(5));
    }

    /** A copy binding another address. */
    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy on another port (0 = any free port). */
    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy with another number of worker threads. */
    public ServerOptions withWorkers(int workers) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy with another body limit in bytes. */
    public ServerOptions withMaxBodyBytes(long maxBodyBytes) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy with another stop grace. */
    public ServerOptions withStopGrace(Duration stopGrace) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy with another idle timeout. */
    public ServerOptions withIdleTimeout(Duration idleTimeout) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy with another time allowed for sending a request's line and headers. */
    public ServerOptions withHeaderTimeout(Duration headerTimeout) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy with another cap of open connections per client address. */
    public ServerOptions withMaxConnectionsPerClient(int maxConnectionsPerClient) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy with another cap of open connections in all. */
    public ServerOptions withMaxConnections(int maxConnections) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy with another limit of request line plus headers in bytes. */
    public ServerOptions withMaxHeaderBytes(int maxHeaderBytes) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }

    /** A copy with another slowest body rate in bytes per second (0: no minimum). */
    public ServerOptions withMinBodyBytesPerSecond(long minBodyBytesPerSecond) {
        return new ServerOptions(host, port, workers, maxBodyBytes, stopGrace, idleTimeout, headerTimeout,
                maxConnectionsPerClient, maxConnections, maxHeaderBytes, minBodyBytesPerSecond);
    }
}
