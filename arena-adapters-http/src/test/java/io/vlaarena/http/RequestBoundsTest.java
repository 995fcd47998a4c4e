package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.http.internal.Png;
import io.vlaarena.sim.BundledScenes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
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
