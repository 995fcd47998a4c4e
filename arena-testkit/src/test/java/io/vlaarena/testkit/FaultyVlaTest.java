package io.vlaarena.testkit;

import static io.vlaarena.testkit.ArenaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Action;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure.Kind;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.models.MockVla;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FaultyVlaTest {
    private static final RolloutContext CONTEXT = new RolloutContext("pick", "<mujoco/>", 1, 10);
    private static final EpisodeRunner RUNNER = EpisodeRunner.builder().stepTimeout(Duration.ofMillis(300)).build();

    private static Episode run(Vla vla) {
        return RUNNER.run(vla, new FakeEnvironment(8), CONTEXT);
    }

    @Test
    void throwingModelFailsTheEpisodeAfterItsGoodCalls() {
        FaultyVla vla = FaultyVla.throwing(new MockVla(), 3, "GPU fell off the bus");
        assertThat(run(vla)).hasFailedWith(Kind.MODEL_ERROR).hasFailureMessageContaining("GPU fell off the bus").hasLength(3);
        assertThat(vla.calls()).isEqualTo(4);
    }

    @Test
    void nanEmittingModelFailsTheEpisode() {
        assertThat(run(FaultyVla.nanEmitting(new MockVla(), 2))).hasFailed().hasFailureMessageContaining("NaN").hasLength(2);
    }

    @Test
    void wrongDimensionModelFailsWithInvalidAction() {
        assertThat(run(FaultyVla.wrongDimension(new MockVla(), 0, 7))).hasFailedWith(Kind.INVALID_ACTION)
                .hasFailureMessageContaining("dimension 7");
    }

    @Test
    void hangingModelTimesOut() {
        FaultyVla vla = FaultyVla.hanging(new MockVla(), 1);
        try {
            assertThat(run(vla)).hasFailedWith(Kind.TIMEOUT).hasLength(1);
        } finally {
            vla.release();
        }
    }

    @Test
    void slowModelStillCompletesWithinItsDeadline() {
        long t0 = System.nanoTime();
        assertThat(run(FaultyVla.slow(new MockVla(), Duration.ofMillis(20)))).isCompleted().hasLength(10);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void modelSlowerThanTheStepDeadlineTimesOut() {
        // RUNNER's per-step deadline is 300 ms
        assertThat(run(FaultyVla.slow(new MockVla(), Duration.ofMillis(1_000)))).hasFailedWith(Kind.TIMEOUT).hasLength(0)
                .hasFailureMessageContaining("per-step deadline");
    }

    @Test
    void flakyModelFailsEveryNthCallAcrossEpisodes() {
        FaultyVla vla = FaultyVla.flaky(new MockVla(), 4);
        assertThat(run(vla)).hasFailedWith(Kind.MODEL_ERROR).hasLength(3).hasFailureMessageContaining("call 4");
        assertThat(run(vla)).hasFailed().hasLength(3);
        assertThatThrownBy(() -> FaultyVla.flaky(new MockVla(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scriptedModelPlaysItsScriptThenHoldsOrFails() {
        ScriptedVla vla = ScriptedVla.of("script", Action.of(1, 0), Action.of(0, 1));
        Episode e = RUNNER.run(vla, new FakeEnvironment(2), CONTEXT);
        assertThat(e).isCompleted().hasLength(10).hasActionDimension(2);
        assertThat(e.actions().subList(0, 3)).containsExactly(Action.of(1, 0), Action.of(0, 1), Action.of(0, 1));
        Episode strict = RUNNER.run(vla.failingWhenExhausted(), new FakeEnvironment(2), CONTEXT);
        assertThat(strict).hasFailed().hasLength(2).hasFailureMessageContaining("no action left");
        assertThatThrownBy(() -> ScriptedVla.of("empty", java.util.List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
