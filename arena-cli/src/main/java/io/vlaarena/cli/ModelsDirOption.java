package io.vlaarena.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --models-dir} option of the commands that generate ONNX models ({@code battle}, {@code tournament}, {@code serve}, {@code serve-policy}, {@code bench}). */
final class ModelsDirOption {
    @Option(names = "--models-dir", defaultValue = "arena-data/models", description = "Where generated ONNX models live; "
            + "each is generated there once, on first use (default: ${DEFAULT-VALUE}).")
    Path value;
}
