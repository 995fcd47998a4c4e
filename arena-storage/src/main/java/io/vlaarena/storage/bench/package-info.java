/**
 * The harness behind {@code arena bench}'s storage figures. Not API: it may change with the
 * benchmarks, and applications should not depend on it.
 */
package io.vlaarena.storage.bench;
