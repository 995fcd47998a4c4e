/**
 * The arena store on MongoDB through the official synchronous driver
 * ({@link io.vlaarena.storage.MongoArenaStore}, {@link io.vlaarena.storage.MongoStoreConfig}), with the
 * original's documents; the embedded server is the separate {@code arena-storage-embedded}
 * ({@link io.vlaarena.storage.EmbeddedServer}). See {@code docs/storage.md}.
 */
package io.vlaarena.storage;
