package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.SceneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sensors through the public API: names, layout, values, and the refusals of what is not computed. */
@Timeout(30)
class SensorTest {
    private static final String PENDULUM = """
            <mujoco>
              <worldbody>
                <body name="arm" pos="0 0 1">
                  <joint name="hinge" axis="0 1 0"/>
                  <geom type="capsule" fromto="0 0 0 0.5 0 0" size="0.03"/>
                  <site name="tip" pos="0.5 0 0"/>
                </body>
              </worldbody>
              <actuator><motor name="m" joint="hinge"/></actuator>
              <sensor>
                <jointpos name="angle" joint="hinge"/>
                <framepos name="tip_pos" objtype="site" objname="tip"/>
                <clock/>
                <actuatorfrc name="torque" actuator="m"/>
              </sensor>
            </mujoco>
            """;

    private static String withSensor(String sensor) {
        return PENDULUM.replace("<clock/>", sensor);
    }

    @Test
    void sensorDataFollowsMuJoCosLayoutAndStepSemantics() {
        SimModel model = SimModel.load(PENDULUM);
        assertThat(model.sensorNames()).containsExactly("angle", "tip_pos", "", "torque");
        assertThat(model.sensorDimensions()).containsExactly(1, 3, 1, 1);
        Simulation sim = model.newSimulation();
        assertThat(sim.sensorData()).containsOnly(0.0).hasSize(6);
        sim.setQpos(new double[] {0.4});
        sim.setCtrl(new double[] {0.7});
        sim.forward();
        assertThat(sim.sensor("angle")).containsExactly(0.4);
        double[] tip = sim.sensor("tip_pos");
        // a hinge about +y turns +x towards -z
        assertThat(tip[0]).isCloseTo(0.5 * Math.cos(0.4), within(1e-12));
        assertThat(tip[2]).isCloseTo(1 - 0.5 * Math.sin(0.4), within(1e-12));
        assertThat(sim.sensor("torque")).containsExactly(0.7);
        // as mj_step: the sensors describe the state the step started from
        sim.step();
        assertThat(sim.sensor("angle")).containsExactly(0.4);
        assertThat(sim.sensorData()[4]).isEqualTo(0.0);
        sim.step();
        assertThat(sim.sensorData()[4]).isEqualTo(sim.model().timestep(), within(1e-15));
        sim.reset();
        assertThat(sim.sensorData()).containsOnly(0.0);
    }

    @Test
    void unknownSensorNameListsTheKnownOnes() {
        Simulation sim = SimModel.load(PENDULUM).newSimulation();
        assertThatThrownBy(() -> sim.sensor("speed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown sensor 'speed'").hasMessageContaining("angle");
    }

    @Test
    void refusesSensorsItDoesNotCompute() {
        assertThatThrownBy(() -> SimModel.load(withSensor("<user dim='2'/>"))).isInstanceOf(SceneException.class)
                .hasMessageContaining("user sensors");
        assertThatThrownBy(() -> SimModel.load(withSensor("<thermometer site='tip'/>"))).isInstanceOf(SceneException.class)
                .hasMessageContaining("supported sensors").hasMessageContaining("jointpos");
    }

    @Test
    void refusesBadSensorReferences() {
        assertThatThrownBy(() -> SimModel.load(withSensor("<gyro site='nose'/>"))).isInstanceOf(SceneException.class)
                .hasMessageContaining("unknown site 'nose'").hasMessageContaining("tip");
        assertThatThrownBy(() -> SimModel.load(withSensor("<ballquat joint='hinge'/>"))).isInstanceOf(SceneException.class)
                .hasMessageContaining("needs a ball joint");
        assertThatThrownBy(() -> SimModel.load(withSensor("<jointlimitpos joint='hinge'/>")))
                .isInstanceOf(SceneException.class).hasMessageContaining("needs a limited joint");
        assertThatThrownBy(() -> SimModel.load(withSensor("<framepos objtype='joint' objname='hinge'/>")))
                .isInstanceOf(SceneException.class).hasMessageContaining("objtype").hasMessageContaining("xbody");
        assertThatThrownBy(() -> SimModel.load(withSensor("<framepos objtype='site' objname='tip' refname='tip'/>")))
                .isInstanceOf(SceneException.class).hasMessageContaining("reftype is missing");
        assertThatThrownBy(() -> SimModel.load(withSensor("<framelinacc objtype='site' objname='tip' reftype='site' refname='tip'/>")))
                .isInstanceOf(SceneException.class).hasMessageContaining("reftype");
        assertThatThrownBy(() -> SimModel.load(withSensor("<jointvel joint='hinge' cutoff='-1'/>")))
                .isInstanceOf(SceneException.class).hasMessageContaining("cutoff");
        assertThatThrownBy(() -> SimModel.load(withSensor("<jointvel name='angle' joint='hinge'/>")))
                .isInstanceOf(SceneException.class).hasMessageContaining("Repeated sensor name 'angle'");
        assertThatThrownBy(() -> SimModel.load(withSensor("<jointvel/>"))).isInstanceOf(SceneException.class)
                .hasMessageContaining("joint");
    }
}
