package io.vlaarena.models.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Generates model directories with a {@code type: generic} model card ({@code docs/onnx-models.md})
 * whose policy graph is a <b>known function</b> of its inputs, so that tests can check the card's
 * pre- and post-processing number by number:
 *
 * <pre>
 * actions[0, h, w] = mean_t(state[t, w mod D]) + 0.1·h + Σ_c k_c · mean(camera c's tensor) + offset + bias[w]
 *                    + 0.01 · Σ input_ids + 0.1 · Σ attention_mask
 * </pre>
 *
 * where {@code state} is the {@code observation.state} input as the graph receives it (already
 * normalized by the card; 0 without a state input), the time mean runs over the observation window
 * (no time axis: the one value), {@code k_c} is {@link PolicyShape.Camera#coefficient(int)},
 * {@code mean} averages every element of the camera's input tensor (raw bytes as numbers 0–255),
 * {@code offset} the constant input (0 without one), {@code bias} the translator-filled input (0
 * without one), and the token terms the instruction's ids and mask (0 without text inputs; the
 * directory then also holds the generated word-level {@code tokenizer.json}, see
 * {@link OctoModels#vocabulary()}). The output is {@code [1, horizon, width]}, or {@code [1, width]} without a chunk axis.
 * Written with the ONNX protobuf classes, opset 17; no weights, nothing trained.
 *
 * <p>The card it writes: each camera from its MJCF camera ({@code front}, {@code wrist_cam} of the
 * bundled franka), float cameras scaled by 1/255 and normalized with ImageNet's mean and std,
 * raw ones as bytes; the state from {@code qpos[0:D]} normalized with mean {@code 0.1·j} and std
 * {@code 0.5 + 0.1·j}; the constant {@code offset} 0.25; actions unnormalized from [-1, 1] to
 * [-2.8, 2.8] ({@code min_max}) and mapped to {@code joint_position}: every column as it is, then a
 * constant gripper target 0.04 (open). Stateless and thread-safe.
 */
public final class PolicyModels {
    /** The policy graph's file name. */
    public static final String POLICY_FILE = "policy.onnx";
    /** The model card's file name. */
    public static final String CARD_FILE = "model-card.json";
    /** The value the card feeds the constant input. */
    public static final double OFFSET = 0.25;
    /** ImageNet's per-channel mean, as the card normalizes float cameras. */
    public static final double[] IMAGE_MEAN = {0.485, 0.456, 0.406};
    /** ImageNet's per-channel standard deviation. */
    public static final double[] IMAGE_STD = {0.229, 0.224, 0.225};
    /** The action range the card unnormalizes [-1, 1] to. */
    public static final double ACTION_MAX = 2.8;
    /** The gripper target the card appends to every action. */
    public static final double GRIPPER = 0.04;

    private PolicyModels() {}

    /**
     * Writes the policy graph and its card into {@code dir} (created if missing; files of the same
     * names are replaced).
     *
     * @return {@code dir}
     * @throws UncheckedIOException when a file cannot be written
     */
    public static Path write(Path dir, PolicyShape shape) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(shape, "shape");
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(POLICY_FILE), policy(shape));
            if (shape.tokens() > 0) {
                Files.writeString(dir.resolve(OctoModels.TOKENIZER_FILE), OctoModels.tokenizerJson(), StandardCharsets.UTF_8);
            }
            Files.writeString(dir.resolve(CARD_FILE), cardJson(shape), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the model directory " + dir, e);
        }
        return dir;
    }

    /** The normalization mean of state value {@code j} in the written card. */
    public static double stateMean(int j) {
        return j / 10.0;
    }

    /** The normalization standard deviation of state value {@code j} in the written card. */
    public static double stateStd(int j) {
        return (5 + j) / 10.0;
    }

    /** The input shape of a camera: batch, optional time axis, then NCHW or NHWC. */
    static long[] cameraShape(PolicyShape s, PolicyShape.Camera c) {
        long[] image = c.channelsFirst() ? new long[] {3, c.height(), c.width()} : new long[] {c.height(), c.width(), 3};
        return withBatch(s, image);
    }

    private static long[] withBatch(PolicyShape s, long... rest) {
        long[] out = new long[rest.length + (s.window() > 1 ? 2 : 1)];
        out[0] = 1;
        if (s.window() > 1) {
            out[1] = s.window();
        }
        System.arraycopy(rest, 0, out, out.length - rest.length, rest.length);
        return out;
    }

    static long[] outputShape(PolicyShape s) {
        return s.chunkAxis() ? new long[] {1, s.horizon(), s.width()} : new long[] {1, s.width()};
    }

    static byte[] policy(PolicyShape s) {
        OnnxGraph g = new OnnxGraph("generic_policy", 0);
        long w = s.width();
        long h = s.horizon();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < s.cameras().size(); i++) {
            PolicyShape.Camera c = s.cameras().get(i);
            g.input(c.input(), c.uint8() ? OnnxGraph.UINT8 : OnnxGraph.FLOAT, cameraShape(s, c));
            String x = c.uint8() ? g.op("Cast", List.of(c.input()), OnnxGraph.attr("to", (long) OnnxGraph.FLOAT)) : c.input();
            String mean = g.op("ReduceMean", List.of(x), OnnxGraph.attr("keepdims", 0L));
            terms.add(g.mul(mean, g.scalar((float) c.coefficient(i))));
        }
        if (s.stateDim() > 0) {
            g.input("observation.state", OnnxGraph.FLOAT, withBatch(s, s.stateDim()));
            String state = "observation.state";
            if (s.window() > 1) {
                state = g.op("ReduceMean", List.of(state), OnnxGraph.attrs("axes", 1), OnnxGraph.attr("keepdims", 0L));
            }
            long[] columns = new long[(int) w];
            for (int j = 0; j < w; j++) {
                columns[j] = j % s.stateDim();
            }
            String picked = g.op("Gather", List.of(state, g.longTensor("columns", columns, w)), OnnxGraph.attr("axis", 1L));
            terms.add(g.reshape(picked, 1, 1, w));
        }
        if (s.constantInput()) {
            g.input("offset", OnnxGraph.FLOAT, 1);
            terms.add("offset");
        }
        if (s.translatorInput()) {
            g.input("bias", OnnxGraph.FLOAT, 1, w);
            terms.add(g.reshape("bias", 1, 1, w));
        }
        if (s.tokens() > 0) {
            for (String[] text : new String[][] {{"input_ids", "0.01"}, {"attention_mask", "0.1"}}) {
                g.input(text[0], OnnxGraph.INT64, 1, s.tokens());
                String sum = g.op("ReduceSum", List.of(g.op("Cast", List.of(text[0]), OnnxGraph.attr("to", (long) OnnxGraph.FLOAT))),
                        OnnxGraph.attr("keepdims", 0L));
                terms.add(g.mul(sum, g.scalar(Float.parseFloat(text[1]))));
            }
        }
        float[] ramp = new float[(int) (h * w)];
        for (int k = 0; k < h; k++) {
            for (int j = 0; j < w; j++) {
                ramp[(int) (k * w + j)] = 0.1f * k;
            }
        }
        String out = g.constant("ramp", ramp, 1, h, w);
        for (String t : terms) {
            out = g.add(out, t);
        }
        if (!s.chunkAxis()) {
            out = g.reshape(out, 1, w);
        }
        g.node("Identity", List.of(out), "action");
        g.output("action", OnnxGraph.FLOAT, outputShape(s));
        if (s.translatorInput()) {
            g.node("Mul", List.of("bias", g.scalar(2f)), "bias_echo");
            g.output("bias_echo", OnnxGraph.FLOAT, 1, w);
        }
        return g.toModelBytes("vla-arena-testkit");
    }

    static String cardJson(PolicyShape s) {
        StringJoiner inputs = new StringJoiner(",\n      ", "      ", "");
        for (PolicyShape.Camera c : s.cameras()) {
            String common = String.format(Locale.ROOT, "{\"name\": \"%s\", \"role\": \"image\", \"camera\": \"%s\", "
                    + "\"layout\": \"%s\", \"dtype\": \"%s\", \"shape\": %s", c.input(), c.camera(),
                    c.channelsFirst() ? "nchw" : "nhwc", c.uint8() ? "uint8" : "float32", list(cameraShape(s, c)));
            inputs.add(c.uint8() ? common + "}" : common + ", \"scale\": " + (1 / 255.0) + ", \"mean\": "
                    + list(IMAGE_MEAN) + ", \"std\": " + list(IMAGE_STD) + "}");
        }
        if (s.stateDim() > 0) {
            double[] mean = new double[s.stateDim()];
            double[] std = new double[s.stateDim()];
            for (int j = 0; j < mean.length; j++) {
                mean[j] = stateMean(j);
                std[j] = stateStd(j);
            }
            inputs.add(String.format(Locale.ROOT, "{\"name\": \"observation.state\", \"role\": \"state\", \"from\": "
                    + "[\"qpos[0:%d]\"], \"dtype\": \"float32\", \"shape\": %s,\n       \"normalization\": "
                    + "{\"type\": \"mean_std\", \"mean\": %s, \"std\": %s}}", s.stateDim(), list(withBatch(s, s.stateDim())),
                    list(mean), list(std)));
        }
        if (s.constantInput()) {
            inputs.add("{\"name\": \"offset\", \"role\": \"constant\", \"dtype\": \"float32\", \"shape\": [1], \"value\": "
                    + OFFSET + "}");
        }
        if (s.tokens() > 0) {
            inputs.add("{\"name\": \"input_ids\", \"role\": \"token_ids\", \"dtype\": \"int64\", \"shape\": [1, " + s.tokens() + "]}");
            inputs.add("{\"name\": \"attention_mask\", \"role\": \"token_mask\", \"dtype\": \"int64\", \"shape\": [1, "
                    + s.tokens() + "]}");
        }
        if (s.translatorInput()) {
            inputs.add("{\"name\": \"bias\", \"role\": \"translator\", \"dtype\": \"float32\", \"shape\": [1, " + s.width() + "]}");
        }
        double[] min = new double[s.width()];
        double[] max = new double[s.width()];
        StringJoiner map = new StringJoiner(", ", "[", "]");
        for (int j = 0; j < s.width(); j++) {
            min[j] = -ACTION_MAX;
            max[j] = ACTION_MAX;
            map.add("{\"from\": " + j + "}");
        }
        map.add("{\"value\": " + GRIPPER + "}");
        return String.format(Locale.ROOT, """
                {
                  "format": "vla-arena-model-card/1",
                  "id": "%s",
                  "name": "Generic card test policy %s (generated, a known function of its inputs)",
                  "type": "generic",
                  "files": {"policy": "%s"%s},
                  "history_window": %d,%s
                  "policy": {
                    "inputs": [
                %s
                    ],
                    "outputs": [{"name": "action", "role": "actions", "dtype": "float32", "shape": %s}%s]
                  },
                  "action": {
                    "space": "joint_position",
                    "normalization": {"type": "min_max", "min": %s, "max": %s},
                    "map": %s
                  }
                }
                """, s.id(), s.id(), POLICY_FILE, s.tokens() > 0 ? ", \"tokenizer\": \"" + OctoModels.TOKENIZER_FILE + "\"" : "",
                s.window(), s.tokens() > 0 ? "\n  \"max_tokens\": " + s.tokens() + ", \"pad_token_id\": 0," : "", inputs, list(outputShape(s)),
                s.translatorInput() ? ",\n                {\"name\": \"bias_echo\", \"role\": \"translator\", \"dtype\": \"float32\", \"shape\": [1, "
                        + s.width() + "]}" : "", list(min), list(max), map);
    }

    private static String list(long[] v) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (long x : v) {
            j.add(Long.toString(x));
        }
        return j.toString();
    }

    private static String list(double[] v) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (double x : v) {
            j.add(Double.toString(x));
        }
        return j.toString();
    }
}
