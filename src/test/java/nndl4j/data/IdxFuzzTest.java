package nndl4j.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the IDX reader (docs/TESTING.md, "Fuzz tests"): any bytes read as an images or a labels
 * file, plain or gzipped, give images or labels or a {@link nndl4j.BadInputException}.
 */
class IdxFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void images(byte[] bytes) {
        ReaderFuzzing.readsOrRejects(bytes, "fuzz-images-idx3-ubyte", Idx::readImages);
    }

    @FuzzTest(maxDuration = "5m")
    void gzippedImages(byte[] bytes) {
        ReaderFuzzing.readsOrRejects(IdxBytes.gzip(bytes), "fuzz-images-idx3-ubyte.gz", Idx::readImages);
    }

    @FuzzTest(maxDuration = "5m")
    void labels(byte[] bytes) {
        ReaderFuzzing.readsOrRejects(bytes, "fuzz-labels-idx1-ubyte", Idx::readLabels);
    }

    @FuzzTest(maxDuration = "5m")
    void gzippedLabels(byte[] bytes) {
        ReaderFuzzing.readsOrRejects(IdxBytes.gzip(bytes), "fuzz-labels-idx1-ubyte.gz", Idx::readLabels);
    }

    /** The seeds are valid files (scripts/make_fuzz_seeds.py), so that fuzzing starts from both kinds. */
    @Test
    void seedsAreValidFiles() {
        Map<String, byte[]> seeds = ReaderFuzzing.seeds(IdxFuzzTest.class);
        IdxImages images = ReaderFuzzing.read(seeds.get("images-2x3x2.idx"), "seed", Idx::readImages);
        assertEquals(2, images.count());
        assertEquals(220, images.pixel(1, 5));
        assertEquals(0, ReaderFuzzing.read(seeds.get("images-0x1x1.idx"), "seed", Idx::readImages).count());
        assertArrayEquals(new int[] {0, 9, 3, 7}, ReaderFuzzing.read(seeds.get("labels-4.idx"), "seed", Idx::readLabels));
    }
}
