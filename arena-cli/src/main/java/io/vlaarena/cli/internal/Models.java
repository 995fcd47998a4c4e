package io.vlaarena.cli.internal;

import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaProviders;
import io.vlaarena.models.ScriptedExpert;
import io.vlaarena.onnx.OnnxOptions;
import io.vlaarena.onnx.OnnxVla;
import io.vlaarena.models.MockVla;
import io.vlaarena.models.onnx.OctoModels;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the model names a person types into policies: {@code mock-vla} and {@code mock-vla-N}
 * (deterministic mocks), {@code scripted-expert} (the scripted baseline of the bundled tasks), {@code octo-tiny} and {@code octo-small} (Octo-interface ONNX models with
 * untrained seeded weights, generated under the models directory on first use and run in process
 * on ONNX Runtime), {@code onnx:DIR} (any model directory with a model card), or a policy spec
 * {@code TYPE:ADDRESS} of a provider on the class path ({@code openpi:ws://HOST:PORT},
 * {@code roboarena:ws://…}, {@code openvla:http://…}; see {@link VlaProviders}). Every ONNX model
 * opens on the resolver's device.
 */
public final class Models {
    /** The names this resolver knows besides {@code onnx:DIR} and {@code mock-vla-N}. */
    public static final List<String> BUILT_IN = List.of("mock-vla", "mock-vla-2", ScriptedExpert.DEFAULT_ID, "octo-tiny",
            "octo-small");

    private final Path modelsDir;
    private final PrintWriter progress;
    private final OnnxOptions options;
    private final VlaProviders providers = VlaProviders.load();

    /**
     * A resolver that generates models under {@code modelsDir}, reports generation on {@code progress}
     * and opens ONNX models on {@code device}.
     *
     * @param device {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}, as {@link OnnxOptions#device()}
     * @throws IllegalArgumentException for any other device, naming the valid ones (checked here, before
     *     any model is generated or opened)
     */
    public Models(Path modelsDir, PrintWriter progress, String device) {
        this.modelsDir = modelsDir;
        this.progress = progress;
        this.options = OnnxOptions.builder().device(device).build();
    }

    /**
     * The options every ONNX model opens with: the device, the card's other settings. Whether
     * {@code auto} found CUDA shows only on an opened model ({@link OnnxVla#device()}).
     */
    public OnnxOptions options() {
        return options;
    }

    /**
     * The policy named {@code name}; the caller closes it. ONNX models open as {@link #openOnnx} says,
     * specs through their provider (which connects to the server).
     */
    public Vla open(String name) {
        if (name.equals("mock-vla") || name.matches("mock-vla-[A-Za-z0-9_.-]{1,40}")) {
            return new MockVla(name);
        }
        if (name.equals(ScriptedExpert.DEFAULT_ID)) {
            return ScriptedExpert.of();
        }
        if (providers.isSpec(name)) {
            return providers.open(providers.parseSpec(name));
        }
        return openOnnx(name);
    }

    /** The providers found on the class path, for models.yaml types and specs. */
    public VlaProviders providers() {
        return providers;
    }

    /**
     * The ONNX model named {@code name}: {@code octo-tiny}, {@code octo-small} or {@code onnx:DIR}, on
     * this resolver's device; the caller closes it.
     *
     * @throws io.vlaarena.core.ModelLoadException when the model cannot be loaded, or not on the device
     *     asked for ({@code cuda} without ONNX Runtime's GPU build names the missing artifact, before
     *     any model is generated)
     */
    public OnnxVla openOnnx(String name) {
        OnnxVla.checkDevice(options); // before a model is generated for a device this build cannot use
        if (name.equals("octo-tiny")) {
            return OnnxVla.open(generated("octo-tiny", false), options);
        }
        if (name.equals("octo-small")) {
            return OnnxVla.open(generated("octo-small-arch", true), options.toBuilder().modelId("octo-small").build());
        }
        if (name.startsWith("onnx:")) {
            return OnnxVla.open(Path.of(name.substring("onnx:".length())), options);
        }
        throw new IllegalArgumentException("Unknown model '" + name + "'; known models: " + BUILT_IN
                + ", mock-vla-<name>, onnx:<model directory>, or a policy server: " + providers.types().stream()
                        .map(t -> t + ":<address>").toList());
    }

    /** The directory an ONNX model name opens: generated ones under the models directory, {@code onnx:DIR} as given. */
    public Path directory(String name) {
        return switch (name) {
            case "octo-tiny" -> modelsDir.resolve("octo-tiny");
            case "octo-small" -> modelsDir.resolve("octo-small-arch");
            default -> name.startsWith("onnx:") ? Path.of(name.substring("onnx:".length())) : modelsDir.resolve(name);
        };
    }

    /**
     * The parameter count of a model directory as a service's {@code /info} reports it, e.g.
     * {@code "25M"}: estimated from the size of its ONNX files, whose weights are float32.
     */
    public static String parameters(Path modelDirectory) {
        long bytes = 0;
        try (var files = Files.list(modelDirectory)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".onnx"))::iterator) {
                bytes += Files.size(f);
            }
        } catch (java.io.IOException e) {
            return "";
        }
        double millions = bytes / 4.0 / 1e6;
        return millions >= 10 ? Math.round(millions) + "M"
                : String.format(java.util.Locale.ROOT, "%.1fM", Math.max(0.1, millions));
    }

    private Path generated(String name, boolean small) {
        Path dir = modelsDir.resolve(name);
        if (!Files.exists(dir.resolve(OctoModels.CARD_FILE))) {
            progress.printf("Generating %s (Octo's interface, untrained seeded weights%s) in %s…%n", name,
                    small ? ", ~100 MB, a few seconds" : "", dir.toAbsolutePath());
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
