package io.vlaarena.core;

import java.util.List;

/**
 * A battle was asked for while fewer than two models are active: a state of the arena that ends
 * when models are registered or activated, or their services answer again (a service answers it
 * with 503). Lists the active models and those of them that did not answer their health check.
 */
public class NotEnoughModelsException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    /** The ids of the models that were active. */
    private final List<String> activeModels;
    /** The ids of the active models that did not answer their health check. */
    private final List<String> unreachableModels;

    /** Creates the exception for the given active models (fewer than two). */
    public NotEnoughModelsException(List<String> activeModels) {
        super("A battle needs at least two active models; active models: " + activeModels);
        this.activeModels = List.copyOf(activeModels);
        this.unreachableModels = List.of();
    }

    /**
     * Creates the exception for active models of which too few answered their health check.
     *
     * @param activeModels the ids of the active models
     * @param unreachableModels the ids of those that did not answer their health check
     */
    public NotEnoughModelsException(List<String> activeModels, List<String> unreachableModels) {
        super("A battle needs at least two live models; active models: " + activeModels
                + ", of which these do not answer their health check: " + unreachableModels);
        this.activeModels = List.copyOf(activeModels);
        this.unreachableModels = List.copyOf(unreachableModels);
    }

    /** The ids of the models that were active when the battle was asked for. */
    public List<String> activeModels() {
        return activeModels;
    }

    /** The ids of the active models that did not answer their health check (empty when too few were active). */
    public List<String> unreachableModels() {
        return unreachableModels;
    }
}
