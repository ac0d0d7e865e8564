package nndl4j.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the pickle reader (docs/TESTING.md, "Fuzz tests"): any bytes read as a pickle like the
 * book's mnist.pkl.gz, plain or gzipped, give the three splits or a {@link nndl4j.BadInputException}.
 */
class MnistPickleFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void pickle(byte[] bytes) {
        ReaderFuzzing.readsOrRejects(bytes, "fuzz.pkl", MnistPickle::load);
    }

    @FuzzTest(maxDuration = "5m")
    void gzippedPickle(byte[] bytes) {
        ReaderFuzzing.readsOrRejects(IdxBytes.gzip(bytes), "fuzz.pkl.gz", MnistPickle::load);
    }

    /** The seeds are valid files, so that fuzzing starts from every way of pickling the arrays. */
    @Test
    void seedsAreValidPickles() {
        ReaderFuzzing.seeds(MnistPickleFuzzTest.class).forEach((name, bytes) -> {
            MnistSplits splits = ReaderFuzzing.read(bytes, name, MnistPickle::load);
            assertEquals(2, splits.training().size(), name);
            assertEquals(4, splits.test().inputSize(), name);
            assertEquals(6, splits.test().label(0), name);
        });
    }
}
