package io.vlaarena.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code arena} command: blind battles between robot policies, the original's stack in one
 * process, the simulator's tools and the benchmarks.
 */
@Command(name = "arena", mixinStandardHelpOptions = true, versionProvider = ArenaCli.Version.class,
        description = "VLA Arena for the JVM: blind A/B battles between robot vision-language-action models.",
        subcommands = {DemoCommand.class, ServeCommand.class, ServePolicyCommand.class, BattleCommand.class, TournamentCommand.class, SimCommand.class, RenderCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class ArenaCli implements Runnable {

    @Option(names = "--verbose", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code arena --version}: the version this command was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = ArenaCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"arena " + p.getProperty("version", "(unknown version)")};
        }
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // java.util.logging (the ONNX adapters' device fallback, among others) prints one line a record
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ArenaCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            commandLine.getErr().println("arena: " + message.lines().findFirst().orElse(message)
                    + (verbose ? "" : " (run with --verbose for details)"));
            return 1;
        });
        return cli.execute(args);
    }
}
