package io.vlaarena.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.task.Task;
import io.vlaarena.core.task.TaskResult;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.task.TableTasks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scripted expert on the bundled table suite: standard episodes (75 actions at 5 Hz) from 50
 * seeds per task, every task at least 90% successful. The one expensive test of the module: 400
 * episodes, run on every core.
 */
class ScriptedExpertTest {
    static final int SEEDS = 50;
    private static final MjcfEnvironmentFactory ENVIRONMENTS = new MjcfEnvironmentFactory();

    static Episode run(Vla vla, Task task, long seed, int steps) {
        return run(vla, task, task.instruction(), seed, steps);
    }

    /** An episode of {@code vla} in the task's scene for {@code seed}, given {@code instruction}. */
    static Episode run(Vla vla, Task task, String instruction, long seed, int steps) {
        String xml = task.sceneXml(seed);
        try (Environment env = ENVIRONMENTS.create(xml, EnvironmentOptions.defaults().withActionSpace(vla.spec().actionSpace()))) {
            return EpisodeRunner.withDefaults().run(vla, env, new RolloutContext(instruction, xml, seed, steps));
        }
    }

    @Test
    @Timeout(3600)
    void succeedsOnAtLeastNinetyPercentOfEveryBundledTaskOverFiftySeeds() throws Exception {
        ScriptedExpert expert = ScriptedExpert.of();
        List<Task> tasks = TableTasks.suite().tasks();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        Map<String, List<Future<TaskResult>>> results = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try {
            for (Task task : tasks) {
                List<Future<TaskResult>> perSeed = new ArrayList<>();
                for (long seed = 0; seed < SEEDS; seed++) {
                    long s = seed;
                    perSeed.add(pool.submit(() -> {
                        Episode e = run(expert, task, s, 75);
                        assertThat(e.isCompleted()).as("%s seed %d: %s", task.id(), s, e.failure()).isTrue();
                        return task.evaluate(e.states());
                    }));
                }
                results.put(task.id(), perSeed);
            }
            int total = 0;
            StringBuilder table = new StringBuilder();
            Map<String, Integer> successes = new LinkedHashMap<>();
            for (Map.Entry<String, List<Future<TaskResult>>> e : results.entrySet()) {
                int ok = 0;
                List<String> misses = new ArrayList<>();
                for (int seed = 0; seed < SEEDS; seed++) {
                    TaskResult r = e.getValue().get(seed).get();
                    if (r.success()) {
                        ok++;
                    } else {
                        misses.add(String.format(Locale.ROOT, "seed %d: %.2f", seed, r.progress()));
                    }
                }
                successes.put(e.getKey(), ok);
                total += ok;
                table.append(String.format(Locale.ROOT, "  %-22s %2d/%d %s%n", e.getKey(), ok, SEEDS, misses.isEmpty() ? "" : misses));
            }
            System.out.printf(Locale.ROOT, "Scripted expert, %d seeds per task, 75 actions at 5 Hz (%.0f s on %d threads):%n%s"
                    + "  all tasks: %d/%d%n", SEEDS, (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors(),
                    table, total, SEEDS * tasks.size());
            assertThat(tasks).hasSizeGreaterThanOrEqualTo(8);
            successes.forEach((task, ok) -> assertThat(ok).as("successes of %s in %d seeds", task, SEEDS)
                    .isGreaterThanOrEqualTo(SEEDS * 9 / 10));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(600)
    void aModelThatIgnoresTheTaskSucceedsAtNoneOfThemSoSuccessMeansSomething() {
        // straight arm targets, gripper open: it moves, but never at what the instruction names
        Vla stretch = Vla.stateless(VlaSpec.builder("stretch").actionDimension(8).actionSpace(ActionSpace.JOINT_POSITION).build(),
                (observation, instruction) -> ActionChunk.of(Action.of(0.3, 0.2, 0, -1.5, 0, 1.8, 0.8, 0.04)));
        for (Task task : TableTasks.suite().tasks()) {
            TaskResult r = task.evaluate(run(stretch, task, 3, 75).states());
            assertThat(r.success()).as(task.id()).isFalse();
            assertThat(r.progress()).as(task.id()).isLessThan(0.9);
        }
    }

    @Test
    @Timeout(120)
    void holdsItsStartingPoseForAnInstructionItHasNoTaskFor() {
        Task lift = TableTasks.suite().task("lift_red_cube");
        Episode e = run(ScriptedExpert.of(), lift, "dance for me", 1, 10);
        SimState first = e.states().get(0);
        SimState last = e.states().get(e.states().size() - 1);
        for (int j = 0; j < 7; j++) {
            assertThat(Math.abs(last.qpos(j) - first.qpos(j))).as("joint %d", j + 1).isLessThan(0.01);
        }
        assertThat(lift.evaluate(e.states()).progress()).isLessThan(0.05);
    }

    @Test
    @Timeout(120)
    void playsTheTaskTheInstructionAsksForInAnyPhrasing() {
        Task lift = TableTasks.suite().task("lift_green_sphere");
        assertThat(lift.evaluate(run(ScriptedExpert.of(), lift, "Pick up the green ball!", 4, 75).states()).success()).isTrue();
    }

    @Test
    void describesItselfAsAJointPositionPolicyWithoutImages() {
        ScriptedExpert expert = ScriptedExpert.of();
        assertThat(expert.spec().id()).isEqualTo(ScriptedExpert.DEFAULT_ID);
        assertThat(expert.spec().actionSpace()).isEqualTo(ActionSpace.JOINT_POSITION);
        assertThat(expert.spec().actionDimension()).isEqualTo(8);
        assertThat(expert.spec().observation().needsImages()).isFalse();
        assertThat(ScriptedExpert.of("expert-2", TableTasks.suite()).spec().id()).isEqualTo("expert-2");
    }
}
