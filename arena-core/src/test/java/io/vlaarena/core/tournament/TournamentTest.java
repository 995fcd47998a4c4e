package io.vlaarena.core.tournament;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.FakeEnvironment;
import io.vlaarena.core.FakeTask;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ArenaStore;
import io.vlaarena.core.arena.InMemoryArenaStore;
import io.vlaarena.core.arena.Vote;
import io.vlaarena.core.rating.BradleyTerry;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.SuccessRate;
import io.vlaarena.core.scene.SceneCatalog;
import io.vlaarena.core.task.TaskJudge;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TournamentTest {
    private static final SceneCatalog CATALOG = SceneCatalog.builder()
            .robot("franka", "<mujoco><worldbody><body name=\"b\"><joint name=\"j\"/><geom size=\"0.1\"/></body></worldbody></mujoco>")
            .scene("table", "<mujoco><worldbody><geom type=\"plane\" size=\"1 1 1\"/></worldbody></mujoco>").build();
    private static final EnvironmentFactory ENVS = (xml, options) -> new FakeEnvironment(2, 2);
    private static final FakeTask REACH = new FakeTask("reach", "reach", "<mujoco/>", 1.0);
    private static final FakeTask FAR = new FakeTask("far", "reach far", "<mujoco/>", 1.5);
    private static final BradleyTerry DAVIDSON = BradleyTerry.builder().ties(BradleyTerry.Ties.DAVIDSON).minVoteCount(0)
            .bootstrapRounds(200).build();

    private final List<Arena> arenas = new ArrayList<>();

    @AfterEach
    void close() {
        arenas.forEach(Arena::close);
    }

    /** Acts (v, -v): ends at qpos[1] = -2v after 10 steps; with noise from the seed only for "jitter". */
    private static Vla model(String id, double v) {
        return Vla.stateless(VlaSpec.builder(id).actionDimension(2).build(), (obs, instr) -> ActionChunk.of(Action.of(v, -v)));
    }

    private Arena arena(ArenaStore store, Vla... models) {
        Arena.Builder b = Arena.builder().scenes(CATALOG).environments(ENVS).store(store).maxSteps(10).seed(1);
        for (Vla v : models) {
            b.model(v);
        }
        Arena a = b.build();
        arenas.add(a);
        return a;
    }

    private static Vla[] models() {
        return new Vla[] {model("weak", 0.1), model("mid", 0.6), model("strong", 0.9)};
    }

    private static TournamentPlan plan() {
        return TournamentPlan.builder().name("test").models(List.of("weak", "mid", "strong")).tasks(List.of(REACH, FAR))
                .rounds(2).seed(3).maxSteps(10).build();
    }

    @Test
    void playsEveryMatchOnceAndVotesWithTheJudge() {
        Tournament t = Tournament.of(arena(new InMemoryArenaStore(), models()), plan(), TaskJudge.of());

        List<MatchOutcome> outcomes = t.play(Shard.ALL, 1, o -> { });

        assertThat(outcomes).hasSize(24).allMatch(o -> o.status() == MatchOutcome.Status.PLAYED);
        assertThat(t.stored()).isEqualTo(24);
        // mid (1.2) reaches 1.0 but not 1.5; strong (1.8) both; weak (0.2) neither
        assertThat(t.successRatesByTask()).contains(new SuccessRate("mid", Optional.of("reach"), 8, 8),
                new SuccessRate("mid", Optional.of("far"), 0, 8), new SuccessRate("strong", Optional.of("far"), 8, 8),
                new SuccessRate("weak", Optional.of("reach"), 0, 8));
        assertThat(t.successRates()).contains(new SuccessRate("mid", Optional.empty(), 8, 16));
        Leaderboard board = t.leaderboard(DAVIDSON);
        assertThat(board.modelIds()).containsExactly("strong", "mid", "weak");
        Vote v = t.votes().get(0);
        assertThat(v.task().orElseThrow().isJudged()).isTrue();
        assertThat(v.notes().leftProgress()).isPresent();
    }

    @Test
    void threeShardsTogetherStoreExactlyWhatOneRunStores() {
        ArenaStore sharded = new InMemoryArenaStore();
        for (int i = 0; i < 3; i++) {
            Tournament.of(arena(sharded, models()), plan(), TaskJudge.of()).play(new Shard(i, 3), 1, o -> { });
        }
        ArenaStore single = new InMemoryArenaStore();
        Tournament one = Tournament.of(arena(single, models()), plan(), TaskJudge.of());
        one.play(Shard.ALL, 2, o -> { });
        Tournament three = Tournament.of(arena(sharded, models()), plan(), TaskJudge.of());

        assertThat(summary(three.votes())).isEqualTo(summary(one.votes())).hasSize(24);
        assertThat(three.leaderboard(DAVIDSON)).isEqualTo(one.leaderboard(DAVIDSON));
        assertThat(three.successRatesByTask()).isEqualTo(one.successRatesByTask());
    }

    private static List<String> summary(List<Vote> votes) {
        return votes.stream().map(v -> v.battleId() + " " + v.leftModel() + " " + v.rightModel() + " " + v.choice() + " "
                + v.task() + " " + v.notes()).toList();
    }

    @Test
    void aRerunSkipsWhatIsStored() {
        ArenaStore store = new InMemoryArenaStore();
        Tournament.of(arena(store, models()), plan(), TaskJudge.of()).play(new Shard(0, 2), 1, o -> { });

        List<MatchOutcome> rerun = Tournament.of(arena(store, models()), plan(), TaskJudge.of()).play(Shard.ALL, 1, o -> { });

        assertThat(rerun.stream().filter(o -> o.status() == MatchOutcome.Status.STORED).count()).isEqualTo(12);
        assertThat(rerun.stream().filter(o -> o.status() == MatchOutcome.Status.PLAYED).count()).isEqualTo(12);
        assertThat(store.votes()).hasSize(24);
        for (Match m : plan().matches()) {
            assertThat(store.turns(m.battleId())).as(m.battleId()).hasSize(1);
        }
    }

    @Test
    void aStoredTurnWithoutItsVoteIsJudgedNotPlayedAgain() {
        ArenaStore store = new InMemoryArenaStore();
        Arena arena = arena(store, models());
        Match m = plan().matches().get(3);
        arena.openBattle(m.battle());
        arena.playTurn(m.battleId(), m.task(), m.seed()); // the process stopped here, before voting

        MatchOutcome o = Tournament.of(arena, plan(), TaskJudge.of()).play(m);

        assertThat(o.status()).isEqualTo(MatchOutcome.Status.PLAYED);
        assertThat(store.turns(m.battleId())).hasSize(1);
        assertThat(store.vote(m.battleId())).isPresent();
    }

    @Test
    void aFailedMatchIsLeftUnvotedAndARerunPlaysIt() {
        AtomicInteger calls = new AtomicInteger();
        Vla flaky = Vla.stateless(VlaSpec.builder("weak").actionDimension(2).build(), (obs, instr) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("out of memory on the first try");
            }
            return ActionChunk.of(Action.of(0.1, -0.1));
        });
        ArenaStore store = new InMemoryArenaStore();
        Tournament first = Tournament.of(arena(store, flaky, model("mid", 0.6), model("strong", 0.9)), plan(), TaskJudge.of());

        List<MatchOutcome> outcomes = first.play(Shard.ALL, 1, o -> { });
        List<MatchOutcome> again = first.play(Shard.ALL, 1, o -> { });

        MatchOutcome failed = outcomes.stream().filter(o -> o.status() == MatchOutcome.Status.FAILED).findFirst().orElseThrow();
        assertThat(failed.detail()).contains("out of memory on the first try");
        assertThat(outcomes).filteredOn(o -> o.status() == MatchOutcome.Status.FAILED).hasSize(1);
        assertThat(again).filteredOn(o -> o.status() == MatchOutcome.Status.PLAYED).hasSize(1);
        assertThat(store.votes()).hasSize(24);
    }

    @Test
    void refusesAnArenaThatCannotPlayThePlan() {
        assertThatThrownBy(() -> Tournament.of(arena(new InMemoryArenaStore(), model("weak", 0.1), model("mid", 0.6)), plan(),
                TaskJudge.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The plan's models [strong] are not registered in the arena");
        Arena longer = Arena.builder().scenes(CATALOG).environments(ENVS).maxSteps(20).model(model("weak", 0.1))
                .model(model("mid", 0.6)).model(model("strong", 0.9)).build();
        arenas.add(longer);
        assertThatThrownBy(() -> Tournament.of(longer, plan(), TaskJudge.of()))
                .hasMessage("The plan's episodes have 10 actions but the arena runs 20; build the arena with maxSteps(10)");
    }
}
