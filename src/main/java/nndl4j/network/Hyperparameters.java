package nndl4j.network;

import nndl4j.BadInputException;

/** The checks of SGD's hyperparameters that both kinds of network share (and the CLI runs before loading data). */
public final class Hyperparameters {
    private Hyperparameters() {
    }

    public static void check(int epochs, int miniBatchSize, double eta, double lambda) {
        if (epochs < 1) {
            throw new BadInputException("invalid number of epochs " + epochs + ": must be at least 1");
        }
        if (miniBatchSize < 1) {
            throw new BadInputException("invalid mini-batch size " + miniBatchSize + ": must be at least 1");
        }
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new BadInputException("invalid learning rate eta=" + eta + ": must be a positive finite number");
        }
        checkLambda(lambda);
    }

    /** The L2 regularization λ, also for the cost's L2 term. */
    public static void checkLambda(double lambda) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new BadInputException("invalid regularization lambda=" + lambda + ": must be a finite number ≥ 0");
        }
    }

    /** network2's early stopping: N epochs without improvement, 0 for off. */
    public static void checkEarlyStopping(int n) {
        if (n < 0) {
            throw new BadInputException("invalid early stopping " + n + ": must be ≥ 0");
        }
    }
}
