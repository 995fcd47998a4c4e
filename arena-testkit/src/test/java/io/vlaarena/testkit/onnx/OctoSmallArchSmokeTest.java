package io.vlaarena.testkit.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.models.onnx.OctoModels;
import io.vlaarena.onnx.OnnxVla;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one suite test of octo-small-arch: generate, load, predict once. Performance is the benchmark's job. */
@Timeout(300)
class OctoSmallArchSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void loadsAndPredictsOnce() throws Exception {
        long t0 = System.nanoTime();
        Path dir = OctoModels.writeOctoSmallArch(tmp.resolve("octo-small-arch"), 1);
        long t1 = System.nanoTime();
        assertThat(Files.size(dir.resolve(OctoModels.POLICY_FILE))).isBetween(80L << 20, 120L << 20);
        try (OnnxVla vla = OnnxVla.open(dir)) {
            long t2 = System.nanoTime();
            ActionChunk chunk = OnnxVlaTest.predictions(vla, 1, 1).get(0);
            long t3 = System.nanoTime();
            assertThat(vla.spec().id()).isEqualTo("octo-small-arch");
            assertThat(chunk.size()).isEqualTo(4);
            assertThat(chunk.dimension()).isEqualTo(8);
            System.out.printf("octo-small-arch: generate %d ms, load %d ms, first prediction %d ms%n", (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        }
    }
}
