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
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * No command given: a usage error (exit 2, one line and a hint on stderr), as {@code nndl4j baseline} without
     * darkness or svm is, which is picocli's convention for a missing subcommand; {@code nndl4j help} and
     * {@code nndl4j --help} print the usage and exit 0.
     */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } catch (Error e) { // picocli hands only Exceptions to the execution handler
            return handleError(e, cl, cl.getParseResult());
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setUsageHelpAutoWidth(true); // the terminal's width where it tells, else 80 columns
        TrainCommand.describePresets(cl.getSubcommands().get("train").getCommandSpec());
        cl.setExecutionExceptionHandler(Main::handleError);
        cl.setParameterExceptionHandler(Main::handleUsageError);
        return cl;
    }

    /** Exit code for bad input (files, values) and for failures during a run. */
    public static final int EXIT_BAD_INPUT = 1;
    /** Exit code for unknown options and malformed arguments (picocli's convention). */
    public static final int EXIT_USAGE = 2;

    /**
     * Any failure of a command, as one {@code error:} line (and at most one hint): bad input as it says, running out
     * of memory with what this JVM may use, anything else named by its type (a bug: the stack trace with --verbose).
     */
    static int handleError(Throwable e, CommandLine cl, CommandLine.ParseResult parsed) {
        System.out.flush();
        PrintWriter err = cl.getErr();
        boolean verbose = false;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) { // nested: baseline svm --verbose
            verbose |= p.matchedOption("--verbose") != null;
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        if (e instanceof BadInputException bad) {
            err.println("error: " + BadInputException.oneLine(bad.getMessage()));
            if (bad.hint() != null) {
                err.println(BadInputException.oneLine(bad.hint()));
            }
        } else if (e instanceof OutOfMemoryError) {
            err.println("error: out of memory (" + e.getMessage() + "); this JVM may use "
                    + MemoryCheck.bytes(Runtime.getRuntime().maxMemory()) + " of heap");
            err.println("give Java more memory (e.g. java -Xmx16g -jar nndl4j.jar ...), or use smaller sizes or mini-batches");
        } else {
            err.println("error: " + BadInputException.oneLine(e.toString()) + (verbose ? "" : " (run with --verbose for details)"));
        }
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + BadInputException.oneLine(e.getMessage()));
        err.println("see '" + cl.getCommandSpec().qualifiedName(" ") + " --help'");
        err.flush();
        return EXIT_USAGE;
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
