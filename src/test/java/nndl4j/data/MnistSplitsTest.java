package nndl4j.data;

import nndl4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static nndl4j.data.BadInputAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistSplitsTest {
    @TempDir
    Path dir;

    @Test
    void splitsTheLastTenThousandTrainingImagesOffForValidation() {
        IdxBytes.writeSet(dir, "train", 10_003, 1, 2);
        IdxBytes.writeSet(dir, "t10k", 4, 1, 2);
        MnistSplits splits = MnistSplits.load(dir);

        assertEquals(3, splits.training().size());
        assertTrue(splits.hasValidation());
        assertEquals(10_000, splits.validation().size());
        assertEquals(4, splits.test().size());
        // Validation starts right after training: image 3 of the training file.
        assertEquals(3, splits.validation().label(0));
        assertEquals(IdxBytes.pixelValue(3, 1) / 255f, splits.validation().input(0)[1]);
        assertEquals(IdxBytes.pixelValue(10_002, 0) / 255f, splits.validation().input(9_999)[0]);
        assertEquals(2, splits.training().label(2));
        assertEquals(10, splits.test().outputSize());
    }

    @Test
    void smallTrainingFilesHaveNoValidation() {
        IdxBytes.writeSet(dir, "train", 10_000, 1, 1);
        IdxBytes.writeSet(dir, "t10k", 2, 1, 1);
        MnistSplits splits = MnistSplits.fromFolder(dir);
        assertEquals(10_000, splits.training().size());
        assertFalse(splits.hasValidation());
        assertNull(splits.validation());
    }

    @Test
    void folderWithOnlyTheTestSetHintsAtSlicingIt() {
        IdxBytes.writeSet(dir, "t10k", 2, 1, 1);
        String test = dir.resolve("t10k-images-idx3-ubyte.gz").toString();
        BadInputException e = assertBadInput(() -> MnistSplits.load(dir), "no MNIST training file", dir.toString());
        assertEquals("to train on part of the test set: --train '" + test + "[:8000]' --test '" + test + "[8000:]'",
                e.hint());
    }

    @Test
    void emptyFolderSaysWhatIsExpected() {
        assertBadInput(() -> MnistSplits.load(dir), "no MNIST files", "train-images-idx3-ubyte[.gz]");
    }

    @Test
    void missingTestFileIsReported() {
        IdxBytes.writeSet(dir, "train", 3, 1, 1);
        assertBadInput(() -> MnistSplits.load(dir), "no MNIST test file", "t10k-images-idx3-ubyte[.gz]");
    }

    @Test
    void folderWithThePickleLoadsIt() throws IOException {
        Files.copy(MnistPickleTest.fixture("mnist-tiny.pkl.gz"), dir.resolve("mnist.pkl.gz"));
        MnistSplits splits = MnistSplits.load(dir);
        assertEquals(5, splits.training().size());
        assertEquals(3, splits.validation().size());
        assertEquals(4, splits.test().size());
    }

    @Test
    void onlyTheAskedPartsAreRead() throws IOException {
        // a folder with only the test set still gives the test part, and validation only where a training file is
        IdxBytes.writeSet(dir, "t10k", 4, 1, 2);
        MnistSplits splits = MnistSplits.load(dir, EnumSet.of(MnistSplits.Part.VALIDATION, MnistSplits.Part.TEST));
        assertNull(splits.training());
        assertNull(splits.validation());
        assertEquals(4, splits.test().size());
        assertBadInput(() -> MnistSplits.load(dir, EnumSet.of(MnistSplits.Part.TRAINING)), "no MNIST training file");

        IdxBytes.writeSet(dir, "train", 10_003, 1, 2);
        Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
        splits = MnistSplits.load(dir, EnumSet.of(MnistSplits.Part.VALIDATION));
        assertNull(splits.training());
        assertEquals(10_000, splits.validation().size());
        assertEquals(3, splits.validation().label(0));
        assertNull(splits.test());
    }

    @Test
    void missingPathIsNamed() {
        Path missing = dir.resolve("mnist.pkl.gz");
        assertBadInput(() -> MnistSplits.load(missing), "no such file", missing.toString());
    }
}
