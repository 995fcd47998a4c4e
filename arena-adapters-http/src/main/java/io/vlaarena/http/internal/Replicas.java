package io.vlaarena.http.internal;

import io.vlaarena.http.Balancing;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A model's replica base URLs with their health: a replica that failed is skipped until its
 * cool-down ends, then probed again by the next request that picks it. Thread-safe.
 */
public final class Replicas {
    /** One base URL, its requests in flight and when it may be tried again. */
    public static final class Replica {
        private final URI baseUri;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong downUntil = new AtomicLong(Long.MIN_VALUE);

        Replica(URI baseUri) {
            this.baseUri = baseUri;
        }

        public URI baseUri() {
            return baseUri;
        }

        public int inFlight() {
            return inFlight.get();
        }

        public void begin() {
            inFlight.incrementAndGet();
        }

        public void end() {
            inFlight.decrementAndGet();
        }
    }

    private final List<Replica> replicas;
    private final Balancing balancing;
    private final long cooldownNanos;
    private final LongSupplier clock;
    private final AtomicInteger next = new AtomicInteger();

    public Replicas(List<URI> baseUris, Balancing balancing, long cooldownNanos, LongSupplier clock) {
        List<Replica> list = new ArrayList<>();
        for (URI u : baseUris) {
            list.add(new Replica(u));
        }
        this.replicas = List.copyOf(list);
        this.balancing = balancing;
        this.cooldownNanos = cooldownNanos;
        this.clock = clock;
    }

    public int size() {
        return replicas.size();
    }

    public List<Replica> all() {
        return replicas;
    }

    /**
     * Picks a replica not in {@code tried} if one is available (not cooling down); else any
     * available one; else the one whose cool-down ends first (a probe: better than refusing).
     */
    public Replica pick(Set<Replica> tried) {
        long now = clock.getAsLong();
        Replica chosen = choose(now, tried, true);
        if (chosen == null) {
            chosen = choose(now, Set.of(), true);
        }
        if (chosen == null) {
            Replica earliest = replicas.get(0);
            for (Replica r : replicas) {
                if (r.downUntil.get() - earliest.downUntil.get() < 0) {
                    earliest = r;
                }
            }
            chosen = earliest;
        }
        return chosen;
    }

    /** Whether some replica not in {@code tried} is available now. */
    public boolean hasUntried(Set<Replica> tried) {
        long now = clock.getAsLong();
        for (Replica r : replicas) {
            if (!tried.contains(r) && available(r, now)) {
                return true;
            }
        }
        return false;
    }

    public void markDown(Replica r) {
        r.downUntil.set(clock.getAsLong() + cooldownNanos);
    }

    public void markUp(Replica r) {
        r.downUntil.set(Long.MIN_VALUE);
    }

    public boolean isDown(Replica r) {
        return !available(r, clock.getAsLong());
    }

    private boolean available(Replica r, long now) {
        long until = r.downUntil.get();
        return until == Long.MIN_VALUE || now - until >= 0;
    }

    private Replica choose(long now, Set<Replica> exclude, boolean onlyAvailable) {
        int n = replicas.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        Replica best = null;
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (exclude.contains(r) || (onlyAvailable && !available(r, now))) {
                continue;
            }
            if (balancing == Balancing.ROUND_ROBIN) {
                return r;
            }
            if (best == null || r.inFlight() < best.inFlight()) {
                best = r;
            }
        }
        return best;
    }
}
