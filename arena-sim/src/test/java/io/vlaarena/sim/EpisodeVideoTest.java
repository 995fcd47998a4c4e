package io.vlaarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EpisodeVideoTest {
    private static final SimModel MODEL = SimModel.load(BundledScenes.frankaTableXml());

    @Test
    void writesBothEpisodesSideBySideAsALoopingGif() throws Exception {
        EpisodeVideo video = EpisodeVideo.of(MODEL, "front", 64, 48);
        SimState home = video.initialState();
        Simulation sim = MODEL.newSimulation();
        sim.resetToKey("home");
        List<SimState> left = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sim.step(20);
            left.add(sim.state());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        video.writeSideBySide(home, left, left.subList(0, 3), 2, 100, out);
        byte[] gif = out.toByteArray();
        assertThat(new String(gif, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(1 + 3);
            assertThat(reader.read(0).getWidth()).isEqualTo(64 + 4 + 64);
            assertThat(reader.read(0).getHeight()).isEqualTo(48);
        }
        assertThat(new String(gif, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("NETSCAPE2.0");
    }

    @Test
    void gifColoursStayCloseToTheFrame() throws Exception {
        byte[] px = new byte[8 * 8 * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) 220;
            px[i + 1] = 30;
            px[i + 2] = 30;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Gif.write(List.of(new RgbImage(8, 8, px)), 0, out);
        var img = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        int rgb = img.getRGB(3, 3);
        assertThat(rgb >> 16 & 0xff).isBetween(180, 255);
        assertThat(rgb >> 8 & 0xff).isLessThan(80);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> EpisodeVideo.of(MODEL, "nope", 8, 8)).isInstanceOf(io.vlaarena.core.NotFoundException.class)
                .hasMessageContaining("Unknown camera 'nope'").hasMessageContaining("front");
        EpisodeVideo video = EpisodeVideo.of(MODEL, null, 8, 8);
        assertThatThrownBy(() -> video.frame(new SimState(new double[2], new double[2], 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nq=2");
        assertThatThrownBy(() -> Gif.write(List.of(), 10, new ByteArrayOutputStream())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gif.sideBySide(new RgbImage(2, 2, new byte[12]), new RgbImage(2, 3, new byte[18])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
