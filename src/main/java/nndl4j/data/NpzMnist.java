package nndl4j.data;

import nndl4j.BadInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MNIST as Keras' {@code mnist.npz} holds it: {@code x_train} (60000, 28, 28) and {@code x_test} (10000, 28, 28) of
 * uint8 pixels, {@code y_train} and {@code y_test} of digit labels. Images may also be of shape (count, pixels) (a
 * square number of pixels is drawn as a square image, others as one row); labels may be any integer dtype.
 */
final class NpzMnist {
    private NpzMnist() {
    }

    /** The training ({@code x_train}, {@code y_train}) or test ({@code x_test}, {@code y_test}) images of an npz. */
    static LabeledImages read(Path file, boolean test) {
        String x = test ? "x_test" : "x_train";
        String y = test ? "y_test" : "y_train";
        Map<String, NpyArray> arrays = Npz.read(file, List.of(x, y));
        return labeledImages(file + " " + x, arrays.get(x), file + " " + y, arrays.get(y));
    }

    private static LabeledImages labeledImages(String imagesName, NpyArray images, String labelsName, NpyArray labels) {
        int[] shape = images.shape();
        if (!images.isUint8()) {
            throw new BadInputException(imagesName + " has dtype " + images.descr() + "; expected uint8 (|u1) pixels");
        }
        boolean hasPixels = shape.length >= 2 && shape[1] > 0 && (shape.length == 2 || shape[2] > 0);
        if (shape.length > 3 || !hasPixels) {
            throw new BadInputException(imagesName + " has shape " + images.shapeText()
                    + "; expected (count, rows, cols) or (count, pixels), such as (60000, 28, 28)");
        }
        if (labels.shape().length != 1) {
            throw new BadInputException(labelsName + " has shape " + labels.shapeText() + "; expected (count,)");
        }
        if (labels.length() != images.length()) {
            throw new BadInputException(imagesName + " holds " + images.length() + " images but " + labelsName
                    + " holds " + labels.length() + " labels");
        }
        long[] values = labels.longs();
        int[] digits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            // checked as longs: a label beyond int's range is no digit either
            if (values[i] < 0 || values[i] >= Digits.CLASSES) {
                throw new BadInputException("label " + labels.valueText(values[i]) + " of sample " + i + " in "
                        + labelsName + " is not a digit 0-9");
            }
            digits[i] = (int) values[i];
        }
        int rows = shape.length == 3 ? shape[1] : squareSide(shape[1]);
        int cols = shape.length == 3 ? shape[2] : shape[1] / rows;
        return new LabeledImages(new IdxImages(shape[0], rows, cols, images.data()), digits);
    }

    /** The side of a square of {@code pixels} pixels (784 → 28), or 1 (one row) when there is none. */
    private static int squareSide(int pixels) {
        int side = (int) Math.round(Math.sqrt(pixels));
        return side * side == pixels ? side : 1;
    }
}
