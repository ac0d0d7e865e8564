package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

import java.util.Random;

/**
 * network3.py's SoftmaxLayer: a = softmax((w·x) + b), with dropout on its input; weights and biases start at zero.
 * It is a network's output layer, trained with the log-likelihood cost, whose δ = a − y needs no derivative.
 */
public final class SoftmaxLayer extends DenseLayer {

    public SoftmaxLayer(int nIn, int nOut, double pDropout) {
        super(nIn, nOut, pDropout, null, null);
        needsInitialization = false; // zeros, as network3.py starts it
    }

    public SoftmaxLayer(int nIn, int nOut) {
        this(nIn, nOut, 0);
    }

    /** A layer with given parameters, as {@link FullyConnectedLayer}'s. */
    SoftmaxLayer(int nIn, int nOut, double pDropout, float[] w, float[] b) {
        super(nIn, nOut, pDropout, w, b);
    }

    @Override
    void initialize(Random random) {
        // network3.py starts the softmax layer's weights and biases at zero: nothing to draw
    }

    @Override
    void addBiasActivate(Backend backend, Matrix z, Matrix bias, Matrix a) {
        backend.addBiasSoftmax(z, bias, a);
    }

    @Override
    void multiplyActivationDerivative(Matrix gradient, int count) {
        throw new IllegalStateException("a softmax layer is the output layer: the log-likelihood cost's δ = a − y needs no derivative");
    }

    @Override
    public String toString() {
        return "SoftmaxLayer(" + nIn + ", " + nOut + ", p_dropout=" + pDropout + ")";
    }
}
