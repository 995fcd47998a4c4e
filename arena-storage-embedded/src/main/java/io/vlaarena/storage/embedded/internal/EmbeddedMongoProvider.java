package io.vlaarena.storage.embedded.internal;

import io.vlaarena.storage.EmbeddedServer;
import io.vlaarena.storage.embedded.EmbeddedMongo;
import java.nio.file.Path;

/** Registers {@link EmbeddedMongo} as the embedded server that {@link EmbeddedServer#start} finds. Stateless. */
public final class EmbeddedMongoProvider implements EmbeddedServer.Provider {
    /** The instance {@link java.util.ServiceLoader} creates. */
    public EmbeddedMongoProvider() {}

    @Override
    public EmbeddedServer start(Path dataDir, int port) {
        return EmbeddedMongo.start(dataDir, port);
    }
}
