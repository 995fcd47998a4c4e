package io.vlaarena.http.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;

/**
 * Keeps slow and greedy clients from holding the server: caps the open connections per client
 * address, and disconnects a client that started a request but did not finish its line and headers
 * within the header timeout (the idle timeout alone cannot, since each trickled byte resets it).
 *
 * <p>Thread-safe: the server calls the listener methods from its I/O threads, the request
 * callbacks from its workers and {@link #sweep()} from one scheduler thread.
 */
final class ConnectionGuard implements Connection.Listener {
    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());

    /** What the guard knows of one open connection. */
    private static final class State {
        final InetAddress address;
        volatile boolean refused;
        /** Requests being handled on the connection (0 or 1 for HTTP/1.1). */
        int inRequest;
        /** Bytes read when the connection opened or its last request ended. */
        long bytesAtIdle;
        /** When bytes of a new request were first seen, in nanos; 0 while none. */
        long headerSince;

        State(InetAddress address) {
            this.address = address;
        }
    }

    private final int maxPerClient;
    private final long headerTimeoutNanos;
    private final Map<Connection, State> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionGuard(int maxPerClient, Duration headerTimeout) {
        this.maxPerClient = maxPerClient;
        this.headerTimeoutNanos = headerTimeout.toNanos();
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = addressOf(connection.getEndPoint().getRemoteSocketAddress());
        State state = new State(address);
        open.put(connection, state);
        if (address != null && perAddress.merge(address, 1, Integer::sum) > maxPerClient) {
            state.refused = true;
            LOG.log(System.Logger.Level.DEBUG, () -> "Refusing a connection from " + address
                    + ": more than " + maxPerClient + " open connections");
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        State state = open.remove(connection);
        if (state != null && state.address != null) {
            perAddress.computeIfPresent(state.address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Marks a request as being handled on the connection: no header timeout while it runs. */
    void requestStarted(Connection connection) {
        State state = open.get(connection);
        if (state != null) {
            synchronized (state) {
                state.inRequest++;
                state.headerSince = 0;
            }
        }
    }

    /** Marks a request on the connection as answered: the next request's header time starts with its first byte. */
    void requestEnded(Connection connection) {
        State state = open.get(connection);
        if (state != null) {
            synchronized (state) {
                state.inRequest = Math.max(0, state.inRequest - 1);
                state.bytesAtIdle = connection.getBytesIn();
                state.headerSince = 0;
            }
        }
    }

    /** Closes the connections whose request header has been arriving for longer than the timeout. */
    void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, state) -> {
            boolean expired;
            synchronized (state) {
                if (state.inRequest > 0 || state.refused) {
                    return;
                }
                if (state.headerSince == 0) {
                    if (connection.getBytesIn() > state.bytesAtIdle) {
                        state.headerSince = now;
                    }
                    return;
                }
                expired = now - state.headerSince > headerTimeoutNanos;
            }
            if (expired) {
                LOG.log(System.Logger.Level.DEBUG, () -> "Closing a connection from " + state.address
                        + ": its request header did not arrive within " + Duration.ofNanos(headerTimeoutNanos));
                connection.getEndPoint().close();
            }
        });
    }

    /** Open connections from {@code address}, for tests and diagnostics. */
    int openFrom(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    private static InetAddress addressOf(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
