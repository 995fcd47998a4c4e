/**
 * The harness behind {@code arena bench}'s rating figure, and the synthetic votes it draws. Not
 * API: it may change with the benchmarks, and applications should not depend on it.
 */
package io.vlaarena.core.bench;
