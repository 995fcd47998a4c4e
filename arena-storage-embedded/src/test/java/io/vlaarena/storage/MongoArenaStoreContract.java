package io.vlaarena.storage;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.vlaarena.core.StorageException;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Battle;
import io.vlaarena.core.arena.EpisodeRecord;
import io.vlaarena.core.arena.Session;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.Vote;
import io.vlaarena.core.arena.VoteNotes;
import io.vlaarena.core.arena.VoteTask;
import io.vlaarena.storage.TestData.TurnData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour of {@link MongoArenaStore} on any MongoDB-wire server: subclasses supply the
 * server (the embedded one always, a real MongoDB when {@code MONGODB_URI} is set). Each test uses
 * a database of its own, dropped afterwards.
 */
@Timeout(120)
abstract class MongoArenaStoreContract {
    /** The server's connection string. */
    abstract String serverUri();

    MongoArenaStore store;
    MongoClient raw;
    MongoDatabase db;
    String dbName;

    @BeforeEach
    void openStore() {
        dbName = "vlaarena_test_" + Long.toHexString(System.nanoTime());
        store = MongoArenaStore.open(config().build());
        raw = MongoClients.create(serverUri());
        db = raw.getDatabase(dbName);
    }

    MongoStoreConfig.Builder config() {
        return MongoStoreConfig.builder().uri(serverUri()).database(dbName).serverSelectionTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void dropDatabase() {
        store.close();
        try {
            db.drop();
        } finally {
            raw.close();
        }
    }

    Battle newBattle() {
        Session s = TestData.session();
        store.saveSession(s);
        Battle b = TestData.battle(s, 0);
        store.saveBattle(b);
        return b;
    }

    TurnData saveTurn(Battle b, int seq) {
        TurnData t = TestData.turn(b, seq, 5, 3);
        store.saveTurn(t.turn(), t.left(), t.right());
        return t;
    }

    MongoCollection<Document> collection(String name) {
        return db.getCollection(name);
    }

    @Test
    void storesAndReadsSessionsAndBattlesInOrder() {
        Session s = TestData.session();
        store.saveSession(s);
        Battle b1 = TestData.battle(s, 1);
        Battle b0 = TestData.battle(s, 0);
        store.saveBattle(b1);
        store.saveBattle(b0);
        assertThat(store.session(s.sessionId())).contains(s);
        assertThat(store.battle(b0.battleId())).contains(b0);
        assertThat(store.battles(s.sessionId())).containsExactly(b0, b1);
        assertThat(store.session("sess_unknown")).isEmpty();
        assertThat(store.battle("battle_unknown")).isEmpty();
        assertThat(store.battles("sess_unknown")).isEmpty();
        store.saveSession(s); // the same again: a no-op
        assertThat(collection("sessions").countDocuments()).isEqualTo(1);
    }

    @Test
    void refusesADifferentRecordUnderAStoredId() {
        Session s = TestData.session();
        store.saveSession(s);
        Session other = new Session(s.sessionId(), "ur5", "kitchen", s.createdAt());
        assertThatThrownBy(() -> store.saveSession(other)).isInstanceOf(StorageException.class)
                .hasMessageContaining(s.sessionId());
        Battle b = TestData.battle(s, 0);
        store.saveBattle(b);
        Battle sameSeq = TestData.battle(s, 0);
        assertThatThrownBy(() -> store.saveBattle(sameSeq)).isInstanceOf(StorageException.class)
                .hasMessageContaining(sameSeq.battleId());
    }

    @Test
    void storesATurnWithBothEpisodesAndReadsThemBack() {
        Battle b = newBattle();
        TurnData t1 = saveTurn(b, 1);
        TurnData t0 = saveTurn(b, 0);
        assertThat(store.turn(t0.turn().turnId())).contains(t0.turn());
        assertThat(store.turns(b.battleId())).containsExactly(t0.turn(), t1.turn());
        assertThat(store.episode(t0.left().episodeId())).contains(t0.left());
        assertThat(store.episode(t0.right().episodeId())).contains(t0.right());
        assertThat(store.episode("ep_unknown")).isEmpty();
        assertThat(store.turn("turn_unknown")).isEmpty();
    }

    @Test
    void writesTheOriginalsDocumentsAndIndexes() {
        Battle b = newBattle();
        TurnData t = saveTurn(b, 0);
        Document ep = collection("episodes").find(eq("episode_id", t.right().episodeId())).first();
        assertThat(ep).isNotNull();
        assertThat(new ArrayList<>(ep.keySet())).containsExactly("_id", "episode_id", "session_id", "battle_id",
                "turn_id", "battle_seq_in_session", "turn_seq", "seq_in_turn", "side", "model_id", "actions", "states",
                "duration_ms", "created_at");
        assertThat(ep.getString("side")).isEqualTo("right");
        assertThat(ep.getInteger("seq_in_turn")).isEqualTo(1);
        assertThat(ep.getString("model_id")).isEqualTo("beta");
        assertThat(ep.get("created_at")).isInstanceOf(Date.class);
        assertThat(((Number) ep.get("duration_ms")).longValue()).isEqualTo(t.right().durationMs());
        List<?> actions = ep.getList("actions", List.class);
        assertThat(actions).hasSize(5);
        assertThat((List<?>) actions.get(0)).hasSize(8).allMatch(Double.class::isInstance);
        Document state = (Document) ep.getList("states", Document.class).get(0);
        assertThat(state.keySet()).containsExactly("qpos", "qvel", "time");

        assertThat(collection("turns").find(eq("turn_id", t.turn().turnId())).first()).containsKeys("turn_id",
                "battle_id", "session_id", "turn_seq", "instruction", "left_episode_id", "right_episode_id", "created_at");
        assertThat(collection("battles").find().first()).containsKeys("battle_id", "session_id", "seq_in_session",
                "robot_id", "scene_id", "left_model", "right_model", "created_at");
        assertThat(collection("turn_writes").countDocuments()).as("journal emptied").isZero();

        assertThat(indexes("episodes")).contains("{episode_id=1} unique", "{battle_id=1, side=1}", "{turn_id=1}",
                "{model_id=1}");
        assertThat(indexes("votes")).contains("{battle_id=1} unique", "{vote_id=1} unique");
        assertThat(indexes("turns")).contains("{turn_id=1} unique", "{battle_id=1, turn_seq=1} unique");
    }

    @Test
    void createsIndexesIdempotently() {
        store.close();
        store = MongoArenaStore.open(config().build());
        store.close();
        store = MongoArenaStore.open(config().build());
        assertThat(indexes("episodes")).filteredOn(s -> s.startsWith("{episode_id=1}")).hasSize(1);
    }

    List<String> indexes(String collection) {
        List<String> out = new ArrayList<>();
        for (Document i : collection(collection).listIndexes()) {
            Document key = (Document) i.get("key");
            StringBuilder sb = new StringBuilder("{");
            key.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(((Number) v).intValue()));
            sb.append('}');
            if (Boolean.TRUE.equals(i.get("unique"))) {
                sb.append(" unique");
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void retriedSaveTurnNeverDuplicates() {
        Battle b = newBattle();
        TurnData t = saveTurn(b, 0);
        store.saveTurn(t.turn(), t.left(), t.right());
        store.saveTurn(t.turn(), t.left(), t.right());
        assertThat(collection("episodes").countDocuments()).isEqualTo(2);
        assertThat(collection("turns").countDocuments()).isEqualTo(1);
        assertThat(store.turns(b.battleId())).containsExactly(t.turn());
    }

    @Test
    void aSecondTurnWithTheSameSequenceNumberIsRefusedAndLeavesNothing() {
        Battle b = newBattle();
        TurnData first = saveTurn(b, 0);
        TurnData clash = TestData.turn(b, 0, 5, 3);
        assertThatThrownBy(() -> store.saveTurn(clash.turn(), clash.left(), clash.right()))
                .isInstanceOf(StorageException.class).hasMessageContaining(b.battleId()).hasMessageContaining("sequence number 0");
        assertThat(store.turns(b.battleId())).containsExactly(first.turn());
        assertThat(store.episode(clash.left().episodeId())).isEmpty();
        assertThat(collection("episodes").countDocuments()).isEqualTo(2);
        assertThat(collection("turn_writes").countDocuments()).isZero();
    }

    @Test
    void anotherEpisodeUnderAStoredIdIsRefused() {
        Battle b = newBattle();
        TurnData first = saveTurn(b, 0);
        TurnData second = TestData.turn(b, 1, 5, 3);
        EpisodeRecord stolenId = new EpisodeRecord(first.left().episodeId(), b.sessionId(), b.battleId(),
                second.turn().turnId(), 0, 1, second.left().side(), "alpha", second.left().actions(),
                second.left().states(), second.left().duration(), second.left().createdAt());
        Turn turn = new Turn(second.turn().turnId(), b.battleId(), b.sessionId(), 1, "x", stolenId.episodeId(),
                second.right().episodeId(), second.turn().createdAt());
        assertThatThrownBy(() -> store.saveTurn(turn, stolenId, second.right())).isInstanceOf(StorageException.class)
                .hasMessageContaining(first.left().episodeId());
        assertThat(store.turns(b.battleId())).containsExactly(first.turn());
        assertThat(store.episode(first.left().episodeId())).contains(first.left());
        assertThat(collection("episodes").countDocuments()).isEqualTo(2);
    }

    @Test
    void refusesEpisodesThatDoNotBelongToTheTurn() {
        Battle b = newBattle();
        TurnData t = TestData.turn(b, 0, 2, 2);
        assertThatThrownBy(() -> store.saveTurn(t.turn(), t.right(), t.left())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storesOneVotePerBattleAndTreatsARetryAsStored() {
        Battle b = newBattle();
        saveTurn(b, 0);
        Vote v = TestData.vote(b, VoteChoice.LEFT_BETTER, TestData.now());
        assertThat(store.saveVote(v)).isTrue();
        assertThat(store.saveVote(v)).as("retry of the same vote").isTrue();
        assertThat(store.saveVote(TestData.vote(b, VoteChoice.TIE, TestData.now()))).isFalse();
        assertThat(store.vote(b.battleId())).contains(v);
        assertThat(store.votes()).containsExactly(v);
        assertThat(collection("votes").countDocuments()).isEqualTo(1);
        assertThat(store.vote("battle_unknown")).isEmpty();
    }

    @Test
    void storesAJudgedVotesTaskSuccessFlagsAndProgress() {
        Battle judged = newBattle();
        Battle asked = newBattle();
        Vote v = TestData.vote(judged, VoteChoice.LEFT_BETTER, TestData.now());
        Vote withTask = new Vote(v.voteId(), v.battleId(), v.sessionId(), v.choice(), v.leftModel(), v.rightModel(),
                v.robotId(), v.sceneId(), v.createdAt(), VoteNotes.of(100, 35, null),
                java.util.Optional.of(VoteTask.judged("lift_red_cube", true, false)));
        Vote p = TestData.vote(asked, VoteChoice.TIE, TestData.now());
        Vote personOnTask = new Vote(p.voteId(), p.battleId(), p.sessionId(), p.choice(), p.leftModel(), p.rightModel(),
                p.robotId(), p.sceneId(), p.createdAt(), VoteNotes.none(), java.util.Optional.of(VoteTask.of("push_red")));

        assertThat(store.saveVote(withTask)).isTrue();
        assertThat(store.saveVote(personOnTask)).isTrue();

        assertThat(store.vote(judged.battleId())).contains(withTask);
        assertThat(store.vote(asked.battleId())).contains(personOnTask);
        Document doc = collection("votes").find(eq("battle_id", judged.battleId())).first();
        assertThat(doc.getString("task_id")).isEqualTo("lift_red_cube");
        assertThat(doc.getBoolean("left_success")).isTrue();
        assertThat(doc.getBoolean("right_success")).isFalse();
        assertThat(doc.getInteger("left_progress")).isEqualTo(100);
        Document plain = collection("votes").find(eq("battle_id", asked.battleId())).first();
        assertThat(plain).doesNotContainKeys("left_success", "right_success", "left_progress");
        assertThat(store.evaluationCounts()).containsEntry("alpha", 2).containsEntry("beta", 2);

        collection("votes").updateOne(eq("battle_id", judged.battleId()), new Document("$set",
                new Document("left_success", "yes")));
        assertThatThrownBy(() -> store.vote(judged.battleId())).isInstanceOf(StorageException.class)
                .hasMessageContaining(v.voteId()).hasMessageContaining("'left_success' should be a boolean");
        collection("votes").updateOne(eq("battle_id", judged.battleId()), new Document("$unset",
                new Document("left_success", "")));
        assertThatThrownBy(() -> store.vote(judged.battleId())).isInstanceOf(StorageException.class)
                .hasMessageContaining("both sides' success flags or neither");
    }

    @Test
    void storesTheVotersProgressScoresAndFeedbackWithTheVote() {
        Battle b = newBattle();
        saveTurn(b, 0);
        Vote plain = TestData.vote(b, VoteChoice.LEFT_BETTER, TestData.now());
        Vote v = new Vote(plain.voteId(), plain.battleId(), plain.sessionId(), plain.choice(), plain.leftModel(),
                plain.rightModel(), plain.robotId(), plain.sceneId(), plain.createdAt(),
                VoteNotes.of(80, 15, "Left grasped the cube; right only touched it. ünïcode ✓"));
        assertThat(store.saveVote(v)).isTrue();
        assertThat(store.vote(b.battleId())).contains(v);
        Document doc = collection("votes").find().first();
        assertThat(doc.get("left_progress")).isEqualTo(80);
        assertThat(doc.get("right_progress")).isEqualTo(15);
        assertThat(doc.getString("feedback")).isEqualTo("Left grasped the cube; right only touched it. ünïcode ✓");

        Battle other = newBattle();
        saveTurn(other, 0);
        Vote bare = TestData.vote(other, VoteChoice.TIE, TestData.now());
        assertThat(store.saveVote(bare)).isTrue();
        Document bareDoc = collection("votes").find(eq("battle_id",
                other.battleId())).first();
        assertThat(bareDoc).as("absent notes are left out of the document").doesNotContainKeys("left_progress",
                "right_progress", "feedback");
        assertThat(store.vote(other.battleId()).orElseThrow().notes()).isEqualTo(VoteNotes.none());
    }

    @Test
    void racingVotesStoreExactlyOne() throws Exception {
        Battle b = newBattle();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            List<Vote> cast = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Vote v = TestData.vote(b, VoteChoice.values()[i % 4], TestData.now());
                cast.add(v);
                results.add(pool.submit(() -> {
                    go.await();
                    return store.saveVote(v);
                }));
            }
            go.countDown();
            int stored = 0;
            Vote winner = null;
            for (int i = 0; i < threads; i++) {
                if (results.get(i).get()) {
                    stored++;
                    winner = cast.get(i);
                }
            }
            assertThat(stored).isEqualTo(1);
            assertThat(store.vote(b.battleId())).contains(winner);
            assertThat(collection("votes").countDocuments()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsVotesOldestFirst() {
        Instant t0 = TestData.now();
        List<Vote> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(TestData.vote(newBattle(), VoteChoice.RIGHT_BETTER, t0.plusSeconds(10 - i)));
        }
        for (Vote v : expected) {
            assertThat(store.saveVote(v)).isTrue();
        }
        java.util.Collections.reverse(expected);
        assertThat(store.votes()).containsExactlyElementsOf(expected);
    }

    @Test
    void countsVotesPerModelOnTheServer() {
        Session s = TestData.session();
        store.saveSession(s);
        VoteChoice[] choices = {VoteChoice.LEFT_BETTER, VoteChoice.LEFT_BETTER, VoteChoice.RIGHT_BETTER, VoteChoice.TIE,
            VoteChoice.BOTH_BAD};
        for (int i = 0; i < choices.length; i++) {
            Battle b = TestData.battle(s, i);
            store.saveBattle(b);
            assertThat(store.saveVote(TestData.vote(b, choices[i], TestData.now()))).isTrue();
        }
        Battle other = new Battle(TestData.id("battle_"), s.sessionId(), 9, "ur5", "kitchen", "beta", "gamma", TestData.now());
        store.saveBattle(other);
        store.saveVote(TestData.vote(other, VoteChoice.LEFT_BETTER, TestData.now()));

        assertThat(store.voteCounts(java.util.Optional.empty(), java.util.Optional.empty())).containsExactly(
                new ModelVoteCounts("alpha", 5, 2, 1, 1, 1),
                new ModelVoteCounts("beta", 6, 2, 2, 1, 1),
                new ModelVoteCounts("gamma", 1, 0, 1, 0, 0));
        assertThat(store.voteCounts(java.util.Optional.of("franka"), java.util.Optional.empty())).containsExactly(
                new ModelVoteCounts("alpha", 5, 2, 1, 1, 1),
                new ModelVoteCounts("beta", 5, 1, 2, 1, 1));
        assertThat(store.voteCounts(java.util.Optional.of("franka"), java.util.Optional.of("kitchen"))).isEmpty();
        assertThat(new ModelVoteCounts("alpha", 5, 2, 1, 1, 1).winRate()).isEqualTo(0.4);
    }

    @Test
    void storesAndLoadsALargeEpisode() {
        Battle b = newBattle();
        TurnData t = TestData.turn(b, 0, 1000, 29);
        store.saveTurn(t.turn(), t.left(), t.right());
        EpisodeRecord loaded = store.episode(t.left().episodeId()).orElseThrow();
        assertThat(loaded).isEqualTo(t.left());
        assertThat(loaded.states().get(999).nq()).isEqualTo(29);
    }

    @Test
    void refusesAnEpisodeOverTheDocumentLimitBeforeWriting() {
        Battle b = newBattle();
        TurnData t = TestData.turn(b, 0, 24_000, 29);
        assertThatThrownBy(() -> store.saveTurn(t.turn(), t.left(), t.right())).isInstanceOf(StorageException.class)
                .hasMessageContaining(t.left().episodeId()).hasMessageContaining("16 MiB");
        assertThat(collection("episodes").countDocuments()).isZero();
        assertThat(collection("turn_writes").countDocuments()).isZero();
    }

    @Test
    void malformedAndForeignDocumentsGiveErrorsNamingTheDocument() {
        collection("episodes").insertOne(new Document("episode_id", "ep_foreign").append("side", "left")
                .append("actions", List.of(List.of(0.1))));
        assertThatThrownBy(() -> store.episode("ep_foreign")).isInstanceOf(StorageException.class)
                .hasMessageContaining("ep_foreign").hasMessageContaining("missing");

        Battle b = newBattle();
        TurnData t = saveTurn(b, 0);
        collection("episodes").updateOne(eq("episode_id", t.left().episodeId()),
                new Document("$set", new Document("actions", "not a list")));
        assertThatThrownBy(() -> store.episode(t.left().episodeId())).isInstanceOf(StorageException.class)
                .hasMessageContaining(t.left().episodeId()).hasMessageContaining("'actions'");

        collection("votes").insertOne(new Document("vote_id", "vote_bad").append("battle_id", "battle_x")
                .append("session_id", "s").append("vote", "left_better").append("left_model", 7));
        assertThatThrownBy(() -> store.vote("battle_x")).isInstanceOf(StorageException.class)
                .hasMessageContaining("vote_bad").hasMessageContaining("'left_model'");
        assertThatThrownBy(store::votes).isInstanceOf(StorageException.class).hasMessageContaining("vote_bad");

        collection("battles").insertOne(new Document("battle_id", "battle_odd").append("seq_in_session", "zero"));
        assertThatThrownBy(() -> store.battle("battle_odd")).isInstanceOf(StorageException.class)
                .hasMessageContaining("battle_odd");
    }

    @Test
    void aWriterStoppedBeforeTheCommitLeavesNothingVisibleAndTheSweepRemovesIt() {
        Battle b = newBattle();
        TurnData t = TestData.turn(b, 0, 5, 3);
        store.afterPhase(phase -> {
            if (phase.equals("episodes")) {
                throw new IllegalStateException("simulated crash after " + phase);
            }
        });
        assertThatThrownBy(() -> store.saveTurn(t.turn(), t.left(), t.right())).hasMessageContaining("simulated crash");
        store.afterPhase(phase -> {});
        assertThat(collection("episodes").countDocuments()).as("written, not committed").isEqualTo(2);
        assertThat(store.episode(t.left().episodeId())).isEmpty();
        assertThat(store.episode(t.right().episodeId())).isEmpty();
        assertThat(store.turn(t.turn().turnId())).isEmpty();
        assertThat(store.turns(b.battleId())).isEmpty();

        assertThat(store.sweep()).as("too young for the default timeout").isEqualTo(new SweepResult(0, 0, 0));
        assertThat(store.sweep(Duration.ZERO)).isEqualTo(new SweepResult(0, 1, 2));
        assertThat(collection("episodes").countDocuments()).isZero();
        assertThat(collection("turn_writes").countDocuments()).isZero();

        store.saveTurn(t.turn(), t.left(), t.right());
        assertThat(store.turns(b.battleId())).containsExactly(t.turn());
        assertThat(store.episode(t.right().episodeId())).contains(t.right());
    }

    @Test
    void aRetryAfterAStopBeforeTheCommitCompletesTheTurn() {
        Battle b = newBattle();
        TurnData t = TestData.turn(b, 0, 5, 3);
        store.afterPhase(phase -> {
            if (phase.equals("episodes")) {
                throw new IllegalStateException("simulated crash after " + phase);
            }
        });
        assertThatThrownBy(() -> store.saveTurn(t.turn(), t.left(), t.right())).hasMessageContaining("simulated crash");
        store.afterPhase(phase -> {});
        store.saveTurn(t.turn(), t.left(), t.right());
        assertThat(store.turns(b.battleId())).containsExactly(t.turn());
        assertThat(store.episode(t.left().episodeId())).contains(t.left());
        assertThat(collection("episodes").countDocuments()).isEqualTo(2);
        assertThat(collection("turn_writes").countDocuments()).isZero();
    }

    @Test
    void aWriterStoppedAfterTheCommitLeavesACompleteTurn() {
        Battle b = newBattle();
        TurnData t = TestData.turn(b, 0, 5, 3);
        store.afterPhase(phase -> {
            if (phase.equals("turn")) {
                throw new IllegalStateException("simulated crash after " + phase);
            }
        });
        assertThatThrownBy(() -> store.saveTurn(t.turn(), t.left(), t.right())).hasMessageContaining("simulated crash");
        store.afterPhase(phase -> {});
        try (MongoArenaStore reader = MongoArenaStore.open(config().build())) {
            assertThat(reader.turns(b.battleId())).as("another process sees the turn").containsExactly(t.turn());
            assertThat(reader.episode(t.left().episodeId())).contains(t.left());
            assertThat(reader.episode(t.right().episodeId())).contains(t.right());
            assertThat(reader.sweep(Duration.ZERO)).isEqualTo(new SweepResult(1, 0, 0));
        }
        assertThat(collection("turn_writes").countDocuments()).isZero();
        assertThat(store.episode(t.right().episodeId())).contains(t.right());
    }

    @Test
    void concurrentTurnsFromEightThreadsArePresentExactlyOnce() throws Exception {
        Battle[] battles = new Battle[10];
        for (int i = 0; i < battles.length; i++) {
            battles[i] = newBattle();
        }
        List<TurnData> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(TestData.turn(battles[i % 10], i / 10, 20, 29));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (TurnData t : all) {
                tasks.add(() -> {
                    store.saveTurn(t.turn(), t.left(), t.right());
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(collection("turns").countDocuments()).isEqualTo(100);
        assertThat(collection("episodes").countDocuments()).isEqualTo(200);
        assertThat(collection("turn_writes").countDocuments()).isZero();
        for (Battle b : battles) {
            assertThat(store.turns(b.battleId())).extracting(Turn::seq).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
        Set<String> ids = new java.util.HashSet<>();
        for (TurnData t : all) {
            assertThat(store.episode(t.left().episodeId())).contains(t.left());
            assertThat(store.episode(t.right().episodeId())).contains(t.right());
            ids.add(t.left().episodeId());
        }
        assertThat(ids).hasSize(100);
    }

    @Test
    void useAfterCloseIsRefusedAndCloseIsIdempotent() {
        store.close();
        store.close();
        assertThatThrownBy(() -> store.votes()).isInstanceOf(IllegalStateException.class);
    }
}
