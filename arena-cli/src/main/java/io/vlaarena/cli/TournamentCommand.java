package io.vlaarena.cli;

import io.vlaarena.cli.internal.Boards;
import io.vlaarena.cli.internal.Models;
import io.vlaarena.cli.internal.Progress;
import io.vlaarena.core.ChunkExecution;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.Vla;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.ArenaStore;
import io.vlaarena.core.arena.InMemoryArenaStore;
import io.vlaarena.core.rating.BradleyTerry;
import io.vlaarena.core.task.Judge;
import io.vlaarena.core.task.Task;
import io.vlaarena.core.task.TaskJudge;
import io.vlaarena.core.task.TaskSuite;
import io.vlaarena.core.tournament.MatchOutcome;
import io.vlaarena.core.tournament.Shard;
import io.vlaarena.core.tournament.Tournament;
import io.vlaarena.core.tournament.TournamentPlan;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.ProgressJudge;
import io.vlaarena.sim.task.TableTasks;
import io.vlaarena.storage.MongoArenaStore;
import io.vlaarena.storage.MongoStoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arena tournament}: every pair of models on every task, both ways round, judged automatically;
 * planned deterministically, resumable, and split into shards for batch engines.
 */
@Command(name = "tournament", mixinStandardHelpOptions = true,
        description = {"Play every pair of models on every task of the bundled suite (or those named), both ways round, "
                + "for --rounds rounds; judge each match by task success first and progress second; print success rates "
                + "with 95%% Wilson intervals and the Bradley-Terry leaderboard with Davidson ties.",
                "The plan is deterministic: every match has an id from the configuration, so a rerun against the same "
                + "store (--mongo or --store) skips what is stored, and --shard i/N processes together play the plan once."})
final class TournamentCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    StepsOption steps;

    @picocli.CommandLine.Mixin
    ModelsDirOption modelsDir;

    @picocli.CommandLine.Mixin
    SceneOptions where;

    @Option(names = "--models", required = true, split = ",", description = "Two or more models (comma-separated).")
    List<String> models;

    @Option(names = "--tasks", split = ",", description = "Task ids of the suite (comma-separated; default: all of them).")
    List<String> taskIds;

    @Option(names = "--instructions", description = "A file of instructions, one per line, each one a task's "
            + "instruction or id (blank lines and lines starting with # are skipped); instead of --tasks.")
    Path instructions;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds over all pairs and tasks (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--name", defaultValue = "tournament", description = "The tournament's name, part of its plan's id "
            + "(default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--shard", defaultValue = "0/1", description = "Play shard i of N (i from 0; default: ${DEFAULT-VALUE}, "
            + "the whole plan).")
    String shard;

    @Option(names = "--parallel", defaultValue = "1", description = "Matches played at once (default: ${DEFAULT-VALUE}; "
            + "each match runs its two episodes in parallel already).")
    int parallel;

    @Option(names = "--judge", defaultValue = "task", description = "task: success first, progress second (default); "
            + "progress: the task-progress judge's score.")
    String judgeName;

    @Option(names = "--mongo", description = "Keep the matches in the MongoDB of this connection string (or MONGODB_URI), "
            + "shared by every shard.")
    String mongoUri;

    @Option(names = "--store", description = "Keep the matches in an embedded store in this directory (one process at a time).")
    Path storeDir;

    @Option(names = "--report-only", description = "Play nothing: print the success rates and leaderboard of what is stored.")
    boolean reportOnly;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the matches' poses and the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = new ArrayList<>(new LinkedHashSet<>(models));
        if (names.size() < 2) {
            throw new ParameterException(spec.commandLine(), "--models needs at least two distinct models, got " + models);
        }
        if (rounds < 1 || steps.value < 1 || parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds, --steps and --parallel must be at least 1");
        }
        if (mongoUri != null && storeDir != null) {
            throw new ParameterException(spec.commandLine(), "--mongo and --store are alternatives; give one");
        }
        Shard part;
        try {
            part = Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--shard: " + e.getMessage());
        }
        Judge judge = switch (judgeName.toLowerCase(Locale.ROOT)) {
            case "task" -> TaskJudge.of();
            case "progress" -> null; // built once the scene is known
            default -> throw new ParameterException(spec.commandLine(), "--judge must be 'task' or 'progress', was '" + judgeName + "'");
        };
        TaskSuite suite = TableTasks.suite();
        List<Task> tasks = tasks(suite);
        Models resolver = device.models(modelsDir.value, err);
        MjcfEnvironmentFactory environments = new MjcfEnvironmentFactory();
        if (judge == null) {
            judge = ProgressJudge.of(environments.model(tasks.get(0).sceneXml(0)));
        }
        TournamentPlan plan = TournamentPlan.builder().name(name).models(names).tasks(tasks).rounds(rounds).seed(seed)
                .maxSteps(steps.value).build();
        Optional<String> mongo = Optional.ofNullable(mongoUri).or(() -> Optional.ofNullable(System.getenv(MongoStoreConfig.MONGODB_URI)))
                .filter(s -> storeDir == null);
        List<Vla> vlas = new ArrayList<>();
        try (ArenaStore store = mongo.<ArenaStore>map(MongoArenaStore::connect)
                .orElseGet(() -> storeDir != null ? MongoArenaStore.openEmbedded(storeDir) : new InMemoryArenaStore())) {
            Arena.Builder builder = Arena.builder().store(store).scenes(BundledScenes.catalog()).environments(environments)
                    .tasks(suite).maxSteps(steps.value).seed(seed)
                    .runner(EpisodeRunner.builder().chunkExecution(ChunkExecution.WHOLE_CHUNK).build());
            for (String n : plan.models()) {
                Vla v = resolver.open(n);
                vlas.add(v);
                builder.model(v);
            }
            try (Arena arena = builder.build()) {
                Tournament tournament = Tournament.of(arena, plan, judge);
                int mine = plan.matches(part).size();
                out.printf("Tournament '%s' (plan %s): %d models, %d tasks, %d round%s: %d matches on %s/%s%n", plan.name(),
                        plan.id(), plan.models().size(), plan.tasks().size(), rounds, rounds == 1 ? "" : "s",
                        plan.matches().size(), where.robot, where.scene);
                out.printf("Store: %s%n", mongo.map(u -> "MongoDB " + ((MongoArenaStore) store).uri())
                        .orElse(storeDir != null ? "embedded, data in " + storeDir.toAbsolutePath() : "in memory"));
                for (Vla v : vlas) {
                    if (!DeviceOption.runtime(v).isEmpty()) {
                        out.printf("  %s%s%n", v.spec().id(), DeviceOption.runtime(v));
                    }
                }
                int failed = 0;
                if (!reportOnly) {
                    out.printf("This process plays shard %s: %d matches%n", part, mine);
                    out.flush();
                    Progress progress = new Progress(err, "matches", mine);
                    List<MatchOutcome> outcomes = tournament.play(part, parallel, o -> {
                        synchronized (progress) {
                            progress.step();
                            if (o.status() == MatchOutcome.Status.FAILED) {
                                err.printf("%nmatch %s (%s, %s vs %s) failed: %s%n", o.match().battleId(), o.match().task().id(),
                                        o.match().leftModel(), o.match().rightModel(), o.detail());
                            }
                        }
                    });
                    long played = outcomes.stream().filter(o -> o.status() == MatchOutcome.Status.PLAYED).count();
                    long stored = outcomes.stream().filter(o -> o.status() == MatchOutcome.Status.STORED).count();
                    failed = (int) outcomes.stream().filter(o -> o.status() == MatchOutcome.Status.FAILED).count();
                    out.printf("Shard %s: %d played, %d already stored, %d failed.%n", part, played, stored, failed);
                }
                int stored = tournament.stored();
                out.printf("%d of the plan's %d matches are stored%s.%n", stored, plan.matches().size(),
                        stored < plan.matches().size() ? " (the results below cover those)" : "");
                Boards.printSuccessRates(out, tournament.successRatesByTask(), tournament.successRates());
                BradleyTerry davidson = BradleyTerry.builder().ties(BradleyTerry.Ties.DAVIDSON).minVoteCount(1).seed(seed).build();
                Boards.printBoard(out, tournament.leaderboard(davidson),
                        "Bradley-Terry with Davidson ties, 95% CI from 1000 bootstrap rounds, rank by interval");
                if (failed > 0) {
                    out.printf("%n%d of this shard's %d matches failed and were not voted on; run the same command again to "
                            + "retry them.%n", failed, mine);
                    return 3;
                }
            }
        } finally {
            for (Vla v : vlas) {
                v.close();
            }
        }
        return 0;
    }

    private List<Task> tasks(TaskSuite suite) throws IOException {
        if (instructions != null && taskIds != null) {
            throw new ParameterException(spec.commandLine(), "--tasks and --instructions are alternatives; give one");
        }
        List<Task> tasks = new ArrayList<>();
        String r = BundledScenes.catalog().canonicalRobot(where.robot);
        String s = BundledScenes.catalog().canonicalScene(where.scene);
        if (instructions != null) {
            for (String line : readInstructions(instructions)) {
                Optional<Task> t = suite.ids().contains(line) ? Optional.of(suite.task(line)) : suite.match(r, s, line);
                tasks.add(t.orElseThrow(() -> new IllegalArgumentException("The instruction '" + line + "' in " + instructions
                        + " is no task of suite '" + suite.name() + "'; its tasks: " + describe(suite))));
            }
        } else if (taskIds != null) {
            tasks.addAll(suite.select(taskIds));
        } else {
            tasks.addAll(suite.tasks());
        }
        List<Task> here = tasks.stream().filter(t -> t.robotId().equals(r) && t.sceneId().equals(s)).distinct().toList();
        if (here.isEmpty()) {
            throw new IllegalArgumentException("Suite '" + suite.name() + "' has no task on robot '" + r + "' and scene '" + s + "'");
        }
        return here;
    }

    private static String describe(TaskSuite suite) {
        return suite.tasks().stream().map(t -> t.id() + " (\"" + t.instruction() + "\")").toList().toString();
    }

    static List<String> readInstructions(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No such instructions file: " + file);
        }
        List<String> tasks = Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("The instructions file " + file + " has no instruction");
        }
        return tasks;
    }
}
