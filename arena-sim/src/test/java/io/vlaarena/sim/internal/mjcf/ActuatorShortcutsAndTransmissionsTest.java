package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * What MuJoCo 2.2.2 refuses among actuator transmissions, the actuator shortcuts and the compiler
 * details (each checked with MuJoCo's own loader) stays refused here, with a message naming the
 * element, the value and the rule; and what it accepts compiles as its reader maps it.
 */
class ActuatorShortcutsAndTransmissionsTest {

    private static final String HEAD = "<mujoco><worldbody><body name='b'><joint name='j'/><geom size='0.1'/>"
            + "<site name='s'/></body></worldbody><actuator>\n";

    private static MjModel load(String actuator) {
        return MjcfLoader.load(HEAD + actuator + "</actuator></mujoco>");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<motor joint='j' site='s'/>|<motor> at line 2 has the transmission targets [joint, site]; give exactly one.",
        "<motor joint='j' slidersite='s'/>|<motor> at line 2 has 'slidersite' or 'cranklength' but its transmission is 'joint'; "
                + "they belong to a slider-crank (cranksite).",
        "<motor joint='j' refsite='s'/>|<motor> at line 2 has 'refsite' but its transmission is 'joint'; a reference site "
                + "belongs to a site transmission.",
        "<motor cranksite='s' slidersite='s'/>|Actuator at line 2 has cranklength 0.0; a slider-crank's crank length must be "
                + "positive.",
        "<motor cranksite='s' slidersite='s' cranklength='-1'/>|Actuator at line 2 has cranklength -1.0; a slider-crank's crank "
                + "length must be positive.",
        "<motor cranksite='s'/>|Missing required attribute 'slidersite' on <motor> at line 2 (the slider-crank's base site)",
        "<motor site='nosuch'/>|Actuator at line 2 refers to unknown site 'nosuch'; known sites: [s]",
        "<motor site='s' refsite='nosuch'/>|Actuator at line 2 refers to unknown reference site 'nosuch'; known sites: [s]",
        "<adhesion body='nosuch' ctrlrange='0 1'/>|Actuator at line 2 refers to unknown body 'nosuch'; known bodies: [world, b]",
        "<motor/>|Missing transmission target on <motor> at line 2 (give one of 'joint', 'jointinparent', 'tendon', "
                + "'cranksite', 'site', 'body')",
        "<damper joint='j' kv='-1' ctrlrange='0 1'/>|kv",
        "<damper joint='j' kv='1'/>|Missing required attribute 'ctrlrange' on <damper> at line 2 (a damper's control range, "
                + "two nonnegative numbers).",
        "<damper joint='j' kv='1' ctrlrange='-1 1'/>|ctrlrange",
        "<adhesion body='b' gain='-1' ctrlrange='0 1'/>|gain",
        "<adhesion body='b'/>|Missing required attribute 'ctrlrange' on <adhesion> at line 2 (an adhesion's control range, "
                + "two nonnegative numbers).",
        "<intvelocity joint='j' kp='1'/>|Actuator at line 2 has an invalid actrange 0.0 0.0; actrange[0] must be smaller than "
                + "actrange[1].",
    })
    void refusesWhatMuJoCoRefuses(String actuator, String message) {
        assertThatThrownBy(() -> load(actuator)).isInstanceOf(SceneException.class).hasMessageContaining(message);
    }

    @Test
    void shortcutsMapOntoGeneralAsMuJoCosReader() {
        MjModel m = load("<damper joint='j' kv='2' ctrlrange='0 3'/><intvelocity joint='j' kp='5' actrange='-1 1'/>"
                + "<cylinder joint='j' diameter='0.2' timeconst='0.3' bias='1 2 3'/>");
        int g = MjModel.NGAIN;
        assertThat(m.actuator_gaintype[0]).isEqualTo(MjModel.GAIN_AFFINE);
        assertThat(m.actuator_gainprm[2]).isEqualTo(-2);
        assertThat(m.actuator_ctrllimited[0]).isTrue();
        assertThat(m.actuator_dyntype[1]).isEqualTo(MjModel.DYN_INTEGRATOR);
        assertThat(m.actuator_biasprm[g + 1]).isEqualTo(-5);
        assertThat(m.actuator_actlimited[1]).isTrue();
        assertThat(m.actuator_dyntype[2]).isEqualTo(MjModel.DYN_FILTER);
        assertThat(m.actuator_dynprm[6]).isEqualTo(0.3);
        assertThat(m.actuator_gainprm[2 * g]).isEqualTo(Math.PI / 4 * 0.2 * 0.2);
        assertThat(m.actuator_biasprm[2 * g + 2]).isEqualTo(3);
        assertThat(m.na).isEqualTo(2);
    }

    @Test
    void refusesHalfASpringdamperAndAnImpossibleInertiaUnlessBalanced() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><worldbody><body><joint springdamper='0.1 -1'/><geom size='0.1'/>"
                + "</body></worldbody></mujoco>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("springdamper").hasMessageContaining("must both be positive");
        String body = "<worldbody><body name='odd'><joint/><inertial pos='0 0 0' mass='1' diaginertia='0.01 0.01 0.5'/>"
                + "</body></worldbody></mujoco>";
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco>" + body)).isInstanceOf(SceneException.class)
                .hasMessageStartingWith("Body 'odd' at line 1 has principal moments 0.01 0.01 0.5 that violate A + B >= C");
        MjModel m = MjcfLoader.load("<mujoco><compiler balanceinertia='true'/>" + body);
        assertThat(m.body_inertia[3]).isEqualTo((0.01 + 0.01 + 0.5) / 3.0);
    }

    @Test
    void lengthRangeOptionsAreCheckedAndTheSimulationIsBounded() {
        String tail = "<worldbody><body><joint name='j' range='-1 1'/><geom size='0.1'/></body></worldbody>"
                + "<actuator><motor joint='j'/></actuator></mujoco>";
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><compiler><lengthrange mode='some'/></compiler>" + tail))
                .isInstanceOf(SceneException.class).hasMessageContaining("mode").hasMessageContaining("muscleuser");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><compiler><lengthrange mode='all' inttotal='1e9'/></compiler>" + tail))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("would take 1.0E11 steps per actuator side").hasMessageContaining("at most 100000");
        // uselimit takes the joint's range without simulating; mode none computes nothing
        MjModel m = MjcfLoader.load("<mujoco><compiler angle='radian'><lengthrange mode='all' uselimit='true'/></compiler>" + tail);
        assertThat(m.actuator_lengthrange).containsExactly(-1, 1);
        m = MjcfLoader.load("<mujoco><compiler><lengthrange mode='none'/></compiler>" + tail);
        assertThat(m.actuator_lengthrange).containsExactly(0, 0);
    }

    @Test
    void fuseStaticFusesOnlyWhereMuJoCoDoes() {
        String world = "<worldbody><body name='a'><joint/><geom size='0.1'/><body name='s' pos='0 0 1'><geom size='0.1'/>"
                + "</body></body>";
        MjModel fused = MjcfLoader.load("<mujoco><compiler fusestatic='true'/>" + world + "</worldbody></mujoco>");
        assertThat(fused.nbody).isEqualTo(2);
        assertThat(fused.geom_bodyid).containsExactly(1, 1);
        // a light anywhere makes MuJoCo 2.2.2 fuse nothing: the body stays
        MjModel kept = MjcfLoader.load("<mujoco><compiler fusestatic='true'/>" + world + "<light/></worldbody></mujoco>");
        assertThat(kept.nbody).isEqualTo(3);
    }
}
