package nndl4j.data;

import net.razorvine.pickle.Pickler;
import nndl4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import static nndl4j.data.BadInputAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the fixtures written by scripts/make_mnist_pickle_fixture.py; its docstring defines the expected values. */
class MnistPickleTest {
    private static final int[][] LABELS = {{3, 1, 4, 1, 5}, {9, 2, 6}, {5, 3, 5, 8}};

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(MnistPickleTest.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Byte b of pixel k of sample i in part s (0 training, 1 validation, 2 test), as the script defines it. */
    private static int pixelByte(int part, int sample, int pixel) {
        return (37 * part + 11 * sample + 5 * pixel) % 256;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist-tiny.pkl.gz", "mnist-tiny-py2.pkl.gz"})
    void readsTheBookLayoutExactly(String name) {
        MnistSplits splits = MnistPickle.load(fixture(name));
        Dataset[] parts = {splits.training(), splits.validation(), splits.test()};
        for (int s = 0; s < 3; s++) {
            int part = s;
            assertPart(parts[s], s, (sample, pixel) -> pixelByte(part, sample, pixel) / 256f);
        }
    }

    @Test
    void fixturesUseTheNamingTheyStandFor() throws IOException {
        String numpy2 = pickleText("mnist-tiny.pkl.gz");
        assertTrue(numpy2.startsWith("\u0080\u0002") && numpy2.contains("numpy._core.multiarray\n_reconstruct"));
        String python2 = pickleText("mnist-tiny-py2.pkl.gz");
        assertTrue(python2.startsWith("\u0080\u0002") && python2.contains("numpy.core.multiarray\n_reconstruct"));
        assertFalse(python2.contains("_codecs"), "raw data as Python 2 byte strings");
        String protocol5 = pickleText("mnist-tiny-p5-mixed.pkl.gz");
        assertTrue(protocol5.startsWith("\u0080\u0005") && protocol5.contains("_frombuffer"));
    }

    @Test
    void readsOtherDtypesOrdersAndShapes() {
        MnistSplits splits = MnistPickle.load(fixture("mnist-tiny-p5-mixed.pkl.gz"));
        // float64 in Fortran order, then big-endian float32: both hold b/256.
        assertPart(splits.training(), 0, (sample, pixel) -> pixelByte(0, sample, pixel) / 256f);
        assertPart(splits.validation(), 1, (sample, pixel) -> pixelByte(1, sample, pixel) / 256f);
        // uint8 images of shape (4, 28, 28) are scaled like IDX pixels.
        assertPart(splits.test(), 2, (sample, pixel) -> pixelByte(2, sample, pixel) / 255f);
    }

    @Test
    void rejectsUnsupportedDtypes() {
        Path file = fixture("mnist-bad-dtype.pkl.gz");
        assertBadInput(() -> MnistPickle.load(file), file.toString(),
                "training images have dtype float16; expected float32, float64 or uint8");
    }

    @Test
    void rejectsFilesThatAreNotPickles() {
        Path idx = IdxBytes.write(dir.resolve("mnist.pkl.gz"), IdxBytes.gzip(IdxBytes.labels(1, 2, 3)));
        assertBadInput(() -> MnistPickle.load(idx), idx.toString(), "is not a pickle of numpy arrays");
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("mnist-tiny.pkl.gz"));
        Path cut = IdxBytes.write(dir.resolve("cut.pkl.gz"), Arrays.copyOf(whole, whole.length / 2));
        assertBadInput(() -> MnistPickle.load(cut), cut.toString(), "truncated");
    }

    @Test
    void rejectsPicklesOfSomethingElse() {
        Path pair = pickle("pair.pkl", new Object[] {1, 2});
        assertBadInput(() -> MnistPickle.load(pair), "does not hold a (training, validation, test) tuple");
        Path numbers = pickle("numbers.pkl", new Object[] {new Object[] {1, 2}, 3, 4});
        assertBadInput(() -> MnistPickle.load(numbers), "the training part is not an (images, labels) pair");
    }

    /** Files written by numpy (scripts/make_bad_value_fixtures.py): the first bad pixel is named, nothing is scaled. */
    @Test
    void pixelsMustBeFiniteAndInTheUnitInterval() {
        Path nan = fixture("mnist-nan-pixel.pkl.gz");
        assertBadInput(() -> MnistPickle.load(nan), nan.toString(), "training images: image 1, pixel 5 is NaN, not a finite number");
        Path inf = fixture("mnist-inf-pixel.pkl.gz");
        assertBadInput(() -> MnistPickle.load(inf), "validation images: image 2, pixel 700 is Infinity, not a finite number");
        Path bytes = fixture("mnist-0-255.pkl.gz");
        // pixel 1 of the first training image is the byte 5 (the fixture's formula), the first above 1
        BadInputException e = assertBadInput(() -> MnistPickle.load(bytes), "training images: image 0, pixel 1 is 5.0, outside [0, 1]");
        assertTrue(e.hint().contains("divided by 255"), e.hint());
    }

    @Test
    void aShapeItsDataCannotHoldIsRejectedBeforeAllocation() {
        Path huge = fixture("mnist-huge-shape.pkl.gz");
        assertBadInput(() -> MnistPickle.load(huge), huge.toString(), "training images are truncated or corrupt: "
                + "shape (2147483647, 784) of float32 needs 6734508716992 bytes, the data holds 16");
        // no images, so no data to check against, but images of 2^32 - 2 pixels: an int product is -2
        Path empty = fixture("mnist-no-huge-images.pkl.gz");
        assertBadInput(() -> MnistPickle.load(empty), "training images have shape (0, 2147483647, 2): "
                + "more pixels per image than an array holds");
    }

    /** Pickles built by hand from the opcodes' definitions (Python's Lib/pickletools.py). */
    @Test
    void declaredLengthsBeyondTheFileAndSelfContainingSetsAreBadInput() {
        // PROTO 3, BINBYTES of 2^31 - 10 bytes, then 3 bytes: razorvine would allocate the 2 GB first
        Path longBytes = write("long-bytes.pkl", 0x80, 3, 'B', 0xf6, 0xff, 0xff, 0x7f, 1, 2, 3);
        assertBadInput(() -> MnistPickle.load(longBytes), longBytes.toString(), "is truncated",
                "ends 3 bytes into a 2147483638-byte bytes object");
        // BINUNICODE8 of 2^40 bytes
        Path longText = write("long-text.pkl", 0x80, 4, 0x8d, 0, 0, 0, 0, 0, 1, 0, 0, 'x');
        assertBadInput(() -> MnistPickle.load(longText), "is not a pickle of numpy arrays",
                "declares a string of 1099511627776 bytes");
        // EMPTY_LIST, BINPUT 0, BINGET 0, APPEND: a list that holds itself; then EMPTY_SET, MARK, BINGET 0, ADDITEMS
        // puts it in a set, where hashing it would recurse until the stack overflows
        Path selfInSet = write("self-in-set.pkl", 0x80, 4, ']', 'q', 0, 'h', 0, 'a', 0x8f, '(', 'h', 0, 0x90, '.');
        assertBadInput(() -> MnistPickle.load(selfInSet), "is not a pickle of numpy arrays", "dict or set");
        // NEXT_BUFFER: razorvine's message ends in a newline (the first fuzz finding), the error is still one line
        Path outOfBand = write("out-of-band.pkl", 0x80, 5, 0x97, '.');
        assertBadInput(() -> MnistPickle.load(outOfBand), "is not a pickle of numpy arrays", "out-of-band data");
    }

    private Path write(String name, int... opcodes) {
        byte[] bytes = new byte[opcodes.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) opcodes[i];
        }
        return IdxBytes.write(dir.resolve(name), bytes);
    }

    @Test
    void arraysKnowWhenTheirDataDoesNotFitTheirShape() {
        NumpyPickles.DType float32 = new NumpyPickles.DType("f4");
        float32.__setstate__(new Object[] {3, "<", null, null, null, -1, -1, 0});
        NumpyPickles.Array array = new NumpyPickles.Array();
        assertEquals("an ndarray without its shape, dtype or data", array.defect());
        array.__setstate__(new Object[] {1, new Object[] {2, 3}, float32, false, new byte[23]});
        assertEquals("truncated or corrupt: shape (2, 3) of float32 needs 24 bytes, the data holds 23", array.defect());
        array.__setstate__(new Object[] {1, new Object[] {2, 3}, float32, false, new byte[24]});
        assertNull(array.defect());
        // 2^31 - 1 images of 784 pixels: never multiplied out as an int
        array.__setstate__(new Object[] {1, new Object[] {Integer.MAX_VALUE, 784}, float32, false, new byte[24]});
        assertEquals("truncated or corrupt: shape (2147483647, 784) of float32 needs 6734508716992 bytes, the data holds 24",
                array.defect());
        // 4 * (2^21)^3 = 2^65 bytes: 0 in 64-bit arithmetic, which would match no data at all
        array.__setstate__(new Object[] {1, new Object[] {1 << 21, 1 << 21, 1 << 21}, float32, false, new byte[0]});
        assertEquals("truncated or corrupt: shape (2097152, 2097152, 2097152) of float32 needs 36893488147419103232 bytes,"
                + " the data holds 0", array.defect());
        array.__setstate__(new Object[] {1, new Object[] {1L << 31, 1}, float32, false, new byte[0]});
        assertEquals("of impossible shape (2147483648, 1)", array.defect());
        array.__setstate__(new Object[] {1, new Object[] {-2, -3}, float32, false, new byte[24]});
        assertEquals("of impossible shape (-2, -3)", array.defect());
        array.__setstate__(new Object[] {1, new Object[] {5, 0}, float32, false, new byte[0]});
        assertNull(array.defect());
        // a dtype code from the pickle is quoted with its line breaks escaped (the second fuzz finding)
        assertEquals("of unsupported dtype '\\u000a8'", emptyArrayOf(new NumpyPickles.DType("\n8")).defect());
    }

    private static NumpyPickles.Array emptyArrayOf(NumpyPickles.DType dtype) {
        NumpyPickles.Array array = new NumpyPickles.Array();
        array.__setstate__(new Object[] {1, new Object[] {0}, dtype, false, new byte[0]});
        return array;
    }

    private interface Pixels {
        float at(int sample, int pixel);
    }

    private static void assertPart(Dataset data, int part, Pixels expected) {
        assertEquals(LABELS[part].length, data.size());
        assertEquals(784, data.inputSize());
        assertEquals(10, data.outputSize());
        for (int j = 0; j < data.size(); j++) {
            assertEquals(LABELS[part][j], data.label(j));
            float[] input = data.input(j);
            for (int k = 0; k < 784; k++) {
                assertEquals(expected.at(j, k), input[k], "part " + part + " sample " + j + " pixel " + k);
            }
        }
    }

    private Path pickle(String name, Object value) {
        try {
            return IdxBytes.write(dir.resolve(name), new Pickler().dumps(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pickleText(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(fixture(name)))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
