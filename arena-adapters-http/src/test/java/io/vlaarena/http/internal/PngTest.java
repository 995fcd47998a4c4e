package io.vlaarena.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.RgbImage;
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
    void rejectsBytesThatAreNoPng() {
        assertThatThrownBy(() -> Png.decode(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }
}
