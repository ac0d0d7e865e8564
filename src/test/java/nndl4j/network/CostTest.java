package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;
import nndl4j.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The costs against their formulas, and their names in model files and on the command line. */
class CostTest {
    private static final float[] A = {0.2f, 0.9f, 1f, 0f};
    private static final float[] Y = {0f, 1f, 1f, 0f};

    private static double sum(Cost cost) {
        Backend cpu = new CpuBackend();
        try (Matrix a = cpu.upload(A, 4, 1); Matrix y = cpu.upload(Y, 4, 1)) {
            return cost.sum(cpu, a, y);
        }
    }

    @Test
    void quadratic() {
        assertEquals(0.5 * (0.2 * 0.2 + 0.1 * 0.1), sum(QuadraticCost.INSTANCE), 1e-7);
        assertFalse(QuadraticCost.INSTANCE.outputDerivativeCancels(), "δ = (a − y) ⊙ f′(z)");
    }

    @Test
    void crossEntropyCountsZeroTimesLogZeroAsZero() {
        // saturated outputs (a = y = 1 and a = y = 0) cost nothing, as with the book's np.nan_to_num
        assertEquals(-Math.log(1 - 0.2) - Math.log(0.9), sum(CrossEntropyCost.INSTANCE), 1e-6);
        assertTrue(CrossEntropyCost.INSTANCE.outputDerivativeCancels(), "δ = a − y after a sigmoid");
    }

    @Test
    void logLikelihoodCountsOnlyTheTargetClasses() {
        assertEquals(-Math.log(0.9) - Math.log(1), sum(LogLikelihoodCost.INSTANCE), 1e-6);
    }

    @Test
    void namesAreNetwork2sClassNamesOrTheCommandLinesSpellings() {
        assertSame(QuadraticCost.INSTANCE, Cost.named("QuadraticCost").orElseThrow());
        assertSame(CrossEntropyCost.INSTANCE, Cost.named("CrossEntropyCost").orElseThrow());
        assertSame(CrossEntropyCost.INSTANCE, Cost.named("cross-entropy").orElseThrow());
        assertSame(LogLikelihoodCost.INSTANCE, Cost.named("log-likelihood").orElseThrow());
        assertTrue(Cost.named("Quadratic").isEmpty());
    }
}
