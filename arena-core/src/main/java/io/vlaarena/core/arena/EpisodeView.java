package io.vlaarena.core.arena;

import io.vlaarena.core.Action;
import io.vlaarena.core.SimState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A stored episode as the arena shows it: the model is named only once its battle has a vote.
 *
 * @param episodeId {@code ep_…}
 * @param battleId the battle
 * @param turnId the turn
 * @param side left or right
 * @param actions executed actions
 * @param states state after each action
 * @param duration wall-clock duration
 * @param modelId the model, present only after the battle's vote
 */
public record EpisodeView(String episodeId, String battleId, String turnId, Side side, List<Action> actions,
        List<SimState> states, Duration duration, Optional<String> modelId) {
    /** Copies the lists. */
    public EpisodeView {
        actions = List.copyOf(actions);
        states = List.copyOf(states);
    }
}
