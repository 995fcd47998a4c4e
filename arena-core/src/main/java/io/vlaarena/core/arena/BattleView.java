package io.vlaarena.core.arena;

import io.vlaarena.core.VoteChoice;
import java.util.List;
import java.util.Optional;

/**
 * A battle as the arena shows it: its turns and, once voted, the vote and the models.
 *
 * @param battleId {@code battle_…}
 * @param sessionId the session
 * @param seqInSession the battle's sequence number in its session
 * @param robotId canonical robot id
 * @param sceneId canonical scene id
 * @param turns completed turns in order
 * @param vote the vote, once cast
 * @param revealed the models, once voted
 */
public record BattleView(String battleId, String sessionId, int seqInSession, String robotId, String sceneId,
        List<Turn> turns, Optional<VoteChoice> vote, Optional<RevealedModels> revealed) {
    /** Copies the list. */
    public BattleView {
        turns = List.copyOf(turns);
    }
}
