package io.vlaarena.onnx.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.models.onnx.OctoModels;
import io.vlaarena.onnx.OnnxOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The measuring routine works end to end on octo-tiny; it asserts no timing. */
@Timeout(120)
class OnnxBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void measuresEveryFigureOnOctoTiny() {
        Path dir = OctoModels.writeOctoTiny(tmp.resolve("octo-tiny"), 2);
        OnnxBenchmark.Result r = OnnxBenchmark.run(dir, new OnnxBenchmark.Settings(2, 10, 9, OnnxOptions.defaults()));
        assertThat(r.modelId()).isEqualTo("octo-tiny");
        assertThat(r.device()).isEqualTo("cpu");
        assertThat(r.episodeActions()).isEqualTo(9);
        assertThat(r.episodePredictions()).isEqualTo(3);
        assertThat(r.adapterP95()).isGreaterThanOrEqualTo(r.adapterP50());
        assertThat(r.describe()).contains("octo-tiny").contains("overhead");
    }
}
