package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.TestBackends;
import nndl4j.data.Dataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph path (a training step recorded once and replayed, {@link Engine#trainStep}) trains exactly as the per-op
 * path: the same ops in the same order on the same values, so the weights after several epochs are bit-identical,
 * with shuffled mini-batches, a shorter last mini-batch (network2), dropout masks that change every step and conv
 * layers (network3). On the CPU, which does not record, both options run per op and say so.
 */
class GraphPathTest {

    static Stream<String> backends() {
        return TestBackends.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void network2TrainsBitForBitAsPerOpAndSaysWhichPathRan(String backend) {
        Dataset data = NetworkParityTest.randomData(new int[] {20, 4}, 53, 61); // 5 mini-batches of 10, then 3
        List<String> paths = new ArrayList<>();
        float[][] weights = new float[2][];
        for (boolean graphs : new boolean[] {true, false}) {
            Network net = new Network(new int[] {20, 8, 4}, CrossEntropyCost.INSTANCE, 62)
                    .useBackend(TestBackends.open(backend));
            net.sgd(data, 3, 10, 0.5, SgdOptions.defaults().lambda(0.1).graphs(graphs).listener(stepsInto(paths)));
            weights[graphs ? 0 : 1] = flatten(net.weights(), net.biases());
        }
        assertArrayEquals(weights[1], weights[0], "graph path vs per-op path");
        checkPaths(backend, paths, 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void layeredNetworksWithDropoutAndConvLayersTrainBitForBitAsPerOp(String backend) {
        Dataset data = NetworkParityTest.randomData(new int[] {LayeredParityTest.INPUTS, LayeredParityTest.CLASSES}, 40, 63);
        List<String> paths = new ArrayList<>();
        float[][] params = new float[2][];
        for (boolean graphs : new boolean[] {true, false}) {
            LayeredNetwork net = LayeredParityTest.network(backend, Activation.RELU, 0.3, true, 64);
            net.sgd(data, 2, 8, 0.1, null, null, SgdOptions.defaults().lambda(0.1).shuffle(true).graphs(graphs)
                    .listener(stepsInto(paths)));
            List<float[]> all = new ArrayList<>();
            for (Layer layer : net.layers()) {
                layer.parameters().forEach(p -> all.add(p.values()));
            }
            params[graphs ? 0 : 1] = flatten(all.toArray(float[][]::new));
        }
        assertArrayEquals(params[1], params[0], "graph path vs per-op path");
        checkPaths(backend, paths, 2);
    }

    private static TrainingListener stepsInto(List<String> paths) {
        return new TrainingListener() {
            @Override
            public void epochFinished(EpochReport report) {
                paths.add(report.steps());
            }
        };
    }

    /** The first {@code epochs} reports ran with graphs asked for, the rest without. */
    private static void checkPaths(String backend, List<String> paths, int epochs) {
        assertEquals(2 * epochs, paths.size());
        String withGraphs = backend.equals("cpu")
                ? "per-op (the cpu backend runs each op as it is issued)" : "graph";
        assertEquals(List.of(withGraphs), paths.subList(0, epochs).stream().distinct().toList());
        assertEquals(List.of("per-op (graphs off)"), paths.subList(epochs, 2 * epochs).stream().distinct().toList());
    }

    private static float[] flatten(float[][][] weights, float[][] biases) {
        List<float[]> all = new ArrayList<>();
        for (float[][] w : weights) {
            all.addAll(List.of(w)); // network2's rows
        }
        all.addAll(List.of(biases));
        return flatten(all.toArray(float[][]::new));
    }

    private static float[] flatten(float[][] parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        assertTrue(n > 0);
        return out;
    }
}
