package io.vlaarena.testkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.models.onnx.OctoModels;
import io.vlaarena.onnx.DjlVla;
import io.vlaarena.onnx.OnnxVla;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class DjlVlaTest {
    @TempDir
    Path tmp;

    @Test
    void producesTheSameActionsAsTheDirectPathForTheSameSeed() {
        Path dir = OctoModels.writeOctoTiny(tmp.resolve("octo-tiny"), 9);
        List<ActionChunk> direct;
        try (OnnxVla vla = OnnxVla.open(dir)) {
            direct = OnnxVlaTest.predictions(vla, 77, 3);
        }
        try (DjlVla djl = DjlVla.open(dir)) {
            assertThat(djl.spec().id()).isEqualTo("octo-tiny");
            assertThat(djl.device()).isEqualTo("cpu");
            List<ActionChunk> viaDjl = OnnxVlaTest.predictions(djl, 77, 3);
            for (int i = 0; i < direct.size(); i++) {
                for (int k = 0; k < 4; k++) {
                    double[] a = direct.get(i).get(k).values();
                    double[] b = viaDjl.get(i).get(k).values();
                    for (int d = 0; d < a.length; d++) {
                        assertThat(b[d]).as("prediction %d, action %d, value %d", i, k, d)
                                .isCloseTo(a[d], org.assertj.core.data.Offset.offset(1e-5 + 1e-5 * Math.abs(a[d])));
                    }
                }
            }
        }
    }
}
