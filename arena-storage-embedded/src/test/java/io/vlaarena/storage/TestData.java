package io.vlaarena.storage;

import io.vlaarena.core.Action;
import io.vlaarena.core.SimState;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Battle;
import io.vlaarena.core.arena.EpisodeRecord;
import io.vlaarena.core.arena.Session;
import io.vlaarena.core.arena.Side;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.Vote;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Records written directly (the testkit depends on this module, so it cannot be used here). */
final class TestData {
    private static final AtomicLong IDS = new AtomicLong();

    private TestData() {}

    static String id(String prefix) {
        return prefix + String.format("%024x", IDS.incrementAndGet() + System.nanoTime());
    }

    /** Millisecond precision, as stored. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static Session session() {
        return new Session(id("sess_"), "franka", "table", now());
    }

    static Battle battle(Session s, int seq) {
        return new Battle(id("battle_"), s.sessionId(), seq, s.robotId(), s.sceneId(), "alpha", "beta", now());
    }

    /** A turn with its two episodes. */
    record TurnData(Turn turn, EpisodeRecord left, EpisodeRecord right) {}

    static TurnData turn(Battle b, int seq, int steps, int nq) {
        String turnId = id("turn_");
        Instant at = now();
        EpisodeRecord left = episode(b, turnId, seq, Side.LEFT, steps, nq, at);
        EpisodeRecord right = episode(b, turnId, seq, Side.RIGHT, steps, nq, at);
        Turn turn = new Turn(turnId, b.battleId(), b.sessionId(), seq, "pick up the red cube", left.episodeId(),
                right.episodeId(), at);
        return new TurnData(turn, left, right);
    }

    static EpisodeRecord episode(Battle b, String turnId, int turnSeq, Side side, int steps, int nq, Instant at) {
        List<Action> actions = new ArrayList<>(steps);
        List<SimState> states = new ArrayList<>(steps);
        double sign = side == Side.LEFT ? 1 : -1;
        for (int i = 0; i < steps; i++) {
            double[] a = new double[8];
            for (int k = 0; k < a.length; k++) {
                a[k] = sign * (0.01 * i + 0.001 * k + 1.0 / 3);
            }
            actions.add(new Action(a));
            double[] qpos = new double[nq];
            double[] qvel = new double[Math.max(1, nq - 1)];
            for (int k = 0; k < nq; k++) {
                qpos[k] = Math.sin(i + k) * sign;
            }
            for (int k = 0; k < qvel.length; k++) {
                qvel[k] = Math.cos(i * k) * 1e-3;
            }
            states.add(new SimState(qpos, qvel, 0.2 * (i + 1)));
        }
        return new EpisodeRecord(id("ep_"), b.sessionId(), b.battleId(), turnId, b.seqInSession(), turnSeq, side,
                b.model(side), actions, states, Duration.ofMillis(1234 + steps), at);
    }

    static Vote vote(Battle b, VoteChoice choice, Instant at) {
        return new Vote(id("vote_"), b.battleId(), b.sessionId(), choice, b.leftModel(), b.rightModel(), b.robotId(),
                b.sceneId(), at);
    }
}
