package io.vlaarena.storage;

import io.vlaarena.storage.embedded.EmbeddedMongo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded server (H2 file backend). */
class EmbeddedMongoArenaStoreTest extends MongoArenaStoreContract {
    @TempDir
    static Path dir;
    static EmbeddedMongo server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedMongo.start(dir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    String serverUri() {
        return server.uri();
    }
}
