package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.Png;
import io.vlaarena.sim.BundledScenes;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every request is bounded before the work: images by the model's cameras and a pixel cap read
 * from the PNG header, instructions by length; client mistakes to a VLA service are 4xx.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RequestBoundsTest {
    private static final String SCENE = Http.SCENE;

    /**
     * A PNG declaring {@code width}×{@code height} RGB pixels whose image data is all zeros,
     * deflated at the best ratio: 8192×8192 is 201 MB decoded from about 200 KB.
     */
    static byte[] bombPng(int width, int height) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] row = new byte[width * 3 + 1];
        byte[] buf = new byte[65536];
        for (int y = 0; y < height; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                idat.write(buf, 0, deflater.deflate(buf));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return Png.ofDeflatedRows(width, height, idat.toByteArray());
    }

    /** A {@code /predict} body with a posted state and the given images (key → PNG). */
    static String predictBody(double[] qpos, double[] qvel, Map<String, byte[]> images) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("instruction", "look");
        body.put("xml_string", SCENE);
        ObjectNode obs = body.putObject("observation");
        var qp = obs.putArray("qpos");
        for (double v : qpos) {
            qp.add(v);
        }
        var qv = obs.putArray("qvel");
        for (double v : qvel) {
            qv.add(v);
        }
        obs.put("time", 0.0);
        ObjectNode imgs = obs.putObject("images");
        images.forEach((k, png) -> imgs.putObject(k).put("encoding", "png").put("data", Base64.getEncoder().encodeToString(png)));
        return body.toString();
    }

    private static String bombBody(int count, double[] qpos, double[] qvel) {
        byte[] bomb = bombPng(8192, 8192);
        Map<String, byte[]> images = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            images.put(i == 0 ? "primary" : "camera_" + i, bomb);
        }
        return predictBody(qpos, qvel, images);
    }

    private static double[][] sceneState() {
        var state = new io.vlaarena.sim.MjcfEnvironmentFactory().create(SCENE,
                io.vlaarena.core.EnvironmentOptions.defaults()).reset(0);
        return new double[][] {state.qpos(), state.qvel()};
    }

    @Test
    void imageBombsAreRefusedFromTheirHeaderAndNeverDecoded() {
        double[][] s = sceneState();
        DeterministicVla blind = new DeterministicVla("blind");
        DeterministicVla seeing = DeterministicVla.withObservation("seeing",
                new ObservationSpec(List.of(ImageSpec.of("primary", 64, 48)), true, 1));
        try (VlaService noImages = VlaService.builder(blind).environments(Http.SIMULATOR).start();
                VlaService oneCamera = VlaService.builder(seeing).environments(Http.SIMULATOR).start()) {
            String twenty = bombBody(20, s[0], s[1]);
            assertThat(twenty.length()).as("the attack fits the body limit").isLessThan(8 * 1024 * 1024);

            Http.Answer a = Http.post(noImages.baseUri(), "/predict", twenty);
            assertThat(a.status()).isEqualTo(422);
            assertThat(a.json().get("detail").asText()).contains("takes no images");

            Http.Answer b = Http.post(oneCamera.baseUri(), "/predict", twenty);
            assertThat(b.status()).isEqualTo(422);
            assertThat(b.json().get("detail").asText()).contains("camera_1").contains("[primary]");

            Http.Answer c = Http.post(oneCamera.baseUri(), "/predict", bombBody(1, s[0], s[1]));
            assertThat(c.status()).isEqualTo(422);
            assertThat(c.json().get("detail").asText()).contains("8192x8192").contains(String.valueOf(1024 * 1024));
            assertThat(seeing.predictions.get() + blind.predictions.get()).isZero();
        }
    }

    @Test
    void clientMistakesToAVlaServiceAre4xx() {
        double[][] s = sceneState();
        DeterministicVla seeing = DeterministicVla.withObservation("seeing",
                new ObservationSpec(List.of(ImageSpec.of("primary", 64, 48)), true, 1));
        byte[] right = Png.encode(new RgbImage(64, 48, new byte[64 * 48 * 3]));
        byte[] wrongSize = Png.encode(new RgbImage(32, 48, new byte[32 * 48 * 3]));
        try (VlaService service = VlaService.builder(seeing).environments(Http.SIMULATOR).start()) {
            assertThat(Http.post(service.baseUri(), "/predict", predictBody(s[0], s[1], Map.of("primary", right))).status())
                    .isEqualTo(200);
            Http.Answer missing = Http.post(service.baseUri(), "/predict", predictBody(s[0], s[1], Map.of()));
            assertThat(missing.status()).isEqualTo(422);
            assertThat(missing.json().get("detail").asText()).contains("observation.images.primary").contains("missing");
            Http.Answer small = Http.post(service.baseUri(), "/predict", predictBody(s[0], s[1], Map.of("primary", wrongSize)));
            assertThat(small.status()).isEqualTo(422);
            assertThat(small.json().get("detail").asText()).contains("32x48").contains("64x48");
            double[] shortQpos = java.util.Arrays.copyOf(s[0], s[0].length - 1);
            Http.Answer qpos = Http.post(service.baseUri(), "/predict", predictBody(shortQpos, s[1], Map.of("primary", right)));
            assertThat(qpos.status()).isEqualTo(422);
            assertThat(qpos.json().get("detail").asText()).contains("observation.qpos").contains("nq = " + s[0].length);
            Http.Answer qvel = Http.post(service.baseUri(), "/predict", predictBody(s[0], new double[] {1}, Map.of("primary", right)));
            assertThat(qvel.status()).isEqualTo(422);
            assertThat(qvel.json().get("detail").asText()).contains("observation.qvel").contains("nv = ");
            assertThat(seeing.predictions.get()).isEqualTo(1);
        }
    }

    /** {@code n} free spheres in a row, overlapping their neighbours slightly. */
    static String spheres(int n) {
        StringBuilder b = new StringBuilder("<mujoco model=\"spheres\"><worldbody><geom type=\"plane\" size=\"5 5 0.1\"/>");
        for (int i = 0; i < n; i++) {
            b.append("<body pos=\"").append(0.019 * (i % 30)).append(' ').append(0.019 * (i / 30))
                    .append(" 0.5\"><freejoint/><geom type=\"sphere\" size=\"0.01\"/></body>");
        }
        return b.append("</worldbody></mujoco>").toString();
    }

    static String withTimestep(double timestep) {
        return "<mujoco model=\"tiny\"><option timestep=\"" + timestep + "\"/><worldbody><body><freejoint/>"
                + "<geom type=\"box\" size=\"0.1 0.1 0.1\"/></body></worldbody></mujoco>";
    }

    @Test
    void modelsTooLargeForTheServiceAreRefusedBeforeCompiling() {
        try (VlaService vla = VlaService.builder(new DeterministicVla("mock-vla")).environments(Http.SIMULATOR).start()) {
            long t0 = System.nanoTime();
            String nineHundred = Http.json(Map.of("instruction", "go", "xml_string", spheres(900), "max_steps", 1));
            List<java.util.concurrent.CompletableFuture<Http.Answer>> three = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                three.add(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> Http.post(vla.baseUri(), "/execute", nineHundred)));
            }
            for (var f : three) {
                Http.Answer a = f.join();
                assertThat(a.status()).isEqualTo(422);
                assertThat(a.json().get("detail").asText()).contains("900 bodies").contains("250");
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).as("refused, not simulated").isLessThan(5_000);
            Http.Answer predict = Http.post(vla.baseUri(), "/predict", Http.json(Map.of("instruction", "go",
                    "xml_string", spheres(900))));
            assertThat(predict.status()).isEqualTo(422);

            // one body with 300 geoms: within the caps, but its contacts would need far more memory
            StringBuilder many = new StringBuilder("<mujoco><worldbody><body><freejoint/>");
            for (int i = 0; i < 300; i++) {
                many.append("<geom type=\"sphere\" size=\"0.01\" pos=\"").append(0.02 * i).append(" 0 0\"/>");
            }
            many.append("</body></worldbody></mujoco>");
            Http.Answer memory = Http.post(vla.baseUri(), "/execute", Http.json(Map.of("instruction", "go",
                    "xml_string", many.toString(), "max_steps", 1)));
            assertThat(memory.status()).isEqualTo(422);
            assertThat(memory.json().get("detail").asText()).contains("MiB").contains("300 geoms");

            // the limits are the service's to set
            try (VlaService big = VlaService.builder(new DeterministicVla("big")).environments(Http.SIMULATOR)
                    .modelLimits(ModelLimits.defaults().withSize(1000, 1000, 6000)).start()) {
                Http.Answer sized = Http.post(big.baseUri(), "/execute", nineHundred);
                assertThat(sized.status()).isEqualTo(422);
                assertThat(sized.json().get("detail").asText()).contains("MiB");
            }
        }
    }

    @Test
    void tinyTimestepsAndTooManyPhysicsStepsAreRefused() {
        try (VlaService vla = VlaService.builder(new DeterministicVla("mock-vla")).environments(Http.SIMULATOR).start()) {
            for (double ts : new double[] {1e-8, 1e-10, 0, -0.002}) {
                long t0 = System.nanoTime();
                Http.Answer a = Http.post(vla.baseUri(), "/execute", Http.json(Map.of("instruction", "go",
                        "xml_string", withTimestep(ts), "max_steps", 1)));
                assertThat(a.status()).as("timestep " + ts).isEqualTo(422);
                assertThat(a.json().get("detail").asText()).contains("timestep").contains("1.0E-4");
                assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
            }
            // 2e-4 s is allowed: 1,000 physics steps an action at 5 Hz, but not for 10,000 actions
            Http.Answer episode = Http.post(vla.baseUri(), "/execute", Http.json(Map.of("instruction", "go",
                    "xml_string", withTimestep(2e-4), "max_steps", 10_000)));
            assertThat(episode.status()).isEqualTo(422);
            assertThat(episode.json().get("detail").asText()).contains("10000000").contains("1000000");
            Http.Answer ok = Http.post(vla.baseUri(), "/execute", Http.json(Map.of("instruction", "go",
                    "xml_string", withTimestep(2e-4), "max_steps", 2)));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.json().get("states")).hasSize(2);
            assertThat(ok.json().get("states").get(1).get("time").asDouble()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void aRunningEpisodeIsStoppedAtItsDeadlineInsideThePhysics() {
        // allowed by the limits, but each action is 2,000 physics steps of 200 bodies: the deadline stops it
        var runner = io.vlaarena.core.EpisodeRunner.builder().episodeTimeout(java.time.Duration.ofMillis(500)).build();
        try (VlaService vla = VlaService.builder(new DeterministicVla("mock-vla")).environments(Http.SIMULATOR)
                .runner(runner).modelLimits(ModelLimits.defaults().withSize(250, 500, 1200).withMaxModelBytes(1L << 40))
                .start()) {
            // spheres apart from each other, high above the plane: no contact in the first second
            String xml = spheres(200).replace("<mujoco model=\"spheres\">", "<mujoco model=\"spheres\"><option timestep=\"1e-4\"/>")
                    .replace(" 0.5\">", " 5\">").replace("size=\"0.01\"", "size=\"0.005\"");
            long t0 = System.nanoTime();
            Http.Answer a = Http.post(vla.baseUri(), "/execute", Http.json(Map.of("instruction", "go", "xml_string", xml,
                    "max_steps", 50)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(a.status()).isEqualTo(500);
            assertThat(a.json().get("detail").asText()).contains("deadline");
            assertThat(ms).as("stopped near its 0.5 s deadline, not after 100,000 physics steps").isLessThan(10_000);
        }
    }

    @Test
    void overLongInstructionsAre422AndNothingIsStored() {
        String sevenMegabytes = "x".repeat(7 * 1000 * 1000);
        try (Arena arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR)
                .model(new DeterministicVla("a")).model(new DeterministicVla("b")).maxSteps(3).build();
                ArenaService api = ArenaService.builder(arena).start();
                VlaService vla = VlaService.builder(new DeterministicVla("mock-vla")).environments(Http.SIMULATOR).start()) {
            String battle = Http.post(api.baseUri(), "/api/sessions/init", Http.json(Map.of("robot_id", "franka",
                    "scene_id", "table"))).json().get("battle_id").asText();
            Http.Answer huge = Http.post(api.baseUri(), "/api/battles/" + battle + "/turns",
                    Http.json(Map.of("instruction", sevenMegabytes)));
            assertThat(huge.status()).isEqualTo(422);
            assertThat(huge.json().get("detail").asText()).contains("instruction").contains("7000000").contains("2000");
            assertThat(arena.store().turns(battle)).isEmpty();
            Http.Answer limit = Http.post(api.baseUri(), "/api/battles/" + battle + "/turns",
                    Http.json(Map.of("instruction", "y".repeat(2000))));
            assertThat(limit.status()).isEqualTo(201);
            assertThat(arena.store().turns(battle).get(0).instruction()).hasSize(2000);

            for (String path : List.of("/predict", "/execute")) {
                Http.Answer a = Http.post(vla.baseUri(), path, Http.json(Map.of("instruction", "z".repeat(2001),
                        "xml_string", SCENE)));
                assertThat(a.status()).as(path).isEqualTo(422);
                assertThat(a.json().get("detail").asText()).contains("2001").contains("2000");
            }
        }
    }
}
