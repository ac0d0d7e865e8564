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
 * connected and softmax layers with log-likelihood, with and without dropout, and network2 networks with each
 * hidden activation under the quadratic and cross-entropy costs.
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
        List<float[][]> got = net.stack().backprop(sample.input(0), sample.target(0), Pass.training(net.seed(), step));
        check(new ReferenceLayers(net), sample, new ReferenceLayers.Masks(net.seed(), step, 0), got);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("network2")
    void network2BackpropEqualsFiniteDifferences(String backend, Activation f, Cost cost) {
        Network net = new Network(new int[] {5, 6, 4, 3}, cost, f, 31).useBackend(TestBackends.open(backend));
        Dataset sample = NetworkParityTest.randomData(new int[] {5, 3}, 1, 32);
        check(new ReferenceLayers(net), sample, null, net.stack().backprop(sample.input(0), sample.target(0), Pass.INFERENCE));
    }

    /** Every ∂C/∂b and ∂C/∂w of {@code got} (engine layout: column-major n_out×n_in) against central differences. */
    private static void check(ReferenceLayers ref, Dataset sample, ReferenceLayers.Masks masks, List<float[][]> got) {
        double[] x = ReferenceLayers.toDouble(sample.input(0));
        double[] y = ReferenceLayers.toDouble(sample.target(0));
        for (int l = 0; l < ref.layers.size(); l++) {
            ReferenceLayers.Dense d = ref.layers.get(l);
            for (int o = 0; o < d.nOut(); o++) {
                int out = o;
                double numeric = centralDifference(ref, x, y, masks, v -> d.b[out] = v, d.b[o]);
                assertEquals(numeric, got.get(l)[1][o], 1e-5 + 1e-3 * Math.abs(numeric), "∂C/∂b[" + l + "][" + o + "]");
                for (int i = 0; i < d.nIn(); i++) {
                    int in = i;
                    double numericW = centralDifference(ref, x, y, masks, v -> d.w[in][out] = v, d.w[i][o]);
                    assertEquals(numericW, got.get(l)[0][o + i * d.nOut()], 1e-5 + 1e-3 * Math.abs(numericW),
                            "∂C/∂w[" + l + "][" + i + "][" + o + "]");
                }
            }
        }
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
