package io.vlaarena.sim.internal.render;

import io.vlaarena.sim.internal.model.MjModel;

/**
 * Plain timing of the renderer on the robot-on-a-table scene padded to about 40 geoms:
 * {@code java ... RenderBenchmark [seconds per case]}. Prints milliseconds per frame (median and
 * 90th percentile after a warm-up) for 256x256 and 640x480, with and without supersampling.
 */
public final class RenderBenchmark {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private RenderBenchmark() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        SceneBuilder b = SceneBuilder.robotOnTable();
        // Pad with clutter on the table so the scene has about 40 geoms, like a detailed arm would.
        for (int i = 0; i < 18; i++) {
            double x = 0.32 + 0.05 * (i % 6), y = -0.35 + 0.07 * (i / 6);
            switch (i % 3) {
                case 0 -> b.capsule(SceneBuilder.p(x, y, 0.31), SceneBuilder.p(x + 0.02, y + 0.02, 0.33), 0.01,
                        SceneBuilder.GREEN);
                case 1 -> b.cylinder(SceneBuilder.p(x, y, 0.30), SceneBuilder.p(x, y, 0.34), 0.015,
                        SceneBuilder.BLUE);
                default -> b.ellipsoid(SceneBuilder.p(x, y, 0.315), SceneBuilder.p(0.02, 0.015, 0.015),
                        SceneBuilder.RED);
            }
        }
        SceneBuilder.Scene scene = b.build();
        MjModel m = scene.model();
        System.out.printf("scene: %d geoms, %d lights; java %s%n", m.ngeom, m.nlight, System.getProperty("java.version"));
        run("256x256 free camera", new Renderer(), scene, -1, 256, 256, seconds);
        run("256x256 camera 'front'", new Renderer(), scene, 0, 256, 256, seconds);
        run("256x256 no shadows", new Renderer(RenderSettings.defaults().withShadows(false)), scene, -1, 256, 256, seconds);
        run("256x256 2x2 supersampled", new Renderer(RenderSettings.defaults().withSupersampling(2)), scene, -1, 256, 256,
                seconds);
        run("640x480 free camera", new Renderer(), scene, -1, 640, 480, seconds);
        run("640x480 2x2 supersampled", new Renderer(RenderSettings.defaults().withSupersampling(2)), scene, -1, 640, 480,
                seconds);
    }

    private static void run(String label, Renderer r, SceneBuilder.Scene s, int cam, int w, int h, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 0.4e9);
        while (System.nanoTime() < end) {
            r.render(s.model(), s.frame(), cam, w, h);
        }
        double[] times = new double[100_000], cpu = new double[100_000];
        int n = 0;
        end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end && n < times.length) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            r.render(s.model(), s.frame(), cam, w, h);
            times[n] = (System.nanoTime() - t0) / 1e6;
            cpu[n++] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        java.util.Arrays.sort(times, 0, n);
        java.util.Arrays.sort(cpu, 0, n);
        System.out.printf("%-28s wall median %6.2f ms p90 %6.2f ms min %6.2f | cpu median %6.2f ms p90 %6.2f ms (%d frames)%n",
                label, times[n / 2], times[(int) (n * 0.9)], times[0], cpu[n / 2], cpu[(int) (n * 0.9)], n);
    }
}
