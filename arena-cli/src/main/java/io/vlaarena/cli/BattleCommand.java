package io.vlaarena.cli;

import io.vlaarena.cli.internal.Models;
import io.vlaarena.cli.internal.TurnGif;
import io.vlaarena.core.Environment;
import io.vlaarena.core.EnvironmentOptions;
import io.vlaarena.core.Episode;
import io.vlaarena.core.EpisodeRunner;
import io.vlaarena.core.RolloutContext;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfEnvironmentFactory;
import io.vlaarena.sim.ProgressJudge;
import io.vlaarena.sim.SimModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arena battle}: two named models, one instruction, side by side (not blind: you chose the sides). */
@Command(name = "battle", mixinStandardHelpOptions = true,
        description = "Run two named models on the same instruction and scene in parallel, judge them, and optionally "
                + "write both episodes side by side to a GIF.")
final class BattleCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    StepsOption steps;

    @picocli.CommandLine.Mixin
    ModelsDirOption modelsDir;

    @picocli.CommandLine.Mixin
    SceneOptions where;

    @Option(names = "--left", required = true, description = "Left model: mock-vla, mock-vla-<name>, octo-tiny, octo-small, onnx:<dir>, "
            + "or a policy server: openpi:ws://HOST:PORT, roboarena:ws://HOST:PORT, openvla:http://HOST:PORT.")
    String left;

    @Option(names = "--right", required = true, description = "Right model (same forms as --left).")
    String right;

    @Option(names = "--instruction", required = true, description = "The instruction both models get.")
    String instruction;

    @Option(names = "--seed", defaultValue = "0", description = "Episode seed, the same for both sides (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--gif", description = "Write both episodes side by side (left | right) to this GIF.")
    Path gif;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Models models = device.models(modelsDir.value, spec.commandLine().getErr());
        String xml = BundledScenes.catalog().composeXml(where.robot, where.scene);
        MjcfEnvironmentFactory environments = new MjcfEnvironmentFactory();
        SimModel model = environments.model(xml);
        EpisodeRunner runner = EpisodeRunner.builder().maxSteps(steps.value).build();
        try (Vla l = models.open(left); Vla r = models.open(right)) {
            CompletableFuture<Episode> le = CompletableFuture.supplyAsync(() -> run(runner, environments, xml, l));
            CompletableFuture<Episode> re = CompletableFuture.supplyAsync(() -> run(runner, environments, xml, r));
            Episode a = le.join();
            Episode b = re.join();
            ProgressJudge judge = ProgressJudge.of(model);
            print(out, "left ", a, judge, l);
            print(out, "right", b, judge, r);
            VoteChoice verdict = judge.vote(instruction, a, b);
            out.printf("judge: %s%n", verdict.wireName());
            if (gif != null) {
                TurnGif.write(model, a.states(), b.states(), gif);
                out.printf("wrote %s%n", gif.toAbsolutePath());
            }
            return a.isCompleted() && b.isCompleted() ? 0 : 3;
        }
    }

    private Episode run(EpisodeRunner runner, MjcfEnvironmentFactory environments, String xml, Vla vla) {
        EnvironmentOptions options = EnvironmentOptions.defaults().withActionSpace(vla.spec().actionSpace());
        try (Environment env = environments.create(xml, options)) {
            return runner.run(vla, env, new RolloutContext(instruction, xml, seed, steps.value));
        }
    }

    private void print(PrintWriter out, String side, Episode e, ProgressJudge judge, Vla vla) {
        if (e.isCompleted()) {
            out.printf(Locale.ROOT, "%s %-12s completed %d actions in %d ms, task score %.3f%s%n", side, e.modelId(), e.length(),
                    e.duration().toMillis(), judge.score(instruction, e), DeviceOption.runtime(vla));
        } else {
            out.printf("%s %-12s FAILED after %d actions%s: %s%n", side, e.modelId(), e.length(), DeviceOption.runtime(vla),
                    e.failure().orElseThrow().message());
        }
    }
}
