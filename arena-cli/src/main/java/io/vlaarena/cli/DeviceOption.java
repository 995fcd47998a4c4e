package io.vlaarena.cli;

import io.vlaarena.cli.internal.Models;
import io.vlaarena.core.Vla;
import io.vlaarena.onnx.OnnxVla;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --device} option of the commands that open ONNX models in process. Each command checks
 * the string first (through {@link #models}, or serve's and bench's settings), so an unknown device
 * is a one-line error before anything is generated, opened or started; whether {@code cuda} is
 * usable shows when a model opens.
 */
final class DeviceOption {

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "<device>", description = "Where the ONNX models run: "
            + "cpu, cuda, cuda:N or auto (CUDA when usable, else the CPU). cuda needs ONNX Runtime's GPU build "
            + "(com.microsoft.onnxruntime:onnxruntime_gpu) on the class path (default: ${DEFAULT-VALUE}).")
    String value;

    /** A model resolver on this device; throws {@link IllegalArgumentException} for an unknown device. */
    Models models(Path modelsDir, PrintWriter progress) {
        return new Models(modelsDir, progress, value);
    }

    /** How a policy runs, for the output: {@code " (ONNX Runtime on cpu)"} for an ONNX model, else empty. */
    static String runtime(Vla vla) {
        return vla instanceof OnnxVla onnx ? " (ONNX Runtime on " + onnx.device() + ")" : "";
    }
}
