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
 * with its dropout masks, and three epochs of SGD with L2 and a remainder that does not fill a mini-batch.
 */
class LayeredParityTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (Activation f : Activation.values()) {
                for (double p : new double[] {0, 0.3}) {
                    cases.add(Arguments.of(backend, f, p));
                }
            }
        }
        return cases.stream();
    }

    /** 12 inputs → 9 → 7 → softmax over 5 classes, each layer with dropout p. */
    static LayeredNetwork network(String backend, Activation f, double p, long seed) {
        LayeredNetwork net = new LayeredNetwork(List.of(new FullyConnectedLayer(12, 9, f, p),
                new FullyConnectedLayer(9, 7, f, p), new SoftmaxLayer(7, 5, p)), seed);
        return net.useBackend(TestBackends.open(backend));
    }

    /** Softmax starts at zero in network3.py: give it parameters, so that its weights matter from the first step. */
    private static void randomizeSoftmax(LayeredNetwork net, long seed) {
        DenseLayer softmax = (DenseLayer) net.layers().get(2);
        java.util.Random r = new java.util.Random(seed);
        softmax.w.set(Gaussian.draw(softmax.nIn * softmax.nOut, 0.5, r));
        softmax.b.set(Gaussian.draw(softmax.nOut, 0.5, r));
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("cases")
    void forwardAtInferenceScalesDroppedInputs(String backend, Activation f, double p) {
        LayeredNetwork net = network(backend, f, p, 3);
        randomizeSoftmax(net, 4);
        ReferenceLayers ref = new ReferenceLayers(net);
        Dataset data = NetworkParityTest.randomData(new int[] {12, 5}, 7, 5);
        for (int j = 0; j < data.size(); j++) {
            double[] want = ref.feedforward(ReferenceLayers.toDouble(data.input(j)), null);
            float[] got = net.feedforward(data.input(j));
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5, "sample " + j + " output " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("cases")
    void gradientsOfOneSampleUnderItsDropoutMasks(String backend, Activation f, double p) {
        LayeredNetwork net = network(backend, f, p, 6);
        randomizeSoftmax(net, 7);
        ReferenceLayers ref = new ReferenceLayers(net);
        Dataset data = NetworkParityTest.randomData(new int[] {12, 5}, 1, 8);
        long step = 12345;
        ReferenceLayers.Grad want = ref.backprop(ReferenceLayers.toDouble(data.input(0)),
                ReferenceLayers.toDouble(data.target(0)), new ReferenceLayers.Masks(net.seed(), step, 0));
        List<float[][]> got = net.stack().backprop(data.input(0), data.target(0), Pass.training(net.seed(), step));
        for (int l = 0; l < 3; l++) {
            int nOut = want.b()[l].length;
            for (int o = 0; o < nOut; o++) {
                assertEquals(want.b()[l][o], got.get(l)[1][o], 1e-5, "∂C/∂b[" + l + "][" + o + "]");
                for (int i = 0; i < want.w()[l].length; i++) {
                    // the engine's column-major n_out×n_in gradient holds ∂C/∂w[i][o] at o + i·n_out
                    assertEquals(want.w()[l][i][o], got.get(l)[0][o + i * nOut], 1e-5, "∂C/∂w[" + l + "][" + i + "][" + o + "]");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("cases")
    void threeEpochsOfSgdWithL2AndADroppedRemainder(String backend, Activation f, double p) {
        LayeredNetwork net = network(backend, f, p, 9);
        ReferenceLayers ref = new ReferenceLayers(net);
        Dataset training = NetworkParityTest.randomData(new int[] {12, 5}, 47, 10); // 4 batches of 10, 7 dropped
        Dataset validation = NetworkParityTest.randomData(new int[] {12, 5}, 25, 11);
        double eta = f == Activation.LINEAR || f == Activation.RELU ? 0.1 : 0.5;
        LayeredTrainingResult result = net.sgd(training, 3, 10, eta, validation, null, 0.8);
        ref.sgd(training, 3, 10, eta, 0.8, net.seed());
        for (int l = 0; l < 3; l++) {
            DenseLayer layer = (DenseLayer) net.layers().get(l);
            float[][] w = layer.weights();
            float[] b = layer.biases();
            ReferenceLayers.Dense d = ref.layers.get(l);
            for (int o = 0; o < b.length; o++) {
                assertEquals(d.b[o], b[o], 1e-4 + 1e-4 * Math.abs(d.b[o]), "b[" + l + "][" + o + "]");
                for (int i = 0; i < w.length; i++) {
                    assertEquals(d.w[i][o], w[i][o], 1e-4 + 1e-4 * Math.abs(d.w[i][o]), "w[" + l + "][" + i + "][" + o + "]");
                }
            }
        }
        assertEquals(3, result.history().evaluationAccuracy().size(), "a validation count per epoch");
        assertEquals(ref.accuracy(validation, 20), result.history().evaluationAccuracy().get(2),
                "the last epoch's validation count, over the 20 samples of whole mini-batches");
    }
}
