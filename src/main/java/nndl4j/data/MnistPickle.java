package nndl4j.data;

import nndl4j.BadInputException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The book's {@code mnist.pkl.gz}: a (gzipped) pickle of a tuple {@code (training, validation, test)}, each a pair
 * {@code (images, labels)} of numpy arrays: images float32 of shape (n, 784) with pixels in [0,1], labels int64 of
 * shape (n,). The book's file is a Python 2 pickle (protocol 2, numpy.core); pickles written by numpy 2 and newer
 * protocols (up to 5) read too. Images may also be float64 or uint8 (scaled by /255, like IDX files) and of any
 * shape (n, ...) whose trailing axes hold one image; labels may be int64, int32 or uint8. Float pixels must lie in
 * [0, 1] (a NaN, an infinity or a value of 0-255 is an error naming the image); only uint8 pixels are scaled.
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
        } catch (EOFException e) {
            throw new BadInputException(file + " is truncated (" + e.getMessage() + ")", null, e);
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        } catch (RuntimeException e) {
            // razorvine reports a malformed or foreign pickle with assorted runtime exceptions, some messages ending
            // in a newline.
            String why = e.getMessage() == null ? e.getClass().getSimpleName()
                    : BadInputException.oneLine(e.getMessage().strip());
            throw new BadInputException(file + " is not a pickle of numpy arrays (" + why + ")", null, e);
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
        NumpyPickles.DType imagesType = images.dtype();
        if (imagesType != null && !(imagesType.supported() && (imagesType.isFloat() || imagesType.name().equals("uint8")))) {
            throw new BadInputException(where + " images have dtype " + imagesType.name() + "; expected float32, float64 or uint8");
        }
        NumpyPickles.DType labelsType = labels.dtype();
        if (labelsType != null && !(labelsType.supported() && !labelsType.isFloat())) {
            throw new BadInputException(where + " labels have dtype " + labelsType.name() + "; expected int64, int32 or uint8");
        }
        requireSound(images, where + " images");
        requireSound(labels, where + " labels");

        int[] imageShape = images.shape();
        int[] labelShape = labels.shape();
        // not an int product: an array of no images, (0, 2^31 - 1, 2), is sound
        long imageSize = 1;
        for (int d = 1; d < imageShape.length; d++) {
            imageSize = Math.min(imageSize * imageShape[d], Integer.MAX_VALUE + 1L);
        }
        if (imageShape.length < 2 || imageSize == 0) {
            throw new BadInputException(where + " images have shape " + images.shapeText() + "; expected (count, pixels)");
        }
        if (imageSize > Integer.MAX_VALUE) {
            throw new BadInputException(where + " images have shape " + images.shapeText() + ": more pixels per image than an array holds");
        }
        if (labelShape.length != 1) {
            throw new BadInputException(where + " labels have shape " + labels.shapeText() + "; expected (count,)");
        }
        if (imageShape[0] != labelShape[0]) {
            throw new BadInputException(where + " has " + imageShape[0] + " images but " + labelShape[0] + " labels");
        }

        float[] pixels = images.toFloats();
        if (imagesType.isFloat()) {
            Pixels.requireUnitRange(pixels, (int) imageSize, where + " images");
        } else {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] /= 255f;
            }
        }
        int[] digits = labels.toInts();
        Digits.requireDigits(digits, where + " labels");
        return Digits.dataset(pixels, (int) imageSize, digits);
    }

    /** Checks, before anything is allocated for its elements, that {@code array} is whole and its shape possible. */
    private static void requireSound(NumpyPickles.Array array, String what) {
        String defect = array.defect();
        if (defect != null) {
            throw new BadInputException(what + " are " + defect);
        }
    }

    /** A Python tuple or list of {@code length} items, or null. */
    private static Object[] sequence(Object value, int length) {
        Object[] items = value instanceof Object[] tuple ? tuple : value instanceof List<?> list ? list.toArray() : null;
        return items != null && items.length == length ? items : null;
    }
}
