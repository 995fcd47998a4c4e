package com.example.policy;

import static io.vlaarena.testkit.ArenaAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlaarena.core.EnvironmentFactory;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Environment;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.core.scene.SceneCatalog;
import io.vlaarena.testkit.FaultyVla;
import io.vlaarena.testkit.junit.ArenaExtension;
import io.vlaarena.testkit.junit.ArenaSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** How a downstream project tests its policy with arena-testkit. */
@ExtendWith(ArenaExtension.class)
@ArenaSettings(maxSteps = 20)
@Timeout(120)
class ReachPolicyTest {

    @Test
    void runsCleanlyInTheBundledScene(SceneCatalog scenes, EnvironmentFactory environments) {
        String xml = scenes.composeXml("franka", "table");
        try (Environment env = environments.create(xml, EnvironmentOptions.defaults())) {
            Episode episode = EpisodeRunner.builder().maxSteps(20).build()
                    .run(ReachPolicy.create(), env, new RolloutContext("reach over the table", xml, 1, 20));
            assertThat(episode).isCompleted().hasLength(20).hasActionDimension(8).hasFiniteValues()
                    .hasStateLayout(env.nq(), env.nv());
        }
    }

    @Test
    void battlesTheMockModelBlind(Arena arena) {
        arena.register(ReachPolicy.create());
        SessionStart session = arena.startSession("franka", "table");
        TurnOutcome turn = arena.playTurn(session.battleId(), "pick up the red cube");
        assertTrue(turn.isCompleted(), turn.detail());
        assertThat(arena.battle(session.battleId()).orElseThrow()).isBlind().hasTurns(1);
        arena.vote(session.battleId(), VoteChoice.TIE);
        assertThat(arena.battle(session.battleId()).orElseThrow()).isRevealed();
    }

    @Test
    void aCrashingPolicyFailsTheEpisodeNotTheTest(SceneCatalog scenes, EnvironmentFactory environments) {
        String xml = scenes.composeXml("franka", "table");
        try (Environment env = environments.create(xml, EnvironmentOptions.defaults())) {
            Episode episode = EpisodeRunner.builder().maxSteps(20).stepTimeout(Duration.ofSeconds(5)).build()
                    .run(FaultyVla.throwing(ReachPolicy.create(), 5, "out of memory"), env,
                            new RolloutContext("reach", xml, 1, 20));
            assertThat(episode).hasFailedWith(EpisodeFailure.Kind.MODEL_ERROR).hasLength(5)
                    .hasFailureMessageContaining("out of memory");
            assertEquals("reach-policy", episode.modelId());
        }
    }
}
