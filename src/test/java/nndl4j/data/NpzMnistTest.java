package nndl4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import nndl4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static nndl4j.data.BadInputAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The npz reader against what numpy reads from the same files (scripts/make_npz_fixtures.py). */
class NpzMnistTest {
    private static final JsonNode ORACLE = NpzFixtures.oracle();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"mnist-fixture.npz", "mnist-fixture-mixed.npz"})
    void readsWhatNumpyReads(String name) {
        // the mixed file holds the same arrays Fortran-ordered, big-endian, as (count, 784) and as int64
        MnistSplits splits = MnistSplits.load(NpzFixtures.file(name));
        JsonNode train = ORACLE.get("train");
        JsonNode test = ORACLE.get("test");
        // 120 training images: 10,000 or fewer, so all training and no validation, like an IDX folder
        NpzFixtures.assertImages(train, NpzFixtures.all(train), splits.training());
        assertNull(splits.validation());
        NpzFixtures.assertImages(test, NpzFixtures.all(test), splits.test());
        assertEquals(784, splits.training().inputSize());
    }

    @Test
    void imagesKeepTheirShape() {
        LabeledImages train = NpzMnist.read(NpzFixtures.file("mnist-fixture.npz"), false);
        assertEquals(28, train.images().rows());
        assertEquals(28, train.images().cols());
        JsonNode pixel = ORACLE.get("train").get("pixels").get(3);
        assertEquals(pixel.get(2).asInt(), train.images().pixel(pixel.get(0).asInt(), pixel.get(1).asInt()));
    }

    @Test
    void compressedNpzSplitsTheLastTenThousandTrainingImagesOff() {
        MnistSplits splits = MnistSplits.load(NpzFixtures.file("mnist-fixture-compressed.npz"));
        JsonNode expected = ORACLE.get("compressed");
        assertEquals(40, splits.training().size());
        assertEquals(10_000, splits.validation().size());
        assertEquals(expected.get("train_sum").asLong(), pixelSum(splits.training()));
        assertEquals(expected.get("validation_sum").asLong(), pixelSum(splits.validation()));
        for (int j = 0; j < 40; j++) {
            assertEquals(expected.get("train_labels").get(j).asInt(), splits.training().label(j));
        }
        for (int j = 0; j < 10; j++) {
            assertEquals(expected.get("validation_first_labels").get(j).asInt(), splits.validation().label(j));
        }
        assertEquals(expected.get("validation_last_label").asInt(), splits.validation().label(9_999));
        NpzFixtures.assertImages(ORACLE.get("test"), NpzFixtures.all(ORACLE.get("test")), splits.test());
    }

    @Test
    void onlyTheAskedPartsAreRead() {
        // bad-missing.npz lacks y_test, which only the test part needs
        MnistSplits splits = MnistSplits.load(NpzFixtures.file("bad-missing.npz"),
                EnumSet.of(MnistSplits.Part.TRAINING, MnistSplits.Part.VALIDATION));
        assertEquals(10, splits.training().size());
        assertNull(splits.test());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void readsEveryNpyVersion(int major) throws IOException {
        NpyArray labels;
        try (InputStream in = Files.newInputStream(NpzFixtures.file("y-test-v" + major + ".npy"))) {
            labels = Npy.read(in, "y-test");
        }
        assertEquals("<i8", labels.descr());
        assertArrayEquals(new int[] {30}, labels.shape());
        long[] expected = new long[30];
        for (int i = 0; i < 30; i++) {
            expected[i] = ORACLE.get("test").get("labels").get(i).asLong();
        }
        assertArrayEquals(expected, labels.longs());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bad-object.npz          | y_train.npy is an object array (dtype |O), whose entries are pickled: nndl4j does not unpickle",
            "bad-pickled.npz         | x_train.npy is pickled data, not a .npy array",
            "bad-shape-lie.npz       | x_train.npy is truncated: shape (200, 28, 28) of |u1 needs 156800 bytes of data but it holds 7840",
            "bad-huge-shape.npz      | x_train.npy declares shape (1000000000000, 28, 28) of |u1: more than the",
            "bad-count.npz           | x_train holds 10 images but",
            "bad-label.npz           | label 10 of sample 7 in",
            "bad-float.npz           | x_train.npy has dtype <f4; nndl4j reads integer arrays: uint8 (|u1) images",
            "bad-truncated-entry.npz | x_train.npy is truncated",
            "bad-truncated.npz       | is not a valid npz (zip) file",
            "bad-missing.npz         | has no array y_test (it holds x_train.npy, y_train.npy, x_test.npy)",
    })
    void badFilesAreOneLineErrors(String name, String message) {
        Path file = NpzFixtures.file(name);
        assertBadInput(() -> MnistSplits.load(file), file.toString(), message);
    }

    @Test
    void malformedHeadersAreOneLineErrors() {
        String[][] cases = {
                {"{'descr': '|u1', 'fortran_order': False, 'shape': (2,), 'extra': True}", "keys"},
                {"{'descr': '|u1', 'fortran_order': False}", "keys"},
                {"{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2,)}", "structured dtype"},
                {"{'descr': '<U3', 'fortran_order': False, 'shape': (2,)}", "dtype <U3"},
                {"{'descr': '|u1', 'fortran_order': maybe, 'shape': (2,)}", "malformed .npy header"},
                {"{'descr': '|u1', 'fortran_order': False, 'shape': (-2,)}", "not a non-negative integer"},
                {"{'descr': '|u1', 'fortran_order': False, 'shape': (2,)", "malformed .npy header: it ends early"},
                {"{'descr': '|u1', 'fortran_order': False, 'shape': (99999999999999999999999,)}", "more than the"},
                {"{'descr': '|u1\n', 'fortran_order': False, 'shape': (2,)}", "dtype |u1?"},
        };
        for (String[] c : cases) {
            byte[] npy = NpyBytes.npy(1, c[0], new byte[2]);
            assertBadInput(() -> Npy.read(new java.io.ByteArrayInputStream(npy), "h.npy"), "h.npy", c[1]);
        }
        assertBadInput(() -> Npy.read(new java.io.ByteArrayInputStream(NpyBytes.npy(4, "{}", new byte[0])), "h.npy"),
                "version 4.0");
        byte[] python2 = NpyBytes.npy(1, "{'descr': '>i2', 'fortran_order': False, 'shape': (2L,), }", new byte[] {1, 2, 0, 9});
        assertArrayEquals(new long[] {258, 9}, assertRead(python2).longs(), "big-endian int16, Python 2's 2L");
    }

    @Test
    void fortranOrderIsReorderedAsNumpyDoes() {
        // a (2, 3) array [[0, 1, 2], [3, 4, 5]] stored column by column: 0 3 1 4 2 5
        byte[] npy = NpyBytes.npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", new byte[] {0, 3, 1, 4, 2, 5});
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5}, assertRead(npy).data());
    }

    @Test
    void folderWithTheNpzLoadsIt() throws IOException {
        Files.copy(NpzFixtures.file("mnist-fixture.npz"), dir.resolve("mnist.npz"));
        assertEquals(120, MnistSplits.load(dir).training().size());
        assertEquals(30, MnistSplits.load(dir).test().size());
        assertEquals(java.util.Optional.of(dir), MnistLocator.trainingIn(dir));
    }

    @Test
    void notAZipIsNamed() throws IOException {
        Path file = dir.resolve("x.npz");
        Files.writeString(file, "hello");
        BadInputException e = assertBadInput(() -> MnistSplits.load(file), file.toString(), "not a valid npz");
        assertNull(e.hint());
    }

    private static long pixelSum(Dataset data) {
        long sum = 0;
        for (float pixel : data.inputs()) {
            sum += Math.round(pixel * 255);
        }
        return sum;
    }

    private static NpyArray assertRead(byte[] npy) {
        try {
            return Npy.read(new java.io.ByteArrayInputStream(npy), "h.npy");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
