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

/**
 * Generates complete model directories with Octo-Small's interface (model card, policy graph, text
 * encoder graph, {@code tokenizer.json}) from seeded random weights, written with the ONNX protobuf
 * classes. The same seed gives byte-identical files.
 *
 * <p>The models are <b>untrained</b>: they exercise the runtime, the interface and the performance
 * of the architecture, never a robot task. Stateless and thread-safe.
 */
public final class OctoModels {
    /** The policy graph's file name. */
    public static final String POLICY_FILE = "policy.onnx";
    /** The text encoder graph's file name. */
    public static final String TEXT_ENCODER_FILE = "text_encoder.onnx";
    /** The tokenizer's file name. */
    public static final String TOKENIZER_FILE = "tokenizer.json";
    /** The model card's file name. */
    public static final String CARD_FILE = "model-card.json";

    /** Words of the generated word-level tokenizer; anything else is {@code <unk>}. */
    private static final List<String> WORDS = List.of("<pad>", "<unk>", "</s>", "pick", "up", "the", "a", "red", "blue",
            "green", "yellow", "cube", "sphere", "block", "ball", "put", "place", "on", "in", "into", "to", "of", "left",
            "right", "top", "bottom", "move", "push", "pull", "open", "close", "gripper", "drawer", "table", "bowl", "plate",
            "cup", "stack", "and", "it", "grasp", "lift", "drop", "near", "next", "far", "slowly", "quickly", "rotate",
            "turn", "towards", "away", "from", "with", "arm", "object", "small", "big", "front", "behind", "center", "corner",
            "spoon", "carrot");

    private OctoModels() {}

    /** Writes {@code octo-tiny} ({@link OctoArchitecture#tiny()}) into {@code dir}; returns {@code dir}. */
    public static Path writeOctoTiny(Path dir, long seed) {
        return write(dir, OctoArchitecture.tiny(), seed);
    }

    /** Writes {@code octo-small-arch} ({@link OctoArchitecture#smallArch()}) into {@code dir}; returns {@code dir}. */
    public static Path writeOctoSmallArch(Path dir, long seed) {
        return write(dir, OctoArchitecture.smallArch(), seed);
    }

    /**
     * Writes a model directory for {@code arch} into {@code dir} (created if missing; existing
     * files of the same names are replaced).
     *
     * @return {@code dir}
     * @throws UncheckedIOException when a file cannot be written
     */
    public static Path write(Path dir, OctoArchitecture arch, long seed) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(arch, "arch");
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(POLICY_FILE), policy(arch, seed));
            Files.write(dir.resolve(TEXT_ENCODER_FILE), textEncoder(arch, seed ^ 0x5DEECE66DL));
            Files.writeString(dir.resolve(TOKENIZER_FILE), tokenizerJson(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(CARD_FILE), cardJson(arch), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the model directory " + dir, e);
        }
        return dir;
    }

    /** The vocabulary size of the generated tokenizer. */
    static int vocabularySize() {
        return WORDS.size();
    }

    static byte[] textEncoder(OctoArchitecture a, long seed) {
        OnnxGraph g = new OnnxGraph("octo_text_encoder", seed);
        long l = a.taskTokens();
        long d = a.textWidth();
        g.input("input_ids", OnnxGraph.INT64, 1, l);
        g.input("attention_mask", OnnxGraph.INT64, 1, l);
        String emb = g.op("Gather", List.of(g.weight("tok_emb", 1.0, WORDS.size(), d), "input_ids"), OnnxGraph.attr("axis", 0L));
        String mask = g.reshape(g.op("Cast", List.of("attention_mask"), OnnxGraph.attr("to", (long) OnnxGraph.FLOAT)), 1, l, 1);
        String x = g.add(emb, g.weight("pos", 0.02, 1, l, d));
        x = g.layerNorm(g.mul(x, mask), d);
        x = g.linear(x, d, d);
        g.node("Identity", List.of(g.layerNorm(x, d)), "text_embedding");
        g.output("text_embedding", OnnxGraph.FLOAT, 1, l, d);
        return g.toModelBytes("vla-arena-testkit");
    }

    static byte[] policy(OctoArchitecture a, long seed) {
        OnnxGraph g = new OnnxGraph("octo_policy", seed);
        long w = a.window();
        long s = a.imageSize();
        long width = a.width();
        long t = a.tokensPerFrame();
        long l = a.taskTokens();
        long chunk = (long) a.horizon() * a.actionDim();
        g.input("image_primary", OnnxGraph.FLOAT, 1, w, s, s, 3);
        g.input("timestep_pad_mask", OnnxGraph.BOOL, 1, w);
        g.input("task_tokens", OnnxGraph.FLOAT, 1, l, a.textWidth());
        g.input("noise", OnnxGraph.FLOAT, a.diffusionSteps(), 1, a.horizon(), a.actionDim());

        // Image tokenizer: NHWC frames in [0, 1] -> NCHW in [-1, 1] -> stem -> patch embedding -> tokens.
        String x = g.transpose(g.reshape("image_primary", w, s, s, 3), 0, 3, 1, 2);
        x = g.sub(g.mul(x, g.scalar(2f)), g.scalar(1f));
        long channels = 3;
        long side = s;
        for (int f : a.stemFeatures()) {
            side /= 2;
            x = g.convGroupNormRelu(x, channels, f, 3, 2, 1, w, side, Math.min(32, f));
            channels = f;
        }
        long k = a.patchSize() >> a.stemFeatures().size();
        String pw = g.weight("patch_w", Math.sqrt(1.0 / (channels * k * k)), a.embeddingFeatures(), channels, k, k);
        x = g.op("Conv", List.of(x, pw, g.filled("patch_b", 0f, a.embeddingFeatures())),
                OnnxGraph.attrs("kernel_shape", k, k), OnnxGraph.attrs("strides", k, k));
        x = g.transpose(g.reshape(x, w, a.embeddingFeatures(), t), 0, 2, 1);
        x = g.linear(x, a.embeddingFeatures(), width);
        String obs = g.add(g.reshape(x, 1, w, t, width), g.weight("obs_pos", 0.02, 1, w, t, width));

        // Task tokens and readout tokens; the sequence is [task, obs_0, readout_0, obs_1, readout_1, ...].
        String task = g.add(g.linear("task_tokens", a.textWidth(), width), g.weight("task_pos", 0.02, 1, l, width));
        String readouts = g.weight("readout", 0.02, 1, w, 1, width);
        String seq = g.reshape(g.concat(2, obs, readouts), 1, w * (t + 1), width);
        seq = g.concat(1, task, seq);
        int n = (int) (l + w * (t + 1));

        String mask = attentionMask(g, a, n);
        for (int layer = 0; layer < a.layers(); layer++) {
            seq = g.add(seq, attention(g, g.layerNorm(seq, width), mask, a, n));
            String h = g.linear(g.layerNorm(seq, width), width, a.mlpDim());
            seq = g.add(seq, g.linear(g.gelu(h), a.mlpDim(), width));
        }
        seq = g.layerNorm(seq, width);
        String readout = g.gather(seq, n - 1, 1); // the last timestep's readout token: [1, width]

        String actions = diffusion(g, a, readout, chunk);
        actions = g.reshape(actions, 1, a.horizon(), a.actionDim());
        if (a.nanOutput()) {
            actions = g.add(actions, g.op("Sqrt", List.of(g.scalar(-1f))));
        }
        g.node("Identity", List.of(actions), "actions");
        g.output("actions", OnnxGraph.FLOAT, 1, a.horizon(), a.actionDim());
        return g.toModelBytes("vla-arena-testkit");
    }

    /**
     * The additive attention mask [n, n]: block-causal as in Octo (task tokens see task tokens;
     * observation and readout tokens of timestep i see the task and the observations of timesteps
     * up to i; readouts are seen by nobody but themselves), with the keys of padded timesteps masked.
     */
    private static String attentionMask(OnnxGraph g, OctoArchitecture a, int n) {
        int l = a.taskTokens();
        int t = a.tokensPerFrame();
        int w = a.window();
        int[] step = new int[n];
        boolean[] isReadout = new boolean[n];
        for (int j = 0; j < n; j++) {
            step[j] = j < l ? -1 : (j - l) / (t + 1);
            isReadout[j] = j >= l && (j - l) % (t + 1) == t;
        }
        float[] causal = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean allowed;
                if (step[i] < 0) {
                    allowed = step[j] < 0;
                } else if (isReadout[j]) {
                    allowed = i == j;
                } else {
                    allowed = step[j] <= step[i];
                }
                causal[i * n + j] = allowed ? 0f : -1e9f;
            }
        }
        float[] membership = new float[w * n];
        float[] always = new float[n];
        for (int j = 0; j < n; j++) {
            if (step[j] < 0) {
                always[j] = 1f;
            } else {
                membership[step[j] * n + j] = 1f;
            }
        }
        String pad = g.op("Cast", List.of("timestep_pad_mask"), OnnxGraph.attr("to", (long) OnnxGraph.FLOAT));
        String valid = g.add(g.matmul(pad, g.constant("membership", membership, w, n)), g.constant("always", always, 1, n));
        String keyMask = g.mul(g.sub(valid, g.scalar(1f)), g.scalar(1e9f));
        return g.add(g.constant("causal", causal, n, n), keyMask);
    }

    private static String attention(OnnxGraph g, String x, String mask, OctoArchitecture a, int n) {
        long width = a.width();
        long heads = a.heads();
        long dh = width / heads;
        String qkv = g.reshape(g.linear(x, width, 3 * width), 1, n, 3, heads, dh);
        qkv = g.transpose(qkv, 2, 0, 3, 1, 4);
        String q = g.gather(qkv, 0, 0);
        String kT = g.transpose(g.gather(qkv, 1, 0), 0, 1, 3, 2);
        String v = g.gather(qkv, 2, 0);
        String scores = g.add(g.mul(g.matmul(q, kT), g.scalar((float) (1 / Math.sqrt(dh)))), mask);
        String attn = g.matmul(g.op("Softmax", List.of(scores), OnnxGraph.attr("axis", -1L)), v);
        attn = g.reshape(g.transpose(attn, 0, 2, 1, 3), 1, n, width);
        return g.linear(attn, width, width);
    }

    /**
     * A DDPM diffusion head unrolled over {@code diffusionSteps}: a residual MLP predicts the noise
     * from the readout embedding, Fourier features of the step and the current sample; the update
     * follows a cosine beta schedule and clips to [-5, 5]. Noise slice 0 is the initial sample,
     * slice i + 1 the fresh noise of update i.
     */
    private static String diffusion(OnnxGraph g, OctoArchitecture a, String readout, long chunk) {
        int steps = a.diffusionSteps();
        long hidden = a.diffusionHidden();
        int timeFeatures = 32;
        double[] alphaBar = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double f = Math.cos(((double) i / steps + 0.008) / 1.008 * Math.PI / 2);
            alphaBar[i] = f * f;
        }
        double[] beta = new double[steps];
        for (int i = 0; i < steps; i++) {
            beta[i] = Math.min(0.999, 1 - alphaBar[i + 1] / alphaBar[i]);
        }
        double[] alphaHat = new double[steps];
        double prod = 1;
        for (int i = 0; i < steps; i++) {
            prod *= 1 - beta[i];
            alphaHat[i] = prod;
        }
        // Shared weights of the noise-prediction network (the same for every unrolled step).
        long in = a.width() + timeFeatures + chunk;
        String wIn = g.weight("dh_in_w", Math.sqrt(1.0 / in), in, hidden);
        String bIn = g.filled("dh_in_b", 0f, hidden);
        List<String[]> blocks = new ArrayList<>();
        for (int b = 0; b < a.diffusionBlocks(); b++) {
            blocks.add(new String[] {g.filled("dh_ln_s", 1f, hidden), g.filled("dh_ln_b", 0f, hidden),
                    g.weight("dh_w1", Math.sqrt(1.0 / hidden), hidden, 4 * hidden), g.filled("dh_b1", 0f, 4 * hidden),
                    g.weight("dh_w2", Math.sqrt(1.0 / (4 * hidden)), 4 * hidden, hidden), g.filled("dh_b2", 0f, hidden)});
        }
        String wOut = g.weight("dh_out_w", Math.sqrt(1.0 / hidden), hidden, chunk);
        String bOut = g.filled("dh_out_b", 0f, chunk);
        String noise = g.reshape("noise", steps, 1, chunk);
        String x = g.gather(noise, 0, 0);
        for (int i = 0; i < steps; i++) {
            int step = steps - 1 - i;
            float[] time = new float[timeFeatures];
            for (int j = 0; j < timeFeatures / 2; j++) {
                double freq = Math.exp(-Math.log(1000) * j / (timeFeatures / 2.0));
                time[j] = (float) Math.sin(step * freq);
                time[j + timeFeatures / 2] = (float) Math.cos(step * freq);
            }
            String h = g.concat(1, readout, g.constant("time", time, 1, timeFeatures), x);
            h = g.add(g.matmul(h, wIn), bIn);
            for (String[] p : blocks) {
                String r = g.op("LayerNormalization", List.of(h, p[0], p[1]), OnnxGraph.attr("axis", -1L),
                        OnnxGraph.attr("epsilon", 1e-6f));
                r = g.swish(g.add(g.matmul(r, p[2]), p[3]));
                h = g.add(h, g.add(g.matmul(r, p[4]), p[5]));
            }
            String eps = g.add(g.matmul(g.swish(h), wOut), bOut);
            double c1 = 1 / Math.sqrt(1 - beta[step]);
            double c2 = beta[step] / Math.sqrt(1 - alphaHat[step]);
            x = g.mul(g.sub(x, g.mul(eps, g.scalar((float) c2))), g.scalar((float) c1));
            if (step > 0) {
                x = g.add(x, g.mul(g.gather(noise, i + 1, 0), g.scalar((float) Math.sqrt(beta[step]))));
            }
            x = g.op("Clip", List.of(x, g.scalar(-5f), g.scalar(5f)));
        }
        return x;
    }

    static String tokenizerJson() {
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < WORDS.size(); i++) {
            vocab.append(i == 0 ? "" : ",").append('"').append(WORDS.get(i)).append("\":").append(i);
        }
        String special = "{\"id\":%d,\"content\":\"%s\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
                + "\"normalized\":false,\"special\":true}";
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":["
                + String.format(Locale.ROOT, special, 0, "<pad>") + "," + String.format(Locale.ROOT, special, 1, "<unk>") + ","
                + String.format(Locale.ROOT, special, 2, "</s>") + "],"
                + "\"normalizer\":{\"type\":\"Lowercase\"},\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
                + "\"post_processor\":{\"type\":\"TemplateProcessing\",\"single\":[{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
                + "{\"SpecialToken\":{\"id\":\"</s>\",\"type_id\":0}}],\"pair\":[{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
                + "{\"Sequence\":{\"id\":\"B\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"</s>\",\"type_id\":0}}],"
                + "\"special_tokens\":{\"</s>\":{\"id\":\"</s>\",\"ids\":[2],\"tokens\":[\"</s>\"]}}},"
                + "\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":{" + vocab + "},\"unk_token\":\"<unk>\"}}\n";
    }

    static String cardJson(OctoArchitecture a) {
        String name = a.id().equals("octo-small-arch") ? "Octo-Small architecture (untrained, generated)"
                : "Octo interface, " + a.id() + " (untrained, generated)";
        return String.format(Locale.ROOT, """
                {
                  "format": "vla-arena-model-card/1",
                  "id": "%1$s",
                  "name": "%2$s",
                  "type": "octo",
                  "files": {"policy": "%3$s", "text_encoder": "%4$s", "tokenizer": "%5$s"},
                  "images": [{"key": "primary", "camera": null, "width": %6$d, "height": %6$d}],
                  "history_window": %7$d,
                  "max_tokens": %8$d,
                  "pad_token_id": 0,
                  "action": {"horizon": %9$d, "dimension": %10$d, "space": "ee_delta", "environment_dimension": 8, "pad_value": 0.0},
                  "normalization": {
                    "type": "mean_std",
                    "mean": [0.0002, 0.0001, -0.0001, 0.0, 0.0003, 0.0, 0.5],
                    "std": [0.0095, 0.0135, 0.0125, 0.0290, 0.0310, 0.0760, 0.4970],
                    "mask": [true, true, true, true, true, true, false]
                  },
                  "policy": {
                    "inputs": [
                      {"name": "image_primary", "role": "image", "key": "primary", "dtype": "float32", "shape": [1, %7$d, %6$d, %6$d, 3]},
                      {"name": "timestep_pad_mask", "role": "timestep_pad_mask", "dtype": "bool", "shape": [1, %7$d]},
                      {"name": "task_tokens", "role": "text_embedding", "dtype": "float32", "shape": [1, %8$d, %11$d]},
                      {"name": "noise", "role": "noise", "dtype": "float32", "shape": [%12$d, 1, %9$d, %10$d]}
                    ],
                    "outputs": [
                      {"name": "actions", "role": "actions", "dtype": "float32", "shape": [1, %9$d, %10$d]}
                    ]
                  },
                  "text_encoder": {
                    "inputs": [
                      {"name": "input_ids", "role": "token_ids", "dtype": "int64", "shape": [1, %8$d]},
                      {"name": "attention_mask", "role": "token_mask", "dtype": "int64", "shape": [1, %8$d]}
                    ],
                    "outputs": [
                      {"name": "text_embedding", "role": "text_embedding", "dtype": "float32", "shape": [1, %8$d, %11$d]}
                    ]
                  },
                  "runtime": {"intra_op_threads": 0, "inter_op_threads": 0, "optimization_level": "all"}
                }
                """, a.id(), name, POLICY_FILE, TEXT_ENCODER_FILE, TOKENIZER_FILE, a.imageSize(), a.window(), a.taskTokens(),
                a.horizon(), a.actionDim(), a.textWidth(), a.diffusionSteps());
    }
}
