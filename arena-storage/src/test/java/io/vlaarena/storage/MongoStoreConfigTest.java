package io.vlaarena.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MongoStoreConfigTest {
    @Test
    void defaultsToTheEmbeddedServerUnderTheHomeDirectory() {
        MongoStoreConfig c = MongoStoreConfig.builder().build();
        assertThat(c.uri()).isEmpty();
        assertThat(c.dataDir()).isEqualTo(MongoStoreConfig.defaultDataDir());
        assertThat(c.embeddedPort()).isZero();
        assertThat(c.database()).isEmpty();
        assertThat(c.serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsTheConnectionStringFromTheEnvironment() {
        assertThat(MongoStoreConfig.fromEnvironment(Map.of("MONGODB_URI", " mongodb://db:27017 ")).uri())
                .contains("mongodb://db:27017");
        assertThat(MongoStoreConfig.fromEnvironment(Map.of("MONGODB_URI", "  ")).uri()).isEmpty();
        assertThat(MongoStoreConfig.fromEnvironment(Map.of()).uri()).isEmpty();
    }

    @Test
    void rejectsOtherSchemesWithoutShowingThePassword() {
        assertThatThrownBy(() -> MongoStoreConfig.builder().uri("postgres://u:pw@h/db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mongodb://")
                .hasMessageNotContaining("pw@");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        MongoStoreConfig c = MongoStoreConfig.builder().dataDir(Path.of("d")).embeddedPort(1234).database("x")
                .pendingTimeout(Duration.ofMinutes(1)).build();
        MongoStoreConfig copy = c.toBuilder().build();
        assertThat(copy.dataDir()).isEqualTo(Path.of("d"));
        assertThat(copy.embeddedPort()).isEqualTo(1234);
        assertThat(copy.database()).contains("x");
        assertThat(copy.pendingTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> MongoStoreConfig.builder().database("a.b")).isInstanceOf(IllegalArgumentException.class);
    }
}
