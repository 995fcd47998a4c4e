package io.vlaarena.onnx.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.StateSelector;
import io.vlaarena.onnx.internal.ModelCard.DType;
import io.vlaarena.onnx.internal.ModelCard.Normalization;
import io.vlaarena.onnx.internal.ModelCard.Role;
import io.vlaarena.onnx.internal.ModelCard.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a card's tensors are fed and read: how each input is fed (camera
 * images of any size and layout with their pixel normalization, proprioceptive state with its
 * normalization, constants, inputs left to a translator) and how the actions output maps to the
 * environment's action space. A {@code type: generic} card states all of it, parsed here with
 * one-line errors that name the key, e.g.
 * {@code policy.inputs[2] ('observation.state').from[0]: Unknown state selector 'qpos[a]'; …};
 * a {@code type: octo} card's fixed profile is derived from its fields ({@link #ofOcto}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param feeds how each policy input is filled, by input name, in the card's order
 * @param actions the action mapping
 * @param translator the name of the translator the card asks for, if any
 * @param translatorSettings the settings the card gives that translator (empty without)
 * @param translatorOutputs outputs read only for the translator
 */
public record Profile(Map<String, Feed> feeds, ActionMap actions, Optional<String> translator,
        Map<String, Object> translatorSettings, List<Tensor> translatorOutputs) {

    /** The largest image side a card may declare. */
    static final int MAX_IMAGE_SIDE = 4096;
    /** The largest input a card may declare, in bytes (each episode allocates its inputs). */
    static final long MAX_INPUT_BYTES = 1L << 30;
    /** The longest observation history a card may declare. */
    static final int MAX_WINDOW = 64;

    private static final Set<String> TOP = Set.of("format", "id", "name", "type", "parameters", "files", "history_window",
            "max_tokens", "pad_token_id", "policy", "text_encoder", "action", "translator", "runtime");
    private static final Set<String> COMMON = Set.of("name", "role", "dtype", "shape");
    private static final Set<String> IMAGE_KEYS = Set.of("camera", "key", "layout", "scale", "mean", "std");

    /** Validates and copies. */
    public Profile {
        feeds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(feeds));
        translatorSettings = Map.copyOf(translatorSettings);
        translatorOutputs = List.copyOf(translatorOutputs);
    }

    /**
     * How one input is filled; exactly one of {@code image}, {@code state}, {@code constant} is set
     * for those roles, none for the others.
     *
     * @param tensor the input as declared
     * @param timeAxis whether the input has an observation-history axis after the batch axis
     * @param image for role {@code image}
     * @param state for role {@code state}
     * @param constant for role {@code constant}: one value for every element, or one per element
     */
    public record Feed(Tensor tensor, boolean timeAxis, ImageFeed image, StateFeed state, double[] constant) {}

    /**
     * A camera image: rendered at the tensor's size, written in its layout, as raw bytes or as
     * {@code (pixel · scale − mean[c]) / std[c]} floats.
     */
    public record ImageFeed(String key, String camera, boolean channelsFirst, int width, int height, double scale,
            double[] mean, double[] std) {}

    /** A state vector: the values of the selectors in order, normalized. */
    public record StateFeed(List<StateSelector> from, int dimension, Normalization normalization) {}

    /** The state feeds, in the card's order. */
    public List<Feed> states() {
        return feeds.values().stream().filter(f -> f.state() != null).toList();
    }

    /** The MJCF sites whose poses the state inputs read, in the card's order, each once. */
    public List<String> sites() {
        return states().stream().flatMap(f -> f.state().from().stream()).flatMap(s -> s.site().stream()).distinct().toList();
    }

    /** The names of the inputs a translator must fill. */
    public List<String> translatorInputs() {
        return feeds.values().stream().filter(f -> f.tensor().role() == Role.TRANSLATOR).map(f -> f.tensor().name()).toList();
    }

    /**
     * The Octo profile: images NHWC with the time axis, as float {@code pixel / 255} or raw bytes;
     * every other input fed by its role; the actions padded to the environment's dimension.
     */
    static Profile ofOcto(List<Tensor> inputs, List<ModelCard.Image> images, ActionMap actions) {
        Map<String, Feed> feeds = new LinkedHashMap<>();
        for (Tensor t : inputs) {
            ModelCard.Image img = t.role() == Role.IMAGE
                    ? images.stream().filter(i -> i.key().equals(t.key())).findFirst().orElse(null) : null;
            ImageFeed feed = img == null ? null : new ImageFeed(img.key(), img.camera(), false, img.width(), img.height(),
                    1 / 255.0, new double[] {0, 0, 0}, new double[] {1, 1, 1});
            feeds.put(t.name(), new Feed(t, feed != null, feed, null, null));
        }
        return new Profile(feeds, actions, Optional.empty(), Map.of(), List.of());
    }

    /** Parses a {@code type: generic} card into a checked {@link ModelCard}. */
    static ModelCard parseCard(Path dir, JsonNode root) {
        requireOnly(root, TOP, "the card");
        String id = ModelCard.text(root, "id", "");
        String name = root.has("name") ? ModelCard.text(root, "name", "") : id;
        JsonNode files = ModelCard.obj(root, "files", "");
        requireOnly(files, Set.of("policy", "text_encoder", "tokenizer"), "files");
        Path policy = ModelCard.file(dir, files, "policy", true).orElseThrow();
        Optional<Path> encoder = ModelCard.file(dir, files, "text_encoder", false);
        Optional<Path> tokenizer = ModelCard.file(dir, files, "tokenizer", false);
        int window = root.has("history_window") ? ModelCard.integer(root, "history_window", "") : 1;
        if (window < 1 || window > MAX_WINDOW) {
            throw new ModelLoadException("history_window is " + window + " but must be from 1 to " + MAX_WINDOW);
        }
        int maxTokens = root.has("max_tokens") ? ModelCard.integer(root, "max_tokens", "") : 0;
        long padId = root.has("pad_token_id") ? root.get("pad_token_id").asLong() : 0;

        JsonNode policyNode = ModelCard.obj(root, "policy", "");
        requireOnly(policyNode, Set.of("inputs", "outputs"), "policy");
        Map<String, Feed> feeds = new LinkedHashMap<>();
        List<ModelCard.Image> images = new ArrayList<>();
        JsonNode ins = ModelCard.arr(policyNode, "inputs", "policy");
        for (int i = 0; i < ins.size(); i++) {
            Feed f = input(ins.get(i), "policy.inputs[" + i + "]", window);
            if (feeds.put(f.tensor().name(), f) != null) {
                throw new ModelLoadException("policy.inputs[" + i + "] declares the input '" + f.tensor().name() + "' a second time");
            }
            if (f.image() != null) {
                ImageFeed im = f.image();
                if (images.stream().anyMatch(x -> x.key().equals(im.key()))) {
                    throw new ModelLoadException("policy.inputs[" + i + "] ('" + f.tensor().name() + "').key '" + im.key()
                            + "' is used by another image input; give each image input its own key");
                }
                images.add(new ModelCard.Image(im.key(), im.camera(), im.width(), im.height()));
            }
        }
        List<Tensor> inputs = feeds.values().stream().map(Feed::tensor).toList();

        JsonNode outs = ModelCard.arr(policyNode, "outputs", "policy");
        Tensor actions = null;
        List<Tensor> translatorOutputs = new ArrayList<>();
        Set<String> outNames = new HashSet<>();
        for (int i = 0; i < outs.size(); i++) {
            String where = "policy.outputs[" + i + "]";
            JsonNode n = outs.get(i);
            where = where + " ('" + ModelCard.text(n, "name", where) + "')";
            requireOnly(n, COMMON, where);
            Tensor t = ModelCard.tensor(n, where);
            if (!outNames.add(t.name())) {
                throw new ModelLoadException(where + " declares the output '" + t.name() + "' a second time");
            }
            if (t.dtype() != DType.FLOAT32) {
                throw new ModelLoadException(where + ".dtype is " + t.dtype().wireName() + " but outputs must be float32");
            }
            if (t.role() == Role.ACTIONS) {
                if (actions != null) {
                    throw new ModelLoadException(where + " is a second output with role actions; the card reads one");
                }
                long[] s = t.shape();
                if (!(s.length == 3 || s.length == 2) || s[0] != 1) {
                    throw new ModelLoadException(where + ".shape is " + t.shapeText() + " but an actions output is [1, horizon, "
                            + "width] or [1, width]");
                }
                actions = t;
            } else if (t.role() == Role.TRANSLATOR) {
                translatorOutputs.add(t);
            } else {
                throw new ModelLoadException(where + ".role is " + t.role().wireName() + " but outputs have role actions or "
                        + "translator");
            }
        }
        if (actions == null) {
            throw new ModelLoadException("policy.outputs has no tensor with role actions");
        }
        int horizon = actions.shape().length == 3 ? (int) actions.shape()[1] : 1;
        int width = (int) actions.shape()[actions.shape().length - 1];

        JsonNode action = ModelCard.obj(root, "action", "");
        requireOnly(action, Set.of("space", "normalization", "map", "execute"), "action");
        ActionSpace space;
        try {
            space = ActionSpace.fromWireName(ModelCard.text(action, "space", "action"));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("action.space: " + e.getMessage(), e);
        }
        Normalization norm = ModelCard.normalization(action.get("normalization"), width, "action.normalization");
        int execute = action.has("execute") ? ModelCard.integer(action, "execute", "action") : horizon;
        if (execute < 1 || execute > horizon) {
            throw new ModelLoadException("action.execute is " + execute + " but must be from 1 to the chunk's horizon "
                    + horizon + " (" + actions.name() + " " + actions.shapeText() + ")");
        }
        ActionMap map = actionMap(action.get("map"), width, execute);

        Optional<String> translator = Optional.empty();
        Map<String, Object> settings = Map.of();
        JsonNode tr = root.get("translator");
        if (tr != null && !tr.isNull()) {
            if (tr.isObject()) {
                requireOnly(tr, Set.of("name", "settings"), "translator");
                translator = Optional.of(ModelCard.text(tr, "name", "translator"));
                if (tr.has("settings")) {
                    settings = new ObjectMapper().convertValue(ModelCard.obj(tr, "settings", "translator"),
                            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
                }
            } else if (tr.isTextual()) {
                translator = Optional.of(tr.asText());
            } else {
                throw new ModelLoadException("translator must be a name or {\"name\": …, \"settings\": {…}}, got " + tr);
            }
            if (translator.get().isBlank()) {
                throw new ModelLoadException("translator must not be blank");
            }
        }

        ModelCard.Encoder enc = ModelCard.Encoder.parse(root, encoder);
        Profile profile = new Profile(feeds, map, translator, settings, translatorOutputs);
        ModelCard card = new ModelCard(dir, id, name, "generic", policy, encoder, tokenizer, List.copyOf(images), window,
                maxTokens, padId, horizon, width, space, map.dimension(), 0.0, norm, inputs, actions, enc.inputs(), enc.output(),
                ModelCard.runtime(root), profile, ModelCard.parameters(root));
        profile.check(card);
        return card;
    }

    /** The checks that need the whole card: text inputs against the tokenizer and encoder. */
    private void check(ModelCard card) {
        if (card.id().isBlank()) {
            throw new ModelLoadException("id must not be blank");
        }
        for (Feed f : feeds.values()) {
            Tensor t = f.tensor();
            switch (t.role()) {
                case TOKEN_IDS, TOKEN_MASK -> card.checkToken(t);
                case TEXT_EMBEDDING -> {
                    Tensor out = card.encoderOutput().orElseThrow(() -> new ModelLoadException("policy input '" + t.name()
                            + "' needs a text embedding but the card names no text_encoder file"));
                    ModelCard.expectShape(t, out.shape());
                    ModelCard.expectDType(t, DType.FLOAT32);
                }
                default -> { }
            }
        }
        for (Tensor t : card.encoderInputs()) {
            if (t.role() != Role.TOKEN_IDS && t.role() != Role.TOKEN_MASK) {
                throw new ModelLoadException("text_encoder input '" + t.name() + "' must have role token_ids or token_mask, has "
                        + t.role().wireName());
            }
            card.checkToken(t);
        }
    }

    private static Feed input(JsonNode n, String at, int window) {
        String where = at + " ('" + ModelCard.text(n, "name", at) + "')";
        Role role = Role.parse(ModelCard.text(n, "role", where), where + ".role");
        Set<String> allowed = new HashSet<>(COMMON);
        switch (role) {
            case IMAGE -> allowed.addAll(IMAGE_KEYS);
            case STATE -> allowed.addAll(Set.of("from", "normalization"));
            case CONSTANT -> allowed.add("value");
            default -> { }
        }
        requireOnly(n, allowed, where);
        Tensor t = ModelCard.tensor(n, where);
        if (t.elements() > MAX_INPUT_BYTES / t.dtype().size()) {
            throw new ModelLoadException(where + ".shape " + t.shapeText() + " holds " + t.elements() + " " + t.dtype().wireName()
                    + " values; an input holds at most " + (MAX_INPUT_BYTES >> 20) + " MiB");
        }
        return switch (role) {
            case IMAGE -> image(n, t, where, window);
            case STATE -> state(n, t, where, window);
            case CONSTANT -> new Feed(t, false, null, null, constant(n, t, where));
            case NOISE -> {
                dtype(t, where, DType.FLOAT32);
                yield new Feed(t, false, null, null, null);
            }
            case TIMESTEP_PAD_MASK -> {
                dtype(t, where, DType.BOOL);
                if (!Arrays.equals(t.shape(), new long[] {1, window})) {
                    throw new ModelLoadException(where + ".shape is " + t.shapeText() + " but a timestep_pad_mask is [1, "
                            + "history_window] = [1, " + window + "]");
                }
                yield new Feed(t, false, null, null, null);
            }
            case ACTIONS -> throw new ModelLoadException(where + ".role: actions is an output role, not an input");
            default -> new Feed(t, false, null, null, null);
        };
    }

    private static Feed image(JsonNode n, Tensor t, String where, int window) {
        String layout = ModelCard.text(n, "layout", where).toLowerCase(Locale.ROOT);
        if (!layout.equals("nchw") && !layout.equals("nhwc")) {
            throw new ModelLoadException(where + ".layout is '" + layout + "'; valid layouts: [nchw, nhwc]");
        }
        if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.UINT8) {
            throw new ModelLoadException(where + ".dtype is " + t.dtype().wireName() + " but an image is float32 or uint8");
        }
        boolean first = layout.equals("nchw");
        boolean timeAxis = timeAxis(t, where, 3, window, first ? "[1, 3, height, width]" : "[1, height, width, 3]");
        long[] s = t.shape();
        int o = timeAxis ? 2 : 1;
        long c = first ? s[o] : s[o + 2];
        long h = first ? s[o + 1] : s[o];
        long w = first ? s[o + 2] : s[o + 1];
        if (c != 3) {
            throw new ModelLoadException(where + ".shape " + t.shapeText() + " has " + c + " channels in layout " + layout
                    + " but images are RGB (3)");
        }
        if (h > MAX_IMAGE_SIDE || w > MAX_IMAGE_SIDE) {
            throw new ModelLoadException(where + ".shape " + t.shapeText() + " is " + w + "x" + h + " pixels; the largest side "
                    + "is " + MAX_IMAGE_SIDE);
        }
        String camera = n.hasNonNull("camera") ? ModelCard.text(n, "camera", where) : null;
        String key = n.hasNonNull("key") ? ModelCard.text(n, "key", where) : t.name();
        double scale = 1;
        double[] mean = {0, 0, 0};
        double[] std = {1, 1, 1};
        if (t.dtype() == DType.UINT8) {
            for (String f : List.of("scale", "mean", "std")) {
                if (n.has(f)) {
                    throw new ModelLoadException(where + "." + f + " is given but the image is uint8: raw bytes take no scale, "
                            + "mean or std (make it float32 to normalize)");
                }
            }
        } else {
            scale = 1 / 255.0;
            if (n.has("scale")) {
                JsonNode v = n.get("scale");
                if (!v.isNumber() || !(v.asDouble() > 0) || !Double.isFinite(v.asDouble())) {
                    throw new ModelLoadException(where + ".scale is " + v + " but must be a positive number (e.g. 1/255)");
                }
                scale = v.asDouble();
            }
            if (n.has("mean")) {
                mean = ModelCard.doubles(n, "mean", 3, where);
            }
            if (n.has("std")) {
                std = ModelCard.doubles(n, "std", 3, where);
                for (int i = 0; i < 3; i++) {
                    if (!(std[i] > 0)) {
                        throw new ModelLoadException(where + ".std[" + i + "] is " + std[i] + " but must be positive");
                    }
                }
            }
        }
        return new Feed(t, timeAxis, new ImageFeed(key, camera, first, (int) w, (int) h, scale, mean, std), null, null);
    }

    private static Feed state(JsonNode n, Tensor t, String where, int window) {
        dtype(t, where, DType.FLOAT32);
        boolean timeAxis = timeAxis(t, where, 1, window, "[1, values]");
        int dim = (int) t.shape()[t.shape().length - 1];
        JsonNode from = n.get("from");
        if (from == null || !from.isArray() || from.isEmpty()) {
            throw new ModelLoadException(where + ".from must be a non-empty array of state selectors such as \"qpos[0:7]\"");
        }
        List<StateSelector> slices = new ArrayList<>();
        boolean fixed = true;
        int total = 0;
        for (int i = 0; i < from.size(); i++) {
            if (!from.get(i).isTextual()) {
                throw new ModelLoadException(where + ".from[" + i + "] must be a string such as \"qpos[0:7]\", got " + from.get(i));
            }
            StateSelector s;
            try {
                s = StateSelector.parse(from.get(i).asText());
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException(where + ".from[" + i + "]: " + e.getMessage(), e);
            }
            slices.add(s);
            if (s.length().isPresent()) {
                total += s.length().getAsInt();
            } else {
                fixed = false;
            }
        }
        if (fixed && total != dim) {
            throw new ModelLoadException(where + ".from selects " + total + " values but the shape " + t.shapeText() + " holds "
                    + dim);
        }
        Normalization norm = ModelCard.normalization(n.get("normalization"), dim, where + ".normalization");
        ModelCard.requireForward(norm, where + ".normalization");
        return new Feed(t, timeAxis, null, new StateFeed(slices, dim, norm), null);
    }

    /**
     * Whether the input has a time axis: its rank is {@code 1 + base} (batch first, no time axis) or
     * {@code 2 + base} with the time axis holding {@code window} entries.
     */
    private static boolean timeAxis(Tensor t, String where, int base, int window, String form) {
        long[] s = t.shape();
        if (s.length != base + 1 && s.length != base + 2 || s[0] != 1) {
            throw new ModelLoadException(where + ".shape is " + t.shapeText() + " but must be " + form
                    + " or, with the observation history, " + form.replace("[1, ", "[1, history_window, "));
        }
        boolean timeAxis = s.length == base + 2;
        if (timeAxis && s[1] != window) {
            throw new ModelLoadException(where + ".shape " + t.shapeText() + " has a time axis of " + s[1]
                    + " but history_window is " + window);
        }
        return timeAxis;
    }

    private static double[] constant(JsonNode n, Tensor t, String where) {
        JsonNode v = n.get("value");
        if (v == null || v.isNull()) {
            throw new ModelLoadException(where + ".value is missing: a number for every element, or an array of "
                    + t.elements() + " numbers");
        }
        double[] out;
        if (v.isArray()) {
            if (v.size() != t.elements()) {
                throw new ModelLoadException(where + ".value has " + v.size() + " numbers but the shape " + t.shapeText()
                        + " holds " + t.elements());
            }
            out = new double[v.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = number(v.get(i), where + ".value[" + i + "]", t.dtype());
            }
        } else {
            out = new double[] {number(v, where + ".value", t.dtype())};
        }
        return out;
    }

    private static double number(JsonNode v, String where, DType dtype) {
        double d;
        if (v.isBoolean() && dtype == DType.BOOL) {
            return v.asBoolean() ? 1 : 0;
        }
        if (!v.isNumber() || !Double.isFinite(d = v.asDouble())) {
            throw new ModelLoadException(where + " is " + v + " but must be a finite number");
        }
        boolean ok = switch (dtype) {
            case FLOAT32 -> true;
            case INT64 -> d == Math.rint(d) && Math.abs(d) < 0x1p53;
            case UINT8 -> d == Math.rint(d) && d >= 0 && d <= 255;
            case BOOL -> d == 0 || d == 1;
        };
        if (!ok) {
            throw new ModelLoadException(where + " is " + v + " but the input is " + dtype.wireName());
        }
        return d;
    }

    private static ActionMap actionMap(JsonNode m, int width, int execute) {
        if (m == null || m.isNull()) {
            return ActionMap.padded(width, width, 0, execute);
        }
        if (!m.isArray() || m.isEmpty()) {
            throw new ModelLoadException("action.map must be a non-empty array, one entry per environment value");
        }
        List<ActionMap.Entry> entries = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            String where = "action.map[" + i + "]";
            JsonNode e = m.get(i);
            if (!e.isObject()) {
                throw new ModelLoadException(where + " must be an object: {\"from\": column} or {\"value\": number}");
            }
            requireOnly(e, Set.of("from", "scale", "offset", "clip", "value"), where);
            if (e.has("value") == e.has("from")) {
                throw new ModelLoadException(where + " needs exactly one of 'from' (a column of the policy's action) and "
                        + "'value' (a constant)");
            }
            if (e.has("value")) {
                if (e.size() > 1) {
                    throw new ModelLoadException(where + " is a constant: 'scale', 'offset' and 'clip' apply to a column only");
                }
                entries.add(ActionMap.Entry.constant(finite(e.get("value"), where + ".value")));
                continue;
            }
            JsonNode f = e.get("from");
            if (!f.canConvertToInt() || f.asInt() < 0 || f.asInt() >= width || !f.isIntegralNumber()) {
                throw new ModelLoadException(where + ".from is " + f + " but the policy's actions have columns 0 to "
                        + (width - 1));
            }
            double scale = e.has("scale") ? finite(e.get("scale"), where + ".scale") : 1;
            double offset = e.has("offset") ? finite(e.get("offset"), where + ".offset") : 0;
            double min = Double.NEGATIVE_INFINITY;
            double max = Double.POSITIVE_INFINITY;
            if (e.has("clip")) {
                JsonNode c = e.get("clip");
                if (!c.isArray() || c.size() != 2) {
                    throw new ModelLoadException(where + ".clip must be [min, max]");
                }
                min = finite(c.get(0), where + ".clip[0]");
                max = finite(c.get(1), where + ".clip[1]");
                if (min > max) {
                    throw new ModelLoadException(where + ".clip is [" + min + ", " + max + "] but min must not exceed max");
                }
            }
            entries.add(new ActionMap.Entry(f.asInt(), scale, offset, min, max, 0));
        }
        return new ActionMap(width, entries, execute);
    }

    private static double finite(JsonNode v, String where) {
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new ModelLoadException(where + " is " + v + " but must be a finite number");
        }
        return v.asDouble();
    }

    private static void dtype(Tensor t, String where, DType d) {
        if (t.dtype() != d) {
            throw new ModelLoadException(where + ".dtype is " + t.dtype().wireName() + " but a " + t.role().wireName()
                    + " input is " + d.wireName());
        }
    }

    /** Refuses keys a section does not know (a typo would otherwise be ignored silently), naming the known ones. */
    private static void requireOnly(JsonNode n, Set<String> known, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new ModelLoadException(where + " has the unknown key '" + k + "'; known keys: " + new TreeSet<>(known));
            }
        }
    }
}
