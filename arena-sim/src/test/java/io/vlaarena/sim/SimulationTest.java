package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.ArenaException;
import io.vlaarena.core.SimState;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class SimulationTest {
    private static final SimModel SCENE = SimModel.load(FrankaFidelityTest.resource("/io/vlaarena/sim/reference/franka_table.xml"));

    private static SimState run(SimModel model) {
        Simulation sim = model.newSimulation();
        sim.resetToKey("home");
        sim.setCtrl(new double[] {0.3, -0.5, 0, -2.0, 0, 1.8, 0.7, 0.0});
        sim.step(400);
        return sim.state();
    }

    @Test
    void simulationsOfOneModelAreBitIdenticalSequentiallyAndInParallel() throws Exception {
        SimState reference = run(SCENE);
        assertThat(run(SCENE)).isEqualTo(reference);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<SimState> a = pool.submit(() -> run(SCENE));
            Future<SimState> b = pool.submit(() -> run(SCENE));
            Future<SimState> c = pool.submit(() -> run(SCENE));
            assertThat(a.get()).isEqualTo(reference);
            assertThat(b.get()).isEqualTo(reference);
            assertThat(c.get()).isEqualTo(reference);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resetToHomeUsesTheHomeKeyframeWhenThereIsOne() {
        Simulation withHome = SCENE.newSimulation();
        withHome.step(50);
        withHome.resetToHome();
        Simulation byKey = SCENE.newSimulation();
        byKey.resetToKey("home");
        assertThat(withHome.state()).isEqualTo(byKey.state());
        assertThat(withHome.ctrl()).isEqualTo(byKey.ctrl());

        SimModel noKeys = SimModel.load("<mujoco><worldbody><body pos='0 0 1'><joint type='hinge' ref='0.3'/>"
                + "<geom type='sphere' size='0.1'/></body></worldbody></mujoco>");
        Simulation plain = noKeys.newSimulation();
        plain.step(50);
        plain.resetToHome();
        assertThat(plain.state().qpos()).containsExactly(noKeys.qpos0());
        assertThat(plain.time()).isZero();
    }

    @Test
    void resetAfterAnEpisodeReproducesTheEpisode() {
        Simulation sim = SCENE.newSimulation();
        sim.resetToKey("home");
        sim.step(300);
        SimState first = sim.state();
        sim.resetToKey("home");
        sim.step(300);
        assertThat(sim.state()).isEqualTo(first);
    }

    @Test
    void divergedSimulationRefusesToReportStatesUntilReset() {
        Simulation sim = SCENE.newSimulation();
        sim.resetToKey("home");
        double[] qvel = new double[SCENE.nv()];
        qvel[9] = 1e12;
        sim.setQvel(qvel);
        assertThatThrownBy(sim::step).isInstanceOf(ArenaException.class).hasMessageContaining("Simulation diverged at t=");
        assertThatThrownBy(sim::state).isInstanceOf(ArenaException.class).hasMessageContaining("reset");
        sim.resetToKey("home");
        assertThat(sim.state().qpos(3)).isEqualTo(-2.356194);
    }

    @Test
    void modelReportsMuJoCosLayoutAndNames() {
        assertThat(SCENE.nq()).isEqualTo(30);
        assertThat(SCENE.nv()).isEqualTo(27);
        assertThat(SCENE.nu()).isEqualTo(8);
        assertThat(SCENE.timestep()).isEqualTo(0.002);
        assertThat(SCENE.jointNames()).startsWith("joint1", "joint2");
        assertThat(SCENE.siteNames()).contains("ee_site");
        assertThat(SCENE.keyNames()).contains("home");
        assertThat(SCENE.qpos0()).hasSize(30);
    }

    @Test
    void aModelWithActivationsRestartsExactlyFromItsStateAndAct() {
        SimModel filter = SimModel.load("<mujoco><worldbody><body><joint name='h' axis='0 1 0'/>"
                + "<geom type='capsule' fromto='0 0 0 0.3 0 0' size='0.03'/></body></worldbody>"
                + "<actuator><general joint='h' dyntype='filter' dynprm='0.2' gainprm='2'/></actuator></mujoco>");
        Simulation a = filter.newSimulation();
        a.setCtrl(new double[] {1});
        a.step(100);
        SimState mid = a.state();
        double[] act = a.act();
        assertThat(act).hasSize(1);
        assertThat(act[0]).isBetween(0.1, 1.0);
        a.step(100);
        // a restart from the stored state and the activations follows the same path
        Simulation b = filter.newSimulation();
        b.setQpos(mid.qpos());
        b.setQvel(mid.qvel());
        b.setAct(act);
        b.setCtrl(new double[] {1});
        b.step(100);
        assertThat(b.qpos()).containsExactly(a.qpos());
        // without them it does not
        Simulation c = filter.newSimulation();
        c.setQpos(mid.qpos());
        c.setQvel(mid.qvel());
        c.setCtrl(new double[] {1});
        c.step(100);
        assertThat(c.qpos()[0]).isNotEqualTo(a.qpos()[0]);
        assertThatThrownBy(() -> b.setAct(new double[] {Double.NaN})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("act[0] must be finite");
        assertThatThrownBy(() -> b.setAct(new double[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("act must have 1 values");
    }
}
