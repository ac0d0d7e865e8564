package nndl4j.network;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;


/**
 * What network3.py's FullyConnectedLayer and SoftmaxLayer share: z = w·x + b with an n_out×n_in weight matrix
 * (column-major, so its storage is network3's n_in×n_out {@code w} row by row) and dropout on the input.
 * During training each input value is kept with probability 1 − p and otherwise zeroed, without rescaling; at
 * inference the input is scaled by 1 − p instead, folded into the GEMM's alpha.
 */
abstract sealed class DenseLayer extends Layer permits FullyConnectedLayer, SoftmaxLayer {
    final int nIn;
    final int nOut;
    final double pDropout;

    private Backend backend;
    private Matrix weights;
    private Matrix biases;
    private Matrix zs;
    private Matrix activations;
    private Matrix deltas;
    /** The input of the last forward pass, masked in place when dropout was on. */
    private Matrix input;

    DenseLayer(int nIn, int nOut, double pDropout, float[] w, float[] b) {
        super(checkedOutputs(nIn, nOut, pDropout), nIn, nOut, w, b);
        this.nIn = nIn;
        this.nOut = nOut;
        this.pDropout = pDropout;
    }

    /** n_out, once the sizes and the dropout probability are known to be valid (before any array is made). */
    private static int checkedOutputs(int nIn, int nOut, double pDropout) {
        if (nIn < 1 || nOut < 1) {
            throw new BadInputException("a layer needs at least one input and one output, got n_in=" + nIn + ", n_out=" + nOut);
        }
        if (!(pDropout >= 0 && pDropout < 1)) {
            throw new BadInputException("invalid dropout probability " + pDropout + ": must be in [0, 1)");
        }
        return nOut;
    }

    @Override
    public int inputSize() {
        return nIn;
    }

    @Override
    public int outputSize() {
        return nOut;
    }

    @Override
    public double pDropout() {
        return pDropout;
    }

    /** A copy of the weights as network3.py holds them: n_in rows of n_out (output = x·w + b). */
    public float[][] weights() {
        float[] values = w.values();
        float[][] rows = new float[nIn][];
        for (int i = 0; i < nIn; i++) {
            rows[i] = java.util.Arrays.copyOfRange(values, i * nOut, (i + 1) * nOut);
        }
        return rows;
    }

    /** A copy of the n_out biases. */
    public float[] biases() {
        return b.values();
    }

    @Override
    void bind(Backend backend, int capacity) {
        releaseWorkspaces();
        this.backend = backend;
        weights = w.on(backend);
        biases = b.on(backend);
        zs = backend.allocate(nOut, capacity);
        activations = backend.allocate(nOut, capacity);
        deltas = backend.allocate(nOut, capacity);
    }

    @Override
    long workspacePerSample() {
        return 3L * nOut; // z, a, δ
    }

    @Override
    void releaseWorkspaces() {
        for (Matrix m : new Matrix[] {zs, activations, deltas}) {
            if (m != null) {
                m.close();
            }
        }
        zs = activations = deltas = input = null;
    }

    private float keepProbability() {
        return (float) (1 - pDropout);
    }

    @Override
    Matrix forward(Matrix x, int count, Pass pass) {
        float alpha = 1f;
        if (pDropout > 0) {
            if (pass.training()) {
                // In place: the layer before needs its output only where the mask keeps it (its derivative is
                // multiplied by a gradient that the same mask zeroes elsewhere).
                backend.dropout(x, keepProbability(), pass.seed(), index(), pass.at());
            } else {
                alpha = keepProbability();
            }
        }
        input = x;
        Matrix z = backend.leadingColumns(zs, count);
        Matrix a = backend.leadingColumns(activations, count);
        backend.gemm(false, false, alpha, weights, x, 0f, z);
        addBiasActivate(backend, z, biases, a);
        return a;
    }

    /** z += b and the layer's activation of z into a. */
    abstract void addBiasActivate(Backend backend, Matrix z, Matrix bias, Matrix a);

    @Override
    Matrix delta(int count) {
        return backend.leadingColumns(deltas, count);
    }

    Matrix z(int count) {
        return backend.leadingColumns(zs, count);
    }

    Matrix a(int count) {
        return backend.leadingColumns(activations, count);
    }

    Backend backend() {
        return backend;
    }

    @Override
    void backward(Matrix delta, Matrix inputGradient, int count, Pass pass, ParameterStep step) {
        if (inputGradient != null) { // BP2's wᵀδ, with the weights of the forward pass
            backend.gemm(true, false, 1f, weights, delta, 0f, inputGradient);
            if (pDropout > 0 && pass.training()) { // dropped inputs had no effect: their gradient is 0
                backend.dropout(inputGradient, keepProbability(), pass.seed(), index(), pass.at());
            }
        }
        step.applyToWeights(backend, w, delta, input); // BP4: ∇w = δ·xᵀ
        backend.rowSums(delta, b.gradient()); // BP3
        step.applyToBiases(backend, b);
    }
}
