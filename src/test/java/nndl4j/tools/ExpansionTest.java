package nndl4j.tools;

import nndl4j.data.DataSpec;
import nndl4j.data.IdxImages;
import nndl4j.data.LabeledImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Expanded images against expand_mnist.py's numpy recipe (roll by one, zero the wrapped row or column). */
class ExpansionTest {
    @TempDir
    Path dir;

    @Test
    void handMadeImageShiftsAsWrittenOut() {
        int[][] original = {
                {1, 2, 3, 4},
                {5, 6, 7, 8},
                {9, 10, 11, 255}};
        int[][][] expected = {
                original,
                {{0, 0, 0, 0}, {1, 2, 3, 4}, {5, 6, 7, 8}},       // down
                {{5, 6, 7, 8}, {9, 10, 11, 255}, {0, 0, 0, 0}},   // up
                {{0, 1, 2, 3}, {0, 5, 6, 7}, {0, 9, 10, 11}},     // right
                {{2, 3, 4, 0}, {6, 7, 8, 0}, {10, 11, 255, 0}}};  // left
        int[][] second = {{0, 0, 0, 0}, {0, 9, 0, 0}, {0, 0, 0, 0}};
        int[][][] expectedSecond = {
                second,
                {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 9, 0, 0}},
                {{0, 9, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}},
                {{0, 0, 0, 0}, {0, 0, 9, 0}, {0, 0, 0, 0}},
                {{0, 0, 0, 0}, {9, 0, 0, 0}, {0, 0, 0, 0}}};
        LabeledImages data = new LabeledImages(new IdxImages(2, 3, 4, concat(original, second)), new int[] {3, 8});

        Expansion.Result r = Expansion.expand(data, dir.resolve("new/folder"));
        assertEquals(2, r.originals());
        assertEquals(10, r.written());
        LabeledImages out = LabeledImages.read(r.images());
        assertEquals(3, out.images().rows());
        assertEquals(4, out.images().cols());
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 8, 8, 8, 8, 8}, out.labels());
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(flat(expected[k]), image(out.images(), k), "copy " + k + " of the first image");
            assertArrayEquals(flat(expectedSecond[k]), image(out.images(), 5 + k), "copy " + k + " of the second image");
        }
    }

    @Test
    void realDigitsBecomeExactOnePixelShifts() {
        LabeledImages originals = DataSpec.loadImages(RealDigits.t10k() + "[:6]");
        Expansion.expand(originals, dir);
        LabeledImages out = LabeledImages.read(dir.resolve(Expansion.IMAGES_FILE));
        assertEquals(5 * 6, out.count());
        int rows = out.images().rows();
        int cols = out.images().cols();
        assertEquals(28, rows);
        assertEquals(28, cols);
        // the book's loop: (shift, axis, index zeroed) = (1, 0, row 0), (-1, 0, row 27), (1, 1, col 0), (-1, 1, col 27)
        int[][] book = {{1, 0, 0}, {-1, 0, 27}, {1, 1, 0}, {-1, 1, 27}};
        for (int i = 0; i < 6; i++) {
            int[][] image = grid(image(originals.images(), i), rows, cols);
            assertArrayEquals(flat(image), image(out.images(), 5 * i), "the original comes first");
            for (int k = 0; k < 4; k++) {
                int[][] rolled = roll(image, book[k][0], book[k][1]);
                for (int j = 0; j < rows; j++) {
                    if (book[k][1] == 0) {
                        rolled[book[k][2]][j] = 0;
                    } else {
                        rolled[j][book[k][2]] = 0;
                    }
                }
                int[] copy = image(out.images(), 5 * i + 1 + k);
                assertArrayEquals(flat(rolled), copy, "shift " + k + " of image " + i);
                assertNotEquals(sum(flat(image)), 0);
                for (int j = 0; j < rows; j++) { // the vacated edge is blank
                    int vacated = book[k][1] == 0 ? copy[book[k][2] * cols + j] : copy[j * cols + book[k][2]];
                    assertEquals(0, vacated);
                }
                // MNIST digits have blank borders, so nothing dark falls off the edge
                assertEquals(sum(flat(image)), sum(copy), "ink is kept by shift " + k + " of image " + i);
            }
            for (int k = 0; k < 5; k++) {
                assertEquals(originals.labels()[i], out.labels()[5 * i + k]);
            }
        }
    }

    /** numpy.roll(a, d, axis): element i moves to (i + d) mod n along the axis. */
    private static int[][] roll(int[][] a, int d, int axis) {
        int rows = a.length;
        int cols = a[0].length;
        int[][] out = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int nr = axis == 0 ? Math.floorMod(r + d, rows) : r;
                int nc = axis == 1 ? Math.floorMod(c + d, cols) : c;
                out[nr][nc] = a[r][c];
            }
        }
        return out;
    }

    private static int[] image(IdxImages images, int i) {
        int[] out = new int[images.imageSize()];
        for (int p = 0; p < out.length; p++) {
            out[p] = images.pixel(i, p);
        }
        return out;
    }

    private static int[][] grid(int[] flat, int rows, int cols) {
        int[][] out = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    private static int[] flat(int[][] a) {
        return java.util.Arrays.stream(a).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    private static byte[] concat(int[][]... images) {
        int[] all = java.util.Arrays.stream(images).flatMapToInt(a -> java.util.Arrays.stream(flat(a))).toArray();
        byte[] out = new byte[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = (byte) all[i];
        }
        return out;
    }

    private static long sum(int[] a) {
        return java.util.Arrays.stream(a).asLongStream().sum();
    }
}
