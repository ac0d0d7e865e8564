package nndl4j.network;

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
 * Finite differences of the cost, computed in double precision from the network's own parameters, against
 * the engine's backprop on every backend: checks the calculus, not just agreement with another implementation.
 */
class GradientCheckTest {
    private static final double H = 1e-6;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (Cost cost : List.of(QuadraticCost.INSTANCE, CrossEntropyCost.INSTANCE)) {
                cases.add(Arguments.of(backend, cost));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void backpropEqualsFiniteDifferences(String backend, Cost cost) {
        int[] sizes = {4, 5, 3, 2};
        Network net = new Network(sizes, cost, 11).useBackend(TestBackends.open(backend));
        Dataset sample = NetworkParityTest.randomData(sizes, 1, 12);
        double[] x = ReferenceNetwork.toDouble(sample.input(0));
        double[] y = ReferenceNetwork.toDouble(sample.target(0));
        Gradients got = net.backprop(sample.input(0), sample.target(0));
        ReferenceNetwork ref = new ReferenceNetwork(net);
        for (int l = 0; l < sizes.length - 1; l++) {
            for (int j = 0; j < sizes[l + 1]; j++) {
                int layer = l, row = j;
                double numeric = centralDifference(ref, x, y, v -> ref.b[layer][row] = v, ref.b[l][j]);
                assertEquals(numeric, got.nablaB()[l][j], 1e-5 + 1e-3 * Math.abs(numeric), "dC/db[" + l + "][" + j + "]");
                for (int k = 0; k < sizes[l]; k++) {
                    int col = k;
                    double numericW = centralDifference(ref, x, y, v -> ref.w[layer][row][col] = v, ref.w[l][j][k]);
                    assertEquals(numericW, got.nablaW()[l][j][k], 1e-5 + 1e-3 * Math.abs(numericW),
                            "dC/dw[" + l + "][" + j + "][" + k + "]");
                }
            }
        }
    }

    /** (C(p + h) − C(p − h)) / 2h, restoring the parameter afterwards. */
    private static double centralDifference(ReferenceNetwork ref, double[] x, double[] y,
                                            java.util.function.DoubleConsumer set, double value) {
        set.accept(value + H);
        double plus = ref.cost(ref.feedforward(x), y);
        set.accept(value - H);
        double minus = ref.cost(ref.feedforward(x), y);
        set.accept(value);
        return (plus - minus) / (2 * H);
    }
}
