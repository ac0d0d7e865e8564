package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.cpu.CpuBackend;
import nndl4j.data.Dataset;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MemoryEstimate} against what the CPU backend really allocates: JavaCPP counts every native byte the
 * matrices take ({@link Pointer#totalBytes}), read at each mini-batch of a real training run. The estimate must
 * cover the peak and stay within 10% of it (it also counts the index vectors, which the CPU keeps on the heap).
 */
class MemoryEstimateTest {

    private static Dataset randomData(int in, int classes, int count, long seed) {
        Random r = new Random(seed);
        float[] x = new float[in * count];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = r.nextInt(classes);
        }
        return Dataset.ofLabels(x, in, labels, classes);
    }

    /** The most native bytes held above what was held before, over the run's mini-batches. */
    private static long peakDuring(Runnable training, long[] peak) {
        long before = Pointer.totalBytes();
        peak[0] = before;
        training.run();
        return peak[0] - before;
    }

    private static SgdOptions watching(long[] peak) {
        return SgdOptions.defaults().listener(new TrainingListener() {
            @Override
            public void miniBatchFinished(int epoch, int done, int total) {
                peak[0] = Math.max(peak[0], Pointer.totalBytes());
            }
        });
    }

    private static void assertCovers(long estimated, long measured) {
        assertTrue(estimated >= measured, "estimate " + estimated + " below the " + measured + " bytes allocated");
        assertTrue(estimated <= 1.1 * measured, "estimate " + estimated + " more than 10% above the " + measured + " bytes allocated");
    }

    @Test
    void network2EstimateCoversWhatTheCpuAllocates() {
        Dataset training = randomData(784, 10, 1000, 1), evaluation = randomData(784, 10, 200, 2);
        int[] sizes = {784, 100, 30, 10};
        long[] peak = {0};
        try (Network net = new Network(sizes, CrossEntropyCost.INSTANCE, 3)) {
            net.useBackend(new CpuBackend());
            long measured = peakDuring(() -> net.sgd(training, 1, 10, 0.5,
                    watching(peak).evaluationData(evaluation).monitor(false, true, false, false)), peak);
            assertCovers(MemoryEstimate.ofTraining(MemoryEstimate.network2Layers(sizes), 10, 1000, 200).backendBytes(), measured);
        }
    }

    /** network2.py allows a mini-batch beyond the data (one short mini-batch): the workspaces are the data's width. */
    @Test
    void aMiniBatchBeyondTheDataAllocatesNoWiderWorkspaces() {
        Dataset training = randomData(784, 10, 1000, 1);
        int[] sizes = {784, 30, 10};
        long[] peak = {0};
        try (Network net = new Network(sizes, CrossEntropyCost.INSTANCE, 3)) {
            net.useBackend(new CpuBackend());
            long measured = peakDuring(() -> net.sgd(training, 1, 10_000_000, 0.5, watching(peak)), peak);
            MemoryEstimate huge = MemoryEstimate.ofTraining(MemoryEstimate.network2Layers(sizes), 10_000_000, 1000);
            assertEquals(MemoryEstimate.ofTraining(MemoryEstimate.network2Layers(sizes), 1000, 1000), huge);
            assertCovers(huge.backendBytes(), measured);
        }
    }

    @Test
    void layeredEstimateCoversWhatTheCpuAllocates() {
        Dataset training = randomData(784, 10, 500, 4), validation = randomData(784, 10, 100, 5);
        Shape image = new Shape(1, 28, 28);
        ConvPoolLayer first = new ConvPoolLayer(new FilterShape(4, 1, 5, 5), image, new PoolSize(2, 2), Activation.RELU);
        ConvPoolLayer second = new ConvPoolLayer(new FilterShape(6, 4, 5, 5), first.outputShape(), new PoolSize(2, 2), Activation.RELU);
        List<Layer> layers = List.of(first, second, new FullyConnectedLayer(second.outputSize(), 20, Activation.RELU, 0.5),
                new SoftmaxLayer(20, 10, 0));
        // before the layers join a network, the first conv layer is counted with a patches gradient it will not have
        MemoryEstimate unjoined = MemoryEstimate.ofTraining(layers, 25, 500, 100);
        long[] peak = {0};
        try (LayeredNetwork net = new LayeredNetwork(image, layers, 6)) {
            net.useBackend(new CpuBackend());
            MemoryEstimate joined = MemoryEstimate.ofTraining(net.layers(), 25, 500, 100);
            assertTrue(unjoined.backendBytes() > joined.backendBytes());
            long measured = peakDuring(() -> net.sgd(training, 1, 25, 0.1, validation, null, watching(peak)), peak);
            assertCovers(joined.backendBytes(), measured);
        }
    }
}
