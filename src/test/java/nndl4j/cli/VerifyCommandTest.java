package nndl4j.cli;

import nndl4j.Backends;
import nndl4j.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nndl4j verify}: passes on cuda-emulated, and names exactly the ops a deliberately broken backend gets wrong. */
class VerifyCommandTest {
    private static final int CHECKS = VerifyCommand.checks().size();

    /** The table's rows: the lines after the header up to "backends:". */
    private static List<String> rows(String out) {
        List<String> lines = out.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("check ")).findFirst().orElseThrow());
        return lines.subList(header + 1, lines.indexOf("backends:"));
    }

    /** The ops (first word of the check) of the rows that failed. */
    private static Set<String> failedOps(String out) {
        Set<String> failed = new TreeSet<>();
        for (String row : rows(out)) {
            if (row.matches(".*  FAIL.*")) {
                failed.add(row.split(" ")[0]);
            }
        }
        return failed;
    }

    @Test
    void passesOnCudaEmulated() {
        Backends.Availability emulated = Backends.probe("cuda-emulated");
        Assumptions.assumeTrue(emulated.available(), () -> "cuda-emulated unavailable here: " + emulated.detail());
        CliRun run = CliRun.of("verify", "--backend", "cuda-emulated").assertOk();
        List<String> rows = rows(run.out());
        assertEquals(CHECKS, rows.size(), run.out());
        for (String row : rows) {
            assertTrue(row.endsWith("  ok"), row);
        }
        assertTrue(run.out().contains("\n  cuda-emulated  available    CUDA emulator on the host CPU, not a GPU"), run.out());
        String verdict = run.out().lines().reduce((first, second) -> second).orElseThrow();
        assertTrue(verdict.matches("verify: all " + CHECKS
                + " checks passed on cuda-emulated \\(CUDA emulator on the host CPU, not a GPU\\) in \\d+\\.\\d s"), verdict);
    }

    /**
     * Each broken op, and all three at once, fails exactly its own op checks, and the verdict names those ops; the
     * training rows may fail too (a wrong GEMM or dropout mask changes the trained parameters), and with dropout the
     * cursor and record checks (their steps drop out), nothing else may.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gemm", "countArgmaxMatches", "dropout", "gemm,countArgmaxMatches,dropout"})
    void aBrokenOpFailsItsChecksAndExitsWithOne(String ops) {
        Set<String> broken = new TreeSet<>(Arrays.asList(ops.split(",")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (BrokenBackend candidate = new BrokenBackend(new CpuBackend(), broken); CpuBackend reference = new CpuBackend()) {
            exit = VerifyCommand.verify(candidate, reference, VerifyCommand.checks(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, out);
        Set<String> mayAlsoFail = new TreeSet<>(Set.of("train"));
        if (broken.contains("dropout")) {
            mayAlsoFail.addAll(Set.of("cursor", "record"));
        }
        Set<String> failed = failedOps(out);
        failed.removeAll(mayAlsoFail);
        assertEquals(broken, failed, out);
        String verdict = out.lines().reduce((first, second) -> second).orElseThrow();
        Matcher m = Pattern.compile("verify: (\\d+) of " + CHECKS + " checks FAILED on broken: (.*)").matcher(verdict);
        assertTrue(m.matches(), verdict);
        long failedRows = rows(out).stream().filter(r -> r.matches(".*  FAIL.*")).count();
        assertEquals(failedRows, Long.parseLong(m.group(1)), out);
        Set<String> named = new TreeSet<>(Arrays.asList(m.group(2).split(", ")));
        named.removeIf(op -> op.startsWith("train ") || mayAlsoFail.contains(op));
        assertEquals(broken, named, verdict);
    }

    /** Only countArgmaxMatches broken: nothing else fails, training included (its outputs do not tie). */
    @Test
    void aWrongArgmaxFailsNothingElse() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BrokenBackend candidate = new BrokenBackend(new CpuBackend(), Set.of("countArgmaxMatches"));
             CpuBackend reference = new CpuBackend()) {
            VerifyCommand.verify(candidate, reference, VerifyCommand.checks(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.strip().endsWith("checks FAILED on broken: countArgmaxMatches"), out);
    }

    @Test
    void cpuIsComparedWithItselfAndSaysSo() {
        CliRun run = CliRun.of("verify", "--backend", "cpu").assertOk();
        assertTrue(run.out().contains("\nnote: cpu is the reference; this compares it with a second instance of itself"), run.out());
        assertTrue(run.out().contains("verify: all " + CHECKS + " checks passed on cpu ("), run.out());
    }

    /** The default backend is cuda: where it cannot start, one error line, the project's hint, exit 1. */
    @Test
    void aBackendThatCannotStartIsOneErrorLine() {
        Backends.Availability cuda = Backends.probe("cuda");
        Assumptions.assumeFalse(cuda.available(), "cuda starts here");
        CliRun run = CliRun.of("verify").assertBadInput("backend 'cuda' cannot start: " + cuda.detail());
        assertEquals("", run.out());
    }

    @Test
    void theVerdictShortensADescriptionToTheDevice() {
        assertEquals("NVIDIA H100 80GB HBM3 (compute 9.0, 79.1 GiB)", VerifyCommand.shortDescription(
                "NVIDIA H100 80GB HBM3 (compute 9.0, 79.1 GiB), driver 12.4, JCuda 12.6.0 (built for the CUDA 12.6 "
                        + "runtime), GEMM: cuBLAS 12.6.0, kernels: shipped PTX"));
        assertEquals("CUDA emulator on the host CPU, not a GPU", VerifyCommand.shortDescription(
                "CUDA emulator on the host CPU, not a GPU: 19 kernels built from kernels/*.cu by GCC 12.2.0"));
        assertEquals("2 cores, OpenBLAS sgemm, 1 thread (JavaCPP presets, linux-x86_64)",
                VerifyCommand.shortDescription("2 cores, OpenBLAS sgemm, 1 thread (JavaCPP presets, linux-x86_64)"));
    }
}
