package io.vlaarena.core.tournament;

import io.vlaarena.core.InvalidRequestException;
import io.vlaarena.core.SimState;
import io.vlaarena.core.StorageException;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.BattleView;
import io.vlaarena.core.arena.EpisodeView;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.core.arena.Vote;
import io.vlaarena.core.arena.VoteNotes;
import io.vlaarena.core.arena.VoteTask;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.Rater;
import io.vlaarena.core.rating.SuccessRate;
import io.vlaarena.core.task.Judge;
import io.vlaarena.core.task.Judgement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Plays a {@link TournamentPlan} in an {@link Arena}, judged automatically, resumably and in
 * shards: the batch engine (a Kubernetes Indexed Job, a Slurm job array) runs the processes, the
 * arena's store (one MongoDB) is the shared state. There is no scheduler of its own.
 *
 * <p><b>Playing a match</b> ({@link #play}): when the match's battle already has a vote it is
 * skipped; otherwise its battle is opened under the plan's id ({@link Arena#openBattle}), its turn
 * played (both sides from the match's seed) unless one is stored already, both episodes judged by
 * the {@link Judge} from their stored states, and the vote stored with the judge's progress scores,
 * success flags and the task. Everything a match writes is keyed by its battle id, so:
 *
 * <ul>
 *   <li>a rerun of the same plan skips what is stored and completes what is not (a process killed
 *       mid-run loses at most the match it was playing, whose half-written turn the store never
 *       shows);
 *   <li>N processes playing the N shards against one store produce exactly the matches, votes and
 *       leaderboard of one process playing the whole plan, for models and a judge that are
 *       deterministic (the same episode from the same seed);
 *   <li>two processes that play the same match anyway (the same shard twice) store one turn and
 *       one vote: the store's unique keys decide, the loser judges what the winner stored.
 * </ul>
 *
 * <p><b>Results</b> ({@link #votes}, {@link #leaderboard}, {@link #successRates}) are read from the
 * store over the whole plan, in plan order, so they do not depend on which process stored what
 * when.
 *
 * <p>Thread-safe; {@link #play} runs up to {@code parallelism} matches at once on threads it starts
 * and stops itself (each match's two episodes also run in parallel, on the arena's executor).
 */
public final class Tournament {
    private final Arena arena;
    private final TournamentPlan plan;
    private final Judge judge;

    private Tournament(Arena arena, TournamentPlan plan, Judge judge) {
        this.arena = Objects.requireNonNull(arena, "arena");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.judge = Objects.requireNonNull(judge, "judge");
        if (arena.maxSteps() != plan.maxSteps()) {
            throw new IllegalArgumentException("The plan's episodes have " + plan.maxSteps() + " actions but the arena runs "
                    + arena.maxSteps() + "; build the arena with maxSteps(" + plan.maxSteps() + ")");
        }
        Set<String> registered = arena.models().stream().map(ModelInfo::id).collect(Collectors.toSet());
        List<String> missing = plan.models().stream().filter(m -> !registered.contains(m)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The plan's models " + missing + " are not registered in the arena; registered: "
                    + arena.models().stream().map(ModelInfo::id).toList());
        }
    }

    /**
     * A tournament of {@code plan} in {@code arena}, whose registered models must include the plan's
     * and whose episodes must have the plan's length.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static Tournament of(Arena arena, TournamentPlan plan, Judge judge) {
        return new Tournament(arena, plan, judge);
    }

    /** The plan. */
    public TournamentPlan plan() {
        return plan;
    }

    /**
     * Plays the shard's matches that have no stored vote yet, up to {@code parallelism} at a time,
     * reporting each match's outcome to {@code listener} as it ends (from the playing threads;
     * listener exceptions are ignored).
     *
     * @return the shard's outcomes in plan order
     * @throws StorageException when the store cannot be read at all
     */
    public List<MatchOutcome> play(Shard shard, int parallelism, Consumer<MatchOutcome> listener) {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(listener, "listener");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        List<Match> matches = plan.matches(shard);
        if (parallelism == 1) {
            List<MatchOutcome> out = new ArrayList<>();
            for (Match m : matches) {
                out.add(report(play(m), listener));
            }
            return out;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "tournament-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<MatchOutcome>> running = new ArrayList<>();
            for (Match m : matches) {
                running.add(pool.submit(() -> report(play(m), listener)));
            }
            List<MatchOutcome> out = new ArrayList<>();
            for (Future<MatchOutcome> f : running) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while playing the tournament", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static MatchOutcome report(MatchOutcome outcome, Consumer<MatchOutcome> listener) {
        try {
            listener.accept(outcome);
        } catch (RuntimeException ignored) {
            // a listener's fault must not stop the tournament
        }
        return outcome;
    }

    /** Plays one match unless its vote is stored (see the class comment). */
    public MatchOutcome play(Match match) {
        Optional<BattleView> existing = arena.battle(match.battleId());
        if (existing.isPresent() && existing.get().vote().isPresent()) {
            return new MatchOutcome(match, MatchOutcome.Status.STORED, existing.get().vote(), Optional.empty(), Optional.empty(),
                    "already stored");
        }
        try {
            arena.openBattle(match.battle());
            List<Turn> turns = arena.battle(match.battleId()).map(BattleView::turns).orElse(List.of());
            if (turns.isEmpty()) {
                TurnOutcome played = arena.playTurn(match.battleId(), match.task(), match.seed());
                if (!played.isCompleted()) {
                    turns = arena.battle(match.battleId()).map(BattleView::turns).orElse(List.of());
                    if (turns.isEmpty()) {
                        String why = played.failures().isEmpty() ? played.detail()
                                : played.failures().values().stream().map(f -> f.message()).collect(Collectors.joining("; "));
                        return failed(match, why);
                    }
                } else {
                    turns = List.of(played.turn().orElseThrow());
                }
            }
            Turn turn = turns.get(0);
            List<SimState> left = states(turn.leftEpisodeId());
            List<SimState> right = states(turn.rightEpisodeId());
            Judgement j = judge.judge(match.task(), left, right);
            VoteNotes notes = VoteNotes.of(j.left().progressPercent(), j.right().progressPercent(), null);
            VoteTask task = VoteTask.judged(match.task().id(), j.left().success(), j.right().success());
            try {
                arena.vote(match.battleId(), j.choice(), notes, task);
            } catch (InvalidRequestException e) {
                // voted meanwhile by another process playing the same match: what is stored counts
                Optional<BattleView> now = arena.battle(match.battleId());
                if (now.isEmpty() || now.get().vote().isEmpty()) {
                    return failed(match, e.getMessage());
                }
                return new MatchOutcome(match, MatchOutcome.Status.STORED, now.get().vote(), Optional.empty(), Optional.empty(),
                        "voted by another process meanwhile");
            }
            return new MatchOutcome(match, MatchOutcome.Status.PLAYED, Optional.of(j.choice()), Optional.of(j.left()),
                    Optional.of(j.right()), "played");
        } catch (StorageException | InvalidRequestException e) {
            return failed(match, e.getMessage());
        }
    }

    private List<SimState> states(String episodeId) {
        return arena.episode(episodeId).map(EpisodeView::states)
                .orElseThrow(() -> new StorageException("Episode '" + episodeId + "' of a stored turn cannot be read"));
    }

    private static MatchOutcome failed(Match match, String why) {
        return new MatchOutcome(match, MatchOutcome.Status.FAILED, Optional.empty(), Optional.empty(), Optional.empty(), why);
    }

    /** The stored votes of the plan's matches, in plan order (matches without a vote are left out). */
    public List<Vote> votes() {
        Map<String, Vote> byBattle = new HashMap<>();
        for (Vote v : arena.votes()) {
            byBattle.put(v.battleId(), v);
        }
        List<Vote> out = new ArrayList<>();
        for (Match m : plan.matches()) {
            Vote v = byBattle.get(m.battleId());
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** How many of the plan's matches have a stored vote. */
    public int stored() {
        return votes().size();
    }

    /** Rates the plan's stored votes, in plan order, with {@code rater} (progress included). */
    public Leaderboard leaderboard(Rater rater) {
        return rater.rate(votes().stream().map(Vote::rated).toList());
    }

    /** Each model's success rate over the plan's judged matches, all tasks together. */
    public List<SuccessRate> successRates() {
        return SuccessRate.byModel(Arena.trials(votes()));
    }

    /** Each model's success rate per task over the plan's judged matches. */
    public List<SuccessRate> successRatesByTask() {
        return SuccessRate.byModelAndTask(Arena.trials(votes()));
    }

    @Override
    public String toString() {
        return "Tournament[" + plan + "]";
    }
}
