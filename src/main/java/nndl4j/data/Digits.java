package nndl4j.data;

import nndl4j.BadInputException;

/** What every digit data source shares: ten classes and one-hot targets. */
final class Digits {
    static final int CLASSES = 10;

    private Digits() {
    }

    /** Rejects any label outside 0-9 as bad input from {@code source}. */
    static void requireDigits(int[] labels, String source) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= CLASSES) {
                throw new BadInputException("label " + labels[i] + " of sample " + i + " in " + source + " is not a digit 0-9");
            }
        }
    }

    /** A classification dataset with one-hot targets; labels must already be digits. */
    static Dataset dataset(float[] inputs, int inputSize, int[] labels) {
        return Dataset.ofLabels(inputs, inputSize, labels, CLASSES);
    }
}
