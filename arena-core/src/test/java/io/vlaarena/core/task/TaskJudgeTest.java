package io.vlaarena.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.FakeTask;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VoteChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskJudgeTest {
    private static final TaskJudge JUDGE = TaskJudge.of();

    @Test
    void successBeatsFailureWhateverTheProgress() {
        assertThat(JUDGE.vote(TaskResult.succeeded(), TaskResult.failed(0.98))).isEqualTo(VoteChoice.LEFT_BETTER);
        assertThat(JUDGE.vote(TaskResult.failed(0.98), TaskResult.succeeded())).isEqualTo(VoteChoice.RIGHT_BETTER);
    }

    @Test
    void twoSuccessesTie() {
        assertThat(JUDGE.vote(TaskResult.succeeded(), TaskResult.succeeded())).isEqualTo(VoteChoice.TIE);
    }

    @Test
    void twoFailuresAreJudgedByProgress() {
        assertThat(JUDGE.vote(TaskResult.failed(0.04), TaskResult.failed(0.01))).isEqualTo(VoteChoice.BOTH_BAD);
        assertThat(JUDGE.vote(TaskResult.failed(0.30), TaskResult.failed(0.27))).isEqualTo(VoteChoice.TIE);
        assertThat(JUDGE.vote(TaskResult.failed(0.30), TaskResult.failed(0.60))).isEqualTo(VoteChoice.RIGHT_BETTER);
        assertThat(JUDGE.vote(TaskResult.failed(0.06), TaskResult.NONE)).isEqualTo(VoteChoice.LEFT_BETTER);
    }

    @Test
    void judgesEpisodesWithTheTasksOwnPredicate() {
        FakeTask task = new FakeTask("reach", "reach", "<mujoco/>", 1.0);
        List<SimState> done = List.of(new SimState(new double[] {0, -1.2}, new double[2], 0.2));
        List<SimState> half = List.of(new SimState(new double[] {0, -0.5}, new double[2], 0.2));

        Judgement j = JUDGE.judge(task, half, done);

        assertThat(j.choice()).isEqualTo(VoteChoice.RIGHT_BETTER);
        assertThat(j.left()).isEqualTo(TaskResult.failed(0.5));
        assertThat(j.right().success()).isTrue();
        assertThat(j.left().progressPercent()).isEqualTo(50);
    }

    @Test
    void rejectsThresholdsOutsideZeroToOne() {
        assertThatThrownBy(() -> TaskJudge.of(1.0, 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bothBadBelow must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> TaskJudge.of(0.1, -0.1)).hasMessage("tieWithin must be in [0, 1), was -0.1");
    }

    @Test
    void resultsKeepProgressInRangeAndOneOnSuccess() {
        assertThatThrownBy(() -> new TaskResult(true, 0.5)).hasMessage("A successful episode has progress 1, was 0.5");
        assertThatThrownBy(() -> new TaskResult(false, Double.NaN)).hasMessage("progress must be in [0, 1], was NaN");
        assertThatThrownBy(() -> TaskResult.failed(1.0)).hasMessage("An unsuccessful episode has progress below 1, was 1.0");
    }
}
