package io.vlaarena.core.task;

import io.vlaarena.core.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named list of tasks with distinct ids, e.g. the simulator's bundled table suite; looks tasks
 * up by id or by the instruction a person typed.
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskSuite {
    private final String name;
    private final Map<String, Task> tasks;

    private TaskSuite(String name, List<? extends Task> tasks) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("A task suite needs a name");
        }
        this.name = name;
        Map<String, Task> byId = new LinkedHashMap<>();
        for (Task t : Objects.requireNonNull(tasks, "tasks")) {
            Objects.requireNonNull(t, "tasks must not contain null");
            if (byId.put(t.id(), t) != null) {
                throw new IllegalArgumentException("Task id '" + t.id() + "' appears twice in suite '" + name + "'");
            }
        }
        this.tasks = java.util.Collections.unmodifiableMap(byId);
    }

    /** A suite of these tasks, in this order. */
    public static TaskSuite of(String name, List<? extends Task> tasks) {
        return new TaskSuite(name, tasks);
    }

    /** The suite's name. */
    public String name() {
        return name;
    }

    /** The tasks in suite order. */
    public List<Task> tasks() {
        return List.copyOf(tasks.values());
    }

    /** The task ids in suite order. */
    public List<String> ids() {
        return List.copyOf(tasks.keySet());
    }

    /** The number of tasks. */
    public int size() {
        return tasks.size();
    }

    /**
     * The task with this id.
     *
     * @throws NotFoundException naming the suite's task ids
     */
    public Task task(String id) {
        Task t = tasks.get(id);
        if (t == null) {
            throw new NotFoundException("Unknown task '" + id + "'; the tasks of suite '" + name + "': " + ids());
        }
        return t;
    }

    /** The first task of this robot and scene that the instruction asks for (see {@link Task#matches}). */
    public Optional<Task> match(String robotId, String sceneId, String instruction) {
        if (instruction == null) {
            return Optional.empty();
        }
        return tasks.values().stream()
                .filter(t -> t.robotId().equals(robotId) && t.sceneId().equals(sceneId) && t.matches(instruction))
                .findFirst();
    }

    /** The tasks with these ids, in the order given. */
    public List<Task> select(List<String> ids) {
        List<Task> out = new ArrayList<>();
        for (String id : ids) {
            out.add(task(id));
        }
        return out;
    }

    @Override
    public String toString() {
        return "TaskSuite[" + name + ", " + ids() + "]";
    }
}
