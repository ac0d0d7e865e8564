package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

/**
 * C = −ln a_y, the log-likelihood of the right class under a softmax output (chapter 3, network3.py's
 * SoftmaxLayer.cost); δᴸ = a − y for one-hot y.
 */
public final class LogLikelihoodCost implements Cost {
    public static final LogLikelihoodCost INSTANCE = new LogLikelihoodCost();

    private LogLikelihoodCost() {
    }

    @Override
    public String name() {
        return "log-likelihood";
    }

    @Override
    public String spelling() {
        return "log-likelihood";
    }

    @Override
    public boolean outputDerivativeCancels() {
        return true;
    }

    @Override
    public double sum(Backend backend, Matrix a, Matrix y) {
        return backend.logLikelihoodCostSum(a, y);
    }

    @Override
    public String toString() {
        return name();
    }
}
