package io.vlaarena.http.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;

/**
 * Keeps slow and greedy clients from holding the server: caps the open connections per client
 * address, and disconnects a client that started a request but did not finish its line and headers
 * within the header timeout (the idle timeout alone cannot, since each trickled byte resets it).
 *
 * <p>Thread-safe: the server calls the listener methods from its I/O threads and {@link #sweep()}
 * from one scheduler thread. The sweep reads each connection's parser state, which the I/O thread
 * writes; a stale read delays a close by one sweep at most.
 */
final class ConnectionGuard implements Connection.Listener {
    /**
     * Jetty's HTTP/1 connection's {@code getParser()}: the class lives in jetty-server's internal
     * package, which its module does not export (javadoc refuses a compile-time reference), so it is
     * looked up once by name; null where that Jetty has no such method (the header timeout then
     * never fires, and the idle timeout still does).
     */
    private static final java.lang.reflect.Method GET_PARSER = parserGetter();

    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());

    /** What the guard knows of one open connection. */
    private static final class State {
        final InetAddress address;
        volatile boolean refused;
        /** When the sweep first saw the current request header in progress, in nanos; 0 while none. */
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

    /**
     * Closes the connections whose request line and headers have been arriving for longer than the
     * timeout. Called from one thread; the timeout is as precise as the sweep period.
     */
    void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, state) -> {
            if (state.refused) {
                return;
            }
            if (!headerInProgress(connection)) {
                state.headerSince = 0;
                return;
            }
            if (state.headerSince == 0) {
                state.headerSince = now;
            } else if (now - state.headerSince > headerTimeoutNanos) {
                LOG.log(System.Logger.Level.DEBUG, () -> "Closing a connection from " + state.address
                        + ": its request header did not arrive within " + Duration.ofNanos(headerTimeoutNanos));
                connection.getEndPoint().close();
            }
        });
    }

    /**
     * Whether the connection's parser is between the first byte of a request and the end of its
     * headers. An idle connection (between requests) is at START, a request being handled past
     * HEADER; neither is the header timeout's business.
     */
    private static boolean headerInProgress(Connection connection) {
        if (GET_PARSER == null || !GET_PARSER.getDeclaringClass().isInstance(connection)) {
            return false;
        }
        HttpParser parser;
        try {
            parser = (HttpParser) GET_PARSER.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
        HttpParser.State s = parser.getState();
        return s.ordinal() > HttpParser.State.START.ordinal() && s.ordinal() <= HttpParser.State.HEADER.ordinal();
    }

    /** Open connections from {@code address}, for tests and diagnostics. */
    int openFrom(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    private static InetAddress addressOf(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static java.lang.reflect.Method parserGetter() {
        try {
            return Class.forName("org.eclipse.jetty.server.internal.HttpConnection", false, ConnectionGuard.class.getClassLoader())
                    .getMethod("getParser");
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
