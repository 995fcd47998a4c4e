package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.RgbImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Height fields are drawn: their bumps shade as a surface, not as the sky behind them. */
@Timeout(60)
class HFieldRenderTest {
    @Test
    void bumpyHeightFieldIsDrawnWithShading() throws Exception {
        Path xml = Path.of(HFieldRenderTest.class.getResource("/io/vlaarena/sim/reference/hfield_poses.xml").toURI());
        String scene = java.nio.file.Files.readString(xml).replace("<worldbody>",
                "<worldbody><light pos='0 0 3' dir='0.3 0.2 -1' directional='true'/>"
                        + "<camera name='above' pos='0 0 2.2' xyaxes='1 0 0 0 1 0'/>");
        SimModel model = SimModel.load(scene, xml.getParent());
        RgbImage img = model.newSimulation().render("above", 160, 120);
        RgbImage sky = SimModel.load("<mujoco><worldbody><camera name='above' pos='0 0 2.2'/></worldbody></mujoco>")
                .newSimulation().render("above", 160, 120);
        int differentFromSky = 0, min = 255, max = 0;
        for (int y = 20; y < 100; y++) {
            for (int x = 20; x < 140; x++) {
                int c = img.rgb(x, y);
                differentFromSky += c != sky.rgb(x, y) ? 1 : 0;
                int g = c >> 8 & 0xff;
                min = Math.min(min, g);
                max = Math.max(max, g);
            }
        }
        System.out.printf("height field render: %d of 9600 pixels not sky, green %d..%d%n", differentFromSky, min, max);
        assertThat(differentFromSky).isGreaterThan(9000);
        // the light falls differently on the slopes of the bumps
        assertThat(max - min).isGreaterThan(40);
    }
}
