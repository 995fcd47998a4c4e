package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.forward.Step;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenes with many simultaneous contacts (more constraint rows than any buffer starts with),
 * stepped for 2 s and held against MuJoCo 2.2.2's runs of the same XML
 * ({@code contact_*.traj.txt}): the same number of contacts at every printed step and the same
 * states to round-off, since the colliders and the solver are MuJoCo's. Prints what it measures.
 */
@Timeout(180)
class ContactRichTest {

    private static MjData data(String scene) {
        MjModel m = MjcfLoader.load(Reference.text(scene + ".xml"));
        return new MjData(new PhysicsModel(m));
    }

    /** The benchmark scene {@code name} (arena-sim's resources {@code io/vlaarena/sim/bench}). */
    static String benchScene(String name) {
        try (java.io.InputStream in = ContactRichTest.class.getResourceAsStream("/io/vlaarena/sim/bench/" + name + ".xml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Reference.Deviation follow(MjData d, String scene) {
        return Reference.follow(d, scene + ".traj.txt", row -> {
            if (row[0] > 0) {
                assertThat(d.ncon).as("contacts at step %d", (int) row[0]).isEqualTo((int) row[2]);
            }
        });
    }

    @Test
    void tenBoxesRestingOnAPlaneFollowMuJoCo() {
        MjData d = data("contact_boxes_rest");
        Reference.Deviation dev = follow(d, "contact_boxes_rest");
        System.out.printf("contact-rich boxes: 10 boxes on %d contacts (%d rows), qpos max %.3e over %d steps%n",
                d.ncon, d.nefc, dev.qpos(), dev.steps());
        assertThat(d.nefc).isEqualTo(160);
        // measured 5.2e-17
        assertThat(dev.qpos()).isLessThan(1e-12);
    }

    @Test
    void overlappingGridOfSpheresPushesApartAndSettlesLikeMuJoCo() {
        MjData d = data("contact_spheres_grid");
        Reference.Deviation dev = follow(d, "contact_spheres_grid");
        System.out.printf("contact-rich spheres: 20 spheres, %d contacts, qpos max %.3e, qvel max %.3e over %d steps%n",
                d.ncon, dev.qpos(), dev.qvel(), dev.steps());
        // sphere-sphere and sphere-plane contacts are MuJoCo's: measured 1.4e-14
        assertThat(dev.qpos()).isLessThan(1e-11);
    }

    @Test
    void hundredBodiesDroppedIntoABinPileUpAsInMuJoCo() {
        MjData d = new MjData(new PhysicsModel(MjcfLoader.load(benchScene("bin100"))));
        Reference.Deviation dev = follow(d, "contact_bin");
        System.out.printf("contact-rich bin: 100 bodies, %d contacts (%d rows) at 2 s, qpos max %.3e, qvel max %.3e over %d steps%n",
                d.ncon, d.nefc, dev.qpos(), dev.qvel(), dev.steps());
        // spheres, capsules and boxes against each other and the bin's walls, up to 300 contacts:
        // the same pile, the differences of round-off growing through the heap (measured 4.9e-10 m)
        assertThat(dev.qpos()).isLessThan(1e-7);
        for (int b = 0; b < 100; b++) {
            // every body stays inside the bin (inner half size 0.3 m), above the floor
            assertThat(Math.max(Math.abs(d.qpos[7 * b]), Math.abs(d.qpos[7 * b + 1]))).as("body %d", b).isLessThan(0.3);
            assertThat(d.qpos[7 * b + 2]).as("body %d", b).isGreaterThan(0.015);
        }
    }
}
