package nndl4j.network;

import nndl4j.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How sgd runs and ends: early stopping as network2.py, a stop request mid-epoch, seeds, argument checks. */
class TrainingLoopTest {
    private static final int[] SIZES = {6, 5, 4};

    @Test
    void earlyStoppingEndsAfterNEpochsWithoutImprovement() {
        Network net = new Network(SIZES, CrossEntropyCost.INSTANCE, 1);
        Dataset data = NetworkParityTest.randomData(SIZES, 40, 2);
        // η so small that accuracy never changes: epoch 0 sets the best, epochs 1 and 2 do not improve on it
        TrainingHistory h = net.sgd(data, 50, 10, 1e-9, SgdOptions.defaults().evaluationData(data)
                .monitor(false, true, false, false).earlyStopping(2));
        assertEquals(TrainingHistory.Ending.EARLY_STOPPED, h.ending());
        assertEquals(3, h.epochsCompleted());
        assertEquals(3, h.evaluationAccuracy().size());
    }

    @Test
    void aStopRequestEndsAfterTheCurrentMiniBatchWithItsUpdateApplied() {
        Network net = new Network(SIZES, QuadraticCost.INSTANCE, 3);
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Dataset data = NetworkParityTest.randomData(SIZES, 50, 4);
        AtomicInteger batches = new AtomicInteger();
        TrainingHistory h = net.sgd(data, 5, 10, 0.5, SgdOptions.defaults().shuffle(false)
                .listener(new TrainingListener() {
                    @Override
                    public void miniBatchFinished(int epoch, int done, int total) {
                        batches.incrementAndGet();
                    }
                })
                .stopWhen(() -> batches.get() == 7)); // epoch 1, after its second mini-batch
        assertEquals(TrainingHistory.Ending.INTERRUPTED, h.ending());
        assertEquals(1, h.epochsCompleted());
        ref.sgdInOrder(data, 1, 10, 0.5, 0);
        ref.updateMiniBatch(data, 0, 10, 0.5, 0, 50);
        ref.updateMiniBatch(data, 10, 20, 0.5, 0, 50);
        NetworkParityTest.assertClose(ref.b, ref.w, net.biases(), net.weights(), 1e-5, "after 7 mini-batches");
    }

    @Test
    void aSeedFixesInitialWeightsAndShuffles() {
        Dataset data = NetworkParityTest.randomData(SIZES, 30, 5);
        Network a = new Network(SIZES, CrossEntropyCost.INSTANCE, 9);
        Network b = new Network(SIZES, CrossEntropyCost.INSTANCE, 9);
        Network c = new Network(SIZES, CrossEntropyCost.INSTANCE, 10);
        for (Network n : new Network[] {a, b, c}) {
            n.sgd(data, 2, 4, 0.3);
        }
        assertArrayEquals(a.weights()[0][0], b.weights()[0][0]);
        assertFalse(java.util.Arrays.equals(a.weights()[0][0], c.weights()[0][0]));
    }

    @Test
    void initializersDrawTheBooksDistributions() {
        Network net = new Network(new int[] {400, 300, 1}, QuadraticCost.INSTANCE, 11);
        assertEquals(1.0 / 400, variance(net.weights()[0]), 0.1 / 400); // N(0,1)/√n_in
        net.largeWeightInitializer();
        assertEquals(1.0, variance(net.weights()[0]), 0.05);
    }

    private static double variance(float[][] w) {
        double sum = 0, squares = 0;
        int n = 0;
        for (float[] row : w) {
            for (float v : row) {
                sum += v;
                squares += v * v;
                n++;
            }
        }
        return squares / n - (sum / n) * (sum / n);
    }

    @Test
    void shapeAndHyperparameterChecks() {
        Network net = new Network(SIZES, CrossEntropyCost.INSTANCE, 1);
        Dataset wrong = NetworkParityTest.randomData(new int[] {7, 4}, 5, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> net.sgd(wrong, 1, 1, 0.1)).getMessage()
                .contains("inputs of size 7 but the network's first layer has 6"));
        Dataset data = NetworkParityTest.randomData(SIZES, 5, 1);
        assertThrows(IllegalArgumentException.class, () -> net.sgd(data, 1, 1, 0.1,
                SgdOptions.defaults().monitor(true, false, false, false)), "evaluation monitors need evaluation data");
        assertThrows(IllegalArgumentException.class, () -> net.feedforward(new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new Network(new int[] {3}, CrossEntropyCost.INSTANCE, 1));
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, Network.vectorizedResult(3));
    }
}
