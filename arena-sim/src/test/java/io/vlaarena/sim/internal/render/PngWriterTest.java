package io.vlaarena.sim.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngWriterTest {
    @Test
    void pngRoundTripsThroughImageIo() throws IOException {
        byte[] pixels = new byte[31 * 17 * 3];
        new Random(7).nextBytes(pixels);
        RgbImage image = new RgbImage(31, 17, pixels);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngWriter.toBytes(image)));

        assertThat(decoded.getWidth()).isEqualTo(31);
        assertThat(decoded.getHeight()).isEqualTo(17);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 31; x++) {
                assertThat(decoded.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(image.rgb(x, y));
            }
        }
    }

    @Test
    void renderedImageRoundTripsThroughImageIo() throws IOException {
        SceneBuilder.Scene scene = SceneBuilder.robotOnTable().build();
        RgbImage image = new Renderer().render(scene.model(), scene.frame(), -1, 96, 72);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngWriter.toBytes(image)));

        for (int y = 0; y < 72; y++) {
            for (int x = 0; x < 96; x++) {
                assertThat(decoded.getRGB(x, y) & 0xffffff).isEqualTo(image.rgb(x, y));
            }
        }
    }

    @Test
    void startsWithThePngSignature() {
        byte[] png = PngWriter.toBytes(new RgbImage(1, 1, new byte[3]));

        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G', (byte) 13, (byte) 10, (byte) 26,
                (byte) 10);
    }
}
