package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A simulation draws its spatial tendons where the current {@code qpos} puts them. */
@Timeout(60)
class TendonRenderTest {
    /** A red string from a fixed site at (-0.8, 0, 0.6) to a ball on a slide along x at height 0. */
    private static final String SCENE = "<mujoco><worldbody>"
            + "<camera name='cam' pos='0 -3 0' xyaxes='1 0 0 0 0 1'/>"
            + "<site name='top' pos='-0.8 0 0.6'/>"
            + "<body name='ball'><joint name='x' type='slide' axis='1 0 0'/><geom size='0.05' rgba='0 0 1 1'/>"
            + "<site name='hook'/></body></worldbody>"
            + "<tendon><spatial width='0.02' rgba='1 0 0 1'><site site='top'/><site site='hook'/></spatial></tendon>"
            + "<keyframe><key name='right' qpos='0.8'/></keyframe></mujoco>";

    @Test
    void theStringFollowsTheBodyItHangsFrom() {
        Simulation sim = SimModel.load(SCENE).newSimulation();
        RgbImage atZero = sim.render("cam", 160, 120);
        sim.resetToKey("right");
        RgbImage atRight = sim.render("cam", 160, 120);
        // the string's midpoint: (-0.4, 0, 0.3) at qpos 0, (0, 0, 0.3) with the ball at x = 0.8
        assertThat(isRed(atZero, -0.4, 0.3)).isTrue();
        assertThat(isRed(atZero, 0, 0.3)).isFalse();
        assertThat(isRed(atRight, 0, 0.3)).isTrue();
        assertThat(isRed(atRight, -0.4, 0.3)).isFalse();
    }

    /** Whether world point (x, 0, z) is drawn red by the camera at (0, -3, 0) looking along +y (45 degrees). */
    private static boolean isRed(RgbImage image, double x, double z) {
        double tanY = Math.tan(Math.toRadians(22.5)), tanX = tanY * 160 / 120;
        int c = image.rgb((int) ((x / 3 / tanX + 1) * 80), (int) ((1 - z / 3 / tanY) * 60));
        int r = c >> 16 & 0xff, g = c >> 8 & 0xff, b = c & 0xff;
        return r > g + 60 && r > b + 60;
    }
}
