package io.vlaarena.core.bench;

/**
 * Prints {@link RatingBenchmark}'s default scenario; run its {@code main}, it is not a test.
 * Optional arguments: votes, models, rounds, warm-up runs, measured runs.
 */
public final class BradleyTerryBenchmark {
    private BradleyTerryBenchmark() {}

    /** Runs the benchmark and prints a one-line summary. */
    public static void main(String[] args) {
        RatingBenchmark.Builder b = RatingBenchmark.builder();
        if (args.length > 0) {
            b.votes(Integer.parseInt(args[0]));
        }
        if (args.length > 1) {
            b.models(Integer.parseInt(args[1]));
        }
        if (args.length > 2) {
            b.bootstrapRounds(Integer.parseInt(args[2]));
        }
        if (args.length > 3) {
            b.warmupRuns(Integer.parseInt(args[3]));
        }
        if (args.length > 4) {
            b.measuredRuns(Integer.parseInt(args[4]));
        }
        System.out.println(b.build().run().summary());
    }
}
