package io.vlaarena.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.vlaarena.core.StorageException;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Battle;
import io.vlaarena.core.arena.Session;
import io.vlaarena.core.arena.Vote;
import io.vlaarena.storage.TestData.TurnData;
import io.vlaarena.storage.embedded.EmbeddedMongo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class EmbeddedMongoTest {
    @TempDir
    Path dir;

    @Test
    void servesTheWireProtocolOnALoopbackPort() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.uri())) {
            assertThat(mongo.uri()).startsWith("mongodb://127.0.0.1:").endsWith(":" + mongo.port());
            assertThat(mongo.dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
            client.getDatabase("any").getCollection("c").insertOne(new Document("x", 1));
            assertThat(client.getDatabase("any").getCollection("c").countDocuments()).isEqualTo(1);
            assertThat(Files.exists(dir.resolve(EmbeddedMongo.DATA_FILE))).isTrue();
        }
    }

    @Test
    void closeIsIdempotent() {
        EmbeddedMongo mongo = EmbeddedMongo.start(dir);
        mongo.close();
        mongo.close();
        assertThat(mongo.isRunning()).isFalse();
    }

    @Test
    void dataSurvivesARestartOnTheSameDirectory() {
        Session s = TestData.session();
        Battle b = TestData.battle(s, 0);
        TurnData t = TestData.turn(b, 0, 75, 29);
        Vote v = TestData.vote(b, VoteChoice.BOTH_BAD, TestData.now());
        try (MongoArenaStore store = MongoArenaStore.openEmbedded(dir)) {
            assertThat(store.embeddedServer()).isPresent();
            assertThat(store.databaseName()).isEqualTo("vlaarena");
            store.saveSession(s);
            store.saveBattle(b);
            store.saveTurn(t.turn(), t.left(), t.right());
            assertThat(store.saveVote(v)).isTrue();
        }
        try (MongoArenaStore store = MongoArenaStore.openEmbedded(dir)) {
            assertThat(store.session(s.sessionId())).contains(s);
            assertThat(store.battles(s.sessionId())).containsExactly(b);
            assertThat(store.turns(b.battleId())).containsExactly(t.turn());
            assertThat(store.episode(t.left().episodeId())).contains(t.left());
            assertThat(store.votes()).containsExactly(v);
            assertThat(store.saveVote(TestData.vote(b, VoteChoice.TIE, TestData.now()))).as("unique index survives").isFalse();
        }
    }

    @Test
    void aStoreOpenedWithoutAUriStartsAndOwnsAnEmbeddedServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MongoArenaStore store = MongoArenaStore.open(MongoStoreConfig.builder().dataDir(dir).embeddedPort(port).build());
        EmbeddedServer server = store.embeddedServer().orElseThrow();
        assertThat(server.port()).isEqualTo(port);
        assertThat(store.uri()).isEqualTo(server.uri());
        try (MongoClient client = MongoClients.create(server.uri())) {
            assertThat(client.getDatabase("vlaarena").listCollectionNames().into(new java.util.ArrayList<>()))
                    .contains("episodes", "votes", "turns");
        }
        store.close();
        assertThat(server.isRunning()).as("closing the store stops the server it owns").isFalse();
    }

    @Test
    void aCorruptedDataFileIsRefusedNamingTheFile() throws Exception {
        Files.write(dir.resolve(EmbeddedMongo.DATA_FILE), new byte[] {'n', 'o', 't', ' ', 'h', '2', 0, 1, 2, 3});
        assertThatThrownBy(() -> EmbeddedMongo.start(dir)).isInstanceOf(StorageException.class)
                .hasMessageContaining(EmbeddedMongo.DATA_FILE);
    }

    @Test
    void aDataDirectoryInUseIsRefusedClearly() {
        try (EmbeddedMongo first = EmbeddedMongo.start(dir)) {
            assertThatThrownBy(() -> EmbeddedMongo.start(dir)).isInstanceOf(StorageException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString());
        }
    }

    @Test
    void aTakenPortIsRefusedClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedMongo.start(dir, taken.getLocalPort())).isInstanceOf(StorageException.class)
                    .hasMessageContaining(":" + taken.getLocalPort());
        }
        try (EmbeddedMongo again = EmbeddedMongo.start(dir)) {
            assertThat(again.isRunning()).as("the data file was released").isTrue();
        }
    }

    @Test
    void anUnreachableServerAtStartNamesTheUriWithoutThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        MongoStoreConfig config = MongoStoreConfig.builder().uri("mongodb://user:secret@127.0.0.1:" + closedPort + "/")
                .serverSelectionTimeout(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> MongoArenaStore.open(config)).isInstanceOf(StorageException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).contains("mongodb://user:****@127.0.0.1:" + closedPort)
                            .doesNotContain("secret");
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).as("nor anywhere in the cause chain").doesNotContain("secret");
                });
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void aStoreLostMidRunFailsCleanlyAndWorksAgainOnceItIsBack() {
        EmbeddedMongo mongo = EmbeddedMongo.start(dir);
        int port = mongo.port();
        MongoStoreConfig config = MongoStoreConfig.builder().uri(mongo.uri()).serverSelectionTimeout(Duration.ofSeconds(1)).build();
        try (MongoArenaStore store = MongoArenaStore.open(config)) {
            Session s = TestData.session();
            store.saveSession(s);
            Battle b = TestData.battle(s, 0);
            store.saveBattle(b);
            mongo.close();
            TurnData t = TestData.turn(b, 0, 10, 3);
            assertThatThrownBy(() -> store.saveTurn(t.turn(), t.left(), t.right())).isInstanceOf(StorageException.class)
                    .hasMessageContaining(mongo.uri()).hasMessageContaining(t.turn().turnId());
            assertThatThrownBy(() -> store.battle(b.battleId())).isInstanceOf(StorageException.class);

            mongo = EmbeddedMongo.start(dir, port);
            assertThat(store.battle(b.battleId())).contains(b);
            assertThat(store.turns(b.battleId())).isEmpty();
            store.saveTurn(t.turn(), t.left(), t.right());
            assertThat(store.turns(b.battleId())).containsExactly(t.turn());
        } finally {
            mongo.close();
        }
    }
}
