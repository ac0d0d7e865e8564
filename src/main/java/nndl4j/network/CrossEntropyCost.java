package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

/**
 * C = −Σ y ln a + (1 − y) ln(1 − a); after a sigmoid output δᴸ = a − y (chapter 3). A term whose coefficient is 0
 * counts as 0 even where its logarithm is infinite (the book's {@code np.nan_to_num}), so a = y = 1 costs nothing.
 */
public final class CrossEntropyCost implements Cost {
    public static final CrossEntropyCost INSTANCE = new CrossEntropyCost();

    private CrossEntropyCost() {
    }

    @Override
    public String name() {
        return "CrossEntropyCost";
    }

    @Override
    public String spelling() {
        return "cross-entropy";
    }

    @Override
    public boolean outputDerivativeCancels() {
        return true;
    }

    @Override
    public double sum(Backend backend, Matrix a, Matrix y) {
        return backend.crossEntropyCostSum(a, y);
    }

    @Override
    public String toString() {
        return name();
    }
}
