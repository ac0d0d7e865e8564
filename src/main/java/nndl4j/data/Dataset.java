package nndl4j.data;

import java.util.Objects;

/**
 * Samples for a network: inputs and target vectors, both column-major with one sample per column
 * (the layout the backends train on). Classification data has one-hot targets; {@link #label(int)}
 * is the index of a target's largest entry.
 */
public final class Dataset {
    private final float[] inputs;
    private final float[] targets;
    private final int inputSize;
    private final int outputSize;
    private final int size;

    public Dataset(float[] inputs, int inputSize, float[] targets, int outputSize) {
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.targets = Objects.requireNonNull(targets, "targets");
        if (inputSize <= 0 || outputSize <= 0) {
            throw new IllegalArgumentException("input and output sizes must be positive, got " + inputSize + " and " + outputSize);
        }
        if (inputs.length % inputSize != 0) {
            throw new IllegalArgumentException("inputs length " + inputs.length + " is not a multiple of " + inputSize);
        }
        this.size = inputs.length / inputSize;
        if (targets.length != (long) size * outputSize) {
            throw new IllegalArgumentException(
                    "inputs hold " + size + " samples but targets hold " + targets.length / outputSize);
        }
        this.inputSize = inputSize;
        this.outputSize = outputSize;
    }

    /** Classification data: target j is the one-hot vector of labels[j] (the book's vectorized_result). */
    public static Dataset ofLabels(float[] inputs, int inputSize, int[] labels, int classes) {
        Objects.requireNonNull(labels, "labels");
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be positive, got " + classes);
        }
        float[] targets = new float[labels.length * classes];
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] < 0 || labels[j] >= classes) {
                throw new IllegalArgumentException("label " + labels[j] + " of sample " + j + " is not in 0.." + (classes - 1));
            }
            targets[j * classes + labels[j]] = 1f;
        }
        return new Dataset(inputs, inputSize, targets, classes);
    }

    public int size() {
        return size;
    }

    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return outputSize;
    }

    /** All inputs, column-major inputSize×size. Not copied: do not modify. */
    public float[] inputs() {
        return inputs;
    }

    /** All targets, column-major outputSize×size. Not copied: do not modify. */
    public float[] targets() {
        return targets;
    }

    public float[] input(int j) {
        Objects.checkIndex(j, size);
        return java.util.Arrays.copyOfRange(inputs, j * inputSize, (j + 1) * inputSize);
    }

    public float[] target(int j) {
        Objects.checkIndex(j, size);
        return java.util.Arrays.copyOfRange(targets, j * outputSize, (j + 1) * outputSize);
    }

    /** Index of the largest entry of target j (the first one on ties). */
    public int label(int j) {
        Objects.checkIndex(j, size);
        return argmax(targets, j * outputSize, outputSize);
    }

    /** Index (from 0) of the largest of v[from .. from+length), the first one on ties, as numpy's argmax. */
    public static int argmax(float[] v, int from, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Samples from (inclusive) to (exclusive), like Python's {@code data[from:to]}. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IllegalArgumentException("slice [" + from + ":" + to + "] is out of range for " + size + " samples");
        }
        return new Dataset(
                java.util.Arrays.copyOfRange(inputs, from * inputSize, to * inputSize), inputSize,
                java.util.Arrays.copyOfRange(targets, from * outputSize, to * outputSize), outputSize);
    }
}
