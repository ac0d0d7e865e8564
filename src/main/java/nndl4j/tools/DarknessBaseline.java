package nndl4j.tools;

import nndl4j.data.Dataset;

import java.util.Arrays;

/**
 * The book's {@code mnist_average_darkness.py}: the average darkness (sum of pixel values) of each digit in the
 * training data; an image is guessed to be the digit whose average is nearest its own darkness (the smaller digit
 * on a tie; digits absent from the training data are never guessed).
 */
public final class DarknessBaseline {
    private final double[] averages;

    private DarknessBaseline(double[] averages) {
        this.averages = averages;
    }

    public static DarknessBaseline train(Dataset training) {
        int classes = training.outputSize();
        double[] sums = new double[classes];
        int[] counts = new int[classes];
        for (int j = 0; j < training.size(); j++) {
            int digit = training.label(j);
            sums[digit] += darkness(training, j);
            counts[digit]++;
        }
        double[] averages = new double[classes];
        for (int d = 0; d < classes; d++) {
            averages[d] = counts[d] == 0 ? Double.NaN : sums[d] / counts[d];
        }
        return new DarknessBaseline(averages);
    }

    /** Average darkness per digit, NaN for digits with no training images. */
    public double[] averages() {
        return averages.clone();
    }

    /** The digit whose average darkness is nearest that of image {@code j} of {@code data}. */
    public int guess(Dataset data, int j) {
        double darkness = darkness(data, j);
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int d = 0; d < averages.length; d++) {
            double distance = Math.abs(averages[d] - darkness);
            if (distance < bestDistance) { // NaN (absent digits) never compares smaller
                best = d;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** How many images of {@code test} are guessed right. */
    public int correct(Dataset test) {
        int correct = 0;
        for (int j = 0; j < test.size(); j++) {
            if (guess(test, j) == test.label(j)) {
                correct++;
            }
        }
        return correct;
    }

    @Override
    public String toString() {
        return "DarknessBaseline" + Arrays.toString(averages);
    }

    /** Sum of the pixel values of image {@code j}. */
    private static double darkness(Dataset data, int j) {
        float[] inputs = data.inputs();
        int n = data.inputSize();
        double sum = 0;
        for (int i = j * n; i < (j + 1) * n; i++) {
            sum += inputs[i];
        }
        return sum;
    }
}
