package io.vlaarena.testkit;

import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.BattleView;
import org.assertj.core.api.AbstractAssert;

/**
 * Fluent assertions on a {@link BattleView}: blindness, turns, vote. Start with
 * {@link ArenaAssertions#assertThat(BattleView)}.
 */
public final class BattleAssert extends AbstractAssert<BattleAssert, BattleView> {

    BattleAssert(BattleView actual) {
        super(actual, BattleAssert.class);
    }

    /** Nothing about the battle names its models: no vote yet, nothing revealed. */
    public BattleAssert isBlind() {
        isNotNull();
        if (actual.revealed().isPresent() || actual.vote().isPresent()) {
            failWithMessage("Expected battle %s to be blind but it reveals %s", actual.battleId(), actual.revealed().orElse(null));
        }
        return this;
    }

    /** The battle was voted on and its models are revealed. */
    public BattleAssert isRevealed() {
        isNotNull();
        if (actual.revealed().isEmpty()) {
            failWithMessage("Expected battle %s to reveal its models but it is still blind", actual.battleId());
        }
        return this;
    }

    /** The battle has {@code turns} completed turns. */
    public BattleAssert hasTurns(int turns) {
        isNotNull();
        if (actual.turns().size() != turns) {
            failWithMessage("Expected %d turns but battle %s has %d", turns, actual.battleId(), actual.turns().size());
        }
        return this;
    }

    /** The battle's vote is {@code choice}. */
    public BattleAssert hasVote(VoteChoice choice) {
        isNotNull();
        if (!actual.vote().equals(java.util.Optional.of(choice))) {
            failWithMessage("Expected vote %s but battle %s has %s", choice, actual.battleId(), actual.vote().orElse(null));
        }
        return this;
    }
}
