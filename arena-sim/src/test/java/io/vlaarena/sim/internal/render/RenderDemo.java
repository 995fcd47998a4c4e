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
        FreeCamera closeUp = new FreeCamera(0.5, 0.02, 0.33, 0.45, 200, -30, 45);
        write(smooth.render(scene.model(), scene.frame(), closeUp, 640, 480), dir.resolve("arena_closeup.png"));
        SceneBuilder.Scene shapes = primitives().build();
        write(smooth.render(shapes.model(), shapes.frame(), -1, 640, 360), dir.resolve("arena_primitives.png"));
    }

    /** One of each primitive on a sized gray plane, lit by a positional light that casts shadows. */
    static SceneBuilder primitives() {
        SceneBuilder b = new SceneBuilder();
        b.skybox(new double[] {0.3, 0.5, 0.7}, new double[] {0, 0, 0});
        b.plane(SceneBuilder.p(0, 0, 0), SceneBuilder.IDENTITY, 2, 1, new double[] {0.6, 0.6, 0.6, 1});
        b.sphere(SceneBuilder.p(-1.2, 0, 0.25), 0.25, SceneBuilder.RED);
        b.capsule(SceneBuilder.p(-0.6, -0.2, 0.15), SceneBuilder.p(-0.4, 0.2, 0.5), 0.12, SceneBuilder.GREEN);
        b.cylinder(SceneBuilder.p(0, 0, 0), SceneBuilder.p(0, 0, 0.4), 0.2, SceneBuilder.BLUE);
        b.ellipsoid(SceneBuilder.p(0.6, 0, 0.2), SceneBuilder.p(0.3, 0.15, 0.2), SceneBuilder.WHITE);
        b.box(SceneBuilder.p(1.2, 0, 0.2), SceneBuilder.p(0.2, 0.15, 0.2), 30, SceneBuilder.WOOD);
        b.light(SceneBuilder.p(-1, -1.5, 2.5), SceneBuilder.p(0.4, 0.6, -1), false, true, 0.7, 0.3);
        return b;
    }

    private static void write(RgbImage image, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            io.vlaarena.core.Png.write(image, out);
        }
        System.out.println("wrote " + file);
    }
}
