package io.vlaarena.cli;

import io.vlaarena.cli.internal.Models;
import io.vlaarena.cli.internal.Progress;
import io.vlaarena.core.ChunkExecution;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.LeaderboardQuery;
import io.vlaarena.core.arena.PairingStrategy;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.ProgressJudge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code arena tournament}: every pair on every instruction, judged automatically, ranked with confidence intervals. */
@Command(name = "tournament", mixinStandardHelpOptions = true,
        description = {"Play every pair of models on every instruction, both ways round, for --rounds rounds; vote with "
                + "the task-progress judge; print the Bradley-Terry leaderboard with 95%% confidence intervals.",
                "Instructions file: one instruction per line; blank lines and lines starting with # are skipped."})
final class TournamentCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    StepsOption steps;

    @picocli.CommandLine.Mixin
    ModelsDirOption modelsDir;

    @picocli.CommandLine.Mixin
    SceneOptions where;

    @Option(names = "--models", required = true, split = ",", description = "Two or more models (comma-separated).")
    List<String> models;

    @Option(names = "--instructions", required = true, description = "The instructions file.")
    Path instructions;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds over all pairs and instructions (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of episodes and bootstrap (default: ${DEFAULT-VALUE}).")
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
        if (rounds < 1 || steps.value < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds and --steps must be at least 1");
        }
        Models resolver = device.models(modelsDir.value, err);
        List<String> tasks = readInstructions(instructions);
        String xml = BundledScenes.catalog().composeXml(where.robot, where.scene);
        MjcfEnvironmentFactory environments = new MjcfEnvironmentFactory();
        ProgressJudge judge = ProgressJudge.of(environments.model(xml));
        List<Vla> vlas = new ArrayList<>();
        Deque<List<String>> schedule = new ArrayDeque<>();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    for (int t = 0; t < tasks.size(); t++) {
                        schedule.add(List.of(names.get(i), names.get(j)));
                        schedule.add(List.of(names.get(j), names.get(i)));
                    }
                }
            }
        }
        int battles = schedule.size();
        PairingStrategy scheduled = active -> schedule.removeFirst();
        try {
            Arena.Builder builder = Arena.builder().scenes(BundledScenes.catalog()).environments(environments).maxSteps(steps.value)
                    .seed(seed).pairing(scheduled)
                    .runner(EpisodeRunner.builder().chunkExecution(ChunkExecution.WHOLE_CHUNK).build());
            for (String n : names) {
                Vla v = resolver.open(n);
                vlas.add(v);
                builder.model(v);
            }
            try (Arena arena = builder.build()) {
                out.printf("Tournament: %d models, %d instructions, %d rounds: %d battles on %s/%s%n", names.size(), tasks.size(),
                        rounds, battles, where.robot, where.scene);
                for (Vla v : vlas) {
                    if (!DeviceOption.runtime(v).isEmpty()) {
                        out.printf("  %s%s%n", v.spec().id(), DeviceOption.runtime(v));
                    }
                }
                Progress progress = new Progress(err, "battles", battles);
                int failed = 0;
                for (int b = 0; b < battles; b++) {
                    String instruction = tasks.get((b / 2) % tasks.size());
                    SessionStart s = arena.startSession(where.robot, where.scene);
                    TurnOutcome t = arena.playTurn(s.battleId(), instruction);
                    if (t.isCompleted()) {
                        Turn turn = t.turn().orElseThrow();
                        VoteChoice v = judge.vote(instruction, arena.episode(turn.leftEpisodeId()).orElseThrow().states(),
                                arena.episode(turn.rightEpisodeId()).orElseThrow().states());
                        arena.vote(s.battleId(), v);
                    } else {
                        failed++;
                        err.printf("%nbattle %s failed: %s%n", s.battleId(), t.failures().isEmpty() ? t.detail()
                                : t.failures().values().iterator().next().message());
                    }
                    progress.step();
                }
                Leaderboard board = arena.leaderboard(LeaderboardQuery.defaults().withMinVoteCount(1).withSeed(seed));
                DemoCommand.printBoard(out, board, "Bradley-Terry, 95% CI from 1000 bootstrap rounds");
                if (failed > 0) {
                    out.printf("%n%d of %d battles failed and were not voted on.%n", failed, battles);
                }
            }
        } finally {
            for (Vla v : vlas) {
                v.close();
            }
        }
        return 0;
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
