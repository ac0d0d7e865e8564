package nndl4j.network;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The costs' single-sample fn and delta (network2.py's static methods) against their formulas. */
class CostTest {
    private static final float[] A = {0.2f, 0.9f, 1f, 0f};
    private static final float[] Y = {0f, 1f, 1f, 0f};
    private static final float[] Z = {-1.3862944f, 2.1972246f, 20f, -20f};

    @Test
    void quadratic() {
        double want = 0.5 * (0.2 * 0.2 + 0.1 * 0.1);
        assertEquals(want, QuadraticCost.INSTANCE.fn(A, Y), 1e-7);
        float[] delta = QuadraticCost.INSTANCE.delta(Z, A, Y);
        for (int i = 0; i < A.length; i++) {
            double s = 1 / (1 + Math.exp(-Z[i]));
            assertEquals((A[i] - Y[i]) * s * (1 - s), delta[i], 1e-6);
        }
    }

    @Test
    void crossEntropyCountsZeroTimesLogZeroAsZero() {
        // saturated outputs (a = y = 1 and a = y = 0) cost nothing, as with the book's np.nan_to_num
        double want = -Math.log(1 - 0.2) - Math.log(0.9);
        assertEquals(want, CrossEntropyCost.INSTANCE.fn(A, Y), 1e-6);
        float[] delta = CrossEntropyCost.INSTANCE.delta(Z, A, Y);
        for (int i = 0; i < A.length; i++) {
            assertEquals(A[i] - Y[i], delta[i], 0);
        }
    }

    @Test
    void namesAreNetwork2sClassNames() {
        assertSame(QuadraticCost.INSTANCE, Cost.byName("QuadraticCost"));
        assertSame(CrossEntropyCost.INSTANCE, Cost.byName("CrossEntropyCost"));
    }
}
