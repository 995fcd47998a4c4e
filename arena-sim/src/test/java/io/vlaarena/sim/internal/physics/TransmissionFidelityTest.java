package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.forward.Forward;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Actuator transmissions, shortcuts, compiler details and the reader's acceptance of solimp values
 * MuJoCo bounds where it uses them, against MuJoCo 2.2.2: every step of a
 * 1 s run from the scene's key "start" (its ctrl held) compared in qpos, qvel and, through
 * actuator sensors, in each actuator's length, velocity and force. Prints what it measures.
 */
@Timeout(60)
class TransmissionFidelityTest {

    /** The worst qpos, qvel and (relative above 1) sensor errors over the run. */
    private record Errors(double qpos, double qvel, double sensor, int steps) {}

    private static Errors follow(String scene, String traj) {
        MjModel m = MjcfLoader.load(Reference.text(scene));
        MjData d = new MjData(new PhysicsModel(m));
        Reference.startAt(d, "start");
        Forward.forward(d.model, d);
        assertThat(m.nsensordata).isEqualTo(Reference.sensors(traj, 0).length);
        double[] worst = new double[1];
        Reference.Deviation dev = Reference.follow(d, traj, row -> {
            double[] ref = Reference.sensors(traj, (int) row[0]);
            for (int k = 0; k < m.nsensordata; k++) {
                worst[0] = Math.max(worst[0], Math.abs(d.sensordata[k] - ref[k]) / Math.max(1, Math.abs(ref[k])));
            }
        });
        System.out.printf(Locale.ROOT, "%s: qpos %.2e, qvel %.2e, actuator sensors %.2e over %d steps%n", scene, dev.qpos(),
                dev.qvel(), worst[0], dev.steps());
        return new Errors(dev.qpos(), dev.qvel(), worst[0], dev.steps());
    }

    /** 500 steps of {@code scene}: qpos within 1e-10, qvel within 1e-9, actuator sensors within 1e-10 (relative above 1). */
    private static void followsMuJoCo(String scene) {
        Errors e = follow(scene + ".xml", scene + ".traj.txt");
        assertThat(e.steps()).isEqualTo(500);
        assertThat(e.qpos()).isLessThan(1e-10);
        assertThat(e.qvel()).isLessThan(1e-9);
        assertThat(e.sensor()).isLessThan(1e-10);
    }

    @Test
    void sliderCrankBallFreeAndSiteTransmissionsMoveAsMuJoCo() {
        followsMuJoCo("transmission");
    }

    @Test
    void damperIntvelocityAndCylinderShortcutsAndTheirSharedDefaultsActAsMuJoCo() {
        followsMuJoCo("actuator_shortcuts");
        MjModel m = MjcfLoader.load(Reference.text("actuator_shortcuts.xml"));
        // what the scene exercises: the motor of class "shared" keeps the cylinder's bias, the general of
        // class "vel" the intvelocity's bias and activation limit
        int mixed = MjModel.find(m.actuator_name, "mixed"), ivgen = MjModel.find(m.actuator_name, "ivgen");
        assertThat(m.actuator_biasprm[MjModel.NGAIN * mixed + 1]).isEqualTo(-0.5);
        assertThat(m.actuator_biastype[mixed]).isEqualTo(MjModel.BIAS_NONE);
        assertThat(m.actuator_actlimited[ivgen]).isTrue();
        assertThat(m.actuator_biasprm[MjModel.NGAIN * ivgen + 1]).isEqualTo(-4);
    }

    @Test
    void springdamperAndTheCompilersMassAndInertiaBoundsCompileAndMoveAsMuJoCo() {
        followsMuJoCo("compiler_bounds");
        MjModel m = MjcfLoader.load(Reference.text("compiler_bounds.xml"));
        // boundmass raised the floating plate's 0.01, balanceinertia evened the lower arm's moments
        assertThat(m.body_mass[MjModel.find(m.body_name, "float")]).isEqualTo(0.05);
        int lower = MjModel.find(m.body_name, "lower");
        assertThat(m.body_inertia[3 * lower]).isEqualTo(m.body_inertia[3 * lower + 2]);
        assertThat(m.jnt_stiffness[MjModel.find(m.jnt_name, "rail")]).isPositive();
    }

    @Test
    void adhesionPullsThroughTheBodysContactNormalsAsMuJoCo() {
        followsMuJoCo("adhesion");
        // with elliptic cones the transmission takes each contact's normal row only
        followsMuJoCo("adhesion_elliptic");
    }

    @Test
    void solimpBeyondMuJoCosBoundsIsBoundedWhereUsedAsMuJoCo() {
        followsMuJoCo("solimp_bounds");
        // the model keeps the values as written, as MuJoCo's does
        MjModel m = MjcfLoader.load(Reference.text("solimp_bounds.xml"));
        assertThat(m.jnt_solimp[0]).isZero();
        assertThat(m.eq_solimp[1]).isEqualTo(1.0);
    }

    @Test
    void tendonAndEqualityDefaultClassesApplyAsMuJoCo() {
        followsMuJoCo("defaults_tendon_equality");
        MjModel m = MjcfLoader.load(Reference.text("defaults_tendon_equality.xml"));
        // the main class's stiffness, class "limited"'s range (the element's own where given), "coupling"'s solref
        assertThat(m.tendon_stiffness).containsExactly(5, 5, 0);
        assertThat(m.tendon_limited).containsExactly(false, true, true);
        assertThat(m.tendon_range[4]).isEqualTo(0.2);
        assertThat(m.eq_solref[0]).isEqualTo(0.03);
    }
}
