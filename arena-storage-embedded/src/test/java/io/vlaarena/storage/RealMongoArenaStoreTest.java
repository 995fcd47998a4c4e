package io.vlaarena.storage;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The same store contract on the real MongoDB server named by {@code MONGODB_URI}, when set. */
@EnabledIfEnvironmentVariable(named = MongoStoreConfig.MONGODB_URI, matches = ".+")
class RealMongoArenaStoreTest extends MongoArenaStoreContract {
    @Override
    String serverUri() {
        return System.getenv(MongoStoreConfig.MONGODB_URI);
    }
}
