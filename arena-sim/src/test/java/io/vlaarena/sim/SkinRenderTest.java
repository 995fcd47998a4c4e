package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A simulation draws a composite's skin where its bodies are: MuJoCo hides the geoms of a skinned
 * cloth (group 3), so without the skin the cloth would not show at all.
 */
@Timeout(60)
class SkinRenderTest {
    /**
     * A 5 x 5 cloth hanging in the plane y = 0 from its top middle element at (0, 0, 1): x from
     * -0.2 to 0.2, z from 0.6 to 1, seen by a camera at (0, -3, 0.8) looking along +y.
     */
    private static String scene(String rgba) {
        return "<mujoco><worldbody>"
                + "<light pos='0 -2 3' dir='0 1 -1'/>"
                + "<camera name='cam' pos='0 -3 0.8' xyaxes='1 0 0 0 0 1'/>"
                + "<body name='B2_4' pos='0 0 1' euler='90 0 0'>"
                + "<composite type='cloth' count='5 5 1' spacing='0.1'>"
                + "<skin rgba='" + rgba + "' inflate='0.005' subgrid='2'/>"
                + "<geom type='sphere' size='0.02' rgba='0 1 0 1'/>"
                + "</composite></body></worldbody></mujoco>";
    }

    @Test
    void theClothShowsItsSkinWhereItHangs() {
        Simulation sim = SimModel.load(scene("0 1 0 1")).newSimulation();
        for (int i = 0; i < 50; i++) {
            sim.step();
        }
        RgbImage image = sim.render("cam", 160, 120);
        assertThat(isGreen(image, 0, 0.8)).as("the cloth's middle").isTrue();
        assertThat(isGreen(image, -0.1, 0.9)).as("near its top").isTrue();
        assertThat(isGreen(image, 0.5, 0.8)).as("beside it").isFalse();
        assertThat(isGreen(image, 0, 0.4)).as("below it").isFalse();
    }

    @Test
    void aSkinWhoseAlphaIsZeroIsNotDrawnAndItsGeomsStayHidden() {
        Simulation sim = SimModel.load(scene("0 1 0 0")).newSimulation();
        RgbImage image = sim.render("cam", 160, 120);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                int c = image.rgb(x, y);
                int r = c >> 16 & 0xff, g = c >> 8 & 0xff, b = c & 0xff;
                assertThat(g > r + 60 && g > b + 60).as("green at pixel " + x + "," + y).isFalse();
            }
        }
    }

    @Test
    void theDefaultCameraFramesASkinnedClothWhoseGeomsAreHidden() {
        Simulation sim = SimModel.load(scene("0 1 0 1")).newSimulation();
        RgbImage image = sim.render((String) null, 160, 120);
        int green = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                int c = image.rgb(x, y);
                int r = c >> 16 & 0xff, g = c >> 8 & 0xff, b = c & 0xff;
                green += g > r + 60 && g > b + 60 ? 1 : 0;
            }
        }
        assertThat(green).as("green pixels of 19 200").isGreaterThan(19_200 / 20);
    }

    /** Whether world point (x, 0, z) is drawn green by the camera (45 degrees field of view). */
    private static boolean isGreen(RgbImage image, double x, double z) {
        double tanY = Math.tan(Math.toRadians(22.5)), tanX = tanY * 160 / 120;
        int c = image.rgb((int) ((x / 3 / tanX + 1) * 80), (int) ((1 - (z - 0.8) / 3 / tanY) * 60));
        int r = c >> 16 & 0xff, g = c >> 8 & 0xff, b = c & 0xff;
        return g > r + 60 && g > b + 60;
    }
}
