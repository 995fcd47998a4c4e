package io.vlaarena.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.FakeTask;
import io.vlaarena.core.NotFoundException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskSuiteTest {
    private final FakeTask reach = new FakeTask("reach", "reach the goal", "<mujoco/>", 1);
    private final FakeTask push = new FakeTask("push", "push it", "<mujoco/>", 1);

    @Test
    void findsTasksByIdAndByInstructionForTheirRobotAndScene() {
        TaskSuite suite = TaskSuite.of("fake", List.of(reach, push));

        assertThat(suite.ids()).containsExactly("reach", "push");
        assertThat(suite.task("push")).isSameAs(push);
        assertThat(suite.match("franka", "table", "  Reach the goal ")).contains(reach);
        assertThat(suite.match("ur5", "table", "reach the goal")).isEmpty();
        assertThat(suite.match("franka", "table", "dance")).isEmpty();
        assertThat(suite.select(List.of("push", "reach"))).containsExactly(push, reach);
    }

    @Test
    void unknownIdsAndRepeatedIdsAreRefusedWithTheChoices() {
        TaskSuite suite = TaskSuite.of("fake", List.of(reach, push));

        assertThatThrownBy(() -> suite.task("fly")).isInstanceOf(NotFoundException.class)
                .hasMessage("Unknown task 'fly'; the tasks of suite 'fake': [reach, push]");
        assertThatThrownBy(() -> TaskSuite.of("fake", List.of(reach, reach))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Task id 'reach' appears twice in suite 'fake'");
    }
}
