package io.vlaarena.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * How often and how patiently a {@link VlaServiceClient} retries a request that failed in a way
 * that is safe to retry: exponential backoff ({@code initialBackoff · 2^(attempt−1)}, capped at
 * {@code maxBackoff}) with random jitter of ± {@code jitter} of each wait.
 *
 * <p>Only connection failures (refused, reset, closed before an answer, connect timeout) and the
 * statuses 502, 503 and 504 are retried; other statuses (4xx, 500) and read timeouts never are.
 * {@code /predict} and {@code /execute} are idempotent (the same request gives the same answer),
 * so resending them is safe. Immutable and thread-safe.
 *
 * @param maxAttempts attempts per request including the first, at least 1
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff the longest wait between attempts
 * @param jitter the fraction in [0, 1] by which each wait varies at random
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    /** Validates. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("Backoffs must not be negative, were " + initialBackoff + " and " + maxBackoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
        }
    }

    /** The original's policy: 3 attempts, waits of 1 s then 2 s (capped at 4 s), ±20% jitter. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(4), 0.2);
    }

    /** A single attempt: no retries (failover to other replicas still happens). */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);
    }

    /** The wait before attempt {@code attempt + 1} ({@code attempt} ≥ 1), jittered with {@code random}. */
    public Duration backoff(int attempt, Random random) {
        long base = initialBackoff.toNanos();
        for (int i = 1; i < attempt && base < maxBackoff.toNanos(); i++) {
            base = base > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : base * 2;
        }
        base = Math.min(base, maxBackoff.toNanos());
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) (base * factor));
    }
}
