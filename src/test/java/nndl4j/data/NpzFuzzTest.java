package nndl4j.data;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Any bytes given to the npz and .npy readers give a result or one {@link nndl4j.BadInputException} line, never
 * another exception (docs/TESTING.md, "Fuzz tests"). {@code mvn test} replays the seeds and past findings in
 * NpzFuzzTestInputs/ (written by scripts/make_npz_fixtures.py); {@code JAZZER_FUZZ=1 mvn test
 * -Dtest='NpzFuzzTest#npzFile'} fuzzes one method.
 */
class NpzFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void npzFile(byte[] bytes) {
        ReaderFuzzing.readsOrRejects(bytes, "fuzz.npz", MnistSplits::load);
    }

    @FuzzTest(maxDuration = "2m")
    void npyArray(byte[] bytes) {
        ReaderFuzzing.readsOrRejects(bytes, "fuzz.npy", file -> {
            try (InputStream in = Files.newInputStream(file)) {
                return Npy.read(in, file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
