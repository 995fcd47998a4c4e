package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.SceneException;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mocap bodies through the public API, and the MJCF input refused for them. */
@Timeout(30)
class MocapTest {
    private static final String SCENE = "<mujoco><compiler angle='radian'/><option gravity='0 0 -9.81'/><worldbody>"
            + "<body name='hand' mocap='true' pos='0 0 1'><geom type='box' size='0.05 0.05 0.02' contype='0' conaffinity='0'/>"
            + "<body name='tip' pos='0 0 -0.1'><site name='tip'/></body></body>"
            + "<body name='box' pos='0 0 0.8'><freejoint/><geom type='box' size='0.05 0.05 0.05' mass='0.5'/></body>"
            + "<body name='other' pos='1 0 1'><geom size='0.1'/></body>"
            + "</worldbody><equality><weld body1='box' body2='hand'/></equality></mujoco>";

    @Test
    void aWeldedBodyFollowsTheMovedMocapBody() {
        SimModel model = SimModel.load(SCENE);
        Simulation sim = model.newSimulation();
        assertThat(sim.mocapPose("hand")).containsExactly(0, 0, 1, 1, 0, 0, 0);
        sim.setMocapPose("hand", new double[] {0.2, 0, 1.1}, null);
        // the site on the mocap body's child moves at once
        assertThat(sim.sitePosition("tip")).containsExactly(new double[] {0.2, 0, 1.0}, Offset.offset(1e-15));
        sim.step(1000);
        // the box hangs 0.2 m below the hand, sagging slightly under gravity through the soft weld
        double[] box = sim.bodyPosition("box");
        assertThat(box[0]).isCloseTo(0.2, Offset.offset(1e-3));
        assertThat(box[2]).isCloseTo(0.9, Offset.offset(5e-3));
        // a quarter turn about z keeps the hand's position; reset restores the model pose
        double c = Math.sqrt(0.5);
        sim.setMocapPose("hand", new double[] {0.2, 0, 1.1}, new double[] {c, 0, 0, c});
        assertThat(sim.mocapPose("hand")).containsExactly(0.2, 0, 1.1, c, 0, 0, c);
        sim.reset();
        assertThat(sim.mocapPose("hand")).containsExactly(0, 0, 1, 1, 0, 0, 0);
        assertThat(sim.bodyPosition("hand")).containsExactly(0, 0, 1);
    }

    @Test
    void refusesBadMocapPoses() {
        Simulation sim = SimModel.load(SCENE).newSimulation();
        assertThatThrownBy(() -> sim.setMocapPose("box", new double[3], null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'box' is not a mocap body").hasMessageContaining("[hand]");
        assertThatThrownBy(() -> sim.setMocapPose("nope", new double[3], null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown body 'nope'");
        assertThatThrownBy(() -> sim.setMocapPose("hand", new double[] {0, Double.NaN, 0}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be finite");
        assertThatThrownBy(() -> sim.setMocapPose("hand", new double[2], null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must have 3 values");
        assertThatThrownBy(() -> sim.setMocapPose("hand", new double[3], new double[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be zero");
        assertThatThrownBy(() -> sim.setMocapPose("hand", new double[3], new double[] {1, 0, 0, Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be finite");
        // the failed calls changed nothing
        assertThat(sim.mocapPose("hand")).containsExactly(0, 0, 1, 1, 0, 0, 0);
    }

    @Test
    void refusesMocapBodiesMuJoCoRefuses() {
        assertThatThrownBy(() -> SimModel.load("<mujoco><worldbody><body name='m' mocap='true'><joint type='hinge'/>"
                + "<geom size='0.1'/></body></worldbody></mujoco>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("'mocap'").hasMessageContaining("'m', which has joints");
        assertThatThrownBy(() -> SimModel.load("<mujoco><worldbody><body name='m' mocap='true'><freejoint/>"
                + "<geom size='0.1'/></body></worldbody></mujoco>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("has joints");
        assertThatThrownBy(() -> SimModel.load("<mujoco><worldbody><body name='p'><geom size='0.1'/>"
                + "<body name='m' mocap='true'><geom size='0.1'/></body></body></worldbody></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("inside body 'p'")
                .hasMessageContaining("child of the worldbody");
        assertThatThrownBy(() -> SimModel.load("<mujoco><worldbody><body name='m' mocap='yes'><geom size='0.1'/></body>"
                + "</worldbody></mujoco>")).isInstanceOf(SceneException.class).hasMessageContaining("'mocap'");
        assertThatThrownBy(() -> SimModel.load("<mujoco><worldbody><body name='m' mocap='true'><geom size='0.1'/></body>"
                + "</worldbody><keyframe><key mpos='0 0 1'/></keyframe></mujoco>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("'mpos'");
        // a moving body may hang from a mocap body (it is an ordinary child of a static parent)
        SimModel ok = SimModel.load("<mujoco><worldbody><body name='m' mocap='true'><geom size='0.1'/>"
                + "<body name='c'><joint type='hinge'/><geom size='0.1' pos='0 0 -0.3'/></body></body></worldbody></mujoco>");
        assertThat(ok.newSimulation().mocapPose("m")).hasSize(7);
    }
}
