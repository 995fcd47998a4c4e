package io.vlaarena.cli.internal;

import io.vlaarena.core.Vla;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.testkit.MockVla;
import io.vlaarena.testkit.onnx.OctoModels;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the model names a person types into policies: {@code mock-vla} and {@code mock-vla-N}
 * (deterministic mocks), {@code octo-tiny} and {@code octo-small} (Octo-interface ONNX models with
 * untrained seeded weights, generated under the models directory on first use and run in process
 * on ONNX Runtime), or {@code onnx:DIR} (any model directory with a model card).
 */
public final class Models {
    /** The names this resolver knows besides {@code onnx:DIR} and {@code mock-vla-N}. */
    public static final List<String> BUILT_IN = List.of("mock-vla", "mock-vla-2", "octo-tiny", "octo-small");

    private final Path modelsDir;
    private final PrintWriter progress;

    /** A resolver that generates models under {@code modelsDir} and reports generation on {@code progress}. */
    public Models(Path modelsDir, PrintWriter progress) {
        this.modelsDir = modelsDir;
        this.progress = progress;
    }

    /** The policy named {@code name}; the caller closes it. */
    public Vla open(String name) {
        if (name.equals("mock-vla") || name.matches("mock-vla-[A-Za-z0-9_.-]{1,40}")) {
            return new MockVla(name);
        }
        if (name.equals("octo-tiny")) {
            return OnnxVla.open(generated("octo-tiny", false));
        }
        if (name.equals("octo-small")) {
            return OnnxVla.open(generated("octo-small-arch", true),
                    io.vlaarena.onnx.OnnxOptions.builder().modelId("octo-small").build());
        }
        if (name.startsWith("onnx:")) {
            return OnnxVla.open(Path.of(name.substring("onnx:".length())));
        }
        throw new IllegalArgumentException("Unknown model '" + name + "'; known models: " + BUILT_IN
                + ", mock-vla-<name>, or onnx:<model directory>");
    }

    private Path generated(String name, boolean small) {
        Path dir = modelsDir.resolve(name);
        if (!Files.exists(dir.resolve(OctoModels.CARD_FILE))) {
            progress.printf("Generating %s (Octo's interface, untrained seeded weights) in %s…%n", name, dir.toAbsolutePath());
            progress.flush();
            if (small) {
                OctoModels.writeOctoSmallArch(dir, 7);
            } else {
                OctoModels.writeOctoTiny(dir, 7);
            }
        }
        return dir;
    }
}
