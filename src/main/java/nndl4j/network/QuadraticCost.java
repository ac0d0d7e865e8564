package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

/** C = ½‖a − y‖²; δᴸ = (a − y) ⊙ σ′(z). The cost of network.py and chapter 1. */
public final class QuadraticCost implements Cost {
    public static final QuadraticCost INSTANCE = new QuadraticCost();

    private QuadraticCost() {
    }

    @Override
    public String name() {
        return "QuadraticCost";
    }

    @Override
    public double fn(float[] a, float[] y) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - y[i];
            sum += d * d;
        }
        return 0.5 * sum;
    }

    @Override
    public float[] delta(float[] z, float[] a, float[] y) {
        float[] delta = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            float s = Cost.sigmoid(z[i]);
            delta[i] = (a[i] - y[i]) * (s * (1f - s));
        }
        return delta;
    }

    @Override
    public void outputDelta(Backend backend, Matrix a, Matrix y, Matrix delta) {
        backend.difference(a, y, delta);
        backend.multiplyActivationDerivative(delta, Activation.SIGMOID, a, a); // the sigmoid's f′ reads only a, not z
    }

    @Override
    public double sum(Backend backend, Matrix a, Matrix y) {
        return backend.quadraticCostSum(a, y);
    }

    @Override
    public String toString() {
        return name();
    }
}
