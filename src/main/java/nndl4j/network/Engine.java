package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.IntVector;
import nndl4j.backend.Matrix;

import java.util.List;

/**
 * A network's layers and cost at work on one backend: the input and target workspaces of a mini-batch of up to
 * {@code capacity} columns, the forward pass through the layers, and backpropagation (BP1–BP4). A network keeps
 * one engine per backend between calls; the layers keep their parameters on the backend. Nothing here touches a
 * backend's raw storage.
 */
final class Engine implements AutoCloseable {
    /** The most columns per forward pass when evaluating a whole data set. */
    static final int EVALUATION_CHUNK = 1000;
    /**
     * The workspace values (floats) an evaluation chunk may take: a conv network's im2col patches make a sample's
     * workspace large (about 100,000 values for the book's dbl_conv), so its chunk is smaller than a dense one's.
     */
    static final long EVALUATION_WORKSPACE = 16L << 20;

    /** Columns per evaluation chunk for {@code layers}: EVALUATION_CHUNK, or fewer where their workspace is large. */
    static int evaluationChunk(List<Layer> layers) {
        long perSample = layers.get(0).inputSize() + layers.get(layers.size() - 1).outputSize();
        for (Layer layer : layers) {
            perSample += layer.workspacePerSample();
        }
        return (int) Math.max(1, Math.min(EVALUATION_CHUNK, EVALUATION_WORKSPACE / perSample));
    }

    private final Backend backend;
    private final List<Layer> layers;
    private final Cost cost;
    private int capacity;
    private Matrix inputs;
    private Matrix targets;

    Engine(Backend backend, List<Layer> layers, Cost cost, int capacity) {
        this.backend = backend;
        this.layers = layers;
        this.cost = cost;
        allocate(capacity);
    }

    private void allocate(int columns) {
        capacity = columns;
        inputs = backend.allocate(layers.get(0).inputSize(), columns);
        targets = backend.allocate(last().outputSize(), columns);
        for (Layer layer : layers) {
            layer.bind(backend, columns);
        }
    }

    Backend backend() {
        return backend;
    }

    /** Grows the workspaces to at least {@code columns} columns (the parameters stay as they are). */
    void ensureCapacity(int columns) {
        if (columns > capacity) {
            closeWorkspaces();
            allocate(columns);
        }
    }

    private Layer last() {
        return layers.get(layers.size() - 1);
    }

    /** Gathers columns permutation[offset .. offset+count) of the data into the input and target workspaces. */
    void gather(DeviceDataset data, IntVector permutation, int offset, int count) {
        backend.gatherColumns(data.inputs, permutation, offset, backend.leadingColumns(inputs, count));
        backend.gatherColumns(data.targets, permutation, offset, targets(count));
    }

    /** The forward pass over the last gathered mini-batch; returns the output activations. */
    Matrix forward(int count, Pass pass) {
        return forward(backend.leadingColumns(inputs, count), count, pass);
    }

    /** The forward pass over {@code count} columns of {@code x}; returns the output activations. */
    Matrix forward(Matrix x, int count, Pass pass) {
        Matrix a = x;
        for (Layer layer : layers) {
            a = layer.forward(a, count, pass);
        }
        return a;
    }

    Matrix targets(int count) {
        return backend.leadingColumns(targets, count);
    }

    /**
     * Backpropagation after {@link #forward} of the gathered mini-batch: δᴸ from the cost (BP1), then each layer
     * from the last hands ∂C/∂a to the layer before it (BP2) and steps or keeps its parameters (BP3, BP4).
     */
    void backpropagate(Matrix output, int count, Pass pass, ParameterStep step) {
        if (!step.keepsGradients()) {
            for (Layer layer : layers) {
                layer.parameters().forEach(Parameter::willChange);
            }
        }
        Layer outputLayer = last();
        Matrix delta = outputLayer.delta(count);
        backend.difference(output, targets(count), delta);
        if (!cost.outputDerivativeCancels()) {
            outputLayer.multiplyActivationDerivative(delta, count);
        }
        for (int l = layers.size() - 1; l >= 0; l--) {
            Layer before = l > 0 ? layers.get(l - 1) : null;
            Matrix inputGradient = before != null ? before.delta(count) : null;
            layers.get(l).backward(delta, inputGradient, count, pass, step);
            if (before != null) {
                before.multiplyActivationDerivative(inputGradient, count);
            }
            delta = inputGradient;
        }
    }

    /** How many of the first {@code size} samples the network classifies right (output argmax = target argmax). */
    long countCorrect(DeviceDataset data, int size) {
        long correct = 0;
        for (int offset = 0; offset < size; offset += capacity) {
            int count = Math.min(capacity, size - offset);
            gather(data, data.inOrder, offset, count);
            correct += backend.countArgmaxMatches(forward(count, Pass.INFERENCE), targets(count));
        }
        return correct;
    }

    /** Σ over the data of the cost of each sample (without the L2 term). */
    double costSum(DeviceDataset data) {
        double sum = 0;
        for (int offset = 0; offset < data.size; offset += capacity) {
            int count = Math.min(capacity, data.size - offset);
            gather(data, data.inOrder, offset, count);
            sum += cost.sum(backend, forward(count, Pass.INFERENCE), targets(count));
        }
        return sum;
    }

    /** The outputs for every sample of the data, column-major (outputSize × data size). */
    float[] outputs(DeviceDataset data) {
        int rows = last().outputSize();
        float[] all = new float[rows * data.size];
        for (int offset = 0; offset < data.size; offset += capacity) {
            int count = Math.min(capacity, data.size - offset);
            gather(data, data.inOrder, offset, count);
            float[] chunk = backend.download(forward(count, Pass.INFERENCE));
            System.arraycopy(chunk, 0, all, offset * rows, chunk.length);
        }
        return all;
    }

    /** Σ‖w‖² over the layers' weights (the L2 term); NaN or infinite once training has diverged. */
    double sumOfSquaredWeights() {
        double sum = 0;
        for (Layer layer : layers) {
            sum += layer.weightParameter().sumOfSquares();
        }
        return sum;
    }

    private void closeWorkspaces() {
        inputs.close();
        targets.close();
        for (Layer layer : layers) {
            layer.releaseWorkspaces();
        }
    }

    /** Frees the workspaces; the parameters stay on the backend until the network releases them. */
    @Override
    public void close() {
        closeWorkspaces();
    }
}
