package io.vlaarena.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StateSelectorTest {
    private static final SitePose EE = SitePose.ofAxisAngle(new double[] {0.4, 0.1, 0.5}, new double[] {0.2, -0.3, 0.9});
    private static final Observation OBS = new Observation(0, new SimState(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8},
            1.25), Map.of(), Map.of("ee_site", EE));

    @Test
    void readsSlicesTimeAndSitePoses() {
        assertThat(StateSelector.parse("qpos").read(OBS)).containsExactly(1, 2, 3, 4);
        assertThat(StateSelector.parse("qpos[1:3]").read(OBS)).containsExactly(2, 3);
        assertThat(StateSelector.parse(" qvel[3] ").read(OBS)).containsExactly(8);
        assertThat(StateSelector.parse("time").read(OBS)).containsExactly(1.25);
        assertThat(StateSelector.parse("site_pos[ee_site]").read(OBS)).containsExactly(0.4, 0.1, 0.5);
        assertThat(StateSelector.parse("site_axis_angle[ee_site]").read(OBS)).containsExactly(new double[] {0.2, -0.3, 0.9},
                within(1e-12));
        assertThat(StateSelector.parse("site_quat[ee_site]").read(OBS)).containsExactly(EE.quaternion());
        assertThat(StateSelector.parse("site_euler[ee_site]").read(OBS)).containsExactly(EE.euler());
        assertThat(StateSelector.parse("qpos").length()).isEmpty();
        assertThat(StateSelector.parse("site_quat[ee_site]").length()).hasValue(4);
        assertThat(StateSelector.parse("site_pos[ee_site]").site()).hasValue("ee_site");
    }

    @Test
    void writesWhatItReadsBackIntoAnObservation() {
        StateSelector.Target t = new StateSelector.Target();
        double[] values = {7, 8, 0.4, 0.1, 0.5, 0.2, -0.3, 0.9, 2.5};
        int at = StateSelector.parse("qpos[2:4]").write(values, 0, t);
        at += StateSelector.parse("site_pos[ee_site]").write(values, at, t);
        at += StateSelector.parse("site_axis_angle[ee_site]").write(values, at, t);
        at += StateSelector.parse("time").write(values, at, t);
        assertThat(at).isEqualTo(values.length);
        Observation o = t.atLeast(6, 2).toObservation(4, Map.of());
        assertThat(o.state().qpos()).containsExactly(0, 0, 7, 8, 0, 0);
        assertThat(o.state().qvel()).containsExactly(0, 0);
        assertThat(o.state().time()).isEqualTo(2.5);
        assertThat(o.site("ee_site").orElseThrow().quaternion()).containsExactly(EE.quaternion(), within(1e-12));
        StateSelector.Target rest = new StateSelector.Target();
        assertThat(StateSelector.parse("qvel").write(values, 6, rest)).isEqualTo(3);
        assertThat(rest.toObservation(0, Map.of()).state().qvel()).containsExactly(-0.3, 0.9, 2.5);
        assertThatThrownBy(() -> StateSelector.parse("qpos[0:5]").write(new double[3], 0, new StateSelector.Target()))
                .hasMessageContaining("needs 5 values, only 3 remain");
    }

    @Test
    void badSelectorsAndMissingDataAreNamed() {
        assertThatThrownBy(() -> StateSelector.parse("joint[0]")).hasMessageContaining("Unknown state selector 'joint[0]'")
                .hasMessageContaining("site_axis_angle[SITE]");
        assertThatThrownBy(() -> StateSelector.parse("qpos[3:3]")).hasMessageContaining("selects nothing");
        assertThatThrownBy(() -> StateSelector.parse("qpos[99999999999]")).hasMessageContaining("too large");
        assertThatThrownBy(() -> StateSelector.parse("qpos[2:6]").read(OBS))
                .hasMessageContaining("reaches beyond the scene's 4 qpos values");
        assertThatThrownBy(() -> StateSelector.parse("site_pos[hand]").read(OBS))
                .hasMessageContaining("needs the pose of the site 'hand'").hasMessageContaining("[ee_site]");
    }

    @Test
    void sitePosesConvertBetweenQuaternionAxisAngleAndEuler() {
        SitePose p = SitePose.ofEuler(new double[3], new double[] {0.3, -0.4, 1.2});
        assertThat(p.euler()).containsExactly(new double[] {0.3, -0.4, 1.2}, within(1e-12));
        SitePose q = new SitePose(new double[3], p.quaternion());
        assertThat(SitePose.ofAxisAngle(new double[3], q.axisAngle()).quaternion()).containsExactly(p.quaternion(),
                within(1e-12));
        assertThat(new SitePose(new double[3], new double[] {2, 0, 0, 0}).quaternion()).containsExactly(1, 0, 0, 0);
        assertThat(new SitePose(new double[3], new double[] {1, 0, 0, 0}).axisAngle()).containsExactly(0, 0, 0);
        assertThatThrownBy(() -> new SitePose(new double[2], new double[] {1, 0, 0, 0})).hasMessageContaining("needs 3");
        assertThatThrownBy(() -> new SitePose(new double[3], new double[4])).hasMessageContaining("must not be zero");
    }
}
