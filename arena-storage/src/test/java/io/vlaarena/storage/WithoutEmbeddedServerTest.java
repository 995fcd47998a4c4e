package io.vlaarena.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.StorageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * arena-storage alone has no embedded server (this module's tests run without
 * arena-storage-embedded): a store without a connection string is refused with a sentence naming
 * the artifact to add and the ways to give a connection string, and nothing is written.
 */
class WithoutEmbeddedServerTest {
    @TempDir
    Path dir;

    @Test
    void openWithoutAConnectionStringNamesTheEmbeddedArtifact() {
        Path data = dir.resolve("data");
        assertThatThrownBy(() -> MongoArenaStore.open(MongoStoreConfig.builder().dataDir(data).build()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("io.vlaarena:arena-storage-embedded")
                .hasMessageContaining("MONGODB_URI");
        assertThat(data).doesNotExist();
    }

    @Test
    void openEmbeddedNamesTheEmbeddedArtifact() {
        assertThatThrownBy(() -> MongoArenaStore.openEmbedded(dir.resolve("data")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(EmbeddedServer.ARTIFACT);
    }
}
