package io.vlaarena.testkit;

import io.vlaarena.core.Episode;
import io.vlaarena.core.arena.BattleView;

/**
 * Entry point of the testkit's fluent assertions: {@code assertThat(episode).isCompleted().hasLength(75)}.
 * Use beside AssertJ's {@code Assertions}; static-import both.
 */
public final class ArenaAssertions {
    private ArenaAssertions() {}

    /** Assertions on an episode. */
    public static EpisodeAssert assertThat(Episode episode) {
        return new EpisodeAssert(episode);
    }

    /** Assertions on a battle. */
    public static BattleAssert assertThat(BattleView battle) {
        return new BattleAssert(battle);
    }
}
