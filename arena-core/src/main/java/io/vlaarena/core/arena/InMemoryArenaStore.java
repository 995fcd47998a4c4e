package io.vlaarena.core.arena;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link ArenaStore} in memory: fast, thread-safe, gone when the process ends. The default
 * store of an {@link Arena}.
 */
public final class InMemoryArenaStore implements ArenaStore {
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Battle> battles = new LinkedHashMap<>();
    private final Map<String, Turn> turns = new LinkedHashMap<>();
    private final Map<String, EpisodeRecord> episodes = new LinkedHashMap<>();
    private final Map<String, Vote> votesByBattle = new LinkedHashMap<>();
    private final List<Vote> votes = new ArrayList<>();

    /** An empty store. */
    public InMemoryArenaStore() {}

    @Override
    public synchronized void saveSession(Session session) {
        sessions.putIfAbsent(session.sessionId(), session);
    }

    @Override
    public synchronized Optional<Session> session(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    @Override
    public synchronized void saveBattle(Battle battle) {
        battles.putIfAbsent(battle.battleId(), battle);
    }

    @Override
    public synchronized Optional<Battle> battle(String battleId) {
        return Optional.ofNullable(battles.get(battleId));
    }

    @Override
    public synchronized List<Battle> battles(String sessionId) {
        return battles.values().stream().filter(b -> b.sessionId().equals(sessionId))
                .sorted(Comparator.comparingInt(Battle::seqInSession)).toList();
    }

    @Override
    public synchronized void saveTurn(Turn turn, EpisodeRecord left, EpisodeRecord right) {
        if (turns.containsKey(turn.turnId())) {
            return;
        }
        for (Turn t : turns.values()) {
            if (t.battleId().equals(turn.battleId()) && t.seq() == turn.seq()) {
                throw new io.vlaarena.core.StorageException("Battle '" + turn.battleId() + "' already has turn " + turn.seq()
                        + " ('" + t.turnId() + "'); turn '" + turn.turnId() + "' was not stored");
            }
        }
        episodes.put(left.episodeId(), left);
        episodes.put(right.episodeId(), right);
        turns.put(turn.turnId(), turn);
    }

    @Override
    public synchronized Optional<Turn> turn(String turnId) {
        return Optional.ofNullable(turns.get(turnId));
    }

    @Override
    public synchronized List<Turn> turns(String battleId) {
        return turns.values().stream().filter(t -> t.battleId().equals(battleId))
                .sorted(Comparator.comparingInt(Turn::seq)).toList();
    }

    @Override
    public synchronized Optional<EpisodeRecord> episode(String episodeId) {
        return Optional.ofNullable(episodes.get(episodeId));
    }

    @Override
    public synchronized boolean saveVote(Vote vote) {
        if (votesByBattle.containsKey(vote.battleId())) {
            return false;
        }
        votesByBattle.put(vote.battleId(), vote);
        votes.add(vote);
        return true;
    }

    @Override
    public synchronized Optional<Vote> vote(String battleId) {
        return Optional.ofNullable(votesByBattle.get(battleId));
    }

    @Override
    public synchronized List<Vote> votes() {
        return List.copyOf(votes);
    }
}
