package io.vlaarena.onnx;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A translator as a user writes one for a policy that needs more than its card: it fills the
 * {@code bias} input ({@code bias · (w + 1)} for column w) and makes the arm's actions relative to
 * the current joint positions (adds {@code qpos[i]} to value i of the first seven), counting its
 * calls per episode in the context and keeping what it read from the graph's {@code bias_echo} output.
 */
final class BiasTranslator implements OnnxTranslator {
    final double bias;
    final List<Integer> callsSeen = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<float[]> echoes = java.util.Collections.synchronizedList(new ArrayList<>());

    BiasTranslator(double bias) {
        this.bias = bias;
    }

    double[] biasValues(int width) {
        double[] v = new double[width];
        for (int w = 0; w < width; w++) {
            v[w] = (float) (bias * (w + 1));
        }
        return v;
    }

    @Override
    public void processInput(TranslatorContext context, Observation observation, String instruction, NamedTensors inputs) {
        NamedTensors.Tensor t = inputs.get("bias");
        double[] v = biasValues(t.elements());
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        t.put(f);
        callsSeen.add((Integer) context.attributes().merge("calls", 1, (a, b) -> (Integer) a + (Integer) b));
    }

    @Override
    public ActionChunk processOutput(TranslatorContext context, Observation observation, NamedTensors outputs,
            ActionChunk actions) {
        echoes.add(outputs.get("bias_echo").toFloatArray());
        double[] qpos = observation.state().qpos();
        List<Action> out = new ArrayList<>();
        for (Action a : actions.actions()) {
            double[] v = a.values();
            for (int i = 0; i < Math.min(7, v.length - 1); i++) {
                v[i] += qpos[i];
            }
            out.add(new Action(v));
        }
        return new ActionChunk(out);
    }

    /** Makes it from a card: {@code "translator": {"name": "test-bias", "settings": {"bias": 0.25}}}. */
    public static final class Provider implements OnnxTranslatorProvider {
        @Override
        public String name() {
            return "test-bias";
        }

        @Override
        public OnnxTranslator create(Map<String, Object> settings) {
            if (!(settings.get("bias") instanceof Number n)) {
                throw new IllegalArgumentException("setting 'bias' must be a number, got " + settings.get("bias"));
            }
            return new BiasTranslator(n.doubleValue());
        }
    }
}
