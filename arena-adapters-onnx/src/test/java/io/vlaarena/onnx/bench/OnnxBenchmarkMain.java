package io.vlaarena.onnx.bench;

import io.vlaarena.models.onnx.OctoModels;
import io.vlaarena.onnx.OnnxOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The octo-small-arch benchmark (not a test): generates the model into a temporary directory and
 * prints {@link OnnxBenchmark}'s figures. Arguments: [predictions] [intra-op threads].
 */
public final class OnnxBenchmarkMain {
    private OnnxBenchmarkMain() {}

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        int predictions = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Path dir = OctoModels.writeOctoSmallArch(Files.createTempDirectory("octo-small-arch"), 1);
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", load average: "
                + Files.readString(Path.of("/proc/loadavg")).trim());
        OnnxBenchmark.Result r = OnnxBenchmark.run(dir, new OnnxBenchmark.Settings(5, predictions, 75,
                OnnxOptions.builder().intraOpThreads(threads).build()));
        System.out.print(r.describe());
        System.out.println("load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
