package nndl4j.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import nndl4j.BadInputException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Any bytes given to the npz and .npy readers give a result or one {@link BadInputException} line, never another
 * exception. {@code mvn test} replays the seeds and past findings in NpzFuzzTestInputs/ (written by
 * scripts/make_npz_fixtures.py); {@code JAZZER_FUZZ=1 mvn test -Dtest='NpzFuzzTest#npzFile'} fuzzes one method.
 */
class NpzFuzzTest {
    private static final Path FILE = temporaryNpz();

    @FuzzTest(maxDuration = "2m")
    void npzFile(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            MnistSplits.load(FILE);
        } catch (BadInputException e) {
            assertOneLine(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void npyArray(byte[] bytes) throws IOException {
        try {
            Npy.read(new ByteArrayInputStream(bytes), "fuzz.npy");
        } catch (BadInputException e) {
            assertOneLine(e);
        }
    }

    private static void assertOneLine(BadInputException e) {
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), () -> "one line: " + e.getMessage());
    }

    private static Path temporaryNpz() {
        try {
            Path file = Files.createTempFile("nndl4j-fuzz", ".npz");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
