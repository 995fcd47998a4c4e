package io.vlaarena.onnx.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.VlaSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed and self-consistent model card of a model directory ({@code docs/onnx-models.md}).
 * Parsing checks the card on its own; whether the graphs agree with it is checked by the runtime.
 */
public record ModelCard(Path directory, String id, String name, String type, Path policyFile,
        Optional<Path> textEncoderFile, Optional<Path> tokenizerFile, List<Image> images, int historyWindow,
        int maxTokens, long padTokenId, int horizon, int dimension, ActionSpace actionSpace,
        int environmentDimension, double padValue, Normalization normalization, List<Tensor> policyInputs,
        Tensor actionsOutput, List<Tensor> encoderInputs, Optional<Tensor> encoderOutput, Runtime runtime,
        Optional<String> parameters) {

    /** The card's file name inside a model directory. */
    public static final String FILE_NAME = "model-card.json";
    /** The only card format this code reads. */
    public static final String FORMAT = "vla-arena-model-card/1";

    /** Tensor element types a card may name. */
    public enum DType {
        FLOAT32, INT64, BOOL, UINT8;

        /** Bytes per element. */
        public int size() {
            return this == FLOAT32 ? 4 : this == INT64 ? 8 : 1;
        }

        /** The card's spelling. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static DType parse(String s, String where) {
            for (DType d : values()) {
                if (d.wireName().equals(s)) {
                    return d;
                }
            }
            throw new ModelLoadException("Unknown dtype '" + s + "' at " + where + "; known dtypes: "
                    + Arrays.stream(values()).map(DType::wireName).toList());
        }
    }

    /** What the runtime feeds into or reads from a tensor. */
    public enum Role {
        IMAGE, TIMESTEP_PAD_MASK, TEXT_EMBEDDING, TOKEN_IDS, TOKEN_MASK, NOISE, ACTIONS;

        /** The card's spelling. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Role parse(String s, String where) {
            for (Role r : values()) {
                if (r.wireName().equals(s)) {
                    return r;
                }
            }
            throw new ModelLoadException("Unknown tensor role '" + s + "' at " + where + "; known roles: "
                    + Arrays.stream(values()).map(Role::wireName).toList());
        }
    }

    /** One graph input or output as the card declares it. */
    public record Tensor(String name, Role role, String key, DType dtype, long[] shape) {
        /** Elements in the tensor. */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The shape as text, e.g. {@code [1, 2, 256, 256, 3]}. */
        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** One camera image the policy reads. */
    public record Image(String key, String camera, int width, int height) {}

    /** How to undo the normalization of the policy's actions. */
    public record Normalization(Kind kind, double[] a, double[] b, boolean[] mask) {
        /** Normalization kinds. */
        public enum Kind {
            /** Actions are not normalized. */
            NONE,
            /** {@code a·std + mean} where the mask is true ({@code a} = mean, {@code b} = std). */
            MEAN_STD,
            /** {@code (a + 1)/2 · (p99 − p01) + p01} where the mask is true ({@code a} = p01, {@code b} = p99). */
            BOUNDS
        }

        /** Undoes the normalization of value {@code v} of action dimension {@code i}. */
        public double apply(int i, double v) {
            if (kind == Kind.NONE || !mask[i]) {
                return v;
            }
            return kind == Kind.MEAN_STD ? v * b[i] + a[i] : (v + 1) / 2 * (b[i] - a[i]) + a[i];
        }
    }

    /** Session settings the card suggests; callers may override each. */
    public record Runtime(int intraOpThreads, int interOpThreads, String optimizationLevel) {}

    /** The observation and action description the arena sees. */
    public VlaSpec toSpec() {
        List<ImageSpec> specs = images.stream().map(i -> new ImageSpec(i.key(), i.camera(), i.width(), i.height())).toList();
        return VlaSpec.builder(id).name(name).actionDimension(environmentDimension).actionSpace(actionSpace)
                .actionHorizon(horizon).observation(new ObservationSpec(specs, false, historyWindow)).build();
    }

    /** The policy input with {@code role} (and {@code key} for images), if declared. */
    public Optional<Tensor> policyInput(Role role) {
        return policyInputs.stream().filter(t -> t.role() == role).findFirst();
    }

    /** Reads {@code dir/model-card.json} and checks it; every problem is a {@link ModelLoadException}. */
    public static ModelCard read(Path dir) {
        Path cardFile = dir.resolve(FILE_NAME);
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("Model directory '" + dir + "' does not exist or is not a directory");
        }
        if (!Files.isRegularFile(cardFile)) {
            throw new ModelLoadException("Model directory '" + dir + "' has no model card " + FILE_NAME);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(cardFile.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("Model card '" + cardFile + "' is not valid JSON: " + e.getMessage(), e);
        }
        try {
            return parse(dir, root);
        } catch (ModelLoadException e) {
            throw new ModelLoadException("Model card '" + cardFile + "' is invalid: " + e.getMessage(), e);
        }
    }

    private static ModelCard parse(Path dir, JsonNode root) {
        String format = text(root, "format", "");
        if (!FORMAT.equals(format)) {
            throw new ModelLoadException("format is '" + format + "' but this reader knows only '" + FORMAT + "'");
        }
        String id = text(root, "id", "");
        String name = root.has("name") ? text(root, "name", "") : id;
        String type = text(root, "type", "");
        if (!type.equals("octo")) {
            throw new ModelLoadException("type '" + type + "' is unknown; known types: [octo]");
        }
        JsonNode files = obj(root, "files", "");
        Path policy = file(dir, files, "policy", true).orElseThrow();
        Optional<Path> encoder = file(dir, files, "text_encoder", false);
        Optional<Path> tokenizer = file(dir, files, "tokenizer", false);

        int window = integer(root, "history_window", "");
        int maxTokens = root.has("max_tokens") ? integer(root, "max_tokens", "") : 0;
        long padId = root.has("pad_token_id") ? root.get("pad_token_id").asLong() : 0;

        List<Image> images = new ArrayList<>();
        for (JsonNode n : arr(root, "images", "")) {
            String camera = n.hasNonNull("camera") ? n.get("camera").asText() : null;
            images.add(new Image(text(n, "key", "images[]"), camera, integer(n, "width", "images[]"),
                    integer(n, "height", "images[]")));
        }

        JsonNode action = obj(root, "action", "");
        int horizon = integer(action, "horizon", "action");
        int dimension = integer(action, "dimension", "action");
        ActionSpace space;
        try {
            space = ActionSpace.fromWireName(text(action, "space", "action"));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        int envDim = action.has("environment_dimension") ? integer(action, "environment_dimension", "action") : dimension;
        if (envDim < dimension) {
            throw new ModelLoadException("action.environment_dimension " + envDim + " is smaller than action.dimension " + dimension);
        }
        double padValue = action.has("pad_value") ? action.get("pad_value").asDouble() : 0.0;

        Normalization norm = normalization(root.get("normalization"), dimension);

        JsonNode policyNode = obj(root, "policy", "");
        List<Tensor> policyInputs = tensors(arr(policyNode, "inputs", "policy"), "policy.inputs");
        List<Tensor> policyOutputs = tensors(arr(policyNode, "outputs", "policy"), "policy.outputs");
        List<Tensor> encoderInputs = List.of();
        Optional<Tensor> encoderOutput = Optional.empty();
        if (encoder.isPresent()) {
            JsonNode enc = obj(root, "text_encoder", "");
            encoderInputs = tensors(arr(enc, "inputs", "text_encoder"), "text_encoder.inputs");
            List<Tensor> outs = tensors(arr(enc, "outputs", "text_encoder"), "text_encoder.outputs");
            encoderOutput = outs.stream().filter(t -> t.role() == Role.TEXT_EMBEDDING).findFirst();
            if (encoderOutput.isEmpty()) {
                throw new ModelLoadException("text_encoder.outputs has no tensor with role text_embedding");
            }
        }
        Tensor actions = policyOutputs.stream().filter(t -> t.role() == Role.ACTIONS).findFirst()
                .orElseThrow(() -> new ModelLoadException("policy.outputs has no tensor with role actions"));

        JsonNode rt = root.path("runtime");
        Runtime runtime = new Runtime(rt.path("intra_op_threads").asInt(0), rt.path("inter_op_threads").asInt(0),
                rt.path("optimization_level").asText("all"));

        ModelCard card = new ModelCard(dir, id, name, type, policy, encoder, tokenizer, List.copyOf(images), window,
                maxTokens, padId, horizon, dimension, space, envDim, padValue, norm, policyInputs, actions,
                encoderInputs, encoderOutput, runtime,
                Optional.ofNullable(root.has("parameters") ? text(root, "parameters", "") : null).filter(p -> !p.isBlank()));
        card.check();
        return card;
    }

    /** Cross-field checks: every role is fed from something that exists, shapes follow the profile. */
    private void check() {
        if (id.isBlank()) {
            throw new ModelLoadException("id must not be blank");
        }
        if (historyWindow < 1 || horizon < 1 || dimension < 1) {
            throw new ModelLoadException("history_window, action.horizon and action.dimension must be positive");
        }
        Set<String> keys = new HashSet<>();
        for (Image img : images) {
            if (img.width() <= 0 || img.height() <= 0 || !keys.add(img.key())) {
                throw new ModelLoadException("image '" + img.key() + "' is duplicated or has a non-positive size");
            }
            Tensor t = policyInputs.stream().filter(x -> x.role() == Role.IMAGE && img.key().equals(x.key())).findFirst()
                    .orElseThrow(() -> new ModelLoadException("image '" + img.key() + "' has no policy input with role image and key '"
                            + img.key() + "'"));
            expectShape(t, new long[] {1, historyWindow, img.height(), img.width(), 3});
            if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.UINT8) {
                throw new ModelLoadException("image input '" + t.name() + "' must be float32 or uint8, is " + t.dtype().wireName());
            }
        }
        Set<String> names = new HashSet<>();
        for (Tensor t : policyInputs) {
            if (!names.add(t.name())) {
                throw new ModelLoadException("policy input '" + t.name() + "' is declared twice");
            }
            switch (t.role()) {
                case IMAGE -> {
                    if (t.key() == null || !keys.contains(t.key())) {
                        throw new ModelLoadException("policy input '" + t.name() + "' reads image '" + t.key()
                                + "' which images[] does not declare; declared: " + keys);
                    }
                }
                case TIMESTEP_PAD_MASK -> {
                    expectShape(t, new long[] {1, historyWindow});
                    expectDType(t, DType.BOOL);
                }
                case TOKEN_IDS, TOKEN_MASK -> checkToken(t);
                case TEXT_EMBEDDING -> {
                    Tensor out = encoderOutput.orElseThrow(() -> new ModelLoadException("policy input '" + t.name()
                            + "' needs a text embedding but the card names no text_encoder file"));
                    expectShape(t, out.shape());
                    expectDType(t, DType.FLOAT32);
                }
                case NOISE -> expectDType(t, DType.FLOAT32);
                case ACTIONS -> throw new ModelLoadException("actions is an output role, not an input: '" + t.name() + "'");
                default -> throw new IllegalStateException();
            }
        }
        for (Tensor t : encoderInputs) {
            if (t.role() != Role.TOKEN_IDS && t.role() != Role.TOKEN_MASK) {
                throw new ModelLoadException("text_encoder input '" + t.name() + "' must have role token_ids or token_mask, has "
                        + t.role().wireName());
            }
            checkToken(t);
        }
        encoderOutput.ifPresent(o -> expectDType(o, DType.FLOAT32));
        expectShape(actionsOutput, new long[] {1, horizon, dimension});
        expectDType(actionsOutput, DType.FLOAT32);
    }

    private void checkToken(Tensor t) {
        if (tokenizerFile.isEmpty()) {
            throw new ModelLoadException("input '" + t.name() + "' needs tokens but the card names no tokenizer file");
        }
        if (maxTokens <= 0) {
            throw new ModelLoadException("input '" + t.name() + "' needs tokens but max_tokens is not positive");
        }
        expectShape(t, new long[] {1, maxTokens});
        expectDType(t, DType.INT64);
    }

    private static void expectShape(Tensor t, long[] shape) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new ModelLoadException("tensor '" + t.name() + "' (" + t.role().wireName() + ") has shape " + t.shapeText()
                    + " but the card's other fields require " + Arrays.toString(shape));
        }
    }

    private static void expectDType(Tensor t, DType d) {
        if (t.dtype() != d) {
            throw new ModelLoadException("tensor '" + t.name() + "' (" + t.role().wireName() + ") has dtype "
                    + t.dtype().wireName() + " but must be " + d.wireName());
        }
    }

    private static Normalization normalization(JsonNode n, int dim) {
        if (n == null || n.isNull()) {
            return new Normalization(Normalization.Kind.NONE, new double[dim], new double[dim], new boolean[dim]);
        }
        String type = text(n, "type", "normalization");
        boolean[] mask = new boolean[dim];
        Arrays.fill(mask, true);
        if (n.has("mask")) {
            JsonNode m = n.get("mask");
            if (!m.isArray() || m.size() != dim) {
                throw new ModelLoadException("normalization.mask must be an array of " + dim + " booleans");
            }
            for (int i = 0; i < dim; i++) {
                mask[i] = m.get(i).asBoolean();
            }
        }
        return switch (type) {
            case "none" -> new Normalization(Normalization.Kind.NONE, new double[dim], new double[dim], mask);
            case "mean_std" -> new Normalization(Normalization.Kind.MEAN_STD, doubles(n, "mean", dim), doubles(n, "std", dim), mask);
            case "bounds" -> new Normalization(Normalization.Kind.BOUNDS, doubles(n, "p01", dim), doubles(n, "p99", dim), mask);
            default -> throw new ModelLoadException("normalization.type '" + type + "' is unknown; known types: [none, mean_std, bounds]");
        };
    }

    private static double[] doubles(JsonNode n, String field, int dim) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray() || a.size() != dim) {
            throw new ModelLoadException("normalization." + field + " must be an array of " + dim + " numbers");
        }
        double[] out = new double[dim];
        for (int i = 0; i < dim; i++) {
            out[i] = a.get(i).asDouble();
            if (!Double.isFinite(out[i])) {
                throw new ModelLoadException("normalization." + field + "[" + i + "] is not finite");
            }
        }
        return out;
    }

    private static List<Tensor> tensors(JsonNode arr, String where) {
        List<Tensor> out = new ArrayList<>();
        for (JsonNode n : arr) {
            String name = text(n, "name", where);
            String w = where + "['" + name + "']";
            JsonNode s = n.get("shape");
            if (s == null || !s.isArray()) {
                throw new ModelLoadException(w + ".shape must be an array of positive integers");
            }
            long[] shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).asLong();
                if (shape[i] <= 0) {
                    throw new ModelLoadException(w + ".shape " + s + " must hold positive integers only");
                }
            }
            String key = n.hasNonNull("key") ? n.get("key").asText() : null;
            out.add(new Tensor(name, Role.parse(text(n, "role", w), w), key, DType.parse(text(n, "dtype", w), w), shape));
        }
        return List.copyOf(out);
    }

    private static Optional<Path> file(Path dir, JsonNode files, String field, boolean required) {
        if (!files.hasNonNull(field)) {
            if (required) {
                throw new ModelLoadException("files." + field + " is missing");
            }
            return Optional.empty();
        }
        String rel = files.get(field).asText();
        Path p = dir.resolve(rel).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw new ModelLoadException("files." + field + " '" + rel + "' points outside the model directory");
        }
        if (!Files.isRegularFile(p)) {
            throw new ModelLoadException("files." + field + " names '" + rel + "' but " + p + " does not exist");
        }
        return Optional.of(p);
    }

    private static JsonNode obj(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new ModelLoadException(prefix(where) + field + " must be an object");
        }
        return v;
    }

    private static JsonNode arr(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new ModelLoadException(prefix(where) + field + " must be an array");
        }
        return v;
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new ModelLoadException(prefix(where) + field + " must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new ModelLoadException(prefix(where) + field + " must be an integer");
        }
        return v.asInt();
    }

    private static String prefix(String where) {
        return where.isEmpty() ? "" : where + ".";
    }
}
