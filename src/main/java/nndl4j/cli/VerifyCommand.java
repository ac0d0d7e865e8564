package nndl4j.cli;

import nndl4j.Backends;
import nndl4j.backend.Backend;
import nndl4j.backend.BackendVerification;
import nndl4j.backend.BackendVerification.Check;
import nndl4j.backend.BackendVerification.Row;
import nndl4j.network.TrainingVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nndl4j verify}: does a backend (by default {@code cuda}) start, and does it give the CPU backend's answers?
 * Runs {@link BackendVerification}'s check of every op and {@link TrainingVerification}'s training runs against
 * {@code cpu}, prints a row per check, the backend's line of {@code info} and a verdict; exit 0 only if every check
 * passed. {@code --backend cpu} is allowed and says that it compares the CPU backend with a second instance of itself.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a backend against the CPU backend: every Backend op at GPU-sized shapes (several blocks, "
                + "sizes 1 and 1025, more items than one grid), then short training runs on procedurally drawn digits "
                + "(no data files needed). One row per check: the largest difference and its tolerance. Exit code 0 "
                + "only if every check passes, 1 otherwise.",
                "--backend cpu compares the CPU backend with a second instance of itself: a self-test of the checks, "
                        + "not of a GPU."})
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--backend", defaultValue = "cuda", paramLabel = "NAME",
            description = "The backend to check against cpu: ${COMPLETION-CANDIDATES}, or auto (default: ${DEFAULT-VALUE}).",
            completionCandidates = BackendOption.Names.class)
    String backend;

    @Override
    public Integer call() {
        try (Backend candidate = Backends.open(backend, System.err::println);
             Backend reference = Backends.open("cpu", notice -> {
             })) {
            return verify(candidate, reference, checks(), System.out);
        }
    }

    /** The op checks, then the training checks. */
    static List<Check> checks() {
        List<Check> checks = new ArrayList<>(BackendVerification.opChecks());
        checks.addAll(TrainingVerification.checks());
        return checks;
    }

    /** Runs {@code checks} on candidate against reference, printing the table as it goes; returns the exit code. */
    static int verify(Backend candidate, Backend reference, List<Check> checks, PrintStream out) {
        long start = System.nanoTime();
        out.println("verify: " + candidate.name() + " against " + reference.name() + ", " + checks.size() + " checks");
        if (candidate.name().equals(reference.name())) {
            out.println("note: " + reference.name() + " is the reference; this compares it with a second instance of "
                    + "itself, which tests the checks, not a GPU");
        }
        int label = "check".length(), shape = "shape".length();
        for (Check c : checks) {
            label = Math.max(label, c.label().length());
            shape = Math.max(shape, c.shape().length());
        }
        String format = "%-" + label + "s  %-" + shape + "s  %10s  %10s  %s%n";
        out.printf(format, "check", "shape", "max |diff|", "tolerance", "result");
        List<Row> rows = BackendVerification.run(checks, reference, candidate, row -> {
            String error = row.outcome() == null ? "-" : number(row.outcome().error(), row.outcome().count());
            String tolerance = row.outcome() == null ? "-" : number(row.outcome().tolerance(), row.outcome().count());
            out.printf(format, row.check().label(), row.check().shape(), error, tolerance,
                    row.ok() ? "ok" : row.failure() == null ? "FAIL" : "FAIL  " + row.failure());
        });
        out.println("backends:");
        out.println(InfoCommand.backendLine(new Backends.Availability(candidate.name(), true, candidate.description())));
        if (!candidate.name().equals(reference.name())) {
            out.println(InfoCommand.backendLine(new Backends.Availability(reference.name(), true, reference.description())));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> failed = rows.stream().filter(r -> !r.ok()).map(r -> r.check().op()).distinct().toList();
        long failures = rows.stream().filter(r -> !r.ok()).count();
        if (failed.isEmpty()) {
            out.printf(Locale.ROOT, "verify: all %d checks passed on %s (%s) in %.1f s%n", rows.size(), candidate.name(),
                    shortDescription(candidate.description()), seconds);
            return 0;
        }
        out.printf(Locale.ROOT, "verify: %d of %d checks FAILED on %s: %s%n", failures, rows.size(), candidate.name(),
                String.join(", ", failed));
        return Main.EXIT_BAD_INPUT;
    }

    /** 0, a count, or a difference in scientific notation. */
    private static String number(double x, boolean count) {
        if (x == 0) {
            return "0";
        }
        return count && x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.1e", x);
    }

    /**
     * The start of a backend's description, for the verdict: up to its first ':' (the emulator's "CUDA emulator on
     * the host CPU, not a GPU"), and from a description that goes on after a parenthesis, up to that parenthesis
     * (a GPU's "NVIDIA ... (compute 9.0, 79.1 GiB)").
     */
    static String shortDescription(String description) {
        int colon = description.indexOf(':');
        String head = colon < 0 ? description : description.substring(0, colon);
        int close = head.indexOf("), ");
        return close < 0 ? head : head.substring(0, close + 1);
    }
}
