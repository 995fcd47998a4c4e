package io.vlaarena.core;

import java.util.List;
import java.util.Objects;

/**
 * What a policy returns for one observation: one or more future actions, the first to be executed
 * now. All actions of a chunk have the same dimension.
 *
 * <p>Immutable and thread-safe.
 *
 * @param actions the actions in time order; at least one
 */
public record ActionChunk(List<Action> actions) {
    /** Validates and copies; throws {@link IllegalArgumentException} on an empty or ragged chunk. */
    public ActionChunk {
        actions = List.copyOf(Objects.requireNonNull(actions, "actions"));
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("An action chunk needs at least one action");
        }
        int dim = actions.get(0).dimension();
        for (int i = 1; i < actions.size(); i++) {
            if (actions.get(i).dimension() != dim) {
                throw new IllegalArgumentException("Action " + i + " of the chunk has dimension "
                        + actions.get(i).dimension() + " but action 0 has " + dim);
            }
        }
    }

    /** A chunk of one action. */
    public static ActionChunk of(Action action) {
        return new ActionChunk(List.of(action));
    }

    /** A chunk of the given actions. */
    public static ActionChunk of(Action... actions) {
        return new ActionChunk(List.of(actions));
    }

    /** The number of actions (the horizon). */
    public int size() {
        return actions.size();
    }

    /** The action dimension shared by every action. */
    public int dimension() {
        return actions.get(0).dimension();
    }

    /** The action at {@code index}. */
    public Action get(int index) {
        return actions.get(index);
    }

    /** The first action: the one to execute now. */
    public Action first() {
        return actions.get(0);
    }
}
