package io.vlaarena.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.architecture.FreshJvm;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.models.onnx.OctoModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain library use prints nothing: a fresh JVM with this module's test class path (ONNX Runtime,
 * DJL's engine and tokenizers, no SLF4J provider) opens a generated model with {@link OnnxVla} and
 * starts an episode, and its standard error stays empty (no "No SLF4J providers" lines from DJL).
 */
class NoLoggingNoiseTest {

    /** Opens the model directory {@code args[0]}, starts a rollout and prints the model's id. */
    public static void main(String[] args) {
        try (OnnxVla vla = OnnxVla.open(Path.of(args[0]), OnnxOptions.defaults());
                VlaRollout rollout = vla.start(new RolloutContext("pick up the red cube", "<mujoco/>", 1, 5))) {
            System.out.println(vla.spec().id());
        }
    }

    @Test
    @Timeout(120)
    void openingAModelWithoutAnSlf4jProviderPrintsNothingOnStandardError(@TempDir Path dir) {
        Path model = OctoModels.writeOctoTiny(dir.resolve("octo-tiny"), 3);
        FreshJvm.Result r = FreshJvm.run(NoLoggingNoiseTest.class, 90, model.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo("octo-tiny");
        assertThat(r.err()).isEmpty();
    }
}
