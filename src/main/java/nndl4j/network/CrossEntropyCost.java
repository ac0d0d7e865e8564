package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

/**
 * C = −Σ y ln a + (1 − y) ln(1 − a); δᴸ = a − y. A term whose coefficient is 0 counts as 0 even where its
 * logarithm is infinite (the book's {@code np.nan_to_num}), so a = y = 1 costs nothing.
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
    public double fn(float[] a, float[] y) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (y[i] != 0f) {
                sum -= y[i] * Math.log(a[i]);
            }
            if (y[i] != 1f) {
                sum -= (1.0 - y[i]) * Math.log1p(-(double) a[i]);
            }
        }
        return sum;
    }

    @Override
    public float[] delta(float[] z, float[] a, float[] y) {
        float[] delta = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            delta[i] = a[i] - y[i];
        }
        return delta;
    }

    @Override
    public void outputDelta(Backend backend, Matrix a, Matrix y, Matrix delta) {
        backend.difference(a, y, delta);
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
