package nndl4j.tools;

import nndl4j.BadInputException;
import nndl4j.data.Idx;
import nndl4j.data.IdxImages;
import nndl4j.data.LabeledImages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The book's {@code expand_mnist.py}: each training image followed by four copies of it shifted by one pixel
 * (down, up, right, left, the book's order), the vacated row or column set to 0, labels kept. The book then
 * shuffles the whole list; here the order stays image by image, since training shuffles every epoch anyway.
 */
public final class Expansion {
    /** The file names written, MNIST's training names, so that the folder reads like an MNIST folder. */
    public static final String IMAGES_FILE = "train-images-idx3-ubyte.gz";
    public static final String LABELS_FILE = "train-labels-idx1-ubyte.gz";

    /** One-pixel shifts in the book's order; (dy, dx) moves pixel (r, c) to (r + dy, c + dx). */
    public enum Shift {
        DOWN(1, 0), UP(-1, 0), RIGHT(0, 1), LEFT(0, -1);

        public final int dy;
        public final int dx;

        Shift(int dy, int dx) {
            this.dy = dy;
            this.dx = dx;
        }
    }

    /** Images per original in the output: the original and its four shifts. */
    public static final int COPIES = 1 + Shift.values().length;

    private Expansion() {
    }

    /** Where an expansion went. */
    public record Result(Path images, Path labels, int originals, int written) {
    }

    /**
     * Writes the expanded images and labels to {@code dir} (created if absent) as gzipped IDX files. Streams
     * image by image: besides the input, memory holds one image at a time, never the output.
     */
    public static Result expand(LabeledImages data, Path dir) {
        IdxImages images = data.images();
        long total = (long) data.count() * COPIES;
        if (total > Integer.MAX_VALUE) {
            throw new BadInputException("cannot expand " + data.count() + " images: " + total
                    + " is more than an IDX file can count");
        }
        createFolder(dir);
        int rows = images.rows();
        int cols = images.cols();
        int size = images.imageSize();
        byte[] pixels = images.pixels();
        Path imagesFile = dir.resolve(IMAGES_FILE);
        Path labelsFile = dir.resolve(LABELS_FILE);
        Idx.writeImages(imagesFile, (int) total, rows, cols, out -> {
            byte[] shifted = new byte[size];
            for (int i = 0; i < data.count(); i++) {
                out.write(pixels, i * size, size);
                for (Shift s : Shift.values()) {
                    shift(pixels, i * size, rows, cols, s, shifted);
                    out.write(shifted);
                }
            }
        });
        int[] labels = new int[(int) total];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.labels()[i / COPIES];
        }
        Idx.writeLabels(labelsFile, labels);
        return new Result(imagesFile, labelsFile, data.count(), (int) total);
    }

    /**
     * The image of {@code rows}×{@code cols} bytes at {@code offset} in {@code src}, shifted by one pixel, into
     * {@code dst}: what numpy's {@code roll} gives with the wrapped-around row or column set to 0.
     */
    public static void shift(byte[] src, int offset, int rows, int cols, Shift s, byte[] dst) {
        for (int r = 0; r < rows; r++) {
            int from = r - s.dy;
            for (int c = 0; c < cols; c++) {
                int fromCol = c - s.dx;
                boolean inside = from >= 0 && from < rows && fromCol >= 0 && fromCol < cols;
                dst[r * cols + c] = inside ? src[offset + from * cols + fromCol] : 0;
            }
        }
    }

    private static void createFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException("cannot write to " + dir + ": it is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? e.getMessage() + " is a file, not a folder"
                    : e.getClass().getSimpleName() + " " + e.getMessage();
            throw new BadInputException("cannot create output folder " + dir + ": " + reason);
        }
    }
}
