package io.vlaarena.models;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.Observation;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.task.Task;
import io.vlaarena.core.task.TaskSuite;
import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.task.SimTask;
import io.vlaarena.sim.task.TableTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scripted expert for simulated tasks: it reads the task from the instruction, the objects'
 * poses from the observed {@code qpos}, and drives the arm with inverse kinematics on the
 * end-effector ({@link io.vlaarena.sim.EndEffectorIk}) through a state machine per kind of goal: grasp-and-lift,
 * pick-and-place, push, reach. It is a baseline that shows what success looks like.
 *
 * <p>Joint-position actions: one target per actuator (the arm's joints, then the gripper's opening).
 * It knows only the tasks of its suite; for any other instruction it holds its starting pose.
 * Thread-safe: each episode gets its own rollout.
 */
public final class ScriptedExpert implements Vla {
    /** The default model id. */
    public static final String DEFAULT_ID = "scripted-expert";

    private final VlaSpec spec;
    private final TaskSuite suite;

    private ScriptedExpert(String id, TaskSuite suite) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.spec = VlaSpec.builder(id).name("Scripted expert (IK + state machines)").actionDimension(8)
                .actionSpace(ActionSpace.JOINT_POSITION).observation(ObservationSpec.proprioceptionOnly()).build();
    }

    /** The expert for the bundled table tasks, id {@value #DEFAULT_ID}. */
    public static ScriptedExpert of() {
        return new ScriptedExpert(DEFAULT_ID, TableTasks.suite());
    }

    /** An expert with another id for the simulated tasks of {@code suite}. */
    public static ScriptedExpert of(String id, TaskSuite suite) {
        return new ScriptedExpert(id, suite);
    }

    @Override
    public VlaSpec spec() {
        return spec;
    }

    @Override
    public VlaRollout start(RolloutContext context) {
        Optional<SimTask> task = suite.tasks().stream().filter(t -> t instanceof SimTask && t.matches(context.instruction()))
                .map(t -> (SimTask) t).findFirst();
        return task.<VlaRollout>map(ExpertRollout::new).orElseGet(() -> new HoldRollout(SimModel.load(context.sceneXml())));
    }

    @Override
    public String toString() {
        return "ScriptedExpert[" + spec.id() + ", " + suite.name() + "]";
    }

    /** Holds the arm where the episode started: what the expert does for an instruction it has no task for. */
    private static final class HoldRollout implements VlaRollout {
        private final List<Integer> addresses = new ArrayList<>();
        private ActionChunk hold;

        HoldRollout(SimModel model) {
            for (int u = 0; u < model.nu() - 1; u++) {
                model.actuatorJoint(u).ifPresent(j -> addresses.add(model.jointQposAddress(j)));
            }
        }

        @Override
        public ActionChunk predict(Observation observation, String instruction) {
            if (hold == null) {
                double[] a = new double[addresses.size() + 1];
                for (int i = 0; i < addresses.size(); i++) {
                    a[i] = observation.state().qpos(addresses.get(i));
                }
                a[a.length - 1] = ExpertRollout.OPEN;
                hold = ActionChunk.of(new Action(a));
            }
            return hold;
        }
    }
}
