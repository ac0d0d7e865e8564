package nndl4j.network;

import nndl4j.backend.TestBackends;
import nndl4j.data.Dataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 engine on every backend against {@link ReferenceNetwork}, network2.py in double precision.
 * Tolerances: float32 rounding of sums over up to a few hundred terms, growing with the steps taken.
 */
class NetworkParityTest {

    /** Shapes: the smallest net, deep and narrow, wide; with both costs. */
    static Stream<Arguments> cases() {
        int[][] shapes = {{1, 1}, {3, 2, 2, 2, 2, 3}, {40, 64, 10}, {5, 7, 3}};
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (int[] shape : shapes) {
                for (Cost cost : List.of(QuadraticCost.INSTANCE, CrossEntropyCost.INSTANCE)) {
                    cases.add(Arguments.of(backend, shape, cost));
                }
            }
        }
        return cases.stream();
    }

    static Dataset randomData(int[] sizes, int count, long seed) {
        Random r = new Random(seed);
        int in = sizes[0], out = sizes[sizes.length - 1];
        float[] x = new float[in * count];
        float[] y = new float[out * count];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        for (int j = 0; j < count; j++) {
            if (out == 1) {
                y[j] = r.nextFloat();
            } else {
                y[j * out + r.nextInt(out)] = 1f; // one-hot, as classification data
            }
        }
        return new Dataset(x, in, y, out);
    }

    private static Network network(String backend, int[] sizes, Cost cost, long seed) {
        return new Network(sizes, cost, seed).useBackend(TestBackends.open(backend));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void feedforwardMatchesReference(String backend, int[] sizes, Cost cost) {
        Network net = network(backend, sizes, cost, 1);
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Dataset data = randomData(sizes, 5, 2);
        for (int i = 0; i < data.size(); i++) {
            float[] got = net.feedforward(data.input(i));
            double[] want = ref.feedforward(ReferenceNetwork.toDouble(data.input(i)));
            for (int j = 0; j < want.length; j++) {
                assertEquals(want[j], got[j], 1e-5, "output " + j + " of sample " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void backpropMatchesReference(String backend, int[] sizes, Cost cost) {
        Network net = network(backend, sizes, cost, 3);
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Dataset data = randomData(sizes, 3, 4);
        for (int i = 0; i < data.size(); i++) {
            Gradients got = net.backprop(data.input(i), data.target(i));
            ReferenceNetwork.Grad want = ref.backprop(ReferenceNetwork.toDouble(data.input(i)),
                    ReferenceNetwork.toDouble(data.target(i)));
            assertClose(want.b, want.w, got.nablaB(), got.nablaW(), 1e-5, "gradient of sample " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void updateMiniBatchMatchesReference(String backend, int[] sizes, Cost cost) {
        Network net = network(backend, sizes, cost, 5);
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Dataset batch = randomData(sizes, 7, 6);
        net.updateMiniBatch(batch, 0.7, 2.0, 50);
        ref.updateMiniBatch(batch, 0, batch.size(), 0.7, 2.0, 50);
        assertClose(ref.b, ref.w, net.biases(), net.weights(), 1e-5, "parameters after one step");
    }

    /** Unshuffled SGD, λ > 0, 23 samples in batches of 5 (the last one short), with every monitor on. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void sgdMatchesReference(String backend, int[] sizes, Cost cost) {
        Network net = network(backend, sizes, cost, 7);
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Dataset training = randomData(sizes, 23, 8);
        Dataset evaluation = randomData(sizes, 11, 9);
        double eta = 0.5, lambda = 1.5;
        TrainingHistory history = net.sgd(training, 3, 5, eta, SgdOptions.defaults().shuffle(false).lambda(lambda)
                .evaluationData(evaluation).monitor(true, true, true, true));
        ref.sgdInOrder(training, 3, 5, eta, lambda);
        assertClose(ref.b, ref.w, net.biases(), net.weights(), 1e-4, "parameters after 3 epochs");
        assertEquals(3, history.evaluationCost().size());
        assertEquals(3, history.trainingAccuracy().size());
        assertEquals(ref.totalCost(training, lambda), history.trainingCost().get(2), 1e-4);
        assertEquals(ref.totalCost(evaluation, lambda), history.evaluationCost().get(2), 1e-4);
        assertEquals(ref.totalCost(evaluation, lambda), net.totalCost(evaluation, lambda), 1e-4);
        if (sizes[sizes.length - 1] > 1) { // accuracy is meaningless for one output
            assertEquals(ref.accuracy(training), history.trainingAccuracy().get(2));
            assertEquals(ref.accuracy(evaluation), net.accuracy(evaluation));
        }
    }

    /** 250,000 samples of 784 inputs: a data matrix of 196 million floats, gathered in 500 mini-batches. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nndl4j.backend.TestBackends#names")
    void sgdOnAQuarterMillionSamplesMatchesReference(String backend) {
        int[] sizes = {784, 8, 10};
        Network net = network(backend, sizes, CrossEntropyCost.INSTANCE, 13);
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Dataset training = randomData(sizes, 250_000, 14);
        net.sgd(training, 1, 500, 0.1, SgdOptions.defaults().shuffle(false));
        ref.sgdInOrder(training, 1, 500, 0.1, 0);
        assertClose(ref.b, ref.w, net.biases(), net.weights(), 1e-4, "parameters after one epoch");
        Dataset head = training.slice(0, 2_000);
        assertEquals(ref.accuracy(head), net.accuracy(head));
    }

    static void assertClose(double[][] wantB, double[][][] wantW, float[][] gotB, float[][][] gotW,
                            double tolerance, String what) {
        assertEquals(wantB.length, gotB.length, what + ": layers");
        for (int l = 0; l < wantB.length; l++) {
            for (int j = 0; j < wantB[l].length; j++) {
                assertTrue(Math.abs(wantB[l][j] - gotB[l][j]) <= tolerance * (1 + Math.abs(wantB[l][j])),
                        what + ": b[" + l + "][" + j + "] want " + wantB[l][j] + " got " + gotB[l][j]);
                for (int k = 0; k < wantW[l][j].length; k++) {
                    assertTrue(Math.abs(wantW[l][j][k] - gotW[l][j][k]) <= tolerance * (1 + Math.abs(wantW[l][j][k])),
                            what + ": w[" + l + "][" + j + "][" + k + "] want " + wantW[l][j][k] + " got " + gotW[l][j][k]);
                }
            }
        }
    }
}
