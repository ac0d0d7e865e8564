package nndl4j.data;

import nndl4j.BadInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static nndl4j.data.BadInputAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real MNIST test set, when the shared folder (or $NNDL4J_MNIST) has it. */
class RealMnistTest {
    private Path dir;

    @BeforeEach
    void findTestSet() {
        dir = MnistLocator.sharedTestSet().orElse(null);
        assumeTrue(dir != null, MnistLocator.missingTestSetMessage());
    }

    @Test
    void readsTheTenThousandTestDigits() {
        Dataset test = DataSpec.load(images());
        assertEquals(10_000, test.size());
        assertEquals(784, test.inputSize());
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, labels(test, 0, 10), "the known start of t10k");

        int[] perDigit = new int[10];
        for (int j = 0; j < test.size(); j++) {
            perDigit[test.label(j)]++;
        }
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, perDigit);

        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : test.inputs()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void slicesSplitTheTestSet() {
        Dataset whole = DataSpec.load(images());
        Dataset head = DataSpec.load(images() + "[:8000]");
        Dataset tail = DataSpec.load(images() + "[8000:]");
        assertEquals(8000, head.size());
        assertEquals(2000, tail.size());
        assertArrayEquals(whole.input(7999), head.input(7999));
        assertArrayEquals(whole.input(8000), tail.input(0));
        assertEquals(whole.label(9999), tail.label(1999));
    }

    @Test
    void theSharedFolderAloneIsNotEnoughForSplits() {
        assumeTrue(!Files.exists(dir.resolve("train-images-idx3-ubyte.gz")), "the folder has a training set");
        BadInputException e = assertBadInput(() -> MnistSplits.load(dir), "no MNIST training file");
        assertTrue(e.hint().contains("--train '" + images() + "[:8000]' --test '" + images() + "[8000:]'"), e.hint());
    }

    private String images() {
        return Idx.find(dir, MnistSplits.TEST_IMAGES).orElseThrow().toString();
    }

    private static int[] labels(Dataset data, int from, int to) {
        int[] out = new int[to - from];
        for (int j = from; j < to; j++) {
            out[j - from] = data.label(j);
        }
        return out;
    }
}
