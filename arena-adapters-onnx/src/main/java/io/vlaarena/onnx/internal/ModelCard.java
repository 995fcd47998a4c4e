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
 * Every card carries its {@link Profile} (what feeds each input, how the chunk maps to the action
 * space): a {@code type: generic} card states it, a {@code type: octo} card's follows from its fields.
 */
public record ModelCard(Path directory, String id, String name, String type, Path policyFile,
        Optional<Path> textEncoderFile, Optional<Path> tokenizerFile, List<Image> images, int historyWindow,
        int maxTokens, long padTokenId, int horizon, int dimension, ActionSpace actionSpace,
        int environmentDimension, double padValue, Normalization normalization, List<Tensor> policyInputs,
        Tensor actionsOutput, List<Tensor> encoderInputs, Optional<Tensor> encoderOutput, Runtime runtime,
        Profile profile, Optional<String> parameters) {

    /** The card's file name inside a model directory. */
    public static final String FILE_NAME = "model-card.json";
    /** The only card format this code reads. */
    public static final String FORMAT = "vla-arena-model-card/1";
    /** The card types this code reads. */
    public static final List<String> TYPES = List.of("octo", "generic");

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
        IMAGE, TIMESTEP_PAD_MASK, TEXT_EMBEDDING, TOKEN_IDS, TOKEN_MASK, NOISE, ACTIONS, STATE, CONSTANT, TRANSLATOR;

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

        /**
         * Normalizes value {@code v} of dimension {@code i}, the inverse of {@link #apply}: {@code (v − mean)/std},
         * or {@code (v − min)/(max − min)·2 − 1} (LeRobot's {@code MIN_MAX}).
         */
        public double normalize(int i, double v) {
            if (kind == Kind.NONE || !mask[i]) {
                return v;
            }
            return kind == Kind.MEAN_STD ? (v - a[i]) / b[i] : (v - a[i]) / (b[i] - a[i]) * 2 - 1;
        }
    }

    /** Session settings the card suggests; callers may override each. */
    public record Runtime(int intraOpThreads, int interOpThreads, String optimizationLevel) {}

    /** The observation and action description the arena sees. */
    public VlaSpec toSpec() {
        List<ImageSpec> specs = images.stream().map(i -> new ImageSpec(i.key(), i.camera(), i.width(), i.height())).toList();
        boolean proprioception = !profile.states().isEmpty();
        return VlaSpec.builder(id).name(name).actionDimension(environmentDimension).actionSpace(actionSpace)
                .actionHorizon(actionMap().execute())
                .observation(new ObservationSpec(specs, proprioception, historyWindow).withSites(profile.sites())).build();
    }

    /**
     * How a chunk of the actions output becomes the environment's actions: the generic card's
     * {@code action.map}, or for an Octo card every value as it is, padded to
     * {@code environment_dimension} with {@code pad_value}; all {@code horizon} actions executed.
     */
    public ActionMap actionMap() {
        return profile.actions();
    }

    /** Every output the policy graph is read for: the actions first, then those a translator reads. */
    public List<Tensor> policyOutputs() {
        List<Tensor> out = new ArrayList<>();
        out.add(actionsOutput);
        out.addAll(profile.translatorOutputs());
        return List.copyOf(out);
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
        if (type.equals("generic")) {
            return Profile.parseCard(dir, root);
        }
        if (!type.equals("octo")) {
            throw new ModelLoadException("type '" + type + "' is unknown; known types: " + TYPES);
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
        Encoder enc = Encoder.parse(root, encoder);
        List<Tensor> encoderInputs = enc.inputs();
        Optional<Tensor> encoderOutput = enc.output();
        Tensor actions = policyOutputs.stream().filter(t -> t.role() == Role.ACTIONS).findFirst()
                .orElseThrow(() -> new ModelLoadException("policy.outputs has no tensor with role actions"));

        if (window < 1 || horizon < 1 || dimension < 1) {
            throw new ModelLoadException("history_window, action.horizon and action.dimension must be positive");
        }
        ModelCard card = new ModelCard(dir, id, name, type, policy, encoder, tokenizer, List.copyOf(images), window,
                maxTokens, padId, horizon, dimension, space, envDim, padValue, norm, policyInputs, actions,
                encoderInputs, encoderOutput, runtime(root),
                Profile.ofOcto(policyInputs, images, ActionMap.padded(dimension, envDim, padValue, horizon)), parameters(root));
        card.check();
        return card;
    }

    /** The {@code text_encoder} section: its inputs and its text embedding output (empty without an encoder file). */
    record Encoder(List<Tensor> inputs, Optional<Tensor> output) {
        static Encoder parse(JsonNode root, Optional<Path> file) {
            if (file.isEmpty()) {
                return new Encoder(List.of(), Optional.empty());
            }
            JsonNode enc = obj(root, "text_encoder", "");
            List<Tensor> inputs = tensors(arr(enc, "inputs", "text_encoder"), "text_encoder.inputs");
            List<Tensor> outs = tensors(arr(enc, "outputs", "text_encoder"), "text_encoder.outputs");
            Optional<Tensor> output = outs.stream().filter(t -> t.role() == Role.TEXT_EMBEDDING).findFirst();
            if (output.isEmpty()) {
                throw new ModelLoadException("text_encoder.outputs has no tensor with role text_embedding");
            }
            return new Encoder(inputs, output);
        }
    }

    /** The card's {@code parameters} (e.g. {@code "27M"}), as a VLA service's {@code /info} states it; empty when absent or blank. */
    static Optional<String> parameters(JsonNode root) {
        return Optional.ofNullable(root.has("parameters") ? text(root, "parameters", "") : null).filter(p -> !p.isBlank());
    }

    static Runtime runtime(JsonNode root) {
        JsonNode rt = root.path("runtime");
        return new Runtime(rt.path("intra_op_threads").asInt(0), rt.path("inter_op_threads").asInt(0),
                rt.path("optimization_level").asText("all"));
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
                case STATE, CONSTANT, TRANSLATOR -> throw new ModelLoadException("policy input '" + t.name() + "' has role "
                        + t.role().wireName() + ", which only a card of type generic reads");
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

    void checkToken(Tensor t) {
        if (tokenizerFile.isEmpty()) {
            throw new ModelLoadException("input '" + t.name() + "' needs tokens but the card names no tokenizer file");
        }
        if (maxTokens <= 0) {
            throw new ModelLoadException("input '" + t.name() + "' needs tokens but max_tokens is not positive");
        }
        expectShape(t, new long[] {1, maxTokens});
        expectDType(t, DType.INT64);
    }

    static void expectShape(Tensor t, long[] shape) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new ModelLoadException("tensor '" + t.name() + "' (" + t.role().wireName() + ") has shape " + t.shapeText()
                    + " but the card's other fields require " + Arrays.toString(shape));
        }
    }

    static void expectDType(Tensor t, DType d) {
        if (t.dtype() != d) {
            throw new ModelLoadException("tensor '" + t.name() + "' (" + t.role().wireName() + ") has dtype "
                    + t.dtype().wireName() + " but must be " + d.wireName());
        }
    }

    private static Normalization normalization(JsonNode n, int dim) {
        return normalization(n, dim, "normalization");
    }

    /**
     * A normalization of {@code dim} values at {@code where}: absent, {@code none}, {@code mean_std}
     * ({@code mean}, {@code std}), {@code bounds} ({@code p01}, {@code p99}) or {@code min_max}
     * ({@code min}, {@code max}, the same formula), with an optional {@code mask}.
     */
    static Normalization normalization(JsonNode n, int dim, String where) {
        if (n == null || n.isNull()) {
            return new Normalization(Normalization.Kind.NONE, new double[dim], new double[dim], new boolean[dim]);
        }
        String type = text(n, "type", where);
        boolean[] mask = new boolean[dim];
        Arrays.fill(mask, true);
        if (n.has("mask")) {
            JsonNode m = n.get("mask");
            if (!m.isArray() || m.size() != dim) {
                throw new ModelLoadException(where + ".mask must be an array of " + dim + " booleans");
            }
            for (int i = 0; i < dim; i++) {
                mask[i] = m.get(i).asBoolean();
            }
        }
        Normalization norm = switch (type) {
            case "none" -> new Normalization(Normalization.Kind.NONE, new double[dim], new double[dim], mask);
            case "mean_std" -> new Normalization(Normalization.Kind.MEAN_STD, doubles(n, "mean", dim, where),
                    doubles(n, "std", dim, where), mask);
            case "bounds" -> new Normalization(Normalization.Kind.BOUNDS, doubles(n, "p01", dim, where),
                    doubles(n, "p99", dim, where), mask);
            case "min_max" -> new Normalization(Normalization.Kind.BOUNDS, doubles(n, "min", dim, where),
                    doubles(n, "max", dim, where), mask);
            default -> throw new ModelLoadException(where + ".type '" + type
                    + "' is unknown; known types: [none, mean_std, min_max, bounds]");
        };
        return norm;
    }

    /**
     * Checks that {@code norm} can normalize (divides by nothing zero): every masked-in std positive,
     * every upper bound above its lower bound. Unnormalizing needs neither (a constant dimension is fine).
     */
    static void requireForward(Normalization norm, String where) {
        for (int i = 0; i < norm.mask().length; i++) {
            if (!norm.mask()[i]) {
                continue;
            }
            if (norm.kind() == Normalization.Kind.MEAN_STD && !(norm.b()[i] > 0)) {
                throw new ModelLoadException(where + ".std[" + i + "] is " + norm.b()[i] + " but must be positive");
            }
            if (norm.kind() == Normalization.Kind.BOUNDS && !(norm.b()[i] > norm.a()[i])) {
                throw new ModelLoadException(where + ": the upper bound of value " + i + " (" + norm.b()[i]
                        + ") must be larger than its lower bound (" + norm.a()[i] + ")");
            }
        }
    }

    static double[] doubles(JsonNode n, String field, int dim, String where) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray() || a.size() != dim) {
            throw new ModelLoadException(where + "." + field + " must be an array of " + dim + " numbers");
        }
        double[] out = new double[dim];
        for (int i = 0; i < dim; i++) {
            if (!a.get(i).isNumber() || !Double.isFinite(a.get(i).asDouble())) {
                throw new ModelLoadException(where + "." + field + "[" + i + "] is " + a.get(i) + " but must be a finite number");
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    static List<Tensor> tensors(JsonNode arr, String where) {
        List<Tensor> out = new ArrayList<>();
        for (JsonNode n : arr) {
            out.add(tensor(n, where + "['" + text(n, "name", where) + "']"));
        }
        return List.copyOf(out);
    }

    /** One tensor entry: {@code name}, {@code role}, {@code dtype}, {@code shape} and an optional {@code key}. */
    static Tensor tensor(JsonNode n, String w) {
        String name = text(n, "name", w);
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
        return new Tensor(name, Role.parse(text(n, "role", w), w), key, DType.parse(text(n, "dtype", w), w), shape);
    }

    static Optional<Path> file(Path dir, JsonNode files, String field, boolean required) {
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

    static JsonNode obj(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new ModelLoadException(prefix(where) + field + " must be an object");
        }
        return v;
    }

    static JsonNode arr(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new ModelLoadException(prefix(where) + field + " must be an array");
        }
        return v;
    }

    static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new ModelLoadException(prefix(where) + field + " must be a string");
        }
        return v.asText();
    }

    static int integer(JsonNode n, String field, String where) {
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
