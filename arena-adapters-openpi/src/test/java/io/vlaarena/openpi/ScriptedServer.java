package io.vlaarena.openpi;

import io.vlaarena.openpi.internal.WsServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A real WebSocket server on a free loopback port whose connections follow a script: for testing
 * how clients meet servers that misbehave (no metadata, malformed frames, wrong actions, a dropped
 * connection, a slow answer).
 */
final class ScriptedServer implements AutoCloseable {
    /** What a connection does when it opens and when a message arrives. */
    interface Script {
        /** On open; send the metadata (or not) and demand. */
        void open(WsServer.Connection c, int connection);

        /** On a binary message. */
        void message(WsServer.Connection c, byte[] frame, int connection);
    }

    final WsServer server;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    final AtomicInteger opened = new AtomicInteger();

    ScriptedServer(Script script) {
        server = new WsServer("127.0.0.1", 0, 16 << 20, Duration.ofMinutes(1), 16, h -> true, c -> {
            int n = opened.incrementAndGet();
            authorizations.add(String.valueOf(c.header("Authorization")));
            return new WsServer.Handler() {
                @Override
                public void onOpen() {
                    script.open(c, n);
                }

                @Override
                public void onBinary(byte[] message) {
                    received.add(message);
                    script.message(c, message, n);
                }

                @Override
                public void onText(String message) {}

                @Override
                public void onClose(int code, String reason) {}
            };
        });
    }

    /** Answers a message on a connection, knowing which connection (1, 2, …) it is. */
    interface Responder {
        void message(WsServer.Connection c, byte[] frame, int connection);
    }

    /** Sends the metadata on every connection, then answers each message with {@code responder}. */
    static ScriptedServer withMetadata(byte[] metadata, Responder responder) {
        return new ScriptedServer(new Script() {
            @Override
            public void open(WsServer.Connection c, int connection) {
                c.sendBinary(metadata, c::demand);
            }

            @Override
            public void message(WsServer.Connection c, byte[] frame, int connection) {
                responder.message(c, frame, connection);
            }
        });
    }

    /** Sends the metadata, then answers each message with {@code answer(frame, connection)}. */
    static ScriptedServer answering(byte[] metadata, BiConsumer<WsServer.Connection, byte[]> answer) {
        return withMetadata(metadata, (c, frame, connection) -> answer.accept(c, frame));
    }

    String uri() {
        return "ws://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
