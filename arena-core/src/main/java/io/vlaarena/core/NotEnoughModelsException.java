package io.vlaarena.core;

import java.util.List;

/**
 * A battle was asked for while fewer than two models are active: a state of the arena that ends
 * when models are registered or activated (a service answers it with 503). Lists the active models.
 */
public class NotEnoughModelsException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    /** The ids of the models that were active. */
    private final List<String> activeModels;

    /** Creates the exception for the given active models (fewer than two). */
    public NotEnoughModelsException(List<String> activeModels) {
        super("A battle needs at least two active models; active models: " + activeModels);
        this.activeModels = List.copyOf(activeModels);
    }

    /** The ids of the models that were active when the battle was asked for. */
    public List<String> activeModels() {
        return activeModels;
    }
}
