package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;

/**
 * {@code <composite>} objects move as MuJoCo 2.2.2 moves them (resources
 * io/vlaarena/sim/reference/composite_*.*): for each type a small scene runs 1 s from qpos0
 * with contacts on a floor, compared with MuJoCo every 5th step. Prints the achieved errors; the
 * bounds are set from them (see docs/simulator.md).
 */
@Timeout(120)
class CompositeFidelityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // scene, qpos bound, rows with contacts at least; measured qpos (qvel) max over the run:
        "composite_particle, 1e-14, 50",   // 4.7e-16 (1.6e-15)
        "composite_grid, 1e-14, 0",        // 2.4e-16 (4.6e-15); hangs from its pins, no contact
        "composite_rope, 1e-12, 50",       // 7.5e-14 (3.3e-12)
        "composite_loop, 1e-12, 50",       // 1.9e-13 (6.3e-12); MuJoCo's own sensitivity here is 1.2e-7
        "composite_cloth, 1e-12, 50",      // 3.4e-13 (2.2e-11)
        "composite_box, 1e-14, 50",        // 1.1e-16 (4.0e-15)
    })
    void compositesTrackMuJoCo(String scene, double bound, int contactRows) {
        MjModel m = MjcfLoader.load(Reference.text(scene + ".xml"));
        MjData d = new MjData(new PhysicsModel(m));
        int[] touching = new int[1];
        Reference.Deviation e = Reference.follow(d, scene + ".traj.txt", row -> touching[0] += row[2] > 0 ? 1 : 0);
        assertThat(e.steps()).isEqualTo(500);
        // the run really reaches the floor where the scene drops the object
        assertThat(touching[0]).isGreaterThanOrEqualTo(contactRows);
        assertThat(e.qpos()).isLessThan(bound);
    }
}
