package io.vlaarena.core;

import io.vlaarena.core.task.Task;
import io.vlaarena.core.task.TaskResult;
import java.util.List;
import java.util.Locale;

/**
 * A task double for the core's tests, over {@link FakeEnvironment}'s moving point: progress is how
 * far {@code qpos[1]} got below 0 (up to {@code -goal}), success is reaching {@code -goal}. A model
 * acting {@code (v, -v)} for 10 steps of 0.2 s ends at {@code qpos[1] = -2v}. Its scenes are the
 * catalog's XML with the seed in a comment, so tests can see which seed an episode was given.
 */
public class FakeTask implements Task {
    private final String id;
    private final String instruction;
    private final String xml;
    private final double goal;

    public FakeTask(String id, String instruction, String xml, double goal) {
        this.id = id;
        this.instruction = instruction;
        this.xml = xml;
        this.goal = goal;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String robotId() {
        return "franka";
    }

    @Override
    public String sceneId() {
        return "table";
    }

    @Override
    public String instruction() {
        return instruction;
    }

    @Override
    public boolean matches(String text) {
        return text != null && text.strip().toLowerCase(Locale.ROOT).equals(instruction);
    }

    @Override
    public String sceneXml(long seed) {
        return xml + "<!-- seed " + seed + " -->";
    }

    @Override
    public TaskResult evaluate(List<SimState> states) {
        if (states.isEmpty()) {
            return TaskResult.NONE;
        }
        double reached = -states.get(states.size() - 1).qpos(1);
        if (reached >= goal) {
            return TaskResult.succeeded();
        }
        return TaskResult.failed(Math.max(0, Math.min(0.99, reached / goal)));
    }
}
