package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Action;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VoteChoice;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressJudgeTest {
    private static final SimModel MODEL = SimModel.load(BundledScenes.frankaTableXml());
    private static final ProgressJudge JUDGE = ProgressJudge.of(MODEL);

    private static double[] home() {
        Simulation sim = MODEL.newSimulation();
        sim.resetToKey("home");
        return sim.qpos();
    }

    private static Episode episode(double[]... qpos) {
        List<SimState> states = java.util.Arrays.stream(qpos).map(q -> new SimState(q, new double[MODEL.nv()], 0.2)).toList();
        List<Action> actions = states.stream().map(s -> Action.of(0)).toList();
        return Episode.completed("m", "pick up the red cube", actions, states, Duration.ofMillis(1));
    }

    @Test
    void findsTheObjectTheInstructionNames() {
        assertThat(JUDGE.target("Pick up the RED cube!")).contains("red_cube");
        assertThat(JUDGE.target("put the blue cube next to the sphere")).contains("blue_cube");
        assertThat(JUDGE.target("touch the green ball")).contains("green_sphere");
        assertThat(JUDGE.target("wave hello")).contains("red_cube");
    }

    @Test
    void liftingTheTargetBeatsStandingStill() {
        double[] lifted = home();
        lifted[11] += 0.05; // red_cube's free joint starts at qpos[9]; index 11 is its z
        Episode lift = episode(home(), lifted);
        Episode still = episode(home(), home());
        assertThat(JUDGE.score("pick up the red cube", lift)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.06));
        assertThat(JUDGE.score("pick up the red cube", still)).isZero();
        assertThat(JUDGE.vote("pick up the red cube", lift, still)).isEqualTo(VoteChoice.LEFT_BETTER);
        assertThat(JUDGE.vote("pick up the red cube", still, lift)).isEqualTo(VoteChoice.RIGHT_BETTER);
        assertThat(JUDGE.vote("pick up the red cube", still, still)).isEqualTo(VoteChoice.BOTH_BAD);
        assertThat(JUDGE.vote("pick up the red cube", lift, lift)).isEqualTo(VoteChoice.TIE);
        // stored episodes are judged from their states alone, the same way
        assertThat(JUDGE.score("pick up the red cube", lift.states())).isEqualTo(JUDGE.score("pick up the red cube", lift));
        assertThat(JUDGE.vote("pick up the red cube", still.states(), lift.states())).isEqualTo(VoteChoice.RIGHT_BETTER);
        assertThat(JUDGE.score("pick up the red cube", List.of())).isZero();
        // lifting another object is no progress on this instruction
        double[] blueUp = home();
        blueUp[18] += 0.05;
        assertThat(JUDGE.score("pick up the red cube", episode(blueUp))).isZero();
    }

    @Test
    void failedEpisodeScoresNothing() {
        Episode failed = Episode.failed("m", "x", List.of(), List.of(), Duration.ZERO,
                new EpisodeFailure(EpisodeFailure.Kind.TIMEOUT, 0, "slow"));
        assertThat(JUDGE.score("pick up the red cube", failed)).isZero();
    }

    @Test
    void rejectsStatesOfAnotherScene() {
        Episode wrong = episode(new double[3]);
        assertThatThrownBy(() -> JUDGE.score("pick up the red cube", wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nq=3");
    }

    @Test
    void needsTheEndEffectorSite() {
        assertThatThrownBy(() -> ProgressJudge.of(MODEL, "tool0")).isInstanceOf(io.vlaarena.core.NotFoundException.class)
                .hasMessageContaining("Unknown site 'tool0'").hasMessageContaining("ee_site");
    }
}
