/**
 * The embedded MongoDB-wire server ({@link io.vlaarena.storage.embedded.EmbeddedMongo}, H2 file
 * backend) that {@code MongoArenaStore} opens when no connection string is configured; found
 * through {@link io.vlaarena.storage.EmbeddedServer}. See {@code docs/storage.md}.
 */
package io.vlaarena.storage.embedded;
