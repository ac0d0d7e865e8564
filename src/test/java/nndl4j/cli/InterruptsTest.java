package nndl4j.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signal rules that a real process cannot show without dying: signals that arrive while a file is written never
 * end the process (a halt here would end the test JVM, failing the run), and each says so.
 */
class InterruptsTest {
    @Test
    void threeSignalsDuringASaveLetItFinish() {
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        AtomicBoolean finished = new AtomicBoolean();
        try (Interrupts interrupts = Interrupts.install(true, true)) {
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            assertFalse(interrupts.requested());
            interrupts.received("TERM");
            assertTrue(interrupts.requested());
            interrupts.saving("model saved to m.json", true, () -> {
                interrupts.received("INT");
                interrupts.received("INT");
                finished.set(true);
            });
            assertEquals(TrainCommand.EXIT_TERMINATED, interrupts.exitCode(), "the first signal decides the exit status");
            assertEquals("model saved to m.json", interrupts.savedSummary());
        } finally {
            System.setErr(err);
        }
        assertTrue(finished.get());
        String out = said.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("SIGTERM: stopping after this mini-batch to save"), out);
        assertEquals(2, out.split("finishing the save first", -1).length - 1, out);
    }

    @Test
    void theSummarySaysWhetherTheModelWasSaved() {
        try (Interrupts interrupts = Interrupts.install(false, true)) {
            assertEquals("nothing saved (no --save or --checkpoint)", interrupts.savedSummary());
            assertEquals(TrainCommand.EXIT_INTERRUPTED, interrupts.exitCode());
            interrupts.saving("history saved to h.json", false, () -> { });
            assertEquals("history saved to h.json; the model was not saved (no --save or --checkpoint)", interrupts.savedSummary());
        }
    }
}
