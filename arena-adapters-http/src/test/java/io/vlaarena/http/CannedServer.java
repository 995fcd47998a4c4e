package io.vlaarena.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP server for client tests: answers each path from a queue of canned responses
 * (the last one repeats) and records every request's path, Authorization header and body.
 */
final class CannedServer implements AutoCloseable {
    record Canned(int status, String body, long delayMillis) {}

    record Recorded(String path, String authorization, String body) {}

    private final HttpServer server;
    private final Map<String, Queue<Canned>> script = new ConcurrentHashMap<>();
    private final Map<String, Canned> last = new ConcurrentHashMap<>();
    final List<Recorded> requests = new CopyOnWriteArrayList<>();

    CannedServer() {
        // The JDK server writes headers and body separately: without TCP_NODELAY each answer waits
        // for the client's delayed ACK (~40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "canned-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Recorded(path, ex.getRequestHeaders().getFirst("Authorization"), body));
                Queue<Canned> q = script.get(path);
                Canned c = q == null ? null : q.poll();
                if (c == null) {
                    c = last.getOrDefault(path, new Canned(404, "{\"detail\":\"Not Found\"}", 0));
                } else {
                    last.put(path, c);
                }
                if (c.delayMillis() > 0) {
                    try {
                        Thread.sleep(c.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] out = c.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(c.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    ex.getResponseBody().write(out);
                }
            }
        });
        server.start();
    }

    CannedServer on(String path, int status, String body) {
        return on(path, status, body, 0);
    }

    CannedServer on(String path, int status, String body, long delayMillis) {
        script.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(new Canned(status, body, delayMillis));
        return this;
    }

    long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String baseUrl() {
        return baseUri().toString();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
