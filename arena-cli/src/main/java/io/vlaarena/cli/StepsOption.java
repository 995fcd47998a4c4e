package io.vlaarena.cli;

import picocli.CommandLine.Option;

/** The {@code --steps} option of the commands that run episodes ({@code demo}, {@code battle}, {@code tournament}, {@code serve}). */
final class StepsOption {
    @Option(names = "--steps", defaultValue = "75", description = "Actions per episode (default: ${DEFAULT-VALUE}, 15 s at 5 Hz).")
    int value;
}
