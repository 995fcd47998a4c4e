package io.vlaarena.cli;

import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.RgbImage;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.core.Png;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code arena render}: renders an MJCF scene to a PNG file. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render an MJCF scene to a PNG, in its 'home' keyframe when it has one (else qpos0), "
                + "from a named camera or a default camera that frames the scene.")
final class RenderCommand implements Callable<Integer> {

    @Option(names = "--xml", required = true, description = "The MJCF file. Mesh files it names (meshdir, <mesh file>, STL or OBJ) "
            + "are read relative to its directory and only from inside it.")
    Path xml;

    @Option(names = "--out", required = true, description = "The PNG file to write.")
    Path out;

    @Option(names = "--width", defaultValue = "640", description = "Width in pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "480", description = "Height in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--camera", description = "An MJCF camera name (default: a camera that frames the scene).")
    String camera;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (width < 1 || height < 1 || width > 8192 || height > 8192) {
            throw new ParameterException(spec.commandLine(), "--width and --height must be between 1 and 8192");
        }
        RgbImage image;
        try (Environment env = MjcfEnvironmentFactory.withAssetDirectory(SceneFiles.assetDirectory(xml))
                .create(SceneFiles.read(xml), EnvironmentOptions.defaults())) {
            env.reset(0);
            long t0 = System.nanoTime();
            image = env.render(camera, width, height);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream o = Files.newOutputStream(out)) {
                Png.write(image, o);
            }
            spec.commandLine().getOut().printf("wrote %s (%dx%d, rendered in %d ms)%n", out, width, height, ms);
        }
        return 0;
    }
}
