package io.vlaarena.cli;

import io.vlaarena.cli.internal.Models;
import io.vlaarena.cli.internal.TurnGif;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.EpisodeView;
import io.vlaarena.core.arena.LeaderboardQuery;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.core.arena.VoteResult;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.ProgressJudge;
import io.vlaarena.models.MockVla;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arena demo}: one blind battle on the bundled scene, judged, revealed and ranked. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a blind battle between two models on the bundled franka/table scene, "
                + "vote (by a task-progress judge unless --vote is given) and print the leaderboard.")
final class DemoCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    StepsOption steps;

    @Option(names = "--instruction", defaultValue = "pick up the red cube", description = "The instruction (default: ${DEFAULT-VALUE}).")
    String instruction;

    @Option(names = "--vote", description = "Cast this vote instead of the judge's: left_better, right_better, tie, both_bad.")
    String vote;

    @Option(names = "--battles", defaultValue = "1", description = "Battles to play (default: ${DEFAULT-VALUE}).")
    int battles;

    @Option(names = "--seed", description = "Seed for pairing and episodes (default: random).")
    Long seed;

    @Option(names = "--out", defaultValue = "arena-data", description = "Where the embedded store and the battle GIFs go "
            + "(default: ${DEFAULT-VALUE}).")
    java.nio.file.Path outDir;

    @Option(names = "--in-memory", description = "Keep the battles in memory instead of the embedded store.")
    boolean inMemory;

    @Option(names = "--no-gif", description = "Do not render the battles to GIFs.")
    boolean noGif;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        VoteChoice forced = vote == null ? null : parseVote(vote);
        if (battles < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--battles must be at least 1, was " + battles);
        }
        Models models = device.models(outDir.resolve("models"), out);
        MjcfEnvironmentFactory environments = new MjcfEnvironmentFactory();
        String xml = BundledScenes.frankaTableXml();
        ProgressJudge judge = ProgressJudge.of(environments.model(xml));
        io.vlaarena.onnx.OnnxVla octo = models.openOnnx("octo-tiny");
        Arena.Builder builder = Arena.builder().scenes(BundledScenes.catalog()).environments(environments)
                .maxSteps(steps.value).model(new MockVla()).model(octo);
        if (seed != null) {
            builder.seed(seed);
        }
        io.vlaarena.core.arena.ArenaStore store = inMemory ? new io.vlaarena.core.arena.InMemoryArenaStore()
                : io.vlaarena.storage.MongoArenaStore.openEmbedded(outDir.resolve("store"));
        builder.store(store);
        out.printf("VLA Arena demo: robot franka, scene table, models %s and %s%s%n", MockVla.DEFAULT_ID,
                octo.spec().id(), DeviceOption.runtime(octo));
        out.printf("Store: %s%n", inMemory ? "in memory" : "embedded MongoDB-wire server, data in "
                + outDir.resolve("store").toAbsolutePath() + " (" + ((io.vlaarena.storage.MongoArenaStore) store).uri() + ")");
        try (octo; store; Arena arena = builder.build()) {
            for (int b = 0; b < battles; b++) {
                SessionStart session = arena.startSession(BundledScenes.FRANKA, BundledScenes.TABLE);
                out.printf("%nBattle %s: \"%s\" (%d actions per side at 5 Hz)%n", session.battleId(), instruction, steps.value);
                long t0 = System.nanoTime();
                TurnOutcome turn = arena.playTurn(session.battleId(), instruction);
                long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                if (!turn.isCompleted()) {
                    throw new IllegalStateException("The turn failed: " + turn.detail());
                }
                Turn t = turn.turn().orElseThrow();
                EpisodeView left = arena.episode(t.leftEpisodeId()).orElseThrow();
                EpisodeView right = arena.episode(t.rightEpisodeId()).orElseThrow();
                printSide(out, "left ", left, judge);
                printSide(out, "right", right, judge);
                out.printf("  turn took %d ms (both sides in parallel)%n", ms);
                if (!noGif) {
                    java.nio.file.Path gif = outDir.resolve(session.battleId() + ".gif");
                    TurnGif.write(environments.model(xml), left.states(), right.states(), gif);
                    out.printf("  both episodes side by side (left | right): %s%n", gif.toAbsolutePath());
                }
                VoteChoice choice = forced != null ? forced : judge.vote(instruction, left.states(), right.states());
                VoteResult result = arena.vote(session.battleId(), choice);
                out.printf("  vote: %s (%s) -> left was %s, right was %s%n", choice.wireName(),
                        forced != null ? "--vote" : "task-progress judge", result.revealed().left(), result.revealed().right());
            }
            out.printf("%nThe leaderboards count every vote in the store (%d so far).%n", arena.votes().size());
            printBoard(out, arena.leaderboard(LeaderboardQuery.elo().withMinVoteCount(1)), "Elo (the original's)");
            printBoard(out, arena.leaderboard(LeaderboardQuery.defaults().withMinVoteCount(1)), "Bradley-Terry, 95% CI");
        }
        return 0;
    }

    private void printSide(PrintWriter out, String side, EpisodeView e, ProgressJudge judge) {
        out.printf(Locale.ROOT, "  %s ???: %d actions, %.1f s simulated, %d ms, task score %.3f%n", side, e.actions().size(),
                e.states().get(e.states().size() - 1).time(), e.duration().toMillis(), judge.score(instruction, e.states()));
    }

    static void printBoard(PrintWriter out, Leaderboard board, String title) {
        out.printf("%nLeaderboard: %s%n", title);
        out.printf("  %-4s %-14s %7s %-17s %5s %5s %5s %5s %8s%n", "#", "model", "rating", "95% CI", "votes", "wins",
                "losses", "ties", "win rate");
        int rank = 1;
        for (var r : board.rankings()) {
            String ci = r.hasConfidenceInterval()
                    ? String.format(Locale.ROOT, "[%.0f, %.0f]", r.ciLower(), r.ciUpper()) : "-";
            out.printf(Locale.ROOT, "  %-4d %-14s %7d %-17s %5d %5d %5d %5d %7.0f%%%n", rank++, r.modelId(), r.eloScore(), ci,
                    r.voteCount(), r.wins(), r.losses(), r.ties(), 100 * r.winRate());
        }
    }

    static VoteChoice parseVote(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "left" -> VoteChoice.LEFT_BETTER;
            case "right" -> VoteChoice.RIGHT_BETTER;
            default -> VoteChoice.fromWireName(v);
        };
    }

}
