package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.Backend;
import nndl4j.backend.IntVector;
import nndl4j.backend.Matrix;

/**
 * The matrix-based training step on a backend: a network's parameters and the workspaces of a
 * mini-batch of up to {@code capacity} columns, all as backend handles. One GEMM per layer per pass;
 * every other step is one backend op. Nothing here touches a backend's raw storage.
 */
final class Engine implements AutoCloseable {
    private final Backend backend;
    private final int layers;
    private final Matrix[] weights;
    private final Matrix[] biases;
    private final Matrix[] biasGradients;
    /** zs[l] and activations[l + 1] are the weighted inputs and outputs of layer l + 1; activations[0] is the input. */
    private final Matrix[] zs;
    private final Matrix[] activations;
    private final Matrix[] deltas;
    private final Matrix targets;
    private final int capacity;

    Engine(Backend backend, int[] sizes, float[][] hostWeights, float[][] hostBiases, int capacity) {
        this.backend = backend;
        this.layers = sizes.length - 1;
        this.capacity = capacity;
        weights = new Matrix[layers];
        biases = new Matrix[layers];
        biasGradients = new Matrix[layers];
        zs = new Matrix[layers];
        deltas = new Matrix[layers];
        activations = new Matrix[layers + 1];
        activations[0] = backend.allocate(sizes[0], capacity);
        for (int l = 0; l < layers; l++) {
            weights[l] = backend.upload(hostWeights[l], sizes[l + 1], sizes[l]);
            biases[l] = backend.upload(hostBiases[l], sizes[l + 1], 1);
            biasGradients[l] = backend.allocate(sizes[l + 1], 1);
            zs[l] = backend.allocate(sizes[l + 1], capacity);
            deltas[l] = backend.allocate(sizes[l + 1], capacity);
            activations[l + 1] = backend.allocate(sizes[l + 1], capacity);
        }
        targets = backend.allocate(sizes[layers], capacity);
    }

    Backend backend() {
        return backend;
    }

    int capacity() {
        return capacity;
    }

    /**
     * Gathers columns permutation[offset .. offset+count) of the data into the input and target
     * workspaces and runs the forward pass; returns the output activations (a view of count columns).
     */
    Matrix forward(Matrix inputs, Matrix allTargets, IntVector permutation, int offset, int count) {
        Matrix x = backend.leadingColumns(activations[0], count);
        backend.gatherColumns(inputs, permutation, offset, x);
        backend.gatherColumns(allTargets, permutation, offset, backend.leadingColumns(targets, count));
        for (int l = 0; l < layers; l++) {
            Matrix z = backend.leadingColumns(zs[l], count);
            backend.gemm(false, false, 1f, weights[l], backend.leadingColumns(activations[l], count), 0f, z);
            backend.addBiasActivate(z, biases[l], Activation.SIGMOID, backend.leadingColumns(activations[l + 1], count));
        }
        return backend.leadingColumns(activations[layers], count);
    }

    /** The targets gathered by the last {@link #forward}. */
    Matrix targets(int count) {
        return backend.leadingColumns(targets, count);
    }

    /**
     * Backpropagation (BP1–BP4) after {@link #forward}, then network2.py's step w ← decay·w − scale·Σ∇w,
     * b ← b − scale·Σ∇b. The weight step is fused into the gradient GEMM (beta = decay, alpha = −scale), so
     * the weight gradient is never stored; each layer's error is propagated back before its weights change.
     */
    void trainStep(Cost cost, int count, float decay, float scale) {
        backpropagate(cost, count, (l, delta, input) -> {
            backend.gemm(false, true, -scale, delta, input, decay, weights[l]);
            backend.rowSums(delta, biasGradients[l]);
            backend.sgdUpdate(biases[l], biasGradients[l], 1f, scale);
        });
    }

    /** Backpropagation after {@link #forward}, keeping the gradients summed over the count columns. */
    void computeGradients(Cost cost, int count, Matrix[] weightGradients) {
        backpropagate(cost, count, (l, delta, input) -> {
            backend.gemm(false, true, 1f, delta, input, 0f, weightGradients[l]);
            backend.rowSums(delta, biasGradients[l]);
        });
    }

    /** What to do with layer l's error δ and its input activations (BP3, BP4). */
    private interface LayerGradientUse {
        void apply(int l, Matrix delta, Matrix input);
    }

    private void backpropagate(Cost cost, int count, LayerGradientUse use) {
        int last = layers - 1;
        cost.outputDelta(backend, backend.leadingColumns(activations[layers], count), targets(count),
                backend.leadingColumns(deltas[last], count)); // BP1
        for (int l = last; l >= 0; l--) {
            Matrix delta = backend.leadingColumns(deltas[l], count);
            Matrix input = backend.leadingColumns(activations[l], count);
            if (l > 0) { // BP2, with the weights as they were during the forward pass
                Matrix previous = backend.leadingColumns(deltas[l - 1], count);
                backend.gemm(true, false, 1f, weights[l], delta, 0f, previous);
                backend.multiplyActivationDerivative(previous, Activation.SIGMOID, backend.leadingColumns(zs[l - 1], count), input);
            }
            use.apply(l, delta, input);
        }
    }

    /** Σ‖w‖² over all layers (the L2 term); NaN or infinite once training has diverged. */
    double sumOfSquaredWeights() {
        double sum = 0;
        for (Matrix w : weights) {
            sum += backend.sumOfSquares(w);
        }
        return sum;
    }

    void downloadParameters(float[][] hostWeights, float[][] hostBiases) {
        for (int l = 0; l < layers; l++) {
            hostWeights[l] = backend.download(weights[l]);
            hostBiases[l] = backend.download(biases[l]);
        }
    }

    /** The gradients of the sample in column 0 after {@link #forward}, as column-major arrays per layer. */
    void gradients(Cost cost, float[][] hostWeightGradients, float[][] hostBiasGradients) {
        Matrix[] weightGradients = new Matrix[layers];
        try {
            for (int l = 0; l < layers; l++) {
                weightGradients[l] = backend.allocate(weights[l].rows(), weights[l].cols());
            }
            computeGradients(cost, 1, weightGradients);
            for (int l = 0; l < layers; l++) {
                hostWeightGradients[l] = backend.download(weightGradients[l]);
                hostBiasGradients[l] = backend.download(biasGradients[l]);
            }
        } finally {
            closeAll(weightGradients);
        }
    }

    @Override
    public void close() {
        closeAll(weights);
        closeAll(biases);
        closeAll(biasGradients);
        closeAll(zs);
        closeAll(deltas);
        closeAll(activations);
        targets.close();
    }

    private static void closeAll(Matrix[] matrices) {
        for (Matrix m : matrices) {
            if (m != null) {
                m.close();
            }
        }
    }
}
