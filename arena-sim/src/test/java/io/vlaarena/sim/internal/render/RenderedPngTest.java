package io.vlaarena.sim.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Png;
import io.vlaarena.core.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Rendered frames survive the core's PNG codec exactly, as read by the JDK's own PNG reader. */
class RenderedPngTest {
    @Test
    void renderedImageRoundTripsThroughImageIo() throws IOException {
        SceneBuilder.Scene scene = SceneBuilder.robotOnTable().build();
        RgbImage image = new Renderer().render(scene.model(), scene.frame(), -1, 96, 72);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Png.encode(image)));

        for (int y = 0; y < 72; y++) {
            for (int x = 0; x < 96; x++) {
                assertThat(decoded.getRGB(x, y) & 0xffffff).isEqualTo(image.rgb(x, y));
            }
        }
        assertThat(Png.decode(Png.encode(image))).isEqualTo(image);
    }
}
