/**
 * The harness behind {@code arena bench}'s ONNX figures (latency per prediction, the adapter's
 * overhead over a bare ONNX Runtime session, whole episodes). Not API: it may change with the
 * benchmarks, and applications should not depend on it.
 */
package io.vlaarena.onnx.bench;
