package io.vlaarena.core.arena;

import java.util.List;
import java.util.Optional;

/**
 * Where the arena keeps sessions, battles, turns, episodes and votes. {@link InMemoryArenaStore}
 * keeps them in memory; {@code arena-storage} keeps them in MongoDB.
 *
 * <p>Implementations are thread-safe. Failures surface as {@link io.vlaarena.core.StorageException}.
 */
public interface ArenaStore extends AutoCloseable {

    /** Stores a new session. */
    void saveSession(Session session);

    /** The session with {@code sessionId}. */
    Optional<Session> session(String sessionId);

    /** Stores a new battle. */
    void saveBattle(Battle battle);

    /** The battle with {@code battleId}. */
    Optional<Battle> battle(String battleId);

    /** The battles of a session, by sequence number. */
    List<Battle> battles(String sessionId);

    /**
     * Stores a turn with both its episodes so that readers see all three or none of them, also if
     * this call fails midway. Storing the same ids again is a no-op (retries never duplicate).
     */
    void saveTurn(Turn turn, EpisodeRecord left, EpisodeRecord right);

    /** The turn with {@code turnId}. */
    Optional<Turn> turn(String turnId);

    /** The turns of a battle, by sequence number. */
    List<Turn> turns(String battleId);

    /** The episode with {@code episodeId}. */
    Optional<EpisodeRecord> episode(String episodeId);

    /**
     * Stores {@code vote} unless its battle already has one; atomic, also when two votes race.
     *
     * @return {@code true} if stored, {@code false} if the battle already had a vote
     */
    boolean saveVote(Vote vote);

    /** The vote on a battle. */
    Optional<Vote> vote(String battleId);

    /** Every vote, oldest first. */
    List<Vote> votes();

    /**
     * How many votes each model took part in, over every robot and scene: its evaluation count, as
     * active pairing weighs it. The default counts {@link #votes()}; stores may count on the server.
     */
    default java.util.Map<String, Integer> evaluationCounts() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Vote v : votes()) {
            counts.merge(v.leftModel(), 1, Integer::sum);
            counts.merge(v.rightModel(), 1, Integer::sum);
        }
        return counts;
    }

    /** Releases the store's resources; the default does nothing. */
    @Override
    default void close() {}
}
