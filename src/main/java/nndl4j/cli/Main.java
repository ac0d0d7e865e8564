package nndl4j.cli;

import nndl4j.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** The {@code nndl4j} command line: {@code java -jar target/nndl4j.jar <command> [options]}. */
@Command(name = "nndl4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train and use the networks of Nielsen's 'Neural Networks and Deep Learning'.",
        subcommands = {
                InfoCommand.class,
                VerifyCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                BenchmarkCommand.class,
                ExpandCommand.class,
                BaselineCommand.class,
                ShowCommand.class,
                PlotCommand.class,
        })
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        TrainCommand.describePresets(cl.getSubcommands().get("train").getCommandSpec());
        cl.setExecutionExceptionHandler(Main::handleError);
        cl.setParameterExceptionHandler(Main::handleUsageError);
        return cl;
    }

    /** Exit code for bad input (files, values) and for failures during a run. */
    public static final int EXIT_BAD_INPUT = 1;
    /** Exit code for unknown options and malformed arguments (picocli's convention). */
    public static final int EXIT_USAGE = 2;

    private static int handleError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = false;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) { // nested: baseline svm --verbose
            verbose |= p.matchedOption("--verbose") != null;
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        if (e instanceof BadInputException bad) {
            err.println("error: " + bad.getMessage());
            if (bad.hint() != null) {
                err.println(bad.hint());
            }
        } else {
            err.println("error: " + e + (verbose ? "" : " (run with --verbose for details)"));
        }
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + e.getMessage());
        err.println("see 'nndl4j " + qualifiedName(cl) + " --help'");
        err.flush();
        return EXIT_USAGE;
    }

    private static String qualifiedName(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        return name.startsWith("nndl4j ") ? name.substring("nndl4j ".length()) : "";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"nndl4j " + version()};
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
