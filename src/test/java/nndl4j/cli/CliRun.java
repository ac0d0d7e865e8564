package nndl4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One run of {@link Main#run} with System.out and System.err captured. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            exit = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new CliRun(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }

    CliRun assertOk() {
        assertEquals(0, exit, () -> "exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
        return this;
    }

    /** Exit 1 and one "error:" line mentioning each part (at most one hint line after it), no stack trace. */
    CliRun assertBadInput(String... parts) {
        assertEquals(Main.EXIT_BAD_INPUT, exit, () -> "exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
        String[] lines = err.strip().split("\\R");
        assertTrue(lines.length <= 2, () -> "one error line and at most one hint: " + err);
        assertTrue(lines[0].startsWith("error: "), err);
        for (String part : parts) {
            assertTrue(lines[0].contains(part), () -> "'" + lines[0] + "' should mention '" + part + "'");
        }
        assertFalse(err.contains("\tat "), "no stack trace");
        return this;
    }
}
