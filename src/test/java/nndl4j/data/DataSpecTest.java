package nndl4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import nndl4j.BadInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static nndl4j.data.BadInputAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DataSpecTest {
    private static final JsonNode ORACLE = NpzFixtures.oracle();

    @TempDir
    Path dir;
    private String images;
    private final String npz = NpzFixtures.file("mnist-fixture.npz").toString();

    @BeforeEach
    void writeTwentyImages() {
        IdxBytes.writeSet(dir, "s", 20, 3, 2);
        images = dir.resolve("s-images-idx3-ubyte.gz").toString();
    }

    @Test
    void parsesPathsAndSlices() {
        assertEquals(new DataSpec.Parsed(Path.of("a/b.gz"), DataSpec.Kind.IDX, null, null, null, ""), DataSpec.parse("a/b.gz"));
        assertEquals(new DataSpec.Parsed(Path.of("a/b.gz"), DataSpec.Kind.IDX, null, 3L, 8L, "[3:8]"), DataSpec.parse("a/b.gz[3:8]"));
        assertEquals(new DataSpec.Parsed(Path.of("a/b.gz"), DataSpec.Kind.IDX, null, null, -8000L, "[ : -8000 ]"),
                DataSpec.parse("a/b.gz[ : -8000 ]"));
        DataSpec.Parsed open = DataSpec.parse("a/b.gz[8000:]");
        assertEquals(8000, open.from());
        assertNull(open.to());
        assertEquals(new DataSpec.Parsed(Path.of("m.npz"), DataSpec.Kind.NPZ, MnistSplits.Part.TEST, null, 5L, "[:5]"),
                DataSpec.parse("m.npz:test[:5]"));
        assertEquals(new DataSpec.Parsed(Path.of("a/mnist.pkl.gz"), DataSpec.Kind.PICKLE, MnistSplits.Part.TRAINING, null, null, ""),
                DataSpec.parse("a/mnist.pkl.gz:train"));
        assertEquals(MnistSplits.Part.TRAINING, DataSpec.parse("m.npz:training").part());
        assertEquals(Long.MAX_VALUE, DataSpec.parse("a[99999999999999999999:]").from(), "saturated, like Python's clamping");
    }

    @Test
    void loadsWholeFilesAndSlicesAsPythonSlicesLists() {
        assertSamples(DataSpec.load(images), 0, 20);
        assertSamples(DataSpec.load(images + "[5:9]"), 5, 9);
        assertSamples(DataSpec.load(images + "[:7]"), 0, 7);
        assertSamples(DataSpec.load(images + "[7:]"), 7, 20);
        assertSamples(DataSpec.load(images + "[0:20]"), 0, 20);
        assertSamples(DataSpec.load(images + "[:99999]"), 0, 20);
        assertSamples(DataSpec.load(images + "[-5:]"), 15, 20);
        assertSamples(DataSpec.load(images + "[:-1]"), 0, 19);
        assertSamples(DataSpec.load(images + "[-100:2]"), 0, 2);
        assertSamples(DataSpec.load(images + "[15:99999999999999999999999]"), 15, 20);
    }

    @Test
    void slicesNpzPartsAsNumpySlicesLists() {
        JsonNode test = ORACLE.get("test");
        Iterator<Map.Entry<String, JsonNode>> slices = ORACLE.get("slices").fields();
        while (slices.hasNext()) {
            Map.Entry<String, JsonNode> slice = slices.next();
            int[] indices = StreamSupport.stream(slice.getValue().spliterator(), false).mapToInt(JsonNode::asInt).toArray();
            NpzFixtures.assertImages(test, indices, DataSpec.load(npz + ":test" + slice.getKey()));
        }
        for (JsonNode empty : ORACLE.get("empty_slices")) {
            assertBadInput(() -> DataSpec.load(npz + ":test" + empty.asText()), "slice " + empty.asText(),
                    npz + ":test selects no images (it holds 30)");
        }
    }

    @Test
    void npzPartsFollowTheSplit() {
        JsonNode train = ORACLE.get("train");
        NpzFixtures.assertImages(train, NpzFixtures.all(train), DataSpec.load(npz + ":train"));
        NpzFixtures.assertImages(train, new int[] {117, 118, 119}, DataSpec.load(npz + ":training[-3:]"));
        assertEquals(ORACLE.get("train").get("pixels").get(0).get(2).asInt(),
                DataSpec.loadImages(npz + ":train[:1]").images().pixel(0, ORACLE.get("train").get("pixels").get(0).get(1).asInt()));
        assertBadInput(() -> DataSpec.load(npz + ":validation"), "has no validation part", "holds 120 images");

        String compressed = NpzFixtures.file("mnist-fixture-compressed.npz").toString();
        JsonNode expected = ORACLE.get("compressed");
        Dataset validation = DataSpec.load(compressed + ":validation[-1:]");
        assertEquals(1, validation.size());
        assertEquals(expected.get("validation_last_label").asInt(), validation.label(0));
        Dataset training = DataSpec.load(compressed + ":train[38:]");
        assertEquals(expected.get("train_labels").get(39).asInt(), training.label(1));
        assertBadInput(() -> DataSpec.load(compressed + ":train[40:]"), "selects no images (it holds 40)");
        assertEquals(List.of(Path.of(npz)), DataSpec.files(npz + ":test[1:2]"));
    }

    @Test
    void picklePartsAreSliced() {
        // make_mnist_pickle_fixture.py's labels: validation [9, 2, 6], test [5, 3, 5, 8]
        String pickle = MnistPickleTest.fixture("mnist-tiny.pkl.gz").toString();
        Dataset validation = DataSpec.load(pickle + ":validation[1:]");
        assertEquals(2, validation.size());
        assertEquals(2, validation.label(0));
        assertEquals(6, validation.label(1));
        assertEquals(8, DataSpec.load(pickle + ":test[-1:]").label(0));
        assertEquals(5, DataSpec.load(pickle + ":train").size());
        assertBadInput(() -> DataSpec.loadImages(pickle + ":test"), "holds images as floats");
    }

    @Test
    void partsAreNamedInErrors() {
        assertBadInput(() -> DataSpec.load(npz + ":tset"), "unknown part 'tset'", "train (or training), validation or test");
        BadInputException whole = assertBadInput(() -> DataSpec.load(npz), npz + " holds training, validation and test parts: name one");
        assertEquals("as " + npz + ":train, " + npz + ":validation or " + npz + ":test[:1000]", whole.hint());
        String missing = dir.resolve("missing.npz").toString();
        assertBadInput(() -> DataSpec.load(missing + ":test[:5]"), "no such file: " + missing);
    }

    @Test
    void colonsInFileNamesStillWork() throws IOException {
        // an IDX file whose name holds a colon, and an npz whose name ends like a part
        IdxBytes.writeSet(dir, "a:b", 4, 3, 2);
        assertSamples(DataSpec.load(dir.resolve("a:b-images-idx3-ubyte.gz") + "[1:3]"), 1, 3);
        Path odd = dir.resolve("odd.npz:test");
        Files.copy(Path.of(npz), odd);
        assertBadInput(() -> DataSpec.load(odd.toString()), "name one");
        assertEquals(30, DataSpec.load(odd + ":test").size());
    }

    @Test
    void rejectsMalformedSlicesAndSteps() {
        for (String slice : new String[] {"[3]", "[a:b]", "[]", "[1.5:2]", "[--1:]", "[-:]"}) {
            assertBadInput(() -> DataSpec.load(images + slice), "bad slice " + slice, "expected [a:b]");
        }
        for (String slice : new String[] {"[::2]", "[1:2:3]", "[:: -1]"}) {
            assertBadInput(() -> DataSpec.load(images + slice), "slice " + slice, "steps are not supported");
        }
        assertSamples(DataSpec.load(images + "[2:4:]"), 2, 4);
        assertBadInput(() -> DataSpec.load(" "), "empty data spec");
    }

    @Test
    void slicesThatSelectNothingAreRefusedNamingTheCount() {
        assertBadInput(() -> DataSpec.load(images + "[25:]"), "slice [25:]", "selects no images", "holds 20");
        assertBadInput(() -> DataSpec.load(images + "[9:4]"), "slice [9:4]", "selects no images", "holds 20");
        assertBadInput(() -> DataSpec.load(images + "[20:]"), "selects no images");
        assertBadInput(() -> DataSpec.load(images + "[:-20]"), "selects no images");
    }

    @Test
    void missingFileIsNamed() {
        String missing = dir.resolve("t-images-idx3-ubyte.gz").toString();
        assertBadInput(() -> DataSpec.load(missing + "[:5]"), "no such file", missing);
    }

    private static void assertSamples(Dataset data, int from, int to) {
        assertEquals(to - from, data.size());
        assertEquals(6, data.inputSize());
        for (int j = 0; j < data.size(); j++) {
            assertEquals((from + j) % 10, data.label(j));
            assertEquals(IdxBytes.pixelValue(from + j, 5) / 255f, data.input(j)[5]);
        }
    }
}
