package io.vlaarena.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PngTest {

    @Test
    void encodedImagesDecodeToTheSamePixels() {
        Random r = new Random(5);
        for (int[] size : new int[][] {{1, 1}, {3, 2}, {64, 48}, {256, 256}}) {
            byte[] px = new byte[size[0] * size[1] * 3];
            r.nextBytes(px);
            RgbImage img = new RgbImage(size[0], size[1], px);
            byte[] png = Png.encode(img);
            assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            assertThat(Png.decode(png)).isEqualTo(img);
        }
    }

    @Test
    void decodesWhatTheJdkEncodesWithEveryFilterAndColourType() throws Exception {
        Random r = new Random(9);
        for (int type : new int[] {java.awt.image.BufferedImage.TYPE_INT_RGB, java.awt.image.BufferedImage.TYPE_INT_ARGB,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY}) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(37, 23, type);
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    // smooth gradients make the JDK's encoder pick varied filters
                    int v = (x * 7 + y * 3 + r.nextInt(3)) & 0xff;
                    img.setRGB(x, y, 0xff000000 | v << 16 | ((v * 2) & 0xff) << 8 | (255 - v));
                }
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", out);
            RgbImage decoded = Png.decode(out.toByteArray());
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    int expected = img.getRGB(x, y) & 0xffffff;
                    if (type == java.awt.image.BufferedImage.TYPE_BYTE_GRAY) {
                        expected = img.getRaster().getSample(x, y, 0) * 0x010101;
                    }
                    assertThat(decoded.rgb(x, y)).as("type %d at %d,%d", type, x, y).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void rejectsBytesThatAreNoPng() {
        assertThatThrownBy(() -> Png.decode(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJdksReaderReadsWhatItWritesPixelForPixel() throws Exception {
        byte[] pixels = new byte[31 * 17 * 3];
        new Random(7).nextBytes(pixels);
        RgbImage image = new RgbImage(31, 17, pixels);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Png.write(image, out);
        assertThat(out.toByteArray()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G', (byte) 13, (byte) 10,
                (byte) 26, (byte) 10);
        java.awt.image.BufferedImage decoded = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(out.toByteArray()));
        assertThat(decoded.getWidth()).isEqualTo(31);
        assertThat(decoded.getHeight()).isEqualTo(17);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 31; x++) {
                assertThat(decoded.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(image.rgb(x, y));
            }
        }
    }
}
