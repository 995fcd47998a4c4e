package io.vlaarena.sim.task;

import io.vlaarena.core.task.TaskSuite;
import io.vlaarena.sim.BundledScenes;
import java.util.List;

/**
 * The bundled task suite of the franka robot on the table scene: eight tasks over the red cube,
 * the blue cube and the green sphere, one or more of each kind of goal.
 *
 * <table>
 *   <caption>The table suite</caption>
 *   <tr><th>id</th><th>instruction</th><th>goal</th></tr>
 *   <tr><td>{@code lift_red_cube}</td><td>pick up the red cube</td><td>lifted 5 cm for 1 s</td></tr>
 *   <tr><td>{@code lift_blue_cube}</td><td>pick up the blue cube</td><td>lifted 5 cm for 1 s</td></tr>
 *   <tr><td>{@code lift_green_sphere}</td><td>pick up the green sphere</td><td>lifted 5 cm for 1 s</td></tr>
 *   <tr><td>{@code stack_red_on_blue}</td><td>put the red cube on the blue cube</td><td>placed on</td></tr>
 *   <tr><td>{@code stack_blue_on_red}</td><td>put the blue cube on the red cube</td><td>placed on</td></tr>
 *   <tr><td>{@code place_blue_in_square}</td><td>put the blue cube in the yellow square</td><td>placed in a region</td></tr>
 *   <tr><td>{@code push_red_to_square}</td><td>push the red cube into the yellow square</td><td>pushed into a region</td></tr>
 *   <tr><td>{@code touch_green_sphere}</td><td>touch the green sphere</td><td>reached within 4 cm for 0.4 s</td></tr>
 * </table>
 *
 * <p>Each episode draws the objects' positions (and the cubes' yaw within ±45°) from its seed,
 * at least 12 cm apart, within the ranges each task declares (see {@code docs/tasks.md}).
 *
 * <p>Stateless and thread-safe; the suite is built once, on first use.
 */
public final class TableTasks {
    /** The suite's name. */
    public static final String NAME = "franka-table";
    /** Half the edge of the bundled cubes, and the sphere's radius, in metres. */
    static final double HALF = 0.025;
    /** How far the lift tasks lift, and for how long. */
    static final double LIFT = 0.05;
    static final double HOLD = 1.0;
    private static final double YAW = Math.PI / 4;
    private static final double SEPARATION = 0.12;

    private TableTasks() {}

    private static final class Holder {
        static final TaskSuite SUITE = build();
    }

    /** The suite, built on first use. */
    public static TaskSuite suite() {
        return Holder.SUITE;
    }

    private static TaskSuite build() {
        Region far = Region.square("yellow square", 0.70, 0.0, 0.14);
        Region left = Region.square("yellow square", 0.50, 0.30, 0.14);
        return TaskSuite.of(NAME, List.of(
                task("lift_red_cube", new Goal.Lifted("red_cube", LIFT, HOLD), "lift the {object}", "grab the {object}",
                        "pick the {object} up"),
                task("lift_blue_cube", new Goal.Lifted("blue_cube", LIFT, HOLD), "lift the {object}", "grab the {object}",
                        "pick the {object} up"),
                task("lift_green_sphere", new Goal.Lifted("green_sphere", LIFT, HOLD), "lift the {object}", "grab the {object}",
                        "pick up the green ball", "pick the {object} up"),
                task("stack_red_on_blue", new Goal.PlacedOn("red_cube", "blue_cube", 2 * HALF, HALF),
                        "stack the {object} on the {support}", "place the {object} on the {support}",
                        "put the {object} on top of the {support}"),
                task("stack_blue_on_red", new Goal.PlacedOn("blue_cube", "red_cube", 2 * HALF, HALF),
                        "stack the {object} on the {support}", "place the {object} on the {support}",
                        "put the {object} on top of the {support}"),
                SimTask.builder(BundledScenes.catalog(), BundledScenes.FRANKA, BundledScenes.TABLE)
                        .id("place_blue_in_square").goal(new Goal.PlacedIn("blue_cube", left))
                        .phrasings("place the {object} in the {region}", "put the {object} on the {region}")
                        .place(Placement.of("red_cube", 0.40, 0.60, -0.20, 0.10, YAW))
                        .place(Placement.of("blue_cube", 0.40, 0.60, -0.20, 0.10, YAW))
                        .place(Placement.of("green_sphere", 0.40, 0.60, -0.20, 0.10, 0))
                        .minSeparation(SEPARATION).build(),
                SimTask.builder(BundledScenes.catalog(), BundledScenes.FRANKA, BundledScenes.TABLE)
                        .id("push_red_to_square").goal(new Goal.Pushed("red_cube", far))
                        .phrasings("push the {object} to the {region}", "push the {object} onto the {region}",
                                "slide the {object} into the {region}")
                        .place(Placement.of("red_cube", 0.42, 0.50, -0.10, 0.10, YAW))
                        .place(Placement.of("blue_cube", 0.40, 0.62, 0.18, 0.25, YAW))
                        .place(Placement.of("green_sphere", 0.40, 0.62, -0.25, -0.18, 0))
                        .minSeparation(SEPARATION).build(),
                task("touch_green_sphere", new Goal.Reached("green_sphere", 0.04, 0.4), "reach the {object}",
                        "reach for the {object}", "touch the green ball")));
    }

    /** A task whose objects all start anywhere in the middle of the table. */
    private static SimTask task(String id, Goal goal, String... phrasings) {
        SimTask.Builder b = SimTask.builder(BundledScenes.catalog(), BundledScenes.FRANKA, BundledScenes.TABLE)
                .id(id).goal(goal).phrasings(phrasings).minSeparation(SEPARATION);
        for (String o : List.of("red_cube", "blue_cube", "green_sphere")) {
            b.place(Placement.of(o, 0.40, 0.60, -0.20, 0.20, o.endsWith("sphere") ? 0 : YAW));
        }
        return b.build();
    }
}
