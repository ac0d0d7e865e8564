package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.TestBackends;
import nndl4j.data.Dataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Finite differences of the cost in double precision (through {@link ReferenceLayers}, from the network's own
 * parameters and dropout masks) against the engine's backpropagation, per layer type × activation × cost: fully
 * connected and softmax layers with log-likelihood, with and without dropout, two conv-pool layers before them,
 * Theano's gradient at max-pool ties, and network2 networks with each hidden activation under the quadratic and
 * cross-entropy costs.
 */
class LayerGradientCheckTest {
    private static final double H = 1e-6;

    static Stream<Arguments> layered() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (Activation f : Activation.values()) {
                for (double p : new double[] {0, 0.4}) {
                    cases.add(Arguments.of(backend, f, p));
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> network2() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (Activation f : Activation.values()) {
                for (Cost cost : List.of(QuadraticCost.INSTANCE, CrossEntropyCost.INSTANCE)) {
                    cases.add(Arguments.of(backend, f, cost));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("layered")
    void layeredBackpropEqualsFiniteDifferences(String backend, Activation f, double p) {
        LayeredNetwork net = new LayeredNetwork(List.of(new FullyConnectedLayer(6, 5, f, p),
                new FullyConnectedLayer(5, 4, f, p), new SoftmaxLayer(4, 3, p)), 21).useBackend(TestBackends.open(backend));
        DenseLayer softmax = (DenseLayer) net.layers().get(2);
        java.util.Random r = new java.util.Random(22);
        softmax.w.set(Gaussian.draw(12, 1, r)); // network3.py starts it at zero: any point will do for a gradient
        Dataset sample = NetworkParityTest.randomData(new int[] {6, 3}, 1, 23);
        long step = 77;
        List<float[][]> got = net.stack().backprop(sample.input(0), sample.target(0), net.seed(), step);
        check(new ReferenceLayers(net), sample, new ReferenceLayers.Masks(net.seed(), step, 0), got);
    }

    static Stream<Arguments> convolutional() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (Activation f : Activation.values()) {
                cases.add(Arguments.of(backend, f));
            }
        }
        return cases.stream();
    }

    /** A 2×7×8 image → 3 filters of 2×3, pooled 2×2 (6×6 maps) → 2 filters of 2×2, pooled 2×1 (border row dropped) → 4 → softmax over 3. */
    private static LayeredNetwork convNetwork(String backend, Activation f) {
        ConvPoolLayer first = new ConvPoolLayer(new FilterShape(3, 2, 2, 3), new Shape(2, 7, 8), new PoolSize(2, 2), f);
        ConvPoolLayer second = new ConvPoolLayer(new FilterShape(2, 3, 2, 2), first.outputShape(), new PoolSize(2, 1), f);
        LayeredNetwork net = new LayeredNetwork(List.of(first, second, new FullyConnectedLayer(second.outputSize(), 4, f, 0.3),
                new SoftmaxLayer(4, 3)), 41).useBackend(TestBackends.open(backend));
        DenseLayer softmax = (DenseLayer) net.layers().get(3);
        softmax.w.set(Gaussian.draw(12, 1, new java.util.Random(42)));
        return net;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("convolutional")
    void convPoolBackpropEqualsFiniteDifferences(String backend, Activation f) {
        LayeredNetwork net = convNetwork(backend, f);
        Dataset sample = NetworkParityTest.randomData(new int[] {2 * 7 * 8, 3}, 1, 43);
        long step = 5;
        List<float[][]> got = net.stack().backprop(sample.input(0), sample.target(0), net.seed(), step);
        check(new ReferenceLayers(net), sample, new ReferenceLayers.Masks(net.seed(), step, 0), got);
    }

    /**
     * Theano's max-pool gradient at ties, against finite differences: on an image of one constant value every map
     * of the first layer is constant, so each 2×2 window is a four-way tie of entries computed from identical patches.
     * Moving a first-layer weight moves all four together, so the cost changes as if one entry moved (the finite
     * difference), while Theano, and so this engine, give δ to all four: exactly 4× the finite difference. PyTorch,
     * which picks one entry, would match the finite difference. The biases (added after the pooling) and the layers
     * after it are unaffected.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("convolutional")
    void maxPoolTiesSendTheGradientToEveryTiedEntryAsTheanoDoes(String backend, Activation f) {
        ConvPoolLayer conv = new ConvPoolLayer(new FilterShape(3, 2, 2, 3), new Shape(2, 7, 8), new PoolSize(2, 2), f);
        LayeredNetwork net = new LayeredNetwork(List.of(conv, new FullyConnectedLayer(conv.outputSize(), 4, f, 0),
                new SoftmaxLayer(4, 3)), 44).useBackend(TestBackends.open(backend));
        ((DenseLayer) net.layers().get(2)).w.set(Gaussian.draw(12, 1, new java.util.Random(45)));
        float[] image = new float[2 * 7 * 8];
        java.util.Arrays.fill(image, 0.75f);
        float[] target = {0, 1, 0};
        Dataset sample = new Dataset(image, image.length, target, target.length);
        ReferenceLayers ref = new ReferenceLayers(net);
        List<float[][]> got = net.stack().backprop(image, target);
        double[][] numeric = finiteDifferences(ref, sample, null).get(0);
        ReferenceLayers.Grad theano = ref.backprop(ReferenceLayers.toDouble(image), ReferenceLayers.toDouble(target), null);
        for (int k = 0; k < numeric[0].length; k++) {
            assertEquals(4 * numeric[0][k], theano.w()[0][k], 1e-6 + 1e-4 * Math.abs(numeric[0][k]), "the reference's ∂C/∂w[0][" + k + "]");
            assertEquals(theano.w()[0][k], got.get(0)[0][k], 1e-5 + 1e-4 * Math.abs(theano.w()[0][k]), "∂C/∂w[0][" + k + "]");
        }
        for (int k = 0; k < numeric[1].length; k++) {
            assertEquals(numeric[1][k], got.get(0)[1][k], 1e-5 + 1e-3 * Math.abs(numeric[1][k]), "∂C/∂b[0][" + k + "]");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("network2")
    void network2BackpropEqualsFiniteDifferences(String backend, Activation f, Cost cost) {
        Network net = new Network(new int[] {5, 6, 4, 3}, cost, f, 31).useBackend(TestBackends.open(backend));
        Dataset sample = NetworkParityTest.randomData(new int[] {5, 3}, 1, 32);
        check(new ReferenceLayers(net), sample, null, net.stack().backprop(sample.input(0), sample.target(0)));
    }

    /** Every ∂C/∂b and ∂C/∂w of {@code got} (engine layout: network3.py's flat order) against central differences. */
    private static void check(ReferenceLayers ref, Dataset sample, ReferenceLayers.Masks masks, List<float[][]> got) {
        List<double[][]> numeric = finiteDifferences(ref, sample, masks);
        for (int l = 0; l < ref.layers.size(); l++) {
            for (int part = 0; part < 2; part++) {
                for (int k = 0; k < numeric.get(l)[part].length; k++) {
                    double want = numeric.get(l)[part][k];
                    assertEquals(want, got.get(l)[part][k], 1e-5 + 1e-3 * Math.abs(want),
                            (part == 0 ? "∂C/∂w[" : "∂C/∂b[") + l + "][" + k + "]");
                }
            }
        }
    }

    /** Per layer, the central differences of the cost with respect to each weight and each bias. */
    private static List<double[][]> finiteDifferences(ReferenceLayers ref, Dataset sample, ReferenceLayers.Masks masks) {
        double[] x = ReferenceLayers.toDouble(sample.input(0));
        double[] y = ReferenceLayers.toDouble(sample.target(0));
        List<double[][]> all = new ArrayList<>();
        for (ReferenceLayers.Ref d : ref.layers) {
            double[][] numeric = {new double[d.w.length], new double[d.b.length]};
            for (int k = 0; k < d.w.length; k++) {
                int at = k;
                numeric[0][k] = centralDifference(ref, x, y, masks, v -> d.w[at] = v, d.w[k]);
            }
            for (int k = 0; k < d.b.length; k++) {
                int at = k;
                numeric[1][k] = centralDifference(ref, x, y, masks, v -> d.b[at] = v, d.b[k]);
            }
            all.add(numeric);
        }
        return all;
    }

    /** (C(p + h) − C(p − h)) / 2h under the same masks, restoring the parameter afterwards. */
    private static double centralDifference(ReferenceLayers ref, double[] x, double[] y, ReferenceLayers.Masks masks,
                                            DoubleConsumer set, double value) {
        set.accept(value + H);
        double plus = ref.cost(ref.feedforward(x, masks), y);
        set.accept(value - H);
        double minus = ref.cost(ref.feedforward(x, masks), y);
        set.accept(value);
        return (plus - minus) / (2 * H);
    }
}
