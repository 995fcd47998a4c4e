package io.vlaarena.sim.internal.render;

import io.vlaarena.core.RgbImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes PNGs of the hand-built robot-on-a-table scene to a directory (default /tmp), for looking
 * at the renderer's output: {@code java ... RenderDemo [dir]}.
 */
public final class RenderDemo {
    private RenderDemo() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp");
        SceneBuilder.Scene scene = SceneBuilder.robotOnTable().build();
        Renderer renderer = new Renderer();
        Renderer smooth = new Renderer(RenderSettings.defaults().withSupersampling(2));
        write(renderer.render(scene.model(), scene.frame(), -1, 256, 256), dir.resolve("arena_default_256.png"));
        write(renderer.render(scene.model(), scene.frame(), -1, 640, 480), dir.resolve("arena_default_640x480.png"));
        write(smooth.render(scene.model(), scene.frame(), -1, 640, 480), dir.resolve("arena_default_640x480_ss2.png"));
        write(renderer.render(scene.model(), scene.frame(), 0, 256, 256), dir.resolve("arena_front_256.png"));
        write(renderer.render(scene.model(), scene.frame(), 0, 640, 480), dir.resolve("arena_front_640x480.png"));
        write(renderer.render(scene.model(), scene.frame(), 1, 256, 256), dir.resolve("arena_overhead_256.png"));
    }

    private static void write(RgbImage image, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            PngWriter.write(image, out);
        }
        System.out.println("wrote " + file);
    }
}
