package io.vlaarena.http;

/** How a {@link VlaServiceClient} spreads requests over a model's replicas. */
public enum Balancing {
    /** Each request goes to the next available replica in turn (the default). */
    ROUND_ROBIN,
    /** Each request goes to the available replica with the fewest requests in flight (ties: in turn). */
    LEAST_IN_FLIGHT
}
