package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

/** C = ½‖a − y‖²; δᴸ = (a − y) ⊙ f′(z). The cost of network.py and chapter 1. */
public final class QuadraticCost implements Cost {
    public static final QuadraticCost INSTANCE = new QuadraticCost();

    private QuadraticCost() {
    }

    @Override
    public String name() {
        return "QuadraticCost";
    }

    @Override
    public String spelling() {
        return "quadratic";
    }

    @Override
    public boolean outputDerivativeCancels() {
        return false;
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
