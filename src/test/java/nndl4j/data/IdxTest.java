package nndl4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static nndl4j.data.BadInputAssertions.assertBadInput;
import static nndl4j.data.IdxBytes.gzip;
import static nndl4j.data.IdxBytes.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IdxTest {
    @TempDir
    Path dir;

    /** Two 2×3 images with bytes covering 0, 255 and values above 127 (which Java bytes see as negative). */
    private static final byte[] PIXELS = {0, 1, 2, 127, (byte) 128, (byte) 255, 10, 20, 30, 40, 50, (byte) 200};

    @Test
    void readsHandBuiltPlainAndGzippedImages() {
        byte[] idx = IdxBytes.images(2, 2, 3, PIXELS);
        for (Path file : new Path[] {write(dir.resolve("plain"), idx), write(dir.resolve("zipped"), gzip(idx))}) {
            IdxImages images = Idx.readImages(file);
            assertEquals(2, images.count());
            assertEquals(2, images.rows());
            assertEquals(3, images.cols());
            assertArrayEquals(PIXELS, images.pixels());
            assertEquals(200, images.pixel(1, 5));
            assertEquals(255, images.pixel(0, 5));
        }
    }

    @Test
    void detectsGzipByContentNotName() {
        byte[] idx = IdxBytes.labels(7, 2, 1);
        assertArrayEquals(new int[] {7, 2, 1}, Idx.readLabels(write(dir.resolve("labels.gz"), idx)));
        assertArrayEquals(new int[] {7, 2, 1}, Idx.readLabels(write(dir.resolve("labels-idx1-ubyte"), gzip(idx))));
    }

    @Test
    void scalesPixelsBy255() {
        IdxImages images = Idx.readImages(write(dir.resolve("x"), IdxBytes.images(2, 2, 3, PIXELS)));
        float[] all = images.scaled(0, 2);
        for (int i = 0; i < PIXELS.length; i++) {
            assertEquals((PIXELS[i] & 0xff) / 255f, all[i]);
        }
        assertEquals(1f, all[5]);
        assertArrayEquals(Arrays.copyOfRange(all, 6, 12), images.scaled(1, 2));
    }

    @Test
    void writerRoundTripsThroughHandBuiltBytes() throws IOException {
        Path images = dir.resolve("a-images-idx3-ubyte.gz");
        Path labels = dir.resolve("a-labels-idx1-ubyte.gz");
        Idx.writeImages(images, new IdxImages(2, 2, 3, PIXELS));
        Idx.writeLabels(labels, new int[] {9, 0});

        assertEquals(0x1f, Files.readAllBytes(images)[0] & 0xff, "written gzipped");
        assertArrayEquals(IdxBytes.images(2, 2, 3, PIXELS), gunzip(images));
        assertArrayEquals(IdxBytes.labels(9, 0), gunzip(labels));
        assertArrayEquals(new int[] {9, 0}, Idx.readLabels(labels));
    }

    @Test
    void writerReplacesAnExistingFileAndLeavesNoTempFiles() throws IOException {
        Path labels = dir.resolve("l.gz");
        Idx.writeLabels(labels, new int[] {1, 2, 3});
        Idx.writeLabels(labels, new int[] {4});
        assertArrayEquals(new int[] {4}, Idx.readLabels(labels));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void writingIntoAMissingFolderIsBadInput() {
        Path file = dir.resolve("nowhere").resolve("x.gz");
        assertBadInput(() -> Idx.writeLabels(file, new int[] {1}), "cannot write", file.toString(), "does not exist");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent-images-idx3-ubyte.gz");
        assertBadInput(() -> Idx.readImages(file), "no such file", file.toString());
    }

    @Test
    void folderIsNotAFile() {
        assertBadInput(() -> Idx.readLabels(dir), "is a folder");
    }

    @Test
    void wrongMagicSaysWhatWasExpected() {
        Path labels = write(dir.resolve("l"), IdxBytes.labels(1, 2));
        assertBadInput(() -> Idx.readImages(labels), labels.toString(), "not an IDX images file", "2049",
                "a labels file", "expected 2051");
        Path images = write(dir.resolve("i"), gzip(IdxBytes.images(2, 2, 3, PIXELS)));
        assertBadInput(() -> Idx.readLabels(images), "not an IDX labels file", "2051", "expected 2049");
        Path text = write(dir.resolve("t"), "hello, world, not IDX".getBytes());
        assertBadInput(() -> Idx.readImages(text), "not an IDX images file", "expected 2051");
    }

    @Test
    void truncatedPlainFileIsReported() {
        byte[] idx = IdxBytes.images(2, 2, 3, PIXELS);
        Path cut = write(dir.resolve("cut"), Arrays.copyOf(idx, idx.length - 4));
        assertBadInput(() -> Idx.readImages(cut), cut.toString(), "truncated", "2 images of 2x3", "4 bytes early");
        Path header = write(dir.resolve("header"), Arrays.copyOf(idx, 10));
        assertBadInput(() -> Idx.readImages(header), "truncated", "header");
    }

    @Test
    void truncatedGzipIsReported() {
        byte[] zipped = gzip(IdxBytes.images(2, 2, 3, PIXELS));
        // Cutting only the 8-byte trailer leaves every pixel readable; the missing CRC must still be noticed.
        for (int cut : new int[] {zipped.length / 2, zipped.length - 4}) {
            Path file = write(dir.resolve("cut" + cut), Arrays.copyOf(zipped, cut));
            assertBadInput(() -> Idx.readImages(file), file.toString(), "truncated");
        }
    }

    /** Headers that promise what no array holds, or more than the file has: one error, and nothing that large allocated. */
    @Test
    void impossibleSizesAreRejectedBeforeAllocation() {
        Path huge = write(dir.resolve("huge"), IdxBytes.images(Integer.MAX_VALUE, 784, 1, new byte[4]));
        assertBadInput(() -> Idx.readImages(huge), "too large for one array", "2147483647 images of 784x1");
        // 65536 × 65536 pixels per image overflows an int even when there are no images
        Path wide = write(dir.resolve("wide"), IdxBytes.images(0, 65536, 65536, new byte[0]));
        assertBadInput(() -> Idx.readImages(wide), "too large for one array", "0 images of 65536x65536");
        Path negative = write(dir.resolve("negative"), IdxBytes.images(-1, 28, 28, new byte[0]));
        assertBadInput(() -> Idx.readImages(negative), "corrupt IDX header", "-1 images");
        // just under the limit, in 3 bytes of a gzip stream whose length no header tells
        Path promising = write(dir.resolve("promising.gz"), gzip(IdxBytes.images(Integer.MAX_VALUE - 8, 1, 1, new byte[3])));
        assertBadInput(() -> Idx.readImages(promising), "truncated", "2147483639 images of 1x1", "2147483636 bytes early");

        byte[] labelsHeader = Arrays.copyOf(IdxBytes.labels(), 8);
        labelsHeader[4] = 0x7f;
        Arrays.fill(labelsHeader, 5, 8, (byte) 0xff);
        Path manyLabels = write(dir.resolve("many-labels"), labelsHeader);
        assertBadInput(() -> Idx.readLabels(manyLabels), "too large for one array", "2147483647 labels");
    }

    @Test
    void dataBeyondTheHeaderIsReported() {
        byte[] idx = IdxBytes.labels(1, 2, 3);
        Path file = write(dir.resolve("long"), Arrays.copyOf(idx, idx.length + 1));
        assertBadInput(() -> Idx.readLabels(file), "more data than its header describes", "3 labels");
    }

    @Test
    void labelsAreFoundBesideImagesByMnistNames() throws IOException {
        Path gz = Files.createFile(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(gz, Idx.labelsFileFor(dir.resolve("t10k-images-idx3-ubyte.gz")));
        assertEquals(gz, Idx.labelsFileFor(dir.resolve("t10k-images-idx3-ubyte")));
        Path plain = Files.createFile(dir.resolve("x-labels.idx1-ubyte"));
        assertEquals(plain, Idx.labelsFileFor(dir.resolve("x-images.idx3-ubyte")));

        assertBadInput(() -> Idx.labelsFileFor(dir.resolve("train-images-idx3-ubyte.gz")),
                "no labels file", "train-labels-idx1-ubyte.gz or train-labels-idx1-ubyte");
        assertBadInput(() -> Idx.labelsFileFor(dir.resolve("digits.bin")), "cannot tell which labels", "NAME-images-idx3-ubyte");
    }

    @Test
    void labeledImagesRejectCountMismatch() {
        Path images = write(dir.resolve("s-images-idx3-ubyte.gz"), gzip(IdxBytes.images(2, 2, 3, PIXELS)));
        Path labels = write(dir.resolve("s-labels-idx1-ubyte.gz"), gzip(IdxBytes.labels(1, 2, 3)));
        assertBadInput(() -> LabeledImages.read(images), images.toString(), labels.toString(), "2 images", "3 labels");
    }

    @Test
    void labeledImagesRejectLabelsThatAreNotDigits() {
        Path images = write(dir.resolve("s-images-idx3-ubyte"), IdxBytes.images(2, 2, 3, PIXELS));
        Path labels = write(dir.resolve("s-labels-idx1-ubyte"), IdxBytes.labels(4, 12));
        assertBadInput(() -> LabeledImages.read(images), labels.toString(), "label 12 of sample 1", "not a digit");
    }

    @Test
    void labeledImagesMakeOneHotDatasets() {
        IdxBytes.writeSet(dir, "d", 12, 2, 2);
        LabeledImages data = LabeledImages.read(dir.resolve("d-images-idx3-ubyte.gz"));
        Dataset slice = data.toDataset(3, 7);
        assertEquals(4, slice.size());
        assertEquals(4, slice.inputSize());
        assertEquals(10, slice.outputSize());
        for (int j = 0; j < 4; j++) {
            assertEquals((3 + j) % 10, slice.label(j));
            assertEquals(1f, slice.target(j)[(3 + j) % 10]);
            assertEquals(1f, sum(slice.target(j)));
            for (int p = 0; p < 4; p++) {
                assertEquals(IdxBytes.pixelValue(3 + j, p) / 255f, slice.input(j)[p]);
            }
        }
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
