package io.vlaarena.cli;

import io.vlaarena.cli.internal.Boards;
import io.vlaarena.cli.internal.Models;
import io.vlaarena.cli.internal.TurnGif;
import io.vlaarena.core.ChunkExecution;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.EpisodeView;
import io.vlaarena.core.arena.LeaderboardQuery;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.core.arena.VoteNotes;
import io.vlaarena.core.arena.VoteResult;
import io.vlaarena.core.arena.VoteTask;
import io.vlaarena.core.task.Judgement;
import io.vlaarena.core.task.Task;
import io.vlaarena.core.task.TaskJudge;
import io.vlaarena.core.task.TaskResult;
import io.vlaarena.core.task.TaskSuite;
import io.vlaarena.models.ScriptedExpert;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.ProgressJudge;
import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.task.SimTask;
import io.vlaarena.sim.task.TableTasks;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arena demo}: one blind battle of the scripted expert against another model on a task, judged, revealed and ranked. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a blind battle between the scripted expert and another model on a task of the bundled "
                + "franka/table suite, vote by the task judge (success first, progress second) unless --vote is given, "
                + "write both episodes side by side to a GIF, reveal the models and print the leaderboards and success rates.")
final class DemoCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    StepsOption steps;

    @Option(names = "--task", defaultValue = "lift_red_cube", description = "The task's id (default: ${DEFAULT-VALUE}).")
    String taskId;

    @Option(names = "--instruction", description = "An instruction instead of --task: a task's instruction plays that task; "
            + "any other text is judged by the task-progress score.")
    String instruction;

    @Option(names = "--opponent", defaultValue = "octo-tiny", description = "The model the expert battles: mock-vla, "
            + "mock-vla-<name>, octo-tiny, octo-small or onnx:DIR (default: ${DEFAULT-VALUE}, untrained).")
    String opponent;

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
        TaskSuite suite = TableTasks.suite();
        Optional<Task> task = instruction == null ? Optional.of(suite.task(taskId))
                : suite.match(BundledScenes.FRANKA, BundledScenes.TABLE, instruction);
        String asked = instruction != null ? instruction : task.orElseThrow().instruction();
        Models models = device.models(outDir.resolve("models"), out);
        MjcfEnvironmentFactory environments = new MjcfEnvironmentFactory();
        String sceneXml = task.map(t -> t.sceneXml(0)).orElse(BundledScenes.frankaTableXml());
        ProgressJudge progressJudge = ProgressJudge.of(environments.model(sceneXml));
        ScriptedExpert expert = ScriptedExpert.of();
        Vla other = models.open(opponent);
        if (other.spec().id().equals(expert.spec().id())) {
            other.close();
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--opponent must be another model than the expert");
        }
        Arena.Builder builder = Arena.builder().scenes(BundledScenes.catalog()).environments(environments).tasks(suite)
                .maxSteps(steps.value).model(expert).model(other)
                .runner(EpisodeRunner.builder().chunkExecution(ChunkExecution.WHOLE_CHUNK).build());
        if (seed != null) {
            builder.seed(seed);
        }
        io.vlaarena.core.arena.ArenaStore store = inMemory ? new io.vlaarena.core.arena.InMemoryArenaStore()
                : io.vlaarena.storage.MongoArenaStore.openEmbedded(outDir.resolve("store"));
        builder.store(store);
        out.printf("VLA Arena demo: robot franka, scene table, models %s and %s%s%n", expert.spec().id(), other.spec().id(),
                DeviceOption.runtime(other));
        out.printf("Task: %s%n", task.map(t -> t.id() + " (\"" + t.instruction() + "\"), objects placed from each battle's seed")
                .orElse("none: free text, judged by the task-progress score"));
        out.printf("Store: %s%n", inMemory ? "in memory" : "embedded MongoDB-wire server, data in "
                + outDir.resolve("store").toAbsolutePath() + " (" + ((io.vlaarena.storage.MongoArenaStore) store).uri() + ")");
        try (other; store; Arena arena = builder.build()) {
            for (int b = 0; b < battles; b++) {
                SessionStart session = arena.startSession(BundledScenes.FRANKA, BundledScenes.TABLE);
                out.printf("%nBattle %s: \"%s\" (%d actions per side at 5 Hz)%n", session.battleId(), asked, steps.value);
                long t0 = System.nanoTime();
                TurnOutcome turn = arena.playTurn(session.battleId(), asked);
                long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                if (!turn.isCompleted()) {
                    throw new IllegalStateException("The turn failed: " + turn.detail());
                }
                Turn t = turn.turn().orElseThrow();
                EpisodeView left = arena.episode(t.leftEpisodeId()).orElseThrow();
                EpisodeView right = arena.episode(t.rightEpisodeId()).orElseThrow();
                Optional<Judgement> judged = task.map(x -> TaskJudge.of().judge(x, left.states(), right.states()));
                printSide(out, "left ", left, judged.map(Judgement::left), progressJudge);
                printSide(out, "right", right, judged.map(Judgement::right), progressJudge);
                out.printf("  turn took %d ms (both sides in parallel)%n", ms);
                if (!noGif) {
                    java.nio.file.Path gif = outDir.resolve(session.battleId() + ".gif");
                    SimModel model = task.filter(x -> x instanceof SimTask).map(x -> ((SimTask) x).model())
                            .orElse(environments.model(sceneXml));
                    TurnGif.write(model, left.states(), right.states(), gif);
                    out.printf("  both episodes side by side (left | right): %s%n", gif.toAbsolutePath());
                }
                VoteChoice choice = forced != null ? forced : judged.map(Judgement::choice)
                        .orElseGet(() -> progressJudge.vote(asked, left.states(), right.states()));
                VoteResult result = judged.isPresent()
                        ? arena.vote(session.battleId(), choice, VoteNotes.of(judged.get().left().progressPercent(),
                                judged.get().right().progressPercent(), null),
                                VoteTask.judged(task.get().id(), judged.get().left().success(), judged.get().right().success()))
                        : arena.vote(session.battleId(), choice);
                out.printf("  vote: %s (%s) -> left was %s, right was %s%n", choice.wireName(),
                        forced != null ? "--vote" : judged.isPresent() ? "task judge" : "task-progress judge",
                        result.revealed().left(), result.revealed().right());
            }
            out.printf("%nThe leaderboards count every vote in the store (%d so far).%n", arena.votes().size());
            Boards.printBoard(out, arena.leaderboard(LeaderboardQuery.elo().withMinVoteCount(1)), "Elo (the original's)");
            Boards.printBoard(out, arena.leaderboard(LeaderboardQuery.davidson().withMinVoteCount(1)),
                    "Bradley-Terry with Davidson ties, 95% CI");
            Boards.printSuccessRates(out, arena.successRatesByTask(LeaderboardQuery.defaults()),
                    arena.successRates(LeaderboardQuery.defaults()));
        }
        return 0;
    }

    private void printSide(PrintWriter out, String side, EpisodeView e, Optional<TaskResult> result, ProgressJudge judge) {
        String verdict = result.map(r -> r.success() ? String.format(Locale.ROOT, "task done (progress %d%%)", r.progressPercent())
                : String.format(Locale.ROOT, "task not done (progress %d%%)", r.progressPercent()))
                .orElseGet(() -> String.format(Locale.ROOT, "task score %.3f", judge.score(instruction, e.states())));
        out.printf(Locale.ROOT, "  %s ???: %d actions, %.1f s simulated, %d ms, %s%n", side, e.actions().size(),
                e.states().get(e.states().size() - 1).time(), e.duration().toMillis(), verdict);
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
