package io.vlaarena.sim;

import io.vlaarena.core.scene.SceneCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The robots and scenes that ship with the simulator: robot {@code franka} (a 7-DOF arm with a
 * parallel gripper and an end-effector site {@code ee_site}; alias {@code franka_panda}) and scene
 * {@code table} (a table with a red cube, a blue cube and a green sphere; alias
 * {@code table_pick_place}), as the original arena's ids.
 *
 * <p>Stateless and thread-safe.
 */
public final class BundledScenes {
    /** The bundled robot's id. */
    public static final String FRANKA = "franka";
    /** The bundled scene's id. */
    public static final String TABLE = "table";

    private static final SceneCatalog CATALOG = SceneCatalog.builder()
            .robot(FRANKA, resource("franka.xml"))
            .scene(TABLE, resource("table.xml"))
            .robotAlias("franka_panda", FRANKA)
            .sceneAlias("table_pick_place", TABLE)
            .build();

    private BundledScenes() {}

    /** The catalog of bundled robots and scenes. */
    public static SceneCatalog catalog() {
        return CATALOG;
    }

    /** The composed MJCF XML of the franka robot in the table scene. */
    public static String frankaTableXml() {
        return CATALOG.composeXml(FRANKA, TABLE);
    }

    private static String resource(String name) {
        try (InputStream in = BundledScenes.class.getResourceAsStream("scenes/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The bundled scene resource '" + name + "' is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the bundled scene '" + name + "' failed", e);
        }
    }
}
