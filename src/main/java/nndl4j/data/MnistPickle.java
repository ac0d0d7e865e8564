package nndl4j.data;

import nndl4j.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The book's {@code mnist.pkl.gz}: a (gzipped) pickle of a tuple {@code (training, validation, test)}, each a pair
 * {@code (images, labels)} of numpy arrays: images float32 of shape (n, 784) with pixels in [0,1], labels int64 of
 * shape (n,). The book's file is a Python 2 pickle (protocol 2, numpy.core); pickles written by numpy 2 and newer
 * protocols (up to 5) read too. Images may also be float64 or uint8 (scaled by /255, like IDX files) and of any
 * shape (n, ...) whose trailing axes hold one image; labels may be int64, int32 or uint8.
 */
public final class MnistPickle {
    private static final String[] PARTS = {"training", "validation", "test"};

    private MnistPickle() {
    }

    public static MnistSplits load(Path file) {
        Object root;
        InputStream in = DataFiles.open(file);
        try (in) {
            root = NumpyPickles.load(in);
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        } catch (RuntimeException e) {
            // razorvine reports a malformed or foreign pickle with assorted runtime exceptions.
            throw new BadInputException(file + " is not a pickle of numpy arrays (" + e.getMessage() + ")", null, e);
        }
        Object[] parts = sequence(root, PARTS.length);
        if (parts == null) {
            throw new BadInputException(file + " does not hold a (training, validation, test) tuple like the book's mnist.pkl.gz");
        }
        Dataset[] datasets = new Dataset[PARTS.length];
        for (int k = 0; k < PARTS.length; k++) {
            datasets[k] = dataset(file, PARTS[k], parts[k]);
        }
        return new MnistSplits(datasets[0], datasets[1], datasets[2]);
    }

    private static Dataset dataset(Path file, String part, Object pair) {
        Object[] arrays = sequence(pair, 2);
        if (arrays == null || !(arrays[0] instanceof NumpyPickles.Array images)
                || !(arrays[1] instanceof NumpyPickles.Array labels)) {
            throw new BadInputException(file + ": the " + part + " part is not an (images, labels) pair of numpy arrays");
        }
        String where = file + ": " + part;
        int[] imageShape = images.shape();
        int[] labelShape = labels.shape();
        int imageSize = Arrays.stream(imageShape).skip(1).reduce(1, Math::multiplyExact);
        if (imageShape.length < 2 || imageSize == 0) {
            throw new BadInputException(where + " images have shape " + shape(imageShape) + "; expected (count, pixels)");
        }
        if (labelShape.length != 1) {
            throw new BadInputException(where + " labels have shape " + shape(labelShape) + "; expected (count,)");
        }
        if (imageShape[0] != labelShape[0]) {
            throw new BadInputException(where + " has " + imageShape[0] + " images but " + labelShape[0] + " labels");
        }
        String imagesType = images.dtype().name();
        if (!images.dtype().supported() || !(images.dtype().isFloat() || imagesType.equals("uint8"))) {
            throw new BadInputException(where + " images have dtype " + imagesType + "; expected float32, float64 or uint8");
        }
        if (!labels.dtype().supported() || labels.dtype().isFloat()) {
            throw new BadInputException(where + " labels have dtype " + labels.dtype().name() + "; expected int64, int32 or uint8");
        }
        requireComplete(images, where + " images");
        requireComplete(labels, where + " labels");

        float[] pixels = images.toFloats();
        if (!images.dtype().isFloat()) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] /= 255f;
            }
        }
        int[] digits = labels.toInts();
        Digits.requireDigits(digits, where + " labels");
        return Digits.dataset(pixels, imageSize, digits);
    }

    private static void requireComplete(NumpyPickles.Array array, String what) {
        if (!array.complete()) {
            throw new BadInputException(what + " are truncated or corrupt: their data does not fit shape "
                    + shape(array.shape()) + " of " + array.dtype().name());
        }
    }

    /** A Python tuple or list of {@code length} items, or null. */
    private static Object[] sequence(Object value, int length) {
        Object[] items = value instanceof Object[] tuple ? tuple : value instanceof List<?> list ? list.toArray() : null;
        return items != null && items.length == length ? items : null;
    }

    /** Python's way of writing a shape: (5, 784), (5,). */
    private static String shape(int[] dims) {
        String inside = Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "(" + inside + (dims.length == 1 ? ",)" : ")");
    }
}
