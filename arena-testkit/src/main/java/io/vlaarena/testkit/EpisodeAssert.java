package io.vlaarena.testkit;

import io.vlaarena.core.Action;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeFailure;
import io.vlaarena.core.SimState;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Fluent assertions on an {@link Episode}: outcome, length, values, state layout, determinism.
 * Start with {@link ArenaAssertions#assertThat(Episode)}.
 */
public final class EpisodeAssert extends AbstractAssert<EpisodeAssert, Episode> {
    /** Magnitude above which {@link #hasFiniteValues()} calls a value a blow-up. */
    public static final double BLOW_UP = 1e6;

    EpisodeAssert(Episode actual) {
        super(actual, EpisodeAssert.class);
    }

    /** The episode ran to the end. */
    public EpisodeAssert isCompleted() {
        isNotNull();
        if (!actual.isCompleted()) {
            failWithMessage("Expected episode of model '%s' to be completed but it failed: %s", actual.modelId(),
                    actual.failure().map(EpisodeFailure::message).orElse("?"));
        }
        return this;
    }

    /** The episode failed, for any reason. */
    public EpisodeAssert hasFailed() {
        isNotNull();
        if (actual.isCompleted()) {
            failWithMessage("Expected episode of model '%s' to fail but it completed %d actions", actual.modelId(),
                    actual.length());
        }
        return this;
    }

    /** The episode failed with a failure of {@code kind}. */
    public EpisodeAssert hasFailedWith(EpisodeFailure.Kind kind) {
        hasFailed();
        EpisodeFailure f = actual.failure().orElseThrow();
        if (f.kind() != kind) {
            failWithMessage("Expected failure kind %s but was %s: %s", kind, f.kind(), f.message());
        }
        return this;
    }

    /** The failure message contains {@code text}. */
    public EpisodeAssert hasFailureMessageContaining(String text) {
        hasFailed();
        String m = actual.failure().orElseThrow().message();
        if (!m.contains(text)) {
            failWithMessage("Expected the failure message to contain <%s> but was <%s>", text, m);
        }
        return this;
    }

    /** The episode executed {@code actions} actions. */
    public EpisodeAssert hasLength(int actions) {
        isNotNull();
        if (actual.length() != actions) {
            failWithMessage("Expected %d actions but the episode has %d", actions, actual.length());
        }
        return this;
    }

    /** Every action has {@code dimension} values. */
    public EpisodeAssert hasActionDimension(int dimension) {
        isNotNull();
        for (int i = 0; i < actual.length(); i++) {
            if (actual.actions().get(i).dimension() != dimension) {
                failWithMessage("Expected actions of dimension %d but action %d has %d", dimension, i,
                        actual.actions().get(i).dimension());
            }
        }
        return this;
    }

    /**
     * Every action and state value is finite and below {@link #BLOW_UP} in magnitude (the core's
     * records already refuse NaN and infinities; this also catches a simulation that blew up).
     */
    public EpisodeAssert hasFiniteValues() {
        isNotNull();
        for (int i = 0; i < actual.length(); i++) {
            check("action " + i, actual.actions().get(i).values());
        }
        for (int i = 0; i < actual.states().size(); i++) {
            check("qpos of state " + i, actual.states().get(i).qpos());
            check("qvel of state " + i, actual.states().get(i).qvel());
        }
        return this;
    }

    /** Every state has {@code nq} positions and {@code nv} velocities, and time increases. */
    public EpisodeAssert hasStateLayout(int nq, int nv) {
        isNotNull();
        double last = -1;
        for (int i = 0; i < actual.states().size(); i++) {
            SimState s = actual.states().get(i);
            if (s.nq() != nq || s.nv() != nv) {
                failWithMessage("Expected states with nq=%d nv=%d but state %d has nq=%d nv=%d", nq, nv, i, s.nq(), s.nv());
            }
            if (!(s.time() > last)) {
                failWithMessage("Expected increasing time but state %d has t=%s after t=%s", i, s.time(), last);
            }
            last = s.time();
        }
        return this;
    }

    /**
     * The episode has exactly the same actions and states (bit for bit) as {@code other}: what a
     * deterministic model and simulator give for the same seed. Durations are not compared.
     */
    public EpisodeAssert isDeterministicallyEqualTo(Episode other) {
        isNotNull();
        Objects.requireNonNull(other, "other");
        if (actual.length() != other.length() || actual.states().size() != other.states().size()) {
            failWithMessage("Expected %d actions and %d states as the other episode but found %d and %d", other.length(),
                    other.states().size(), actual.length(), actual.states().size());
        }
        for (int i = 0; i < actual.length(); i++) {
            Action a = actual.actions().get(i);
            if (!a.equals(other.actions().get(i))) {
                failWithMessage("Episodes differ at action %d: %s vs %s", i, a, other.actions().get(i));
            }
        }
        for (int i = 0; i < actual.states().size(); i++) {
            if (!actual.states().get(i).equals(other.states().get(i))) {
                failWithMessage("Episodes differ at state %d: %s vs %s", i, actual.states().get(i), other.states().get(i));
            }
        }
        return this;
    }

    private void check(String what, double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k]) || Math.abs(values[k]) >= BLOW_UP) {
                failWithMessage("Expected finite values but %s has %s at index %d", what, values[k], k);
            }
        }
    }
}
