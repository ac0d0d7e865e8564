package nndl4j.data;

import nndl4j.BadInputException;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * IDX images with their digit labels, still as raw bytes: slicing before scaling to floats keeps memory low, and
 * tools that rewrite images (such as shifted copies) need the bytes. {@code labels} is not copied.
 */
public record LabeledImages(IdxImages images, int[] labels) {

    public LabeledImages {
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(images.count() + " images but " + labels.length + " labels");
        }
    }

    /** Reads an images file and the labels file beside it, named by MNIST's convention. */
    public static LabeledImages read(Path imagesFile) {
        IdxImages images = Idx.readImages(imagesFile);
        return withLabels(imagesFile, images, Idx.labelsFileFor(imagesFile));
    }

    public static LabeledImages read(Path imagesFile, Path labelsFile) {
        return withLabels(imagesFile, Idx.readImages(imagesFile), labelsFile);
    }

    private static LabeledImages withLabels(Path imagesFile, IdxImages images, Path labelsFile) {
        int[] labels = Idx.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new BadInputException(imagesFile + " holds " + images.count() + " images but " + labelsFile
                    + " holds " + labels.length + " labels");
        }
        Digits.requireDigits(labels, labelsFile.toString());
        return new LabeledImages(images, labels);
    }

    public int count() {
        return labels.length;
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) with their labels, copied; all of them without copying. */
    public LabeledImages slice(int from, int to) {
        if (from < 0 || to > count() || from > to) {
            throw new IllegalArgumentException("slice [" + from + ":" + to + "] is out of range for " + count() + " images");
        }
        if (from == 0 && to == count()) {
            return this;
        }
        int size = images.imageSize();
        IdxImages part = new IdxImages(to - from, images.rows(), images.cols(),
                Arrays.copyOfRange(images.pixels(), from * size, to * size));
        return new LabeledImages(part, Arrays.copyOfRange(labels, from, to));
    }

    public Dataset toDataset() {
        return toDataset(0, count());
    }

    /**
     * Samples {@code from} (inclusive) to {@code to} (exclusive): pixels scaled to [0,1], one-hot targets.
     *
     * @throws IllegalArgumentException if a label is not a digit 0-9 (files read here are checked when read)
     */
    public Dataset toDataset(int from, int to) {
        return Digits.dataset(images.scaled(from, to), images.imageSize(), Arrays.copyOfRange(labels, from, to));
    }
}
