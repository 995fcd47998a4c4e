package io.vlaarena.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ArenaCliTest {
    static final String PENDULUM = """
            <mujoco model="pendulum">
              <compiler angle="radian"/>
              <option timestep="0.002"/>
              <worldbody>
                <body name="bob" pos="0 0 1">
                  <joint name="swing" type="hinge" axis="0 1 0" ref="0"/>
                  <geom type="sphere" size="0.05" pos="0 0 -0.5" mass="1"/>
                </body>
              </worldbody>
              <actuator><motor name="torque" joint="swing" gear="1"/></actuator>
              <keyframe><key name="tilted" qpos="1.0"/></keyframe>
            </mujoco>
            """;

    record Run(int code, String out, String err) {}

    /**
     * Skips a test that expects ONNX Runtime's CPU artifact (the default build; {@code -Pcuda} puts
     * the GPU artifact on the class path and the build says which in this property).
     */
    static void assumeCpuArtifact() {
        String artifact = System.getProperty("vlaarena.onnxruntime.artifact", "onnxruntime");
        org.junit.jupiter.api.Assumptions.assumeTrue(artifact.equals("onnxruntime"), "built with " + artifact);
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ArenaCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionIsTheVersionBuilt() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out().trim()).isEqualTo("arena " + System.getProperty("vlaarena.project.version"))
                .matches("arena \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void simInfoPrintsTheLayout(@TempDir Path dir) throws Exception {
        Path xml = Files.writeString(dir.resolve("p.xml"), PENDULUM);
        Run r = run("sim", "--xml", xml.toString(), "--info");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("nq=1 nv=1 nu=1", "0.0");
    }

    @Test
    void simPrintsTimeAndQposPerStep(@TempDir Path dir) throws Exception {
        Path xml = Files.writeString(dir.resolve("p.xml"), PENDULUM);
        Run r = run("sim", "--xml", xml.toString(), "--steps", "3", "--substeps", "10", "--key", "tilted");
        assertThat(r.code()).as(r.err()).isZero();
        var lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        String[] last = lines.get(2).split(" ");
        assertThat(Double.parseDouble(last[0])).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-12));
        double angle = Double.parseDouble(last[1]);
        assertThat(angle).isLessThan(1.0).isGreaterThan(0.9);

        Run pushed = run("sim", "--xml", xml.toString(), "--steps", "1", "--substeps", "50", "--ctrl", "5");
        assertThat(Double.parseDouble(pushed.out().trim().split(" ")[1])).isPositive();
    }

    @Test
    void renderWritesAPng(@TempDir Path dir) throws Exception {
        Path xml = Files.writeString(dir.resolve("p.xml"), PENDULUM);
        Path png = dir.resolve("out/p.png");
        Run r = run("render", "--xml", xml.toString(), "--out", png.toString(), "--width", "64", "--height", "48");
        assertThat(r.code()).as(r.err()).isZero();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
    }

    @Test
    void errorsAreOneLineWithoutStackTrace(@TempDir Path dir) throws Exception {
        Run missing = run("sim", "--xml", dir.resolve("nope.xml").toString(), "--info");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().lines().toList()).hasSize(1);
        assertThat(missing.err()).startsWith("arena: No such file").doesNotContain("Exception").doesNotContain("\tat ");

        Path bad = Files.writeString(dir.resolve("bad.xml"), "<mujoco>\n<worldbody>\n</mujoco>");
        Run malformed = run("sim", "--xml", bad.toString(), "--info");
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.err()).contains("line 3").doesNotContain("\tat ");

        Run verbose = run("sim", "--xml", bad.toString(), "--info", "--verbose");
        assertThat(verbose.err()).contains("\tat ");

        Run wrongCtrl = run("sim", "--xml", Files.writeString(dir.resolve("p.xml"), PENDULUM).toString(), "--ctrl", "1,2");
        assertThat(wrongCtrl.code()).isEqualTo(1);
        assertThat(wrongCtrl.err()).contains("--ctrl needs 1 values");

        Run camera = run("render", "--xml", dir.resolve("p.xml").toString(), "--out", dir.resolve("x.png").toString(),
                "--camera", "nope");
        assertThat(camera.err()).contains("Unknown camera 'nope'");
    }

    /** A binary STL box of half-size 0.05: 12 triangles. */
    static byte[] boxStl() {
        float h = 0.05f;
        int[][] quads = {{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}};
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(84 + 50 * 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[80]).putInt(12);
        for (int[] q : quads) {
            for (int[] t : new int[][] {{q[0], q[1], q[2]}, {q[0], q[2], q[3]}}) {
                b.putFloat(0).putFloat(0).putFloat(0);
                for (int v : t) {
                    b.putFloat((v & 4) != 0 ? h : -h).putFloat((v & 2) != 0 ? h : -h).putFloat((v & 1) != 0 ? h : -h);
                }
                b.putShort((short) 0);
            }
        }
        return b.array();
    }

    @Test
    void simAndRenderReadMeshFilesNextToTheScene(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("meshes"));
        Files.write(dir.resolve("meshes/box.stl"), boxStl());
        Path xml = Files.writeString(dir.resolve("mesh.xml"), """
                <mujoco model="mesh">
                  <compiler meshdir="meshes"/>
                  <asset><mesh file="box.stl"/></asset>
                  <worldbody>
                    <geom type="plane" size="1 1 0.1"/>
                    <body pos="0 0 0.2"><freejoint/><geom type="mesh" mesh="box" rgba="0.8 0.2 0.2 1"/></body>
                  </worldbody>
                </mujoco>
                """);
        Run info = run("sim", "--xml", xml.toString(), "--info");
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out().lines().toList()).first().isEqualTo("nq=7 nv=6 nu=0");
        Run steps = run("sim", "--xml", xml.toString(), "--steps", "1", "--substeps", "500");
        assertThat(steps.code()).as(steps.err()).isZero();
        // after a second the box rests on the plane, its centre about its half-size high
        assertThat(Double.parseDouble(steps.out().trim().split(" ")[3])).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.002));
        Path png = dir.resolve("mesh.png");
        Run render = run("render", "--xml", xml.toString(), "--out", png.toString(), "--width", "32", "--height", "24");
        assertThat(render.code()).as(render.err()).isZero();
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');

        Files.createDirectories(dir.resolve("sub"));
        Path escaping = Files.writeString(dir.resolve("sub/escape.xml"), Files.readString(xml).replace("meshdir=\"meshes\"", "meshdir=\"../meshes\""));
        Run refused = run("sim", "--xml", escaping.toString(), "--info");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().lines().toList()).hasSize(1);
        assertThat(refused.err()).contains("Mesh 'box': the file '../meshes/box.stl'").contains("outside the granted asset directory");
    }

    @Test
    void unknownCommandOrOptionIsAUsageError() {
        Run r = run("fly");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("fly");
    }

    @Test
    void demoShowsTheExpertDoingTheTaskNextToAModelThatDoesNot(@TempDir Path dir) throws Exception {
        Run r = run("demo", "--seed", "3", "--opponent", "mock-vla", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        try (var gifs = Files.list(dir)) {
            assertThat(gifs.filter(p -> p.toString().endsWith(".gif")).count()).isEqualTo(1);
        }
        assertThat(r.out()).contains("models scripted-expert and mock-vla").contains("Task: lift_red_cube (\"pick up the red cube\")")
                .contains("side by side").contains("task judge").contains("Leaderboard: Elo")
                .contains("Bradley-Terry with Davidson ties").contains("Success rates");
        assertThat(r.out()).containsOnlyOnce("task done (progress 100%)").containsOnlyOnce("task not done (progress ");
        String vote = r.out().lines().filter(l -> l.contains("vote:")).findFirst().orElseThrow();
        boolean expertLeft = vote.contains("left was scripted-expert");
        assertThat(vote).contains(expertLeft ? "vote: left_better" : "vote: right_better");
        assertThat(r.out()).containsPattern("scripted-expert +lift_red_cube +100% \\[21, 100\\] +1\\n");

        Run again = run("demo", "--steps", "3", "--seed", "4", "--opponent", "mock-vla", "--out", dir.toString(), "--no-gif");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).as("the embedded store keeps the first run's vote").contains("(2 so far)");
        Run voted = run("demo", "--steps", "3", "--vote", "left", "--opponent", "mock-vla", "--no-gif", "--in-memory", "--out",
                dir.toString());
        assertThat(voted.out()).contains("vote: left_better (--vote)");
        Run free = run("demo", "--steps", "3", "--instruction", "wave at the camera", "--opponent", "mock-vla", "--no-gif",
                "--in-memory", "--out", dir.toString());
        assertThat(free.code()).as(free.err()).isZero();
        assertThat(free.out()).contains("Task: none: free text").contains("task-progress judge");
        Run badVote = run("demo", "--steps", "3", "--vote", "great", "--no-gif", "--in-memory", "--out", dir.toString());
        assertThat(badVote.code()).isEqualTo(1);
        assertThat(badVote.err()).contains("left_better");
        Run badTask = run("demo", "--task", "fly", "--no-gif", "--in-memory", "--out", dir.toString());
        assertThat(badTask.code()).isEqualTo(1);
        assertThat(badTask.err()).contains("Unknown task 'fly'; the tasks of suite 'franka-table'");
    }

    @Test
    void benchReportsEachFigureWithItsTarget() {
        Run r = run("bench", "--only", "episode.mock_75", "--rounds", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"name\": \"episode.mock_75\"").contains("\"target\": 300.0")
                .contains("\"load_average_before\"").contains("\"cpu_median\"");
        Run unknown = run("bench", "--only", "warp");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("Unknown benchmark 'warp'").contains("physics.franka_table")
                .contains("http.predict_p99").contains("storage.concurrent_100_turns").contains("onnx.adapter_overhead");

        Run turn = run("bench", "--only", "http.turn_2_mock_75", "--rounds", "1");
        assertThat(turn.code()).as(turn.err()).isZero();
        assertThat(turn.out()).contains("http.turn_2_mock_75").contains("<= 1,000 ms")
                .as("the slow ONNX benchmarks are named with their cost when left out")
                .contains("Not run: onnx.predict_p50, onnx.predict_p95, onnx.adapter_overhead, onnx.episode_whole_chunk")
                .contains("2-4 minutes").contains("--all");
    }

    @Test
    void benchmarksCoverEveryModuleAndLeaveTheSlowOnesOutByDefault() {
        io.vlaarena.cli.internal.Benchmarks b = new io.vlaarena.cli.internal.Benchmarks(1);
        assertThat(b.names()).containsSubsequence("physics.franka_table", "episode.mock_75", "http.predict_p50",
                "http.predict_p99", "http.predict_16_clients", "http.predict_10_concurrent", "http.turn_2_mock_75",
                "http.reads_under_8_turns", "storage.store_load_p50", "storage.concurrent_100_turns", "onnx.predict_p50", "onnx.predict_p95",
                "onnx.adapter_overhead", "onnx.episode_whole_chunk");
        assertThat(b.slow()).allMatch(n -> n.startsWith("onnx."));
        assertThat(b.defaults()).doesNotContainAnyElementsOf(b.slow()).contains("http.predict_10_concurrent");
    }

    @Test
    void battleRunsTwoNamedModelsAndWritesAGif(@TempDir Path dir) throws Exception {
        Path gif = dir.resolve("b.gif");
        Run r = run("battle", "--left", "mock-vla", "--right", "octo-tiny", "--instruction", "pick up the red cube",
                "--steps", "4", "--gif", gif.toString(), "--models-dir", dir.resolve("models").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("left  mock-vla").contains("right octo-tiny").contains("judge: ");
        assertThat(Files.size(gif)).isPositive();
        Run unknown = run("battle", "--left", "gpt-9", "--right", "mock-vla", "--instruction", "x");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("Unknown model 'gpt-9'").contains("octo-tiny");
    }

    @Test
    void battleRunsAGenericCardModelDirectoryAndRefusesABadCardInOneLine(@TempDir Path dir) throws Exception {
        Path model = io.vlaarena.models.onnx.PolicyModels.write(dir.resolve("two-cameras"),
                io.vlaarena.models.onnx.PolicyShape.twoCameras());
        Run r = run("battle", "--left", "onnx:" + model, "--right", "mock-vla", "--instruction", "pick up the red cube",
                "--steps", "6", "--models-dir", dir.resolve("models").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("left  two-cameras").contains("completed 6 actions").contains("judge: ");
        Path card = model.resolve(io.vlaarena.models.onnx.PolicyModels.CARD_FILE);
        Files.writeString(card, Files.readString(card).replace("\"layout\": \"nchw\"", "\"layout\": \"chw\""));
        Run bad = run("battle", "--left", "onnx:" + model, "--right", "mock-vla", "--instruction", "x", "--steps", "2");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("layout is 'chw'; valid layouts: [nchw, nhwc]");
    }

    @Test
    void anUnknownDeviceIsOneLineNamingTheValidOnesBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Path tasks = Files.writeString(dir.resolve("tasks.txt"), "pick up the red cube\n");
        Path out = dir.resolve("out");
        List<Run> runs = List.of(
                run("demo", "--device=gpu0", "--steps", "3", "--out", out.toString()),
                run("battle", "--device=gpu0", "--left", "mock-vla", "--right", "octo-tiny", "--instruction", "x",
                        "--steps", "3", "--gif", out.resolve("b.gif").toString(), "--models-dir", out.resolve("models").toString()),
                run("tournament", "--device", "gpu0", "--models", "mock-vla,octo-tiny", "--instructions", tasks.toString(),
                        "--steps", "3", "--models-dir", out.resolve("models").toString()),
                run("bench", "--device", "gpu0", "--only", "episode.mock_75", "--rounds", "1",
                        "--models-dir", out.resolve("models").toString()));
        for (Run r : runs) {
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("arena: Unknown device 'gpu0'").contains("cpu, cuda, cuda:N").contains("auto")
                    .doesNotContain("\tat ");
            assertThat(r.out()).as("nothing ran").isEmpty();
        }
        assertThat(out).as("no model generated, no store opened, no GIF written").doesNotExist();
    }

    @Test
    void cudaWithoutTheGpuBuildIsOneLineNamingTheMissingArtifact(@TempDir Path dir) {
        assumeCpuArtifact();
        Path demoOut = dir.resolve("demo");
        Run demo = run("demo", "--device=cuda", "--steps", "3", "--out", demoOut.toString());
        assertThat(demo.code()).isEqualTo(1);
        assertThat(demo.err().lines().toList()).as(demo.err()).hasSize(1);
        assertThat(demo.err()).contains("Device 'cuda:0' was requested but").contains("onnxruntime_gpu")
                .doesNotContain("\tat ");
        assertThat(demoOut.resolve("store")).as("the store is not opened: no battle, turn or vote stored").doesNotExist();
        assertThat(demoOut.resolve("models")).as("no model is generated for a device this build cannot use").doesNotExist();
        assertThat(demo.out()).doesNotContain("Battle ");

        Path gif = dir.resolve("b.gif");
        Run battle = run("battle", "--device", "cuda:1", "--left", "mock-vla", "--right", "octo-tiny", "--instruction", "x",
                "--steps", "3", "--gif", gif.toString(), "--models-dir", demoOut.resolve("models").toString());
        assertThat(battle.code()).isEqualTo(1);
        assertThat(battle.err().lines().toList()).as(battle.err()).hasSize(1);
        assertThat(battle.err()).contains("Device 'cuda:1'").contains("onnxruntime_gpu");
        assertThat(battle.out()).as("no episode ran").doesNotContain("judge:");
        assertThat(gif).doesNotExist();
    }

    @Test
    void autoDeviceRunsOnTheCpuAndSaysSo(@TempDir Path dir) throws Exception {
        assumeCpuArtifact();
        Path models = dir.resolve("models");
        Run battle = run("battle", "--device=auto", "--left", "mock-vla", "--right", "octo-tiny", "--instruction",
                "pick up the red cube", "--steps", "3", "--models-dir", models.toString());
        assertThat(battle.code()).as(battle.err()).isZero();
        assertThat(battle.out()).containsPattern("right octo-tiny +completed 3 actions .*\\(ONNX Runtime on cpu\\)")
                .containsPattern("left  mock-vla +completed 3 actions in \\d+ ms, task score [-\\d.]+\\n");

        Run demo = run("demo", "--device", "auto", "--steps", "3", "--in-memory", "--no-gif", "--out", dir.toString());
        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("models scripted-expert and octo-tiny (ONNX Runtime on cpu)");

        Path tasks = Files.writeString(dir.resolve("tasks.txt"), "pick up the red cube\n");
        Run tournament = run("tournament", "--device", "auto", "--models", "mock-vla,octo-tiny", "--instructions",
                tasks.toString(), "--steps", "3", "--models-dir", models.toString());
        assertThat(tournament.code()).as(tournament.err()).isZero();
        assertThat(tournament.out()).contains("  octo-tiny (ONNX Runtime on cpu)").contains("2 matches");
    }

    @Test
    void tournamentPlaysEveryPairBothWaysOnEveryTaskAndPrintsSuccessRatesAndTheDavidsonBoard(@TempDir Path dir)
            throws Exception {
        Path tasks = Files.writeString(dir.resolve("tasks.txt"), "# tasks\npick up the red cube\n\npush_red_to_square\n");
        Run r = run("tournament", "--models", "mock-vla,mock-vla-2,mock-vla-3", "--instructions", tasks.toString(),
                "--steps", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 models, 2 tasks, 1 round: 12 matches on franka/table")
                .contains("Shard 0/1: 12 played, 0 already stored, 0 failed.")
                .contains("Success rates (95% Wilson intervals)")
                .containsPattern("mock-vla-2 +lift_red_cube +0% \\[0, 49\\] +4\\n")
                .containsPattern("mock-vla +all tasks +0% \\[0, 32\\] +8\\n")
                .contains("Leaderboard: Bradley-Terry with Davidson ties");
        assertThat(r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+mock-vla.*\\[.*")).count()).isEqualTo(3);
        assertThat(r.err()).contains("12/12");
        Run one = run("tournament", "--models", "mock-vla,mock-vla", "--instructions", tasks.toString());
        assertThat(one.code()).isEqualTo(2);
        assertThat(one.err()).contains("at least two distinct models");
        Run empty = run("tournament", "--models", "mock-vla,mock-vla-2", "--instructions",
                Files.writeString(dir.resolve("none.txt"), "# nothing\n").toString());
        assertThat(empty.err()).contains("has no instruction");
        Run free = run("tournament", "--models", "mock-vla,mock-vla-2", "--instructions",
                Files.writeString(dir.resolve("free.txt"), "dance\n").toString());
        assertThat(free.code()).isEqualTo(1);
        assertThat(free.err()).contains("The instruction 'dance'").contains("is no task of suite 'franka-table'")
                .contains("lift_red_cube (\"pick up the red cube\")");
        Run badShard = run("tournament", "--models", "mock-vla,mock-vla-2", "--shard", "3/3");
        assertThat(badShard.code()).isEqualTo(2);
        assertThat(badShard.err()).contains("--shard: A shard is written i/N with 0 <= i < N");
        Run unknownTask = run("tournament", "--models", "mock-vla,mock-vla-2", "--tasks", "fly");
        assertThat(unknownTask.err()).contains("Unknown task 'fly'; the tasks of suite 'franka-table'");
    }
}
