package io.vlaarena.openpi;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.Observation;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.StateSelector;
import io.vlaarena.openpi.internal.ResizeWithPad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conversions an {@link OpenPiMapping} stands for, in both directions: observation → message
 * and answer → action chunk (client); message → observation and action chunk → answer (server).
 * Errors are {@link IllegalArgumentException}s whose sentences name the key and what was expected;
 * the client and the server wrap them. Stateless and thread-safe.
 */
final class MappingCodec {
    private MappingCodec() {}

    // ---- client: observation → message

    static Map<String, Object> request(OpenPiMapping m, Observation o, String instruction) {
        Map<String, Object> msg = new LinkedHashMap<>();
        for (OpenPiMapping.Camera c : m.cameras()) {
            RgbImage img = o.image(c.imageKey()).orElseThrow(() -> new IllegalArgumentException("The observation lacks the "
                    + "image '" + c.imageKey() + "' for '" + String.join("/", c.key()) + "'; it has " + o.images().keySet()));
            put(msg, c.key(), image(ResizeWithPad.apply(img, c.width(), c.height()), c.channelsFirst()));
        }
        for (OpenPiMapping.State s : m.states()) {
            double[] v = read(s, o);
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] * s.scale(i) + s.offset(i);
            }
            put(msg, s.key(), NdArray.fromDoubles(s.dtype(), v, v.length));
        }
        m.promptKey().ifPresent(p -> msg.put(p, instruction));
        msg.putAll(m.extras());
        return msg;
    }

    private static double[] read(OpenPiMapping.State s, Observation o) {
        List<double[]> parts = new ArrayList<>();
        int n = 0;
        for (StateSelector sel : s.sources()) {
            double[] p = sel.read(o);
            parts.add(p);
            n += p.length;
        }
        if (s.scale().size() > 1 && s.scale().size() != n || s.offset().size() > 1 && s.offset().size() != n) {
            throw new IllegalArgumentException("The state '" + String.join("/", s.key()) + "' has " + n
                    + " values in this scene but " + s.scale().size() + " scales and " + s.offset().size() + " offsets");
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** An image as numpy's uint8 [H, W, 3], or [3, H, W] channels first. */
    static NdArray image(RgbImage img, boolean channelsFirst) {
        byte[] px = img.pixels();
        int w = img.width();
        int h = img.height();
        if (!channelsFirst) {
            return NdArray.wrap(DType.UINT8, new int[] {h, w, 3}, px, false);
        }
        byte[] chw = new byte[px.length];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            chw[i] = px[3 * i];
            chw[plane + i] = px[3 * i + 1];
            chw[2 * plane + i] = px[3 * i + 2];
        }
        return NdArray.wrap(DType.UINT8, new int[] {3, h, w}, chw, false);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> msg, List<String> key, Object value) {
        Map<String, Object> at = msg;
        for (int i = 0; i < key.size() - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(key.get(i), k -> new LinkedHashMap<String, Object>());
        }
        at.put(key.get(key.size() - 1), value);
    }

    // ---- client: answer → action chunk

    /**
     * The environment's actions from an answer's {@code actions}: [horizon, width] (or [width], one
     * action, as RoboArena's client accepts), floating point, finite, the mapping's width; the first
     * {@code horizon} of them mapped column by column.
     */
    static ActionChunk chunk(OpenPiMapping m, Map<String, Object> answer) {
        Object raw = answer.get("actions");
        if (raw == null) {
            throw new IllegalArgumentException("the answer has no 'actions'; its keys: " + answer.keySet());
        }
        double[][] rows = rows(raw);
        OpenPiMapping.Actions a = m.actions();
        if (rows.length == 0) {
            throw new IllegalArgumentException("the answer's actions are empty (horizon 0)");
        }
        if (rows[0].length != a.width()) {
            throw new IllegalArgumentException("the answer's actions are " + rows[0].length + " wide but the '" + m.name()
                    + "' mapping expects " + a.width() + " (" + a.space().wireName() + ")");
        }
        int n = a.horizon() == 0 ? rows.length : Math.min(a.horizon(), rows.length);
        List<Action> actions = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            double[] row = rows[t];
            for (int i = 0; i < row.length; i++) {
                if (!Double.isFinite(row[i])) {
                    throw new IllegalArgumentException("the answer's action " + t + " has the non-finite value " + row[i]
                            + " in column " + i);
                }
            }
            double[] env = new double[a.dims().size()];
            for (int d = 0; d < env.length; d++) {
                OpenPiMapping.ActionDim dim = a.dims().get(d);
                env[d] = dim.source() < 0 ? dim.offset() : dim.apply(row[dim.source()]);
            }
            actions.add(new Action(env));
        }
        return new ActionChunk(actions);
    }

    private static double[][] rows(Object raw) {
        if (raw instanceof NdArray arr) {
            if (!arr.dtype().isFloating()) {
                throw new IllegalArgumentException("the answer's actions have the dtype " + arr.dtype().code()
                        + "; actions are floating point (<f4, <f8 or <f2)");
            }
            int[] s = arr.shape();
            if (s.length == 1) {
                s = new int[] {1, s[0]};
            }
            if (s.length != 2) {
                throw new IllegalArgumentException("the answer's actions have the shape " + Arrays.toString(arr.shape())
                        + "; expected [horizon, dims]");
            }
            double[] flat = arr.toDoubles();
            double[][] rows = new double[s[0]][];
            for (int t = 0; t < s[0]; t++) {
                rows[t] = Arrays.copyOfRange(flat, t * s[1], (t + 1) * s[1]);
            }
            return rows;
        }
        if (raw instanceof List<?> list) {
            boolean nested = !list.isEmpty() && list.get(0) instanceof List;
            List<?> outer = nested ? list : List.of(list);
            double[][] rows = new double[outer.size()][];
            for (int t = 0; t < rows.length; t++) {
                if (!(outer.get(t) instanceof List<?> row)) {
                    throw new IllegalArgumentException("the answer's actions mix lists and numbers");
                }
                rows[t] = new double[row.size()];
                for (int i = 0; i < row.size(); i++) {
                    if (!(row.get(i) instanceof Number num)) {
                        throw new IllegalArgumentException("the answer's actions hold " + OpenPiCodec.describe(row.get(i))
                                + " at [" + t + "][" + i + "]; expected numbers");
                    }
                    rows[t][i] = num.doubleValue();
                }
                if (rows[t].length != rows[0].length) {
                    throw new IllegalArgumentException("the answer's actions are ragged: row " + t + " has "
                            + rows[t].length + " values, row 0 has " + rows[0].length);
                }
            }
            return rows;
        }
        throw new IllegalArgumentException("the answer's actions are " + OpenPiCodec.describe(raw)
                + "; expected an array [horizon, dims]");
    }

    // ---- server: message → observation

    /** The instruction in a message: its prompt key's text (empty when the mapping sends none). */
    static String prompt(OpenPiMapping m, Map<String, Object> msg) {
        if (m.promptKey().isEmpty()) {
            return "";
        }
        Object p = msg.get(m.promptKey().get());
        if (p == null) {
            throw new IllegalArgumentException("the observation has no '" + m.promptKey().get() + "' (the instruction); "
                    + "its keys: " + msg.keySet());
        }
        if (p instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!(p instanceof String s)) {
            throw new IllegalArgumentException("the observation's '" + m.promptKey().get() + "' is "
                    + OpenPiCodec.describe(p) + "; expected a string");
        }
        return s;
    }

    /**
     * An observation for a served policy whose spec is {@code wanted}: each image it wants from the
     * camera with that image key (uint8 or float in [0, 1], [H, W, 3] or [3, H, W] as openpi's
     * policies accept, resized with padding to the wanted size), the state vectors written back
     * where their selectors read.
     */
    static Observation observation(OpenPiMapping m, Map<String, Object> msg, int step, ObservationSpec wanted, int nq,
            int nv) {
        Map<String, RgbImage> images = new HashMap<>();
        for (ImageSpec spec : wanted.images()) {
            OpenPiMapping.Camera c = m.cameras().stream().filter(cam -> cam.imageKey().equals(spec.key())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no camera for image " + spec.key()));
            Object v = get(msg, c.key());
            RgbImage img = toImage(v, String.join("/", c.key()));
            images.put(spec.key(), ResizeWithPad.apply(img, spec.width(), spec.height()));
        }
        StateSelector.Target target = new StateSelector.Target();
        for (OpenPiMapping.State s : m.states()) {
            String name = String.join("/", s.key());
            double[] v = numbers(get(msg, s.key()), name);
            int expected = s.size().orElse(v.length); // a whole qpos takes what arrives
            if (v.length != expected) {
                throw new IllegalArgumentException("the observation's '" + name + "' has " + v.length + " values; the '"
                        + m.name() + "' mapping expects " + expected);
            }
            for (int i = 0; i < v.length; i++) {
                double scale = s.scale(i);
                v[i] = scale == 0 ? 0 : (v[i] - s.offset(i)) / scale;
            }
            int at = 0;
            for (StateSelector sel : s.sources()) {
                at += sel.write(v, at, target);
            }
        }
        return target.atLeast(nq, nv).toObservation(step, images);
    }

    private static Object get(Map<String, Object> msg, List<String> key) {
        Object at = msg;
        for (int i = 0; i < key.size(); i++) {
            if (!(at instanceof Map<?, ?> map) || !map.containsKey(key.get(i))) {
                throw new IllegalArgumentException("the observation has no '" + String.join("/", key.subList(0, i + 1))
                        + "'" + (at instanceof Map<?, ?> mm ? "; keys there: " + mm.keySet() : ""));
            }
            at = map.get(key.get(i));
        }
        return at;
    }

    private static RgbImage toImage(Object v, String name) {
        if (!(v instanceof NdArray a)) {
            throw new IllegalArgumentException("the observation's '" + name + "' is " + OpenPiCodec.describe(v)
                    + "; expected an image array [H, W, 3] or [3, H, W]");
        }
        int[] s = a.shape();
        if (s.length != 3 || s[2] != 3 && s[0] != 3) {
            throw new IllegalArgumentException("the observation's '" + name + "' has the shape " + Arrays.toString(s)
                    + "; expected [H, W, 3] or [3, H, W]");
        }
        if (a.dtype() != DType.UINT8 && !a.dtype().isFloating()) {
            throw new IllegalArgumentException("the observation's '" + name + "' has the dtype " + a.dtype().code()
                    + "; images are |u1 (uint8) or floating point in [0, 1]");
        }
        boolean chw = s[2] != 3; // as openpi's policies: channels first when the last axis is not 3
        int h = chw ? s[1] : s[0];
        int w = chw ? s[2] : s[1];
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException("the observation's '" + name + "' is empty: " + Arrays.toString(s));
        }
        byte[] hwc = new byte[h * w * 3];
        if (a.dtype() == DType.UINT8) {
            byte[] d = a.raw();
            if (!chw) {
                System.arraycopy(d, 0, hwc, 0, hwc.length);
            } else {
                for (int i = 0, plane = h * w; i < plane; i++) {
                    hwc[3 * i] = d[i];
                    hwc[3 * i + 1] = d[plane + i];
                    hwc[3 * i + 2] = d[2 * plane + i];
                }
            }
        } else {
            double[] d = a.toDoubles();
            for (int i = 0, plane = h * w; i < plane; i++) {
                for (int ch = 0; ch < 3; ch++) {
                    double x = chw ? d[ch * plane + i] : d[3 * i + ch];
                    // numpy's (255 * img).astype(np.uint8) truncates; values outside [0, 1] are clamped here
                    hwc[3 * i + ch] = (byte) (int) Math.max(0, Math.min(255, Double.isNaN(x) ? 0 : 255 * x));
                }
            }
        }
        return new RgbImage(w, h, hwc);
    }

    private static double[] numbers(Object v, String name) {
        if (v instanceof NdArray a) {
            if (a.dtype() == DType.BOOL) {
                throw new IllegalArgumentException("the observation's '" + name + "' is a bool array; expected numbers");
            }
            return a.toDoubles();
        }
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException("the observation's '" + name + "' holds "
                            + OpenPiCodec.describe(l.get(i)) + " at " + i + "; expected numbers");
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw new IllegalArgumentException("the observation's '" + name + "' is " + OpenPiCodec.describe(v)
                + "; expected a number array");
    }

    // ---- server: action chunk → answer

    /**
     * The policy's actions in the message's units: each column an environment value reads is
     * recovered from it ({@code (value − offset) / scale}), other columns are 0; float32 as JAX and
     * PyTorch policies answer.
     */
    static NdArray actions(OpenPiMapping m, ActionChunk chunk) {
        OpenPiMapping.Actions a = m.actions();
        if (chunk.dimension() != a.dims().size()) {
            throw new IllegalArgumentException("the policy returned actions of dimension " + chunk.dimension() + " but the '"
                    + m.name() + "' mapping has " + a.dims().size() + " environment values (" + a.space().wireName() + ")");
        }
        float[] out = new float[chunk.size() * a.width()];
        for (int t = 0; t < chunk.size(); t++) {
            Action act = chunk.get(t);
            for (int d = 0; d < a.dims().size(); d++) {
                OpenPiMapping.ActionDim dim = a.dims().get(d);
                if (dim.source() >= 0 && dim.scale() != 0) {
                    out[t * a.width() + dim.source()] = (float) ((act.get(d) - dim.offset()) / dim.scale());
                }
            }
        }
        return NdArray.ofFloats(out, chunk.size(), a.width());
    }
}
