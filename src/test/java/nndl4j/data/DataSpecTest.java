package nndl4j.data;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static nndl4j.data.BadInputAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DataSpecTest {
    @TempDir
    Path dir;
    private String images;

    @BeforeEach
    void writeTwentyImages() {
        IdxBytes.writeSet(dir, "s", 20, 3, 2);
        images = dir.resolve("s-images-idx3-ubyte.gz").toString();
    }

    @Test
    void parsesPathsAndSlices() {
        assertEquals(new DataSpec.Parsed(Path.of("a/b.gz"), 0, null, ""), DataSpec.parse("a/b.gz"));
        assertEquals(new DataSpec.Parsed(Path.of("a/b.gz"), 3, 8L, "[3:8]"), DataSpec.parse("a/b.gz[3:8]"));
        assertEquals(new DataSpec.Parsed(Path.of("a/b.gz"), 0, 8000L, "[:8000]"), DataSpec.parse("a/b.gz[:8000]"));
        DataSpec.Parsed open = DataSpec.parse("a/b.gz[8000:]");
        assertEquals(8000, open.from());
        assertNull(open.to());
    }

    @Test
    void loadsWholeFilesAndSlices() {
        assertSamples(DataSpec.load(images), 0, 20);
        assertSamples(DataSpec.load(images + "[5:9]"), 5, 9);
        assertSamples(DataSpec.load(images + "[:7]"), 0, 7);
        assertSamples(DataSpec.load(images + "[7:]"), 7, 20);
        assertSamples(DataSpec.load(images + "[0:20]"), 0, 20);
    }

    @Test
    void rejectsNegativeIndices() {
        assertBadInput(() -> DataSpec.load(images + "[-5:]"), "negative", "non-negative");
        assertBadInput(() -> DataSpec.load(images + "[:-1]"), "negative");
    }

    @Test
    void rejectsMalformedSlices() {
        for (String slice : new String[] {"[3]", "[a:b]", "[1:2:3]", "[::2]", "[]"}) {
            assertBadInput(() -> DataSpec.load(images + slice), "bad slice " + slice, "expected [a:b]");
        }
        assertBadInput(() -> DataSpec.load(images + "[99999999999999999999:]"), "too large");
        assertBadInput(() -> DataSpec.load(" "), "empty data spec");
    }

    @Test
    void rejectsOutOfRangeSlicesNamingTheCount() {
        assertBadInput(() -> DataSpec.load(images + "[:21]"), "slice [:21]", "out of range", "holds 20 images");
        assertBadInput(() -> DataSpec.load(images + "[25:]"), "slice [25:]", "out of range", "holds 20 images");
        assertBadInput(() -> DataSpec.load(images + "[9:4]"), "slice [9:4]", "selects no images", "holds 20");
        assertBadInput(() -> DataSpec.load(images + "[20:]"), "selects no images");
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
