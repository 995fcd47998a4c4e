package io.vlaarena.cli;

import io.vlaarena.cli.internal.Benchmarks;
import io.vlaarena.cli.internal.Measurement;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arena bench}: the benchmarks of every module, each with its target. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the project's benchmarks on this machine and compare each median with its target: "
                + "physics, rendering, episodes and ratings on one core; HTTP services, turns and the store with the "
                + "clients and threads their targets name. Without --all the onnx.* benchmarks (minutes) are left out.",
                "The system load before and after is printed: other work on the machine slows the "
                + "figures down, so read them with it."})
final class BenchCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    ModelsDirOption modelsDir;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds per benchmark (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--only", split = ",", description = "Run only these benchmarks (comma-separated names).")
    List<String> only;

    @Option(names = "--all", description = "Also run the ONNX benchmarks of the 100 MB octo-small-arch model (onnx.*: "
            + "about 2-4 minutes more on 2 cores).")
    boolean all;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Benchmarks benchmarks = new Benchmarks(rounds, modelsDir.value, err, device.value);
        List<String> names = only != null ? only : all ? benchmarks.names() : benchmarks.defaults();
        for (String n : names) {
            if (!benchmarks.names().contains(n)) {
                throw new IllegalArgumentException("Unknown benchmark '" + n + "'; benchmarks: " + benchmarks.names());
            }
        }
        double loadBefore = load();
        List<Measurement> results = new ArrayList<>();
        for (String n : names) {
            err.printf("bench: running %s…%s%n", n, benchmarks.slow().contains(n) && !ran(results, "onnx.")
                    ? " (the onnx.* figures come from one run of octo-small-arch: about 2-4 minutes on 2 cores)" : "");
            err.flush();
            results.add(benchmarks.run(n));
        }
        double loadAfter = load();
        String jvm = System.getProperty("java.vm.name") + " " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " processors";
        if (json) {
            printJson(out, results, jvm, loadBefore, loadAfter);
        } else {
            out.printf("%-28s %16s %16s %16s %18s %-8s %s%n", "benchmark", "median", "worst..best", "cpu-time median",
                    "target", "verdict", "what");
            for (Measurement m : results) {
                String spread = Measurement.format(m.worst()) + ".." + Measurement.format(m.best());
                String cpu = Double.isNaN(m.cpuMedian()) ? "-" : Measurement.format(m.cpuMedian()) + " " + m.unit();
                out.printf("%-28s %16s %16s %16s %18s %-8s %s%n", m.name(), Measurement.format(m.median()) + " " + m.unit(),
                        spread, cpu, m.targetText(), m.meetsTarget() ? "meets" : "MISSES", m.description());
            }
            out.println("The verdict holds the wall-clock median against the target; the cpu-time median counts only the "
                    + "measuring thread's CPU time, which other work on the machine disturbs less.");
            List<Measurement> vsMujoco = results.stream().filter(m -> m.referenceRounds().length > 0).toList();
            if (!vsMujoco.isEmpty()) {
                out.println("Against MuJoCo 2.2.2 stepping the same scenes in the same rounds (CPU time of each; the verdict of "
                        + "these rows is ours >= MuJoCo's):");
                for (Measurement m : vsMujoco) {
                    out.printf(Locale.ROOT, "  %-28s ours %s %s, MuJoCo %s %s: ours/MuJoCo %.2f%n", m.name(),
                            Measurement.format(m.cpuMedian()), m.unit(), Measurement.format(m.referenceMedian()), m.unit(),
                            m.referenceRatio());
                }
            }
            benchmarks.unavailable().forEach((n, why) -> {
                if (!names.contains(n)) {
                    out.printf("Not run: %s: %s.%n", n, why);
                }
            });
            List<String> skipped = benchmarks.slow().stream().filter(n -> !names.contains(n)).toList();
            if (!skipped.isEmpty()) {
                out.printf("Not run: %s: they need the generated 100 MB octo-small-arch model and take about 2-4 minutes "
                        + "on 2 cores; add --all (or --only NAME) to run them.%n", String.join(", ", skipped));
            }
            out.printf(Locale.ROOT, "%nMachine: %s; system load average %.2f before, %.2f after (above ~1 per core, other "
                    + "work was competing for the CPU and the figures are pessimistic).%n", jvm, loadBefore, loadAfter);
        }
        out.flush();
        return 0;
    }

    private static boolean ran(List<Measurement> results, String prefix) {
        return results.stream().anyMatch(m -> m.name().startsWith(prefix));
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void printJson(PrintWriter out, List<Measurement> results, String jvm, double before, double after) {
        StringBuilder sb = new StringBuilder("{\n  \"jvm\": \"").append(jvm.replace("\"", "'")).append("\",\n");
        sb.append(String.format(Locale.ROOT, "  \"load_average_before\": %.2f,%n  \"load_average_after\": %.2f,%n", before, after));
        sb.append("  \"benchmarks\": [\n");
        for (int i = 0; i < results.size(); i++) {
            Measurement m = results.get(i);
            sb.append(String.format(Locale.ROOT,
                    "    {\"name\": \"%s\", \"unit\": \"%s\", \"median\": %s, \"worst\": %s, \"best\": %s, \"target\": %s, "
                            + "\"higher_is_better\": %s, \"meets_target\": %s, \"cpu_median\": %s, \"mujoco_cpu_median\": %s, \"rounds\": %d, "
                            + "\"description\": \"%s\"}%s%n",
                    m.name(), m.unit(), m.median(), m.worst(), m.best(), m.target(), m.higherIsBetter(), m.meetsTarget(),
                    Double.isNaN(m.cpuMedian()) ? "null" : String.valueOf(m.cpuMedian()),
                    Double.isNaN(m.referenceMedian()) ? "null" : String.valueOf(m.referenceMedian()),
                    m.rounds().length, m.description(), i + 1 < results.size() ? "," : ""));
        }
        sb.append("  ]\n}");
        out.println(sb);
    }
}
