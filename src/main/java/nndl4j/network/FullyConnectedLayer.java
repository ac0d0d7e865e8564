package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

import java.util.Objects;
import java.util.Random;

/**
 * network3.py's FullyConnectedLayer: a = f((w·x) + b) with activation f, and dropout on its input. A new layer's
 * weights are drawn N(0, 1/n_out) and its biases N(0, 1) by the network that takes it.
 */
public final class FullyConnectedLayer extends DenseLayer {
    private final Activation activation;

    /** A layer whose parameters the network draws (network3.py's initialisation). */
    public FullyConnectedLayer(int nIn, int nOut, Activation activation, double pDropout) {
        this(nIn, nOut, activation, pDropout, null, null);
    }

    /** A sigmoid layer without dropout, network3.py's defaults. */
    public FullyConnectedLayer(int nIn, int nOut) {
        this(nIn, nOut, Activation.SIGMOID, 0);
    }

    /**
     * A layer with given parameters: {@code w} column-major n_out×n_in (network3's n_in×n_out {@code w} row by row),
     * {@code b} n_out values.
     */
    FullyConnectedLayer(int nIn, int nOut, Activation activation, double pDropout, float[] w, float[] b) {
        super(nIn, nOut, pDropout, w, b);
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    public Activation activation() {
        return activation;
    }

    @Override
    void initialize(Random random) {
        if (needsInitialization) {
            w.set(Gaussian.draw(nOut * nIn, Math.sqrt(1.0 / nOut), random));
            b.set(Gaussian.draw(nOut, 1.0, random));
            needsInitialization = false;
        }
    }

    @Override
    void addBiasActivate(Backend backend, Matrix z, Matrix bias, Matrix a) {
        backend.addBiasActivate(z, bias, activation, a);
    }

    @Override
    void multiplyActivationDerivative(Matrix gradient, int count) {
        backend().multiplyActivationDerivative(gradient, activation, z(count), a(count));
    }

    @Override
    public String toString() {
        return "FullyConnectedLayer(" + nIn + ", " + nOut + ", " + activation.spelling() + ", p_dropout=" + pDropout + ")";
    }
}
