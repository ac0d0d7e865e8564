package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.TestBackends;
import nndl4j.data.Dataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Layered networks (network3.py's semantics) in float32 on every backend against {@link ReferenceLayers}, network3.py's
 * math per sample in double precision: the forward pass at inference, one sample's gradients under a training pass
 * with its dropout masks, and three epochs of SGD with L2 and a remainder that does not fill a mini-batch. Two
 * architectures: fully connected layers only, and two conv-pool layers (odd map sizes whose pooling drops a border,
 * non-square filters and pools, several channels) before the fully connected ones.
 */
class LayeredParityTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (Activation f : Activation.values()) {
                for (double p : new double[] {0, 0.3}) {
                    for (boolean conv : new boolean[] {false, true}) {
                        cases.add(Arguments.of(backend, f, p, conv));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** Values per sample of {@link #network}'s input and output. */
    static final int INPUTS = 99, CLASSES = 5;

    /**
     * 99 inputs → 9 → 7 → softmax over 5 classes, each layer with dropout p; or, with {@code conv}, the 99 inputs as a
     * 1×9×11 image → 3 filters of 3×2, pooled 2×2 (7×10 maps, the last row dropped) → 4 filters of 2×2 over 3×3×5,
     * pooled 1×2 (2×4 maps) → 9 → 7 → softmax, the dense layers with dropout p.
     */
    static LayeredNetwork network(String backend, Activation f, double p, boolean conv, long seed) {
        List<Layer> layers = new ArrayList<>();
        int nIn = INPUTS;
        if (conv) {
            ConvPoolLayer first = new ConvPoolLayer(new FilterShape(3, 1, 3, 2), new Shape(1, 9, 11), new PoolSize(2, 2), f);
            ConvPoolLayer second = new ConvPoolLayer(new FilterShape(4, 3, 2, 2), first.outputShape(), new PoolSize(1, 2), f);
            layers.add(first);
            layers.add(second);
            nIn = second.outputSize();
        }
        layers.add(new FullyConnectedLayer(nIn, 9, f, p));
        layers.add(new FullyConnectedLayer(9, 7, f, p));
        layers.add(new SoftmaxLayer(7, CLASSES, p));
        return new LayeredNetwork(layers, seed).useBackend(TestBackends.open(backend));
    }

    /** Softmax starts at zero in network3.py: give it parameters, so that its weights matter from the first step. */
    private static void randomizeSoftmax(LayeredNetwork net, long seed) {
        DenseLayer softmax = (DenseLayer) net.layers().get(net.layers().size() - 1);
        java.util.Random r = new java.util.Random(seed);
        softmax.w.set(Gaussian.draw(softmax.nIn * softmax.nOut, 0.5, r));
        softmax.b.set(Gaussian.draw(softmax.nOut, 0.5, r));
    }

    @ParameterizedTest(name = "{0} {1} p={2} conv={3}")
    @MethodSource("cases")
    void forwardAtInferenceScalesDroppedInputs(String backend, Activation f, double p, boolean conv) {
        LayeredNetwork net = network(backend, f, p, conv, 3);
        randomizeSoftmax(net, 4);
        ReferenceLayers ref = new ReferenceLayers(net);
        Dataset data = NetworkParityTest.randomData(new int[] {INPUTS, CLASSES}, 7, 5);
        for (int j = 0; j < data.size(); j++) {
            double[] want = ref.feedforward(ReferenceLayers.toDouble(data.input(j)), null);
            float[] got = net.feedforward(data.input(j));
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5, "sample " + j + " output " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} p={2} conv={3}")
    @MethodSource("cases")
    void gradientsOfOneSampleUnderItsDropoutMasks(String backend, Activation f, double p, boolean conv) {
        LayeredNetwork net = network(backend, f, p, conv, 6);
        randomizeSoftmax(net, 7);
        ReferenceLayers ref = new ReferenceLayers(net);
        Dataset data = NetworkParityTest.randomData(new int[] {INPUTS, CLASSES}, 1, 8);
        long step = 12345;
        ReferenceLayers.Grad want = ref.backprop(ReferenceLayers.toDouble(data.input(0)),
                ReferenceLayers.toDouble(data.target(0)), new ReferenceLayers.Masks(net.seed(), step, 0));
        List<float[][]> got = net.stack().backprop(data.input(0), data.target(0), net.seed(), step);
        for (int l = 0; l < want.w().length; l++) {
            assertClose(want.b()[l], got.get(l)[1], 1e-5, 0, "∂C/∂b[" + l + "]");
            // the engine's weight layout is network3.py's flat order (a dense layer's column-major n_out×n_in)
            assertClose(want.w()[l], got.get(l)[0], 1e-5, 0, "∂C/∂w[" + l + "]");
        }
    }

    static void assertClose(double[] want, float[] got, double absolute, double relative, String what) {
        assertEquals(want.length, got.length, what + " length");
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], got[k], absolute + relative * Math.abs(want[k]), what + "[" + k + "]");
        }
    }

    @ParameterizedTest(name = "{0} {1} p={2} conv={3}")
    @MethodSource("cases")
    void threeEpochsOfSgdWithL2AndADroppedRemainder(String backend, Activation f, double p, boolean conv) {
        LayeredNetwork net = network(backend, f, p, conv, 9);
        ReferenceLayers ref = new ReferenceLayers(net);
        Dataset training = NetworkParityTest.randomData(new int[] {INPUTS, CLASSES}, 47, 10); // 4 batches of 10, 7 dropped
        Dataset validation = NetworkParityTest.randomData(new int[] {INPUTS, CLASSES}, 25, 11);
        double eta = f == Activation.LINEAR || f == Activation.RELU ? 0.1 : 0.5;
        LayeredTrainingResult result = net.sgd(training, 3, 10, eta, validation, null, 0.8);
        ref.sgd(training, 3, 10, eta, 0.8, net.seed());
        for (int l = 0; l < ref.layers.size(); l++) {
            Layer layer = net.layers().get(l);
            ReferenceLayers.Ref d = ref.layers.get(l);
            assertClose(d.b, layer.biasParameter().values(), 1e-4, 1e-4, "b[" + l + "]");
            assertClose(d.w, layer.weightParameter().values(), 1e-4, 1e-4, "w[" + l + "]");
        }
        assertEquals(3, result.history().evaluationAccuracy().size(), "a validation count per epoch");
        assertEquals(ref.accuracy(validation, 20), result.history().evaluationAccuracy().get(2),
                "the last epoch's validation count, over the 20 samples of whole mini-batches");
    }
}
