package io.vlaarena.core.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.FakeEnvironment;
import io.vlaarena.core.InvalidRequestException;
import io.vlaarena.core.NotEnoughModelsException;
import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.StorageException;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.scene.SceneCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ArenaTest {
    static final String ROBOT = "<mujoco><worldbody><body name=\"b\"><joint name=\"j\"/><geom size=\"0.1\"/></body></worldbody></mujoco>";
    static final String SCENE = "<mujoco><worldbody><geom type=\"plane\" size=\"1 1 1\"/></worldbody></mujoco>";
    static final SceneCatalog CATALOG = SceneCatalog.builder().robot("franka", ROBOT).scene("table", SCENE)
            .robotAlias("franka_panda", "franka").sceneAlias("table_pick_place", "table").build();
    static final EnvironmentFactory ENVS = (xml, options) -> new FakeEnvironment(2, 2);

    private final List<Arena> arenas = new ArrayList<>();

    @AfterEach
    void closeArenas() {
        arenas.forEach(Arena::close);
    }

    static Vla model(String id, double value) {
        return Vla.stateless(VlaSpec.builder(id).actionDimension(2).build(),
                (obs, instr) -> ActionChunk.of(Action.of(value, -value)));
    }

    private Arena arena(Vla... vlas) {
        return arena(new InMemoryArenaStore(), vlas);
    }

    private Arena arena(ArenaStore store, Vla... vlas) {
        Arena.Builder b = Arena.builder().scenes(CATALOG).environments(ENVS).store(store).seed(42).maxSteps(10);
        for (Vla v : vlas) {
            b.model(v);
        }
        Arena a = b.build();
        arenas.add(a);
        return a;
    }

    @Test
    void storesTheVotersNotesWithTheVote() {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        SessionStart s = arena.startSession("franka", "table");
        arena.playTurn(s.battleId(), "pick up the red cube");
        arena.vote(s.battleId(), VoteChoice.RIGHT_BETTER, VoteNotes.of(10, 90, "right lifted it"));
        Vote vote = arena.votes().get(0);
        assertThat(vote.notes().leftProgress()).hasValue(10);
        assertThat(vote.notes().rightProgress()).hasValue(90);
        assertThat(vote.notes().feedback()).contains("right lifted it");
    }

    @Test
    void voteNotesRejectOutOfRangeProgressAndOverlongFeedback() {
        assertThatThrownBy(() -> VoteNotes.of(101, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The left side's progress must be between 0 and 100, got 101");
        assertThatThrownBy(() -> VoteNotes.of(null, -1, null)).hasMessageContaining("right side's progress");
        assertThatThrownBy(() -> VoteNotes.of(null, null, "x".repeat(2001)))
                .hasMessage("Feedback is 2001 characters long; at most 2000 are accepted");
        // characters are code points: 2,000 emoji (4,000 UTF-16 units) are accepted
        assertThat(VoteNotes.of(null, null, "\uD83E\uDD16".repeat(2000)).feedback()).isPresent();
        assertThat(VoteNotes.of(null, null, "  ")).isEqualTo(VoteNotes.none());
        assertThat(VoteNotes.none().isEmpty()).isTrue();
    }

    @Test
    void listsASessionsBattlesForAPersonComingBackBlindUntilEachVote() {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        SessionStart s = arena.startSession("franka", "table");
        arena.playTurn(s.battleId(), "pick up the red cube");
        arena.vote(s.battleId(), VoteChoice.TIE);
        SessionStart second = arena.newBattle(s.sessionId());
        arena.playTurn(second.battleId(), "push the cube");

        List<BattleView> battles = arena.battles(s.sessionId());
        assertThat(battles).extracting(BattleView::battleId).containsExactly(s.battleId(), second.battleId());
        assertThat(battles.get(0).vote()).contains(VoteChoice.TIE);
        assertThat(battles.get(0).revealed()).isPresent();
        assertThat(battles.get(1).turns()).hasSize(1);
        assertThat(battles.get(1).vote()).isEmpty();
        assertThat(battles.get(1).revealed()).as("blind before its vote").isEmpty();
        assertThat(arena.session(s.sessionId()).orElseThrow().robotId()).isEqualTo("franka");
        assertThatThrownBy(() -> arena.battles("sess_nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("Unknown session 'sess_nope'");
    }

    @Test
    void playsABlindBattleEndToEnd() {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        SessionStart s = arena.startSession("franka_panda", "table_pick_place");
        assertThat(s.sessionId()).startsWith("sess_");
        assertThat(s.battleId()).startsWith("battle_");
        assertThat(s.robotId()).isEqualTo("franka");
        assertThat(s.sceneId()).isEqualTo("table");

        TurnOutcome t = arena.playTurn(s.battleId(), "pick up the red cube");
        assertThat(t.isCompleted()).isTrue();
        Turn turn = t.turn().orElseThrow();
        assertThat(turn.turnId()).startsWith("turn_");
        assertThat(turn.leftEpisodeId()).startsWith("ep_");
        assertThat(turn.seq()).isZero();

        EpisodeView left = arena.episode(turn.leftEpisodeId()).orElseThrow();
        assertThat(left.actions()).hasSize(10);
        assertThat(left.states()).hasSize(10);
        assertThat(left.side()).isEqualTo(Side.LEFT);
        assertThat(left.modelId()).as("blind before the vote").isEmpty();
        assertThat(arena.battle(s.battleId()).orElseThrow().revealed()).isEmpty();

        VoteResult v = arena.vote(s.battleId(), VoteChoice.LEFT_BETTER);
        assertThat(v.voteId()).startsWith("vote_");
        assertThat(Set.of(v.revealed().left(), v.revealed().right())).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(arena.episode(turn.leftEpisodeId()).orElseThrow().modelId()).contains(v.revealed().left());
        assertThat(arena.battle(s.battleId()).orElseThrow().vote()).contains(VoteChoice.LEFT_BETTER);

        EpisodeRecord stored = arena.store().episode(turn.rightEpisodeId()).orElseThrow();
        assertThat(stored.modelId()).isEqualTo(v.revealed().right());
        assertThat(stored.seqInTurn()).isEqualTo(1);
        assertThat(stored.turnId()).isEqualTo(turn.turnId());
        assertThat(stored.sessionId()).isEqualTo(s.sessionId());
        assertThat(stored.battleSeqInSession()).isZero();
        // the model on each side really produced that side's actions
        double expected = v.revealed().right().equals("alpha") ? 0.1 : 0.2;
        assertThat(stored.actions().get(0)).isEqualTo(Action.of(expected, -expected));
    }

    @Test
    void bothSidesRunTheSameSeedAndTurnsAreNumbered() {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        SessionStart s = arena.startSession("franka", "table");
        Turn t0 = arena.playTurn(s.battleId(), "one").turn().orElseThrow();
        Turn t1 = arena.playTurn(s.battleId(), "two").turn().orElseThrow();
        assertThat(t1.seq()).isEqualTo(1);
        EpisodeRecord l = arena.store().episode(t0.leftEpisodeId()).orElseThrow();
        EpisodeRecord r = arena.store().episode(t0.rightEpisodeId()).orElseThrow();
        // FakeEnvironment puts seed % 7 into qpos[0] at reset; both sides moved from the same start
        double lStart = l.states().get(0).qpos(0) - l.actions().get(0).get(0) * 0.2;
        double rStart = r.states().get(0).qpos(0) - r.actions().get(0).get(0) * 0.2;
        assertThat(lStart).isCloseTo(rStart, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(arena.battle(s.battleId()).orElseThrow().turns()).extracting(Turn::instruction).containsExactly("one", "two");
    }

    @Test
    void failingSideLeavesNothingStoredAndNamesNoModel() {
        Vla broken = Vla.stateless(VlaSpec.builder("broken").actionDimension(2).build(), (o, i) -> {
            throw new IllegalStateException("weights corrupted");
        });
        InMemoryArenaStore store = new InMemoryArenaStore();
        Arena arena = arena(store, model("alpha", 0.1), broken);
        SessionStart s = arena.startSession("franka", "table");
        TurnOutcome t = arena.playTurn(s.battleId(), "pick");
        assertThat(t.isCompleted()).isFalse();
        assertThat(t.detail()).contains("model's episode failed").contains("nothing of the turn was stored")
                .doesNotContain("broken").doesNotContain("alpha");
        assertThat(t.failures()).hasSize(1);
        EpisodeFailure f = t.failures().values().iterator().next();
        assertThat(f.message()).contains("weights corrupted");
        assertThat(store.turns(s.battleId())).isEmpty();
        assertThatThrownBy(() -> arena.vote(s.battleId(), VoteChoice.TIE)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("no completed turn");
    }

    @Test
    void storeFailureFailsTheTurnCleanly() {
        InMemoryArenaStore inner = new InMemoryArenaStore();
        AtomicInteger failures = new AtomicInteger(1);
        ArenaStore flaky = new DelegatingStore(inner) {
            @Override
            public void saveTurn(Turn turn, EpisodeRecord left, EpisodeRecord right) {
                if (failures.getAndDecrement() > 0) {
                    throw new StorageException("connection to mongodb://localhost:27017 lost");
                }
                super.saveTurn(turn, left, right);
            }
        };
        Arena arena = arena(flaky, model("alpha", 0.1), model("beta", 0.2));
        SessionStart s = arena.startSession("franka", "table");
        TurnOutcome lost = arena.playTurn(s.battleId(), "pick");
        assertThat(lost.isCompleted()).isFalse();
        assertThat(lost.detail()).contains("could not be stored");
        assertThat(inner.turns(s.battleId())).isEmpty();
        assertThat(arena.playTurn(s.battleId(), "pick").isCompleted()).as("serves again once the store is back").isTrue();
    }

    @Test
    void storeDownBeforeTheTurnFailsItCleanly() {
        InMemoryArenaStore inner = new InMemoryArenaStore();
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        ArenaStore store = new DelegatingStore(inner) {
            @Override
            public java.util.Optional<Battle> battle(String id) {
                if (down.get()) {
                    throw new StorageException("The store at mongodb://localhost:27017 is unreachable");
                }
                return super.battle(id);
            }
        };
        Arena arena = arena(store, model("alpha", 0.1), model("beta", 0.2));
        SessionStart s = arena.startSession("franka", "table");
        down.set(true);
        TurnOutcome t = arena.playTurn(s.battleId(), "pick");
        assertThat(t.isCompleted()).isFalse();
        assertThat(t.detail()).contains("store is unavailable").contains("unreachable");
        down.set(false);
        assertThat(arena.playTurn(s.battleId(), "pick").isCompleted()).isTrue();
        assertThat(inner.turns(s.battleId())).hasSize(1);
    }

    @Test
    void voteRulesHold() {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        assertThatThrownBy(() -> arena.vote("battle_nope", VoteChoice.TIE)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("battle_nope");
        SessionStart s = arena.startSession("franka", "table");
        assertThatThrownBy(() -> arena.vote(s.battleId(), VoteChoice.TIE)).isInstanceOf(InvalidRequestException.class);
        arena.playTurn(s.battleId(), "pick");
        arena.vote(s.battleId(), VoteChoice.BOTH_BAD);
        assertThatThrownBy(() -> arena.vote(s.battleId(), VoteChoice.TIE)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("already has a vote");
        assertThat(arena.votes()).hasSize(1);
        assertThat(arena.votes().get(0).choice()).isEqualTo(VoteChoice.BOTH_BAD);
        assertThatThrownBy(() -> arena.playTurn(s.battleId(), "again")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("voted");
    }

    @Test
    void concurrentVotesOnOneBattleStoreExactlyOne() throws Exception {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        SessionStart s = arena.startSession("franka", "table");
        arena.playTurn(s.battleId(), "pick");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            VoteChoice c = VoteChoice.values()[i % 4];
            results.add(pool.submit(() -> {
                go.await();
                try {
                    arena.vote(s.battleId(), c);
                    return true;
                } catch (InvalidRequestException e) {
                    return false;
                }
            }));
        }
        go.countDown();
        int wins = 0;
        for (Future<Boolean> f : results) {
            wins += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(wins).isEqualTo(1);
        assertThat(arena.votes()).hasSize(1);
    }

    @Test
    void manyTurnsRunConcurrently() throws Exception {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2), model("gamma", 0.3));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<TurnOutcome>> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            SessionStart s = arena.startSession("franka", "table");
            jobs.add(() -> arena.playTurn(s.battleId(), "pick"));
        }
        List<TurnOutcome> outcomes = new ArrayList<>();
        for (Future<TurnOutcome> f : pool.invokeAll(jobs)) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertThat(outcomes).allMatch(TurnOutcome::isCompleted);
        Set<String> episodeIds = new HashSet<>();
        outcomes.forEach(o -> {
            episodeIds.add(o.turn().orElseThrow().leftEpisodeId());
            episodeIds.add(o.turn().orElseThrow().rightEpisodeId());
        });
        assertThat(episodeIds).hasSize(24);
    }

    @Test
    void pairsDistinctActiveModelsOnRandomSides() {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2), model("gamma", 0.3));
        arena.replace(new ModelInfo("gamma", "gamma", "", "", false),
                io.vlaarena.core.LocalEpisodeGenerator.of(model("gamma", 0.3), ENVS, EpisodeRunner.withDefaults()));
        Set<String> lefts = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            SessionStart s = arena.startSession("franka", "table");
            Battle b = arena.store().battle(s.battleId()).orElseThrow();
            assertThat(b.leftModel()).isNotEqualTo(b.rightModel());
            assertThat(List.of(b.leftModel(), b.rightModel())).doesNotContain("gamma");
            lefts.add(b.leftModel());
        }
        assertThat(lefts).containsExactlyInAnyOrder("alpha", "beta");
    }

    @Test
    void seededArenasPairIdentically() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (List<String> out : List.of(first, second)) {
            Arena arena = arena(model("a", 0.1), model("b", 0.2), model("c", 0.3), model("d", 0.4));
            for (int i = 0; i < 10; i++) {
                Battle b = arena.store().battle(arena.startSession("franka", "table").battleId()).orElseThrow();
                out.add(b.leftModel() + "/" + b.rightModel());
            }
        }
        assertThat(first).isEqualTo(second);
    }

    @Test
    void newBattleInASessionGetsTheNextSequenceNumber() {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        SessionStart s = arena.startSession("franka", "table");
        SessionStart next = arena.newBattle(s.sessionId());
        assertThat(next.sessionId()).isEqualTo(s.sessionId());
        assertThat(next.battleId()).isNotEqualTo(s.battleId());
        assertThat(arena.battle(next.battleId()).orElseThrow().seqInSession()).isEqualTo(1);
        assertThatThrownBy(() -> arena.newBattle("sess_missing")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badRequestsGiveClearErrors() {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        assertThatThrownBy(() -> arena.startSession("ur10", "table")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("known robots: [franka, franka_panda]");
        assertThatThrownBy(() -> arena.startSession("franka", "kitchen")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("known scenes");
        assertThatThrownBy(() -> arena.playTurn("battle_missing", "x")).isInstanceOf(NotFoundException.class);
        SessionStart s = arena.startSession("franka", "table");
        assertThatThrownBy(() -> arena.playTurn(s.battleId(), "  ")).isInstanceOf(InvalidRequestException.class);
        assertThat(arena.episode("ep_missing")).isEmpty();
    }

    @Test
    void needsTwoActiveModels() {
        Arena arena = arena(model("alone", 0.1));
        assertThatThrownBy(() -> arena.startSession("franka", "table")).isInstanceOf(NotEnoughModelsException.class)
                .isInstanceOf(io.vlaarena.core.ArenaException.class)
                .hasMessageContaining("at least two active models").hasMessageContaining("alone")
                .satisfies(e -> assertThat(((NotEnoughModelsException) e).activeModels()).containsExactly("alone"));
        assertThat(arena.store().battles("any")).isEmpty();
    }

    @Test
    void anArenaWithoutASceneCatalogIsRefusedNamingTheBuilderCall() {
        assertThatThrownBy(() -> Arena.builder().environments(ENVS).model(model("a", 0.1)).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("needs a scene catalog").hasMessageContaining("scenes(...)");
    }

    @Test
    void anInProcessModelWithoutAnEnvironmentFactoryIsRefused() {
        assertThatThrownBy(() -> Arena.builder().scenes(CATALOG).model(model("a", 0.1)).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'a'").hasMessageContaining("environments(...)");
    }

    @Test
    void duplicateModelIdsAreRefusedNotDropped() {
        assertThatThrownBy(() -> Arena.builder().scenes(CATALOG).environments(ENVS)
                .model(model("twin", 0.1)).model(model("other", 0.2)).model(model("twin", 0.3)).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Two models share the id 'twin'; model ids must be unique");

        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        assertThatThrownBy(() -> arena.register(model("alpha", 0.9))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Model 'alpha' is registered already");
        assertThat(arena.models()).extracting(ModelInfo::id).containsExactly("alpha", "beta");
        assertThatThrownBy(() -> arena.replace(new ModelInfo("nobody", "nobody", "", "", false),
                io.vlaarena.core.LocalEpisodeGenerator.of(model("nobody", 0.3), ENVS, EpisodeRunner.withDefaults())))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("registered models: [alpha, beta]");
    }

    @Test
    void closedArenaRefusesWork() {
        Arena arena = arena(model("alpha", 0.1), model("beta", 0.2));
        arena.close();
        arena.close();
        assertThatThrownBy(() -> arena.startSession("franka", "table")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void hangingModelFailsTheTurnAtItsDeadline() {
        Vla hang = Vla.stateless(VlaSpec.builder("hang").actionDimension(2).build(), (o, i) -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ActionChunk.of(Action.of(0, 0));
        });
        Arena arena = Arena.builder().scenes(CATALOG).environments(ENVS).maxSteps(5)
                .runner(EpisodeRunner.builder().stepTimeout(Duration.ofMillis(200)).build())
                .model(model("alpha", 0.1)).model(hang).build();
        arenas.add(arena);
        TurnOutcome t = arena.playTurn(arena.startSession("franka", "table").battleId(), "pick");
        assertThat(t.isCompleted()).isFalse();
        // a timeout says the side's model is slow: an identity signal, so only failures() tells it
        assertThat(t.detail()).contains("model's episode failed").doesNotContain("timeout");
        assertThat(t.failures().values()).extracting(EpisodeFailure::kind).containsExactly(EpisodeFailure.Kind.TIMEOUT);
    }

    /** Forwards every call; tests override what they break. */
    static class DelegatingStore implements ArenaStore {
        private final ArenaStore d;

        DelegatingStore(ArenaStore d) {
            this.d = d;
        }

        @Override
        public void saveSession(Session session) {
            d.saveSession(session);
        }

        @Override
        public java.util.Optional<Session> session(String id) {
            return d.session(id);
        }

        @Override
        public void saveBattle(Battle battle) {
            d.saveBattle(battle);
        }

        @Override
        public java.util.Optional<Battle> battle(String id) {
            return d.battle(id);
        }

        @Override
        public List<Battle> battles(String sessionId) {
            return d.battles(sessionId);
        }

        @Override
        public void saveTurn(Turn turn, EpisodeRecord left, EpisodeRecord right) {
            d.saveTurn(turn, left, right);
        }

        @Override
        public java.util.Optional<Turn> turn(String id) {
            return d.turn(id);
        }

        @Override
        public List<Turn> turns(String battleId) {
            return d.turns(battleId);
        }

        @Override
        public java.util.Optional<EpisodeRecord> episode(String id) {
            return d.episode(id);
        }

        @Override
        public boolean saveVote(Vote vote) {
            return d.saveVote(vote);
        }

        @Override
        public java.util.Optional<Vote> vote(String battleId) {
            return d.vote(battleId);
        }

        @Override
        public List<Vote> votes() {
            return d.votes();
        }
    }

    @Test
    void anErrorWhileGeneratingAnEpisodePropagatesFromPlayTurnAndNothingIsStored() {
        Vla starving = Vla.stateless(VlaSpec.builder("starving").actionDimension(2).build(), (obs, instr) -> {
            throw new OutOfMemoryError("Java heap space (simulated)");
        });
        Arena arena = arena(model("alpha", 0.1), starving);
        SessionStart s = arena.startSession("franka", "table");
        assertThatThrownBy(() -> arena.playTurn(s.battleId(), "pick")).isInstanceOf(OutOfMemoryError.class);
        assertThat(arena.store().turns(s.battleId())).isEmpty();
    }
}
