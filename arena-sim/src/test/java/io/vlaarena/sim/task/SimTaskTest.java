package io.vlaarena.sim.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.SimState;
import io.vlaarena.core.task.Task;
import io.vlaarena.core.task.TaskResult;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SimTaskTest {
    private static final SimTask LIFT = (SimTask) TableTasks.suite().task("lift_red_cube");
    private static final SimTask STACK = (SimTask) TableTasks.suite().task("stack_red_on_blue");
    private static final SimTask PLACE = (SimTask) TableTasks.suite().task("place_blue_in_square");
    private static final SimTask PUSH = (SimTask) TableTasks.suite().task("push_red_to_square");
    private static final SimTask TOUCH = (SimTask) TableTasks.suite().task("touch_green_sphere");

    @Test
    void theTableSuiteHasEightTasksOfEveryKind() {
        List<Task> tasks = TableTasks.suite().tasks();

        assertThat(tasks).hasSizeGreaterThanOrEqualTo(8);
        assertThat(tasks).extracting(t -> ((SimTask) t).goal().getClass().getSimpleName())
                .contains("Lifted", "PlacedOn", "PlacedIn", "Pushed", "Reached");
        assertThat(tasks).allMatch(t -> t.robotId().equals("franka") && t.sceneId().equals("table"));
        assertThat(LIFT.instruction()).isEqualTo("pick up the red cube");
        assertThat(STACK.instruction()).isEqualTo("put the red cube on the blue cube");
        assertThat(PUSH.instruction()).isEqualTo("push the red cube into the yellow square");
    }

    @Test
    void instructionsMatchTheirPhrasingsIgnoringCaseAndPunctuation() {
        assertThat(LIFT.matches("Pick up the red cube!")).isTrue();
        assertThat(LIFT.matches("lift the red cube")).isTrue();
        assertThat(LIFT.matches("pick up the blue cube")).isFalse();
        assertThat(TableTasks.suite().match("franka", "table", "Stack the red cube on the blue cube.")).contains(STACK);
    }

    @Test
    void theSameSeedGivesTheSameSceneAndOthersOtherPosesWithinTheRanges() {
        assertThat(LIFT.sceneXml(7)).isEqualTo(LIFT.sceneXml(7));
        assertThat(LIFT.sceneXml(7)).isNotEqualTo(LIFT.sceneXml(8));
        SimModel m = LIFT.model();
        for (long seed = 0; seed < 200; seed++) {
            double[] q = LIFT.initialQpos(seed);
            List<double[]> xy = new ArrayList<>();
            for (Placement p : LIFT.placements()) {
                int a = m.freeJointQposAddress(p.object());
                assertThat(q[a]).isBetween(p.xMin(), p.xMax());
                assertThat(q[a + 1]).isBetween(p.yMin(), p.yMax());
                assertThat(q[a + 2]).as("resting height").isEqualTo(0.325);
                double yaw = 2 * Math.atan2(q[a + 6], q[a + 3]);
                assertThat(yaw).isBetween(p.yawMin() - 1e-12, p.yawMax() + 1e-12);
                assertThat(q[a + 3] * q[a + 3] + q[a + 6] * q[a + 6]).isCloseTo(1, within(1e-12));
                xy.add(new double[] {q[a], q[a + 1]});
            }
            for (int i = 0; i < xy.size(); i++) {
                for (int j = i + 1; j < xy.size(); j++) {
                    assertThat(Math.hypot(xy.get(i)[0] - xy.get(j)[0], xy.get(i)[1] - xy.get(j)[1]))
                            .isGreaterThanOrEqualTo(LIFT.minSeparation());
                }
            }
        }
    }

    @Test
    void theSceneOfASeedStartsWhereTheSeedPlacesTheObjects() {
        Simulation sim = SimModel.load(PUSH.sceneXml(42)).newSimulation();
        sim.resetToHome();

        assertThat(sim.qpos()).containsExactly(PUSH.initialQpos(42), within(1e-15));
        assertThat(PUSH.initialQpos(42)).isNotEqualTo(PUSH.initialQpos(43));
        assertThat(PUSH.sceneXml(42)).contains("name=\"task_region\"").contains("contype=\"0\"");
        // the goal's object never starts inside its region
        int a = PUSH.model().freeJointQposAddress("red_cube");
        Region r = ((Goal.Pushed) PUSH.goal()).region();
        for (long seed = 0; seed < 100; seed++) {
            double[] q = PUSH.initialQpos(seed);
            assertThat(r.contains(q[a], q[a + 1])).isFalse();
        }
    }

    /** Episode states from the task's scene for seed 1, each edited by {@code edit} at its step. */
    private static List<SimState> states(SimTask task, int steps, EditAt edit) {
        Simulation sim = task.model().newSimulation();
        double[] q0 = task.initialQpos(1);
        List<SimState> out = new ArrayList<>();
        for (int i = 1; i <= steps; i++) {
            double[] q = q0.clone();
            edit.apply(i, q, task.model());
            sim.setQpos(q);
            out.add(new SimState(q, new double[task.model().nv()], 0.2 * i));
        }
        return out;
    }

    interface EditAt {
        void apply(int step, double[] qpos, SimModel model);
    }

    private static void move(double[] q, SimModel m, String body, double x, double y, double z) {
        int a = m.freeJointQposAddress(body);
        q[a] = x;
        q[a + 1] = y;
        q[a + 2] = z;
    }

    @Test
    void liftedNeedsTheHeightForTheWholeHoldTime() {
        int a = LIFT.model().freeJointQposAddress("red_cube");
        EditAt liftFrom = (i, q, m) -> q[a + 2] = i >= 10 && i < 16 ? 0.325 + 0.06 : 0.325;
        EditAt liftLonger = (i, q, m) -> q[a + 2] = i >= 10 && i < 17 ? 0.325 + 0.06 : 0.325;

        TaskResult fiveSteps = LIFT.evaluate(states(LIFT, 30, liftFrom)); // 6 states: 1.0 s
        TaskResult shortLift = LIFT.evaluate(states(LIFT, 30, (i, q, m) -> q[a + 2] = i == 10 ? 0.4 : 0.325));
        TaskResult low = LIFT.evaluate(states(LIFT, 30, (i, q, m) -> q[a + 2] = i >= 10 ? 0.35 : 0.325));

        assertThat(fiveSteps.success()).isTrue();
        assertThat(LIFT.evaluate(states(LIFT, 30, liftLonger)).success()).isTrue();
        assertThat(shortLift.success()).isFalse();
        assertThat(low.success()).isFalse();
        assertThat(low.progress()).isGreaterThan(0.1).isLessThan(shortLift.progress());
        assertThat(LIFT.evaluate(states(LIFT, 30, (i, q, m) -> { })).progress()).isZero();
        assertThat(LIFT.evaluate(List.of())).isEqualTo(TaskResult.NONE);
    }

    @Test
    void placedOnNeedsTheObjectRestingOnTheSupportAndTheHandAway() {
        double[] q0 = STACK.initialQpos(1);
        int b = STACK.model().freeJointQposAddress("blue_cube");
        double bx = q0[b];
        double by = q0[b + 1];
        EditAt stacked = (i, q, m) -> move(q, m, "red_cube", bx + 0.01, by - 0.01, 0.325 + 0.05 + 0.0002);
        EditAt beside = (i, q, m) -> move(q, m, "red_cube", bx + 0.06, by, 0.325);
        EditAt falling = (i, q, m) -> move(q, m, "red_cube", bx, by, 0.5 - 0.01 * i);

        assertThat(STACK.evaluate(states(STACK, 20, stacked)).success()).isTrue();
        TaskResult nextTo = STACK.evaluate(states(STACK, 20, beside));
        assertThat(nextTo.success()).isFalse();
        assertThat(STACK.evaluate(states(STACK, 12, falling)).success()).as("still moving").isFalse();
        // the hand holding the cube on the support is not a placement
        int[] arm = armAddresses(STACK.model());
        EditAt held = (i, q, m) -> {
            stacked.apply(i, q, m);
            holdHandAt(q, m, arm, bx + 0.01, by - 0.01, 0.325 + 0.05 - 0.01);
        };
        assertThat(STACK.evaluate(states(STACK, 20, held)).success()).isFalse();
    }

    @Test
    void placedInAndPushedNeedTheObjectInsideTheRegionOnTheTable() {
        Region square = ((Goal.PlacedIn) PLACE.goal()).region();
        EditAt inSquare = (i, q, m) -> move(q, m, "blue_cube", square.centerX(), square.centerY(), 0.325);
        EditAt above = (i, q, m) -> move(q, m, "blue_cube", square.centerX(), square.centerY(), 0.4);
        Region far = ((Goal.Pushed) PUSH.goal()).region();
        EditAt pushed = (i, q, m) -> move(q, m, "red_cube", far.xMin() + 0.01, far.centerY(), 0.325);
        EditAt halfWay = (i, q, m) -> { // the objects start where the first state has them
            int a = m.freeJointQposAddress("red_cube");
            if (i > 1) {
                move(q, m, "red_cube", (q[a] + far.xMin()) / 2, q[a + 1], 0.325);
            }
        };

        assertThat(PLACE.evaluate(states(PLACE, 20, inSquare)).success()).isTrue();
        assertThat(PLACE.evaluate(states(PLACE, 20, above)).success()).isFalse();
        assertThat(PUSH.evaluate(states(PUSH, 20, pushed)).success()).isTrue();
        TaskResult part = PUSH.evaluate(states(PUSH, 20, halfWay));
        assertThat(part.success()).isFalse();
        assertThat(part.progress()).isCloseTo(0.35, within(0.05)); // 0.7 * half the way, no reach
    }

    @Test
    void reachedNeedsTheEndEffectorCloseForTheHoldTime() {
        int[] arm = armAddresses(TOUCH.model());
        double[] q0 = TOUCH.initialQpos(1);
        int g = TOUCH.model().freeJointQposAddress("green_sphere");
        EditAt touching = (i, q, m) -> {
            if (i >= 5) {
                holdHandAt(q, m, arm, q0[g], q0[g + 1], q0[g + 2] + 0.02);
            }
        };
        EditAt brushing = (i, q, m) -> {
            if (i == 5) {
                holdHandAt(q, m, arm, q0[g], q0[g + 1], q0[g + 2] + 0.02);
            }
        };

        assertThat(TOUCH.evaluate(states(TOUCH, 10, touching)).success()).isTrue();
        TaskResult brief = TOUCH.evaluate(states(TOUCH, 10, brushing));
        assertThat(brief.success()).isFalse();
        assertThat(brief.progress()).isGreaterThan(0.75);
    }

    private static int[] armAddresses(SimModel m) {
        int[] a = new int[7];
        for (int j = 0; j < 7; j++) {
            a[j] = m.jointQposAddress("joint" + (j + 1));
        }
        return a;
    }

    /** Sets the arm joints so the end-effector site is at (x, y, z): damped least squares on the position. */
    private static void holdHandAt(double[] q, SimModel m, int[] arm, double x, double y, double z) {
        Simulation sim = m.newSimulation();
        double[] target = {x, y, z};
        for (int it = 0; it < 200; it++) {
            sim.setQpos(q);
            double[] p = sim.sitePosition("ee_site");
            double[] e = {target[0] - p[0], target[1] - p[1], target[2] - p[2]};
            if (Math.sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]) < 1e-5) {
                return;
            }
            double[][] jac = new double[3][arm.length];
            for (int j = 0; j < arm.length; j++) {
                double keep = q[arm[j]];
                q[arm[j]] = keep + 1e-7;
                sim.setQpos(q);
                double[] pp = sim.sitePosition("ee_site");
                q[arm[j]] = keep;
                for (int k = 0; k < 3; k++) {
                    jac[k][j] = (pp[k] - p[k]) / 1e-7;
                }
            }
            double[][] a = new double[3][4];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    for (int j = 0; j < arm.length; j++) {
                        a[r][c] += jac[r][j] * jac[c][j];
                    }
                }
                a[r][r] += 1e-6;
                a[r][3] = e[r];
            }
            for (int c = 0; c < 3; c++) { // Gauss-Jordan on the 3x3 system
                for (int r = 0; r < 3; r++) {
                    if (r != c) {
                        double f = a[r][c] / a[c][c];
                        for (int k = c; k < 4; k++) {
                            a[r][k] -= f * a[c][k];
                        }
                    }
                }
            }
            for (int j = 0; j < arm.length; j++) {
                double dq = 0;
                for (int r = 0; r < 3; r++) {
                    dq += jac[r][j] * a[r][3] / a[r][r];
                }
                q[arm[j]] += dq;
            }
        }
        throw new AssertionError("the hand did not reach " + x + " " + y + " " + z);
    }

    @Test
    void badTasksAreRefusedWithTheReason() {
        SimTask.Builder b = SimTask.builder(BundledScenes.catalog(), "franka", "table");

        assertThatThrownBy(() -> b.goal(new Goal.Lifted("red_cube", 0.05, 1)).build()).hasMessage("A task needs an id: call id(...)");
        assertThatThrownBy(() -> b.id("bad id")).hasMessageContaining("A task id is 1 to 64");
        assertThatThrownBy(() -> SimTask.builder(BundledScenes.catalog(), "franka", "table").id("x")
                .goal(new Goal.Lifted("table", 0.05, 1)).build()).hasMessageContaining("Body 'table' has no free joint");
        assertThatThrownBy(() -> SimTask.builder(BundledScenes.catalog(), "franka", "table").id("x")
                .goal(new Goal.Lifted("red_cube", 0.05, 1)).instruction("pick up the {support}").build())
                .hasMessageContaining("has a placeholder this goal does not fill");
        assertThatThrownBy(() -> SimTask.builder(BundledScenes.catalog(), "ur10", "table").id("x")
                .goal(new Goal.Lifted("red_cube", 0.05, 1)).build()).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> SimTask.builder(BundledScenes.catalog(), "franka", "table").id("x")
                .goal(new Goal.Lifted("red_cube", 0.05, 1)).minSeparation(1.0)
                .place(Placement.of("red_cube", 0.4, 0.41, 0, 0.01, 0)).place(Placement.of("blue_cube", 0.4, 0.41, 0, 0.01, 0))
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("could not place its objects");
        assertThatThrownBy(() -> new Goal.PlacedOn("red_cube", "red_cube", 0.05, 0.02))
                .hasMessage("An object cannot be placed on itself: 'red_cube'");
        assertThatThrownBy(() -> Region.square("s", 0, 0, -1)).hasMessageContaining("needs finite bounds with min < max");
    }

    @Test
    void statesOfAnotherSceneAreRefused() {
        assertThatThrownBy(() -> LIFT.evaluate(List.of(new SimState(new double[3], new double[3], 0.2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The episode's state 0 has nq=3 but the task's scene has nq=30");
    }

    @SuppressWarnings("unused")
    private static Consumer<double[]> none() {
        return q -> { };
    }
}
