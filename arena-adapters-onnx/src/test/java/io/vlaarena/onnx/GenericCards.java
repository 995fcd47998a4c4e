package io.vlaarena.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.Observation;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import io.vlaarena.models.onnx.PolicyModels;
import io.vlaarena.models.onnx.PolicyShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Observations for the generated generic-card policies and the actions their function gives, computed
 * here independently of the adapter: what the card's preprocessing, the graph and the card's
 * postprocessing must produce together.
 */
final class GenericCards {
    private GenericCards() {}

    /** A model directory for {@code shape} whose card has {@code from} replaced by {@code to} (pairs). */
    static Path write(Path dir, PolicyShape shape, String... edits) throws IOException {
        PolicyModels.write(dir, shape);
        Path card = dir.resolve(PolicyModels.CARD_FILE);
        String text = Files.readString(card, StandardCharsets.UTF_8);
        for (int i = 0; i < edits.length; i += 2) {
            assertThat(text).as("the generated card").contains(edits[i]);
            text = text.replace(edits[i], edits[i + 1]);
        }
        Files.writeString(card, text, StandardCharsets.UTF_8);
        return dir;
    }

    static RgbImage image(int width, int height, int shade) {
        byte[] px = new byte[width * height * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i * 37 + shade * 11) % 251);
        }
        return new RgbImage(width, height, px);
    }

    /** An observation with every camera of {@code shape} and {@code qpos[j] = base + 0.05·j}. */
    static Observation observation(PolicyShape shape, int step, int shade, double base) {
        Map<String, RgbImage> images = new HashMap<>();
        for (PolicyShape.Camera c : shape.cameras()) {
            images.put(c.input(), image(c.width(), c.height(), shade + c.width()));
        }
        double[] qpos = new double[16];
        for (int j = 0; j < qpos.length; j++) {
            qpos[j] = base + 0.05 * j;
        }
        return new Observation(step, new SimState(qpos, new double[15], 0.1 * step), images);
    }

    /** The mean of a camera's input tensor as the card writes it (float: normalized; uint8: bytes). */
    static double cameraMean(PolicyShape.Camera c, RgbImage img) {
        byte[] px = img.pixels();
        double sum = 0;
        for (int i = 0; i < px.length; i++) {
            int v = px[i] & 0xff;
            if (c.uint8()) {
                sum += v;
            } else {
                int ch = i % 3;
                sum += (float) ((v / 255.0 - PolicyModels.IMAGE_MEAN[ch]) / PolicyModels.IMAGE_STD[ch]);
            }
        }
        return sum / px.length;
    }

    /**
     * The policy's raw (normalized) output for observations {@code history} (oldest first, as many as
     * the window holds, or just the newest for no window) plus {@code bias}.
     */
    static double[][] rawChunk(PolicyShape shape, double[] bias, Observation... history) {
        double image = 0;
        for (int t = 0; t < shape.window(); t++) { // a camera's mean runs over every frame of its window
            Observation o = history[Math.max(0, history.length - shape.window() + t)];
            for (int c = 0; c < shape.cameras().size(); c++) {
                PolicyShape.Camera cam = shape.cameras().get(c);
                image += cam.coefficient(c) * cameraMean(cam, o.image(cam.input()).orElseThrow()) / shape.window();
            }
        }
        double[][] out = new double[shape.horizon()][shape.width()];
        for (int h = 0; h < shape.horizon(); h++) {
            for (int w = 0; w < shape.width(); w++) {
                double state = 0;
                if (shape.stateDim() > 0) {
                    int j = w % shape.stateDim();
                    for (int t = 0; t < shape.window(); t++) {
                        int from = Math.max(0, history.length - shape.window() + t);
                        state += (float) ((history[from].state().qpos()[j] - PolicyModels.stateMean(j)) / PolicyModels.stateStd(j));
                    }
                    state /= shape.window();
                }
                out[h][w] = state + 0.1 * h + image + (shape.constantInput() ? PolicyModels.OFFSET : 0)
                        + (bias == null ? 0 : bias[w]);
            }
        }
        return out;
    }

    /** The card's postprocessing of one raw action: min_max from [-1, 1] to ±2.8, then the gripper appended. */
    static double[] mapped(double[] raw) {
        double[] env = new double[raw.length + 1];
        for (int w = 0; w < raw.length; w++) {
            env[w] = (raw[w] + 1) / 2 * (2 * PolicyModels.ACTION_MAX) - PolicyModels.ACTION_MAX;
        }
        env[raw.length] = PolicyModels.GRIPPER;
        return env;
    }
}
