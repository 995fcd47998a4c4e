package io.vlaarena.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.arena.ArenaStore;
import io.vlaarena.core.arena.Session;
import io.vlaarena.storage.EmbeddedServer;
import io.vlaarena.storage.MongoArenaStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link EmbeddedArenaStore} used as a user would. */
@Timeout(60)
class EmbeddedArenaStoreExtensionTest {

    @EmbeddedArenaStore
    MongoArenaStore store;

    @Test
    void injectsAnOpenStoreOnATemporaryDirectory() {
        EmbeddedServer server = store.embeddedServer().orElseThrow();
        assertThat(server.isRunning()).isTrue();
        assertThat(server.dataDir()).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(Files.isDirectory(server.dataDir())).isTrue();
        assertThat(store.databaseName()).isEqualTo("vlaarena");
        assertThat(server.uri()).startsWith("mongodb://127.0.0.1:");
    }

    @Test
    void theSameNameIsTheSameStoreWithinATest(@EmbeddedArenaStore ArenaStore asPort,
            @EmbeddedArenaStore(name = "other") MongoArenaStore other) {
        assertThat(asPort).isSameAs(store);
        assertThat(other).isNotSameAs(store);
        Session session = new Session("sess_000000000000000000000001", "franka", "table", Instant.parse("2026-01-01T00:00:00Z"));
        store.saveSession(session);
        assertThat(asPort.session(session.sessionId())).contains(session);
        assertThat(other.session(session.sessionId())).isEmpty();
    }

    @Test
    void eachTestStartsEmpty() {
        assertThat(store.session("sess_000000000000000000000001")).isEmpty();
        assertThat(store.votes()).isEmpty();
    }
}
