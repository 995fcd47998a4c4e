package io.vlaarena.http.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code requests} per {@code period}, as a burst of that size
 * refilled evenly. Buckets that are full again are forgotten, so memory follows the clients active
 * within one period. Thread-safe.
 */
final class ClientRateLimit {
    private final int requests;
    private final Duration period;
    private final double tokensPerNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    ClientRateLimit(int requests, Duration period) {
        if (requests <= 0 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A rate needs a positive count and period, got " + requests + " per " + period);
        }
        this.requests = requests;
        this.period = period;
        this.tokensPerNano = requests / (double) period.toNanos();
    }

    /** Takes a token for {@code client}: 0 when granted, else the whole seconds until one is free. */
    long acquire(String client) {
        long now = System.nanoTime();
        Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(requests, now));
        synchronized (b) {
            refill(b, now);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            double missingNanos = (1 - b.tokens) / tokensPerNano;
            return Math.max(1, (long) Math.ceil(missingNanos / 1e9));
        }
    }

    /** Forgets the clients whose bucket is full again. */
    void forgetIdle() {
        long now = System.nanoTime();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= requests;
            }
        });
    }

    private void refill(Bucket b, long now) {
        b.tokens = Math.min(requests, b.tokens + (now - b.at) * tokensPerNano);
        b.at = now;
    }

    /** "6 per 1 min"-style description for error messages. */
    String describe() {
        long s = period.toSeconds();
        String p = s % 3600 == 0 ? (s / 3600) + " h" : s % 60 == 0 ? (s / 60) + " min" : s + " s";
        return requests + " per " + p;
    }
}
