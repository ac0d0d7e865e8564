package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;
import nndl4j.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The costs' sums (network2.py's static fn, summed over the columns) against their formulas, and their names. */
class CostTest {
    private static final float[] A = {0.2f, 0.9f, 1f, 0f};
    private static final float[] Y = {0f, 1f, 1f, 0f};

    private static double sum(Cost cost) {
        try (Backend cpu = new CpuBackend(); Matrix a = cpu.upload(A, 2, 2); Matrix y = cpu.upload(Y, 2, 2)) {
            return cost.sum(cpu, a, y);
        }
    }

    @Test
    void quadratic() {
        assertEquals(0.5 * (0.2 * 0.2 + 0.1 * 0.1), sum(QuadraticCost.INSTANCE), 1e-7);
    }

    @Test
    void crossEntropyCountsZeroTimesLogZeroAsZero() {
        // saturated outputs (a = y = 1 and a = y = 0) cost nothing, as with the book's np.nan_to_num
        assertEquals(-Math.log(1 - 0.2) - Math.log(0.9), sum(CrossEntropyCost.INSTANCE), 1e-6);
    }

    @Test
    void namedFindsNetwork2sClassNamesAndTheCommandLinesSpellings() {
        assertSame(QuadraticCost.INSTANCE, Cost.named("QuadraticCost").orElseThrow());
        assertSame(CrossEntropyCost.INSTANCE, Cost.named("cross-entropy").orElseThrow());
        assertSame(LogLikelihoodCost.INSTANCE, Cost.named("log-likelihood").orElseThrow());
        assertTrue(Cost.named("hinge").isEmpty());
    }
}
