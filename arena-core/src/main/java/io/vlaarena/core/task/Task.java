package io.vlaarena.core.task;

import io.vlaarena.core.SimState;
import java.util.List;

/**
 * Something a robot is asked to do in a scene, and how to tell whether it did: an instruction, the
 * scene of each episode (its objects placed from the episode's seed, within ranges the task
 * declares), a success predicate and a progress measure over the episode's states.
 *
 * <p>The simulator provides the implementations for its scenes ({@code io.vlaarena.sim.task});
 * this interface lets the arena, its judges and tournaments use any of them without knowing the
 * simulator. Implementations are immutable and thread-safe.
 */
public interface Task {

    /** A stable id, e.g. {@code lift_red_cube}: letters, digits, {@code _ . -}. */
    String id();

    /** The canonical id of the robot the task is written for. */
    String robotId();

    /** The canonical id of the scene the task is written for. */
    String sceneId();

    /** The instruction an episode of this task is given, e.g. "pick up the red cube". */
    String instruction();

    /**
     * Whether {@code instruction} asks for this task: it is {@link #instruction()} or one of the
     * task's other phrasings, ignoring case, punctuation and surrounding spaces.
     */
    boolean matches(String instruction);

    /**
     * The MJCF XML of the episode with this seed: the task's scene with its objects placed from
     * the seed. The same seed always gives the same XML, so both sides of a battle, played with
     * the same seed, start from the same poses.
     */
    String sceneXml(long seed);

    /**
     * Scores an episode of this task from its states (as recorded: the state after each action, the
     * episode starting from {@link #sceneXml(long)}'s initial pose).
     *
     * @return success and progress; an empty list scores no success and no progress
     * @throws IllegalArgumentException when the states do not fit the task's scene (another {@code nq})
     */
    TaskResult evaluate(List<SimState> states);
}
