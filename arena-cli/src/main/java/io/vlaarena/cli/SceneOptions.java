package io.vlaarena.cli;

import picocli.CommandLine.Option;

/** The {@code --robot} and {@code --scene} options of the commands that compose the bundled scene ({@code battle}, {@code tournament}). */
final class SceneOptions {
    @Option(names = "--robot", defaultValue = "franka", description = "Robot id (default: ${DEFAULT-VALUE}).")
    String robot;

    @Option(names = "--scene", defaultValue = "table", description = "Scene id (default: ${DEFAULT-VALUE}).")
    String scene;
}
