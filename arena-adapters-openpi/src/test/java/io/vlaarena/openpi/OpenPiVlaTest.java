package io.vlaarena.openpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ChunkExecution;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RemoteServiceException;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.SimState;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenPiVlaTest {
    private static final byte[] EMPTY_METADATA = OpenPiCodec.encode(Map.of());

    /** Joint positions for the franka: two small cameras, qpos[0:9] as state, 8 joint targets. */
    static OpenPiMapping arenaJointPositions() {
        return OpenPiMapping.builder("arena-test")
                .camera(new OpenPiMapping.Camera(List.of("observation/image"), "primary", "front", 64, 48, 32, 32, false))
                .camera(new OpenPiMapping.Camera(List.of("observation/wrist_image"), "wrist", "wrist_cam", 32, 32, 32, 32,
                        false))
                .state(OpenPiMapping.State.of("observation/state", "qpos[0:9]"))
                .prompt("prompt")
                .actions(OpenPiMapping.Actions.identity(8, ActionSpace.JOINT_POSITION, 4))
                .build();
    }

    /** The franka's home pose as joint targets, the first joint nudged by the chunk index and what it sees. */
    static Vla homeHolder(String id) {
        VlaSpec spec = VlaSpec.builder(id).actionDimension(8).actionSpace(ActionSpace.JOINT_POSITION).actionHorizon(4)
                .observation(new ObservationSpec(List.of(ImageSpec.of("primary", 32, 32), ImageSpec.of("wrist", 32, 32)),
                        true, 1))
                .build();
        return Vla.stateless(spec, (o, instruction) -> {
            double[] q = o.state().qpos();
            List<Action> chunk = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                chunk.add(new Action(new double[] {0.01 * t + 0.5 * q[0], -0.785398, 0, -2.356194, 0, 1.570796, 0.785398,
                        q.length > 7 ? q[7] : 0.04}));
            }
            return new ActionChunk(chunk);
        });
    }

    private static Episode run(Vla vla, int steps) {
        return run(vla, EpisodeRunner.builder().maxSteps(steps).chunkExecution(ChunkExecution.WHOLE_CHUNK).build(),
                ActionSpace.JOINT_POSITION);
    }

    private static Episode run(Vla vla, EpisodeRunner runner, ActionSpace space) {
        String xml = BundledScenes.frankaTableXml();
        try (Environment env = new MjcfEnvironmentFactory().create(xml, EnvironmentOptions.defaults().withActionSpace(space))) {
            return runner.run(vla, env, new RolloutContext("pick up the red cube", xml, 0, 1000));
        }
    }

    @Test
    void ourClientAgainstOurServerRunsAnEpisodeInTheSimulator() {
        Vla served = homeHolder("served-policy");
        List<OpenPiVla.Timing> timings = new CopyOnWriteArrayList<>();
        try (OpenPiServer server = OpenPiServer.builder(served).mapping(arenaJointPositions())
                .metadata(Map.of("policy", "home holder")).start();
                OpenPiVla remote = OpenPiVla.builder(server.uri().toString()).id("pi-remote").mapping(arenaJointPositions())
                        .timingListener(timings::add).connect()) {
            assertThat(remote.metadata()).isEqualTo(Map.of("policy", "home holder"));
            assertThat(remote.spec().observation().images()).extracting(ImageSpec::camera).containsExactly("front", "wrist_cam");
            Episode viaNetwork = run(remote, 12);
            Episode inProcess = run(served, 12);
            assertThat(viaNetwork.isCompleted()).as(viaNetwork.failure().map(EpisodeFailure::message).orElse("")).isTrue();
            assertThat(viaNetwork.actions()).hasSize(12);
            for (int i = 0; i < 12; i++) {
                double[] remoteAction = viaNetwork.actions().get(i).values();
                double[] localAction = inProcess.actions().get(i).values();
                for (int k = 0; k < 8; k++) {
                    // answers travel as float32, as openpi's servers send them
                    assertThat(remoteAction[k]).isCloseTo(localAction[k], org.assertj.core.data.Offset.offset(1e-6));
                }
            }
            assertThat(timings).hasSize(3); // 12 actions, 4 per answer
            assertThat(timings.get(0).serverInferMs()).isPresent();
            assertThat(timings.get(0).policyInferMs()).isPresent();
            assertThat(timings.get(1).prevTotalMs()).isPresent();
            assertThat(server.episodesStarted()).isEqualTo(1);
        }
    }

    @Test
    void theDroidPresetCarriesStateImagesAndActionsBothWays() {
        try (OpenPiServer server = OpenPiServer.builder(TestPolicies.droidShaped("droid-shaped")).mapping(OpenPiMapping.droid())
                .start();
                OpenPiVla remote = OpenPiVla.builder(server.uri().toString()).mapping(OpenPiMapping.droid()).connect();
                VlaRollout rollout = remote.start(new RolloutContext("wipe the table", "", 0, 10))) {
            double[] qpos = {0.1, -0.7, 0.05, -2.3, 0.02, 1.5, 0.8, 0.03, 0.03};
            byte[] gray = new byte[320 * 180 * 3];
            java.util.Arrays.fill(gray, (byte) 204);
            RgbImage img = new RgbImage(320, 180, gray);
            ActionChunk chunk = rollout.predict(new Observation(0, new SimState(qpos, new double[9], 0),
                    Map.of("primary", img, "wrist", img)), "wipe the table");
            assertThat(chunk.size()).isEqualTo(8); // DROID's open-loop horizon of the 10 sent
            for (int t = 0; t < 8; t++) {
                for (int i = 0; i < 7; i++) {
                    assertThat(chunk.get(t).get(i)).isCloseTo(qpos[i] + t / 100.0, org.assertj.core.data.Offset.offset(1e-6));
                }
                // gray 204 at the image's centre survives resize-with-pad; the gripper travels as 0 open … 1 closed
                assertThat(chunk.get(t).get(7)).isCloseTo(204 / 255.0 * 0.04, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void aDroidPolicyDrivesTheFrankasJointsByVelocityThroughBothCameras() {
        List<Integer> wristPixels = new CopyOnWriteArrayList<>();
        VlaSpec spec = VlaSpec.builder("droid-velocity").actionDimension(8).actionSpace(ActionSpace.JOINT_VELOCITY)
                .actionHorizon(10).observation(new ObservationSpec(List.of(ImageSpec.of("primary", 224, 224),
                        ImageSpec.of("wrist", 224, 224)), true, 1)).build();
        Vla turnJoint1 = Vla.stateless(spec, (o, i) -> {
            wristPixels.add(o.image("wrist").orElseThrow().rgb(112, 60));
            List<Action> chunk = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                chunk.add(new Action(new double[] {0.2, 0, 0, 0, 0, 0, 0, 0.04}));
            }
            return new ActionChunk(chunk);
        });
        try (OpenPiServer server = OpenPiServer.builder(turnJoint1).mapping(OpenPiMapping.droid()).start();
                OpenPiVla pi = OpenPiVla.builder(server.uri().toString()).mapping(OpenPiMapping.droid()).connect()) {
            Episode e = run(pi, EpisodeRunner.builder().maxSteps(16).chunkExecution(ChunkExecution.WHOLE_CHUNK).build(),
                    ActionSpace.JOINT_VELOCITY);
            assertThat(e.isCompleted()).as(String.valueOf(e.failure())).isTrue();
            assertThat(wristPixels).hasSize(2); // 16 actions, 8 of each answer
            assertThat(wristPixels).allMatch(p -> p != 0, "the wrist camera sees the table, not padding");
            double joint1 = e.states().get(15).qpos()[0];
            assertThat(joint1).as("0.2 rad/s for 16 steps at 5 Hz").isCloseTo(0.64, org.assertj.core.data.Offset.offset(0.05));
        }
    }

    @Test
    void aLiberoPolicyMovesTheEndEffectorItReadsFromTheSite() {
        List<Double> heights = new CopyOnWriteArrayList<>();
        VlaSpec spec = VlaSpec.builder("libero-up").actionDimension(7).actionSpace(ActionSpace.EE_DELTA).actionHorizon(5)
                .observation(new ObservationSpec(List.of(ImageSpec.of("primary", 224, 224), ImageSpec.of("wrist", 224, 224)),
                        true, 1, List.of("ee_site"))).build();
        Vla up = Vla.stateless(spec, (o, i) -> {
            heights.add(o.site("ee_site").orElseThrow().position()[2]);
            List<Action> chunk = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                chunk.add(new Action(new double[] {0, 0, 0.01, 0, 0, 0, 0.04}));
            }
            return new ActionChunk(chunk);
        });
        try (OpenPiServer server = OpenPiServer.builder(up).mapping(OpenPiMapping.libero()).start();
                OpenPiVla pi = OpenPiVla.builder(server.uri().toString()).mapping(OpenPiMapping.libero()).connect()) {
            Episode e = run(pi, EpisodeRunner.builder().maxSteps(10).chunkExecution(ChunkExecution.WHOLE_CHUNK).build(),
                    ActionSpace.EE_DELTA);
            assertThat(e.isCompleted()).as(String.valueOf(e.failure())).isTrue();
            assertThat(heights).hasSize(2);
            // the server rebuilt the end-effector pose from LIBERO's state vector: 5 steps of 1 cm up in between
            assertThat(heights.get(1) - heights.get(0)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.015));
        }
    }

    @Test
    void reconnectsWhenTheServerDroppedTheConnectionBetweenRollouts() {
        byte[] answer = OpenPiCodec.encode(Map.of("actions", NdArray.ofFloats(new float[8], 1, 8)));
        // every connection answers one request, then drops
        try (ScriptedServer server = ScriptedServer.answering(EMPTY_METADATA,
                (c, frame) -> c.sendBinary(answer, () -> c.close(1001, "bye")));
                OpenPiVla remote = OpenPiVla.builder(server.uri()).mapping(jointTargets8()).connect()) {
            for (int episode = 0; episode < 3; episode++) {
                try (VlaRollout r = remote.start(new RolloutContext("x", "", 0, 10))) {
                    assertThat(r.predict(observation(), "x").size()).isEqualTo(1);
                }
                sleep(100); // the close reaches the client: the next rollout sees a closed connection
            }
            assertThat(server.opened.get()).isEqualTo(3);
        }
    }

    @Test
    void aConnectionDroppedUnnoticedBeforeTheFirstAnswerIsReplacedOnce() {
        byte[] answer = OpenPiCodec.encode(Map.of("actions", NdArray.ofFloats(new float[8], 1, 8)));
        int[] requests = new int[8];
        // connection 1 answers its first request and drops at its second (the client has not seen it go)
        try (ScriptedServer server = ScriptedServer.withMetadata(EMPTY_METADATA, (c, frame, n) -> {
            if (n == 1 && ++requests[n] == 2) {
                c.close(1001, "restarting");
            } else {
                c.sendBinary(answer, c::demand);
            }
        }); OpenPiVla remote = OpenPiVla.builder(server.uri()).mapping(jointTargets8()).connect()) {
            try (VlaRollout r = remote.start(new RolloutContext("x", "", 0, 10))) {
                r.predict(observation(), "x");
            }
            try (VlaRollout r = remote.start(new RolloutContext("x", "", 0, 10))) {
                assertThat(r.predict(observation(), "x").size()).isEqualTo(1);
            }
            assertThat(server.opened.get()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionClosedMidRolloutFailsTheEpisodeWithARemoteError() {
        byte[] answer = OpenPiCodec.encode(Map.of("actions", NdArray.ofFloats(new float[8], 1, 8)));
        int[] n = {0};
        try (ScriptedServer server = ScriptedServer.answering(EMPTY_METADATA, (c, frame) -> {
            if (n[0]++ < 3) {
                c.sendBinary(answer, c::demand);
            } else {
                c.close(1011, "crashed");
            }
        }); OpenPiVla remote = OpenPiVla.builder(server.uri()).id("pi-flaky").mapping(jointTargets8()).connect()) {
            Episode e = run(remote, 10);
            assertThat(e.isCompleted()).isFalse();
            EpisodeFailure f = e.failure().orElseThrow();
            assertThat(f.kind()).isEqualTo(EpisodeFailure.Kind.REMOTE_ERROR);
            assertThat(f.step()).isEqualTo(3);
            assertThat(f.message()).contains("pi-flaky").contains("closed the connection (code 1011, 'crashed')");
            assertThat(e.actions()).hasSize(3); // what ran before the failure is kept for diagnosis
        }
    }

    @Test
    void aServerErrorFailsTheEpisodeWithTheServersText() {
        try (OpenPiServer server = OpenPiServer.builder(failingAfter(2, "CUDA out of memory")).mapping(jointTargets8())
                .start(); OpenPiVla remote = OpenPiVla.builder(server.uri().toString()).mapping(jointTargets8()).connect()) {
            Episode e = run(remote, 10);
            EpisodeFailure f = e.failure().orElseThrow();
            assertThat(f.kind()).isEqualTo(EpisodeFailure.Kind.MODEL_ERROR);
            assertThat(f.step()).isEqualTo(2);
            assertThat(f.message()).contains("reported an error").contains("CUDA out of memory");
        }
    }

    @Test
    void unusableActionsFailThePredictionNamingWhatIsWrong() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("width", "are 7 wide but the 'joints-8' mapping expects 8 (joint_position)");
        cases.put("dtype", "have the dtype |u1; actions are floating point");
        cases.put("shape", "have the shape [1, 2, 8]; expected [horizon, dims]");
        cases.put("missing", "the answer has no 'actions'; its keys: [result]");
        cases.put("nan", "has the non-finite value NaN in column 3");
        cases.put("empty", "are empty (horizon 0)");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Object actions = switch (c.getKey()) {
                case "width" -> NdArray.ofFloats(new float[14], 2, 7);
                case "dtype" -> NdArray.ofBytes(new byte[16], 2, 8);
                case "shape" -> NdArray.ofFloats(new float[16], 1, 2, 8);
                case "nan" -> NdArray.ofFloats(new float[] {0, 0, 0, Float.NaN, 0, 0, 0, 0}, 1, 8);
                case "empty" -> NdArray.ofFloats(new float[0], 0, 8);
                default -> null;
            };
            byte[] answer = OpenPiCodec.encode(actions == null ? Map.of("result", 1) : Map.of("actions", actions));
            try (ScriptedServer server = ScriptedServer.answering(EMPTY_METADATA, (s, frame) -> s.sendBinary(answer, s::demand));
                    OpenPiVla remote = OpenPiVla.builder(server.uri()).mapping(jointTargets8()).connect();
                    VlaRollout r = remote.start(new RolloutContext("x", "", 0, 10))) {
                assertThatThrownBy(() -> r.predict(observation(), "x")).as(c.getKey())
                        .isInstanceOf(InferenceException.class)
                        .hasMessageContaining("answered actions the arena cannot use")
                        .hasMessageContaining(c.getValue());
            }
        }
    }

    @Test
    void aSlowServerMeetsTheRunnersDeadlineAndItsLateAnswerNeverReachesTheNextEpisode() {
        byte[] late = OpenPiCodec.encode(Map.of("actions", NdArray.ofFloats(new float[] {9, 9, 9, 9, 9, 9, 9, 9}, 1, 8)));
        byte[] good = OpenPiCodec.encode(Map.of("actions", NdArray.ofFloats(new float[8], 1, 8)));
        try (ScriptedServer server = ScriptedServer.withMetadata(EMPTY_METADATA, (c, frame, n) -> {
            if (n == 1) {
                new Thread(() -> {
                    sleep(1500);
                    c.sendBinary(late, c::demand);
                }).start();
            } else {
                c.sendBinary(good, c::demand);
            }
        }); OpenPiVla remote = OpenPiVla.builder(server.uri()).id("pi-slow").mapping(jointTargets8()).connect()) {
            EpisodeRunner runner = EpisodeRunner.builder().maxSteps(3).stepTimeout(Duration.ofMillis(400)).build();
            Episode first = run(remote, runner, ActionSpace.JOINT_POSITION);
            assertThat(first.failure().orElseThrow().kind()).isEqualTo(EpisodeFailure.Kind.TIMEOUT);
            assertThat(first.failure().orElseThrow().message()).contains("pi-slow").contains("did not answer within");
            sleep(1600); // the late answer arrives, on a connection the client has closed
            Episode second = run(remote, runner, ActionSpace.JOINT_POSITION);
            assertThat(second.isCompleted()).isTrue();
            assertThat(second.actions()).allSatisfy(a -> assertThat(a.get(0)).isZero());
            assertThat(server.opened.get()).isEqualTo(2);
        }
    }

    @Test
    void concurrentEpisodesEachHaveTheirOwnConnection() throws Exception {
        try (OpenPiServer server = OpenPiServer.builder(homeHolder("p")).mapping(arenaJointPositions()).start();
                OpenPiVla remote = OpenPiVla.builder(server.uri().toString()).mapping(arenaJointPositions()).connect()) {
            List<Thread> threads = new ArrayList<>();
            List<Episode> episodes = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(new Thread(() -> episodes.add(run(remote, 8))));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(episodes).hasSize(3).allMatch(Episode::isCompleted);
            assertThat(server.episodesStarted()).isEqualTo(3);
        }
    }

    @Test
    void roboArenasVariantFollowsTheServersConfigurationAndResetsEachEpisode() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("image_resolution", List.of(224, 224));
        config.put("needs_wrist_camera", true);
        config.put("n_external_cameras", 1);
        config.put("needs_stereo_camera", false);
        config.put("needs_session_id", true);
        config.put("action_space", "joint_position");
        List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
        byte[] answer = OpenPiCodec.encode(Map.of("actions",
                NdArray.ofFloats(new float[] {0, -0.785f, 0, -2.356f, 0, 1.571f, 0.785f, 0}, 1, 8)));
        try (ScriptedServer server = ScriptedServer.answering(OpenPiCodec.encode(config), (c, frame) -> {
            Map<String, Object> m = OpenPiCodec.decodeMap(frame);
            requests.add(m);
            if ("reset".equals(m.get("endpoint"))) {
                c.sendText(OpenPiServer.RESET_ANSWER, c::demand);
            } else {
                c.sendBinary(answer, c::demand);
            }
        }); OpenPiVla remote = OpenPiVla.builder(server.uri()).roboArena().connect()) {
            assertThat(remote.mapping().name()).isEqualTo("roboarena");
            assertThat(remote.spec().actionSpace()).isEqualTo(ActionSpace.JOINT_POSITION);
            Episode e = run(remote, EpisodeRunner.builder().maxSteps(2).build(), ActionSpace.JOINT_POSITION);
            assertThat(e.isCompleted()).as(String.valueOf(e.failure())).isTrue();
            assertThat(requests).hasSize(3);
            Map<String, Object> infer = requests.get(0);
            assertThat(infer).containsKeys("observation/exterior_image_1_left", "observation/wrist_image_left",
                    "observation/joint_position", "observation/cartesian_position", "observation/gripper_position",
                    "prompt", "session_id").containsEntry("endpoint", "infer");
            assertThat(((NdArray) infer.get("observation/exterior_image_1_left")).shape()).containsExactly(224, 224, 3);
            Map<String, Object> reset = requests.get(2);
            assertThat(reset).containsEntry("endpoint", "reset").containsEntry("session_id", infer.get("session_id"));
            // the gripper: 0 (open) on the wire is the fully open 0.04 m in the arena
            assertThat(e.actions().get(0).get(7)).isEqualTo(0.04);
        }
    }

    @Test
    void closingThePolicyClosesItsIdleConnections() {
        try (OpenPiServer server = OpenPiServer.builder(homeHolder("p")).mapping(arenaJointPositions()).start()) {
            OpenPiVla remote = OpenPiVla.builder(server.uri().toString()).mapping(arenaJointPositions()).connect();
            waitFor(() -> server.connections() == 1);
            remote.close();
            remote.close();
            waitFor(() -> server.connections() == 0);
            assertThatThrownBy(() -> remote.start(new RolloutContext("x", "", 0, 1))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anUnreachableServerFailsWhenThePolicyIsOpened() {
        assertThatThrownBy(() -> OpenPiVla.builder("ws://127.0.0.1:9").connectTimeout(Duration.ofSeconds(2)).connect())
                .isInstanceOf(RemoteServiceException.class).hasMessageContaining("ws://127.0.0.1:9");
    }

    static OpenPiMapping jointTargets8() {
        return OpenPiMapping.builder("joints-8").state(OpenPiMapping.State.of("state", "qpos[0:9]")).prompt("prompt")
                .actions(OpenPiMapping.Actions.identity(8, ActionSpace.JOINT_POSITION, 0)).build();
    }

    static Observation observation() {
        return Observation.of(0, new SimState(new double[9], new double[9], 0));
    }

    private static Vla failingAfter(int predictions, String message) {
        int[] n = {0};
        VlaSpec spec = VlaSpec.builder("failing").actionDimension(8).actionSpace(ActionSpace.JOINT_POSITION).build();
        return Vla.stateless(spec, (o, i) -> {
            if (n[0]++ >= predictions) {
                throw new IllegalStateException(message);
            }
            return ActionChunk.of(new Action(new double[] {0, -0.785, 0, -2.356, 0, 1.571, 0.785, 0.04}));
        });
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 10 s");
            }
            sleep(20);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
