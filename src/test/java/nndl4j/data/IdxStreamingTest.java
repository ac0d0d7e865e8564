package nndl4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming IDX images writer, and raw-byte slices of data specs. */
class IdxStreamingTest {
    @TempDir
    Path dir;

    private static final byte[] PIXELS = {0, 1, 2, 127, (byte) 128, (byte) 255, 10, 20, 30, 40, 50, (byte) 200};

    @Test
    void streamedImagesMatchHandBuiltBytes() throws IOException {
        Path file = dir.resolve("s-images-idx3-ubyte.gz");
        Idx.writeImages(file, 2, 2, 3, out -> {
            out.write(PIXELS, 0, 6); // image by image
            for (int i = 6; i < 12; i++) {
                out.write(PIXELS[i]);
            }
        });
        assertArrayEquals(IdxBytes.images(2, 2, 3, PIXELS), gunzip(file));
    }

    @Test
    void aBodyThatBreaksItsHeadersPromiseLeavesNoFile() throws IOException {
        Path file = dir.resolve("short-images-idx3-ubyte.gz");
        assertThrows(IllegalStateException.class, () -> Idx.writeImages(file, 2, 2, 3, out -> out.write(PIXELS, 0, 11)));
        assertThrows(IllegalStateException.class, () -> Idx.writeImages(file, 1, 2, 3, out -> out.write(PIXELS)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "neither the target nor a temp file");
        }
    }

    @Test
    void specsSliceRawBytesAndNameTheirFiles() {
        IdxBytes.writeSet(dir, "s", 5, 2, 3);
        String images = dir.resolve("s-images-idx3-ubyte.gz").toString();
        LabeledImages part = DataSpec.loadImages(images + "[1:4]");
        assertEquals(3, part.count());
        assertArrayEquals(new int[] {1, 2, 3}, part.labels());
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < 6; p++) {
                assertEquals(IdxBytes.pixelValue(i + 1, p), part.images().pixel(i, p));
            }
        }
        assertEquals(List.of(Path.of(images), dir.resolve("s-labels-idx1-ubyte.gz")), DataSpec.files(images + "[1:4]"));
        BadInputAssertions.assertBadInput(() -> DataSpec.loadImages(images + "[5:9]"), "selects no images");
        assertEquals(5 * 6, DataSpec.loadImages(images).images().pixels().length, "the whole file");
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
