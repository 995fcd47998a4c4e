package io.vlaarena.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.support.QuietSlf4j;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Opens the ONNX Runtime sessions of a model directory on the requested device and checks them against the card. */
public final class OrtLoader {
    private OrtLoader() {}

    /**
     * The loaded graphs.
     *
     * @param policy the policy graph
     * @param encoder the text encoder, or {@code null}
     * @param device the device actually used: {@code cpu} or {@code cuda:N}
     */
    public record Loaded(OrtRunner policy, OrtRunner encoder, String device) {}

    /** Session settings after merging the caller's options over the card's. */
    public record Settings(int intraOpThreads, int interOpThreads, String optimizationLevel, DeviceRequest device) {}

    /**
     * The process-wide ONNX Runtime environment. DJL's OnnxRuntime engine insists on creating it
     * itself (with threading options, which ONNX Runtime refuses once an environment exists), so
     * the engine is started first when DJL is present; both paths then share one environment.
     */
    public static OrtEnvironment environment() {
        try {
            QuietSlf4j.whenNoProvider(); // DJL logs through SLF4J: no warning lines when the application has no provider
            ai.djl.engine.Engine.getEngine("OnnxRuntime");
        } catch (RuntimeException | LinkageError e) {
            // Without DJL's engine the direct path works alone; DjlVla reports the problem itself.
        }
        return OrtEnvironment.getEnvironment();
    }

    /** Opens every graph of the card on the requested device. */
    public static Loaded load(ModelCard card, Settings settings) {
        OrtEnvironment env = environment();
        DeviceRequest req = settings.device();
        return req.open(card.id(), CudaProbe.system(), index -> open(env, card, settings, index, req.cudaName()),
                () -> open(env, card, settings, -1, "cpu"));
    }

    /** Opens one graph on the CPU with every optimization off, only to check it against the card. */
    public static void checkOnly(ModelCard card) {
        OrtEnvironment env = environment();
        check(env, card.policyFile(), card.policyInputs(), List.of(card.actionsOutput()));
        if (card.textEncoderFile().isPresent()) {
            check(env, card.textEncoderFile().get(), card.encoderInputs(), List.of(card.encoderOutput().orElseThrow()));
        }
    }

    private static void check(OrtEnvironment env, Path file, List<ModelCard.Tensor> in, List<ModelCard.Tensor> out) {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(file.toString(), o)) {
                OrtRunner.checkAgainstCard(s, file, in, out);
            }
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime could not load graph '" + file + "': " + e.getMessage(), e);
        }
    }

    private static Loaded open(OrtEnvironment env, ModelCard card, Settings settings, int cuda, String device) {
        OrtRunner policy = openOne(env, card.policyFile(), card.policyInputs(), card.actionsOutput(), settings, cuda, "policy of model '" + card.id() + "'");
        OrtRunner encoder = null;
        try {
            if (card.textEncoderFile().isPresent()) {
                encoder = openOne(env, card.textEncoderFile().get(), card.encoderInputs(), card.encoderOutput().orElseThrow(),
                        settings, cuda, "text encoder of model '" + card.id() + "'");
            }
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
        return new Loaded(policy, encoder, device);
    }

    private static OrtRunner openOne(OrtEnvironment env, Path file, List<ModelCard.Tensor> in, ModelCard.Tensor out,
            Settings settings, int cuda, String label) {
        OrtSession session;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            if (settings.intraOpThreads() > 0) {
                o.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                o.setInterOpNumThreads(settings.interOpThreads());
            }
            o.setOptimizationLevel(optLevel(settings.optimizationLevel()));
            if (cuda >= 0) {
                try {
                    o.addCUDA(cuda);
                } catch (OrtException e) {
                    throw new DeviceRequest.Unavailable(e.getMessage(), e);
                }
            }
            try {
                session = env.createSession(file.toString(), o);
            } catch (OrtException e) {
                if (cuda >= 0 && e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("cuda")) {
                    throw new DeviceRequest.Unavailable(e.getMessage(), e);
                }
                throw new ModelLoadException("ONNX Runtime could not load graph '" + file + "': " + e.getMessage(), e);
            }
        } catch (OrtException e) {
            throw new ModelLoadException("Could not configure ONNX Runtime for graph '" + file + "': " + e.getMessage(), e);
        }
        try {
            OrtRunner.checkAgainstCard(session, file, in, List.of(out));
        } catch (RuntimeException e) {
            try {
                session.close();
            } catch (OrtException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new OrtRunner(env, session, label);
    }

    /** Maps the card's and options' level names to ONNX Runtime's. */
    public static OrtSession.SessionOptions.OptLevel optLevel(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "disabled", "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case "all" -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            default -> throw new ModelLoadException("Unknown graph optimization level '" + level
                    + "'; valid levels: disabled, basic, extended, all");
        };
    }
}
