package io.vlaarena.core.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.NotEnoughModelsException;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeGenerator;
import io.vlaarena.core.EpisodeRequest;
import io.vlaarena.core.FakeEnvironment;
import io.vlaarena.core.FakeTask;
import io.vlaarena.core.InvalidRequestException;
import io.vlaarena.core.LocalEpisodeGenerator;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.SuccessRate;
import io.vlaarena.core.task.TaskSuite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The arena's task turns, judged votes, success rates, planned battles and live, count-aware pairing. */
@Timeout(60)
class ArenaTasksAndPairingTest {
    private static final FakeTask REACH = new FakeTask("reach", "reach the goal", "<mujoco model=\"reach\"/>", 1.0);
    private static final TaskSuite SUITE = TaskSuite.of("fake", List.of(REACH));
    private final List<Arena> arenas = new ArrayList<>();
    private final List<String> scenesSeen = new CopyOnWriteArrayList<>();
    private final EnvironmentFactory envs = (xml, options) -> {
        scenesSeen.add(xml);
        return new FakeEnvironment(2, 2);
    };

    @AfterEach
    void closeArenas() {
        arenas.forEach(Arena::close);
    }

    private Arena arena(Arena.Builder b) {
        Arena a = b.build();
        arenas.add(a);
        return a;
    }

    private Arena.Builder builder() {
        return Arena.builder().scenes(ArenaTest.CATALOG).environments(envs).seed(42).maxSteps(10);
    }

    /** A generator that is live or not, and may take long to say so. */
    private EpisodeGenerator generator(String id, boolean live, Duration checkTakes) {
        LocalEpisodeGenerator inner = LocalEpisodeGenerator.of(ArenaTest.model(id, 0.3), envs, EpisodeRunner.withDefaults());
        return new EpisodeGenerator() {
            @Override
            public String modelId() {
                return id;
            }

            @Override
            public Episode generate(EpisodeRequest request) {
                return inner.generate(request);
            }

            @Override
            public boolean isLive() {
                try {
                    Thread.sleep(checkTakes.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return live;
            }
        };
    }

    @Test
    void aTurnThatAsksForATaskStartsFromTheTasksSceneForItsSeed() {
        Arena arena = arena(builder().tasks(SUITE).model(ArenaTest.model("alpha", 0.1)).model(ArenaTest.model("beta", 0.6)));
        SessionStart s = arena.startSession("franka", "table");

        arena.playTurn(s.battleId(), "Reach the goal");
        arena.playTurn(s.battleId(), "reach the goal");

        assertThat(scenesSeen).hasSize(4).allMatch(xml -> xml.startsWith("<mujoco model=\"reach\"/><!-- seed "));
        assertThat(scenesSeen.get(0)).as("both sides of a turn see the same scene").isEqualTo(scenesSeen.get(1));
        assertThat(scenesSeen.get(2)).as("another turn, another seed").isNotEqualTo(scenesSeen.get(0));
        arena.vote(s.battleId(), VoteChoice.RIGHT_BETTER, VoteNotes.of(20, 90, null));
        Vote vote = arena.votes().get(0);
        assertThat(vote.task()).contains(VoteTask.of("reach"));
        assertThat(vote.notes().leftProgress()).hasValue(20);
    }

    @Test
    void freeTextTurnsUseTheCatalogsSceneAndVotesNameNoTask() {
        Arena arena = arena(builder().tasks(SUITE).model(ArenaTest.model("alpha", 0.1)).model(ArenaTest.model("beta", 0.6)));
        SessionStart s = arena.startSession("franka", "table");

        arena.playTurn(s.battleId(), "wave at the camera");
        arena.vote(s.battleId(), VoteChoice.TIE);

        assertThat(scenesSeen).allMatch(xml -> !xml.contains("seed"));
        assertThat(arena.votes().get(0).task()).isEmpty();
    }

    @Test
    void judgedVotesGiveSuccessRatesAndTaskBoards() {
        Arena arena = arena(builder().model(ArenaTest.model("alpha", 0.1)).model(ArenaTest.model("beta", 0.6))
                .pairing(models -> List.of("alpha", "beta")));
        for (int i = 0; i < 4; i++) {
            SessionStart s = arena.startSession("franka", "table");
            TurnOutcome t = arena.playTurn(s.battleId(), REACH, 100 + i);
            assertThat(t.isCompleted()).isTrue();
            arena.vote(s.battleId(), VoteChoice.RIGHT_BETTER, VoteNotes.of(10, 100, null), VoteTask.judged("reach", i == 0, true));
        }
        SessionStart other = arena.startSession("franka", "table");
        arena.playTurn(other.battleId(), "free text");
        arena.vote(other.battleId(), VoteChoice.LEFT_BETTER);

        List<SuccessRate> rates = arena.successRates(LeaderboardQuery.defaults());
        Leaderboard reachBoard = arena.leaderboard(LeaderboardQuery.davidson().withTask("reach").withMinVoteCount(0));

        assertThat(rates).containsExactly(new SuccessRate("alpha", Optional.empty(), 1, 4),
                new SuccessRate("beta", Optional.empty(), 4, 4));
        assertThat(arena.successRatesByTask(LeaderboardQuery.defaults())).extracting(r -> r.taskId().orElseThrow())
                .containsExactly("reach", "reach");
        assertThat(reachBoard.method()).isEqualTo(Leaderboard.Method.BRADLEY_TERRY_DAVIDSON);
        assertThat(reachBoard.find("beta").orElseThrow().voteCount()).isEqualTo(4);
        assertThat(arena.leaderboard(LeaderboardQuery.elo().withMinVoteCount(0)).find("beta").orElseThrow().voteCount())
                .isEqualTo(5);
    }

    @Test
    void aTaskOfAnotherSceneIsRefused() {
        Arena arena = arena(builder().model(ArenaTest.model("alpha", 0.1)).model(ArenaTest.model("beta", 0.6)));
        SessionStart s = arena.startSession("franka", "table");
        FakeTask elsewhere = new FakeTask("x", "x", "<mujoco/>", 1) {
            @Override
            public String sceneId() {
                return "kitchen";
            }
        };

        assertThatThrownBy(() -> arena.playTurn(s.battleId(), elsewhere, 1)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Task 'x' is for robot 'franka' and scene 'kitchen'");
    }

    @Test
    void plannedBattlesAreStoredOnceUnderTheirIds() {
        Arena arena = arena(builder().model(ArenaTest.model("alpha", 0.1)).model(ArenaTest.model("beta", 0.6)));
        PlannedBattle planned = new PlannedBattle("sess_plan-1", "battle_plan-1", "franka_panda", "table", "beta", "alpha");

        SessionStart first = arena.openBattle(planned);
        SessionStart again = arena.openBattle(planned);
        arena.playTurn(first.battleId(), REACH, 9);
        VoteResult vote = arena.vote(first.battleId(), VoteChoice.LEFT_BETTER);

        assertThat(again).isEqualTo(first);
        assertThat(first).isEqualTo(new SessionStart("sess_plan-1", "battle_plan-1", "franka", "table"));
        assertThat(vote.revealed().left()).isEqualTo("beta");
        assertThat(arena.store().battles("sess_plan-1")).hasSize(1);
        assertThatThrownBy(() -> arena.openBattle(new PlannedBattle("sess_plan-1", "battle_plan-1", "franka", "table", "alpha",
                "beta"))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("already stored with other models");
        assertThatThrownBy(() -> new PlannedBattle("session-1", "battle_1", "franka", "table", "a", "b"))
                .hasMessageContaining("A planned session id is 'sess_'");
    }

    @Test
    void thePairingSeesOnlyLiveModelsAndTheirEvaluationCounts() {
        List<List<String>> offered = new CopyOnWriteArrayList<>();
        List<Map<String, Integer>> counts = new CopyOnWriteArrayList<>();
        PairingStrategy recording = new PairingStrategy() {
            @Override
            public List<String> pair(List<String> models) {
                throw new AssertionError("the arena passes the counts");
            }

            @Override
            public List<String> pair(List<String> models, Map<String, Integer> evaluations) {
                offered.add(models);
                counts.add(evaluations);
                return List.of(models.get(0), models.get(1));
            }
        };
        Arena arena = arena(builder().pairing(recording).healthTimeout(Duration.ofMillis(500))
                .model(ModelInfo.of("alpha"), generator("alpha", true, Duration.ZERO))
                .model(ModelInfo.of("beta"), generator("beta", true, Duration.ZERO))
                .model(ModelInfo.of("down"), generator("down", false, Duration.ZERO))
                .model(ModelInfo.of("slow"), generator("slow", true, Duration.ofSeconds(20))));

        long t0 = System.nanoTime();
        SessionStart s = arena.startSession("franka", "table");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        arena.playTurn(s.battleId(), "go");
        arena.vote(s.battleId(), VoteChoice.TIE);
        arena.startSession("franka", "table");

        assertThat(offered.get(0)).containsExactly("alpha", "beta");
        assertThat(ms).as("a health check that hangs costs the health timeout, not its own time").isLessThan(5_000);
        assertThat(counts.get(0)).isEmpty();
        assertThat(counts.get(1)).containsEntry("alpha", 1).containsEntry("beta", 1);
    }

    @Test
    void fewerThanTwoLiveModelsNameTheOnesDown() {
        Arena arena = arena(builder().healthTimeout(Duration.ofMillis(300))
                .model(ModelInfo.of("alpha"), generator("alpha", true, Duration.ZERO))
                .model(ModelInfo.of("down"), generator("down", false, Duration.ZERO)));

        assertThatThrownBy(() -> arena.startSession("franka", "table")).isInstanceOf(NotEnoughModelsException.class)
                .hasMessage("A battle needs at least two live models; active models: [alpha, down], of which these do not "
                        + "answer their health check: [down]")
                .satisfies(e -> {
                    assertThat(((NotEnoughModelsException) e).activeModels()).containsExactly("alpha", "down");
                    assertThat(((NotEnoughModelsException) e).unreachableModels()).containsExactly("down");
                });
    }

    @Test
    void activePairingIsTheDefaultAndFavoursModelsWithFewEvaluations() {
        Arena arena = arena(builder().model(ArenaTest.model("alpha", 0.1)).model(ArenaTest.model("beta", 0.6))
                .model(ArenaTest.model("gamma", 0.3)));
        for (int i = 0; i < 30; i++) {
            PlannedBattle p = new PlannedBattle("sess_seed-" + i, "battle_seed-" + i, "franka", "table", "alpha", "beta");
            arena.openBattle(p);
            arena.playTurn(p.battleId(), "go");
            arena.vote(p.battleId(), VoteChoice.TIE);
        }
        Set<String> withGamma = new HashSet<>();
        int gamma = 0;
        for (int i = 0; i < 60; i++) {
            SessionStart s = arena.startSession("franka", "table");
            arena.playTurn(s.battleId(), "go");
            BattleView v = arena.battle(s.battleId()).orElseThrow();
            arena.vote(s.battleId(), VoteChoice.TIE);
            RevealedModels r = arena.battle(s.battleId()).orElseThrow().revealed().orElseThrow();
            if (r.left().equals("gamma") || r.right().equals("gamma")) {
                gamma++;
                withGamma.add(v.battleId());
            }
        }
        // alpha and beta start with 30 evaluations each, gamma with none: gamma is in 94% of the first pairs
        // and stays favoured while its count catches up; uniform pairs would hold it 40 times (sd 3.7)
        assertThat(gamma).isGreaterThanOrEqualTo(45);
    }
}
