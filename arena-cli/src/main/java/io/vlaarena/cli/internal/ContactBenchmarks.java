package io.vlaarena.cli.internal;

import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.Simulation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Contact-rich physics against MuJoCo 2.2.2 on the same machine in the same run: the benchmark
 * scenes of arena-sim ({@code io/vlaarena/sim/bench}), each round stepping ours and then MuJoCo's
 * {@code mj_step} through {@code tools/mujoco-reference/mjref.c} ({@code mjref bench}), both
 * timed in CPU time. MuJoCo is measured when the repository's {@code tools/mujoco-reference}
 * is found from the working directory and {@code cc} builds it against an installed
 * {@code libmujoco} (Debian: {@code apt-get install libmujoco-dev}); otherwise the rows hold our
 * figure against the fixed target (MuJoCo's figure on the reference machine, docs/benchmarks.md).
 */
final class ContactBenchmarks {
    /** A benchmark scene: its file, keyframe (or null), steps per round and fallback target in steps/s. */
    record Scene(String name, String file, String key, int steps, double target, String what) {
    }

    static final List<Scene> SCENES = List.of(
            new Scene("physics.contact_stack10", "stack10.xml", null, 5000, 11_800,
                    "a stack of 10 boxes on a plane (~64 contacts, box-box)"),
            new Scene("physics.contact_bin100", "bin100.xml", null, 1000, 940,
                    "100 boxes, spheres and capsules dropped into a bin, the first 2 s (up to 300 contacts)"),
            new Scene("physics.contact_humanoid", "humanoid.xml", null, 20_000, 37_000,
                    "a 27-dof humanoid standing on a plane, held by position servos (8 contacts)"),
            new Scene("physics.contact_arm_boxes", "arm_boxes.xml", "press", 5000, 9_000,
                    "a 6-joint capsule arm pressing on 10 boxes (~50 contacts)"));

    private final PrintWriter progress;
    private Path mjref;
    private boolean looked;

    ContactBenchmarks(PrintWriter progress) {
        this.progress = progress;
    }

    /** Measures one scene over {@code rounds} interleaved rounds. */
    Measurement run(Scene scene, int rounds) {
        String xml = resource(scene.file());
        Simulation sim = SimModel.load(xml).newSimulation();
        // warm-up: at least 3 rounds and 3 s of CPU time, for the JIT to finish compiling the step
        long warm0 = Benchmarks.cpu();
        for (int w = 0; w < 3 || Benchmarks.cpu() - warm0 < 3_000_000_000L; w++) {
            reset(sim, scene);
            sim.step(scene.steps());
        }
        Path mujoco = mjref();
        Path scenePath = mujoco == null ? null : writeScene(scene, xml);
        double[] wall = new double[rounds], cpu = new double[rounds], reference = new double[mujoco == null ? 0 : rounds];
        try {
            for (int r = 0; r < rounds; r++) {
                reset(sim, scene);
                long c0 = Benchmarks.cpu();
                long t0 = System.nanoTime();
                sim.step(scene.steps());
                wall[r] = scene.steps() / ((System.nanoTime() - t0) / 1e9);
                cpu[r] = scene.steps() / ((Benchmarks.cpu() - c0) / 1e9);
                if (mujoco != null) {
                    reference[r] = scene.steps() / mujocoSeconds(mujoco, scenePath, scene);
                }
            }
        } finally {
            deleteQuietly(scenePath);
        }
        return new Measurement(scene.name(), scene.what(), "steps/s", wall, scene.target(), true, cpu, reference);
    }

    private static void reset(Simulation sim, Scene scene) {
        if (scene.key() != null) {
            sim.resetToKey(scene.key());
        } else {
            sim.reset();
        }
    }

    private static String resource(String file) {
        try (InputStream in = SimModel.class.getResourceAsStream("/io/vlaarena/sim/bench/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Missing benchmark scene " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeScene(Scene scene, String xml) {
        try {
            Path p = Files.createTempFile("arena-bench-", "-" + scene.file());
            Files.writeString(p, xml);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU seconds of MuJoCo's {@code mj_step} loop for one round, as mjref reports them. */
    private static double mujocoSeconds(Path mjref, Path scene, Scene s) {
        List<String> cmd = new ArrayList<>(List.of(mjref.toString(), "bench", scene.toString(), "--steps",
                String.valueOf(s.steps())));
        if (s.key() != null) {
            cmd.add("--key");
            cmd.add(s.key());
        }
        String out = exec(cmd, 120);
        for (String line : out.split("\n")) {
            if (line.startsWith("0 ")) {
                return Double.parseDouble(line.split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("mjref bench printed no round: " + out);
    }

    /** The mjref binary built for this run, or null (with the reason on the progress stream) when MuJoCo is not available. */
    private Path mjref() {
        if (looked) {
            return mjref;
        }
        looked = true;
        Path source = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools/mujoco-reference/mjref.c");
            if (Files.isRegularFile(candidate)) {
                source = candidate;
                break;
            }
        }
        if (source == null) {
            progress.println("bench: MuJoCo not measured: tools/mujoco-reference/mjref.c not found from the working directory "
                    + "(run from the repository to compare with MuJoCo 2.2.2)");
            return null;
        }
        try {
            Path dir = Files.createTempDirectory("arena-mjref-");
            Path bin = dir.resolve("mjref");
            String out = exec(List.of("cc", "-O2", "-o", bin.toString(), source.toString(), "-lmujoco", "-lm"), 120);
            if (!Files.isExecutable(bin)) {
                progress.println("bench: MuJoCo not measured: building mjref against libmujoco failed (apt-get install "
                        + "libmujoco-dev): " + out.strip());
                return null;
            }
            bin.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            progress.printf(Locale.ROOT, "bench: MuJoCo measured in the same rounds through %s%n", source);
            mjref = bin;
            return mjref;
        } catch (IOException | RuntimeException e) {
            progress.println("bench: MuJoCo not measured: " + e.getMessage());
            return null;
        }
    }

    /** Runs a command, returns its output (stdout and stderr); an exit code other than 0 is not an error here. */
    private static String exec(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }
}
