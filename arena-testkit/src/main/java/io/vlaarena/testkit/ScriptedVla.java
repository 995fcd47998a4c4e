package io.vlaarena.testkit;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.InferenceException;
import io.vlaarena.core.Observation;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.core.VlaSpec;
import java.util.List;
import java.util.Objects;

/**
 * A policy that plays a fixed script of actions, one per prediction, from the start of every
 * episode; past the end of the script it holds the last action, or fails when built with
 * {@link #failingWhenExhausted()}.
 *
 * <p>Thread-safe: each episode's rollout keeps its own position in the script.
 */
public final class ScriptedVla implements Vla {
    private final VlaSpec spec;
    private final List<Action> script;
    private final boolean failWhenExhausted;

    private ScriptedVla(VlaSpec spec, List<Action> script, boolean failWhenExhausted) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.script = List.copyOf(script);
        this.failWhenExhausted = failWhenExhausted;
        if (this.script.isEmpty()) {
            throw new IllegalArgumentException("A script needs at least one action");
        }
        for (int i = 0; i < this.script.size(); i++) {
            if (this.script.get(i).dimension() != spec.actionDimension()) {
                throw new IllegalArgumentException("Action " + i + " of the script has dimension "
                        + this.script.get(i).dimension() + " but the spec declares " + spec.actionDimension());
            }
        }
    }

    /** A scripted policy {@code id} whose action dimension is that of the script's actions. */
    public static ScriptedVla of(String id, List<Action> script) {
        if (script.isEmpty()) {
            throw new IllegalArgumentException("A script needs at least one action");
        }
        return new ScriptedVla(VlaSpec.builder(id).actionDimension(script.get(0).dimension()).build(), script, false);
    }

    /** A scripted policy {@code id} playing {@code actions}. */
    public static ScriptedVla of(String id, Action... actions) {
        return of(id, List.of(actions));
    }

    /** A scripted policy with a spec of your own (e.g. another action space). */
    public static ScriptedVla of(VlaSpec spec, List<Action> script) {
        return new ScriptedVla(spec, script, false);
    }

    /** A copy that throws {@link InferenceException} when asked for more actions than the script has. */
    public ScriptedVla failingWhenExhausted() {
        return new ScriptedVla(spec, script, true);
    }

    /** The script. */
    public List<Action> script() {
        return script;
    }

    @Override
    public VlaSpec spec() {
        return spec;
    }

    @Override
    public VlaRollout start(RolloutContext context) {
        return new VlaRollout() {
            private int next;

            @Override
            public ActionChunk predict(Observation observation, String instruction) {
                if (next >= script.size()) {
                    if (failWhenExhausted) {
                        throw new InferenceException("Scripted model '" + spec.id() + "' has no action left after "
                                + script.size());
                    }
                    return ActionChunk.of(script.get(script.size() - 1));
                }
                return ActionChunk.of(script.get(next++));
            }
        };
    }

    @Override
    public String toString() {
        return "ScriptedVla[" + spec.id() + ", " + script.size() + " actions]";
    }
}
