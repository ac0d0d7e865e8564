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
 * {@link NetworkParityTest#sgdMatchesReference}'s training run on the CUDA backend with the own SGEMM kernel
 * ({@code kernels/sgemm.cu}) instead of a vendor GEMM, on the emulator: every GEMM of feedforward and backprop
 * (plain, Aᵀ·B and A·Bᵀ) through the kernel, at the shapes of a real network.
 */
class OwnSgemmKernelParityTest {

    static Stream<Arguments> cases() {
        int[][] shapes = {{3, 2, 2, 2, 2, 3}, {40, 64, 10}, {20, 17, 5}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] shape : shapes) {
            for (Cost cost : List.of(QuadraticCost.INSTANCE, CrossEntropyCost.INSTANCE)) {
                cases.add(Arguments.of(shape, cost));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sgdThroughTheOwnSgemmKernelMatchesReference(int[] sizes, Cost cost) {
        Network net = new Network(sizes, cost, 7).useBackend(TestBackends.openEmulatedWithOwnSgemm());
        ReferenceNetwork ref = new ReferenceNetwork(net);
        Dataset training = NetworkParityTest.randomData(sizes, 23, 8);
        Dataset evaluation = NetworkParityTest.randomData(sizes, 11, 9);
        double eta = 0.5, lambda = 1.5;
        net.sgd(training, 3, 5, eta, SgdOptions.defaults().shuffle(false).lambda(lambda));
        ref.sgdInOrder(training, 3, 5, eta, lambda);
        NetworkParityTest.assertClose(ref.b, ref.w, net.biases(), net.weights(), 1e-4, "parameters after 3 epochs");
        assertEquals(ref.totalCost(evaluation, lambda), net.totalCost(evaluation, lambda), 1e-4);
        assertEquals(ref.accuracy(evaluation), net.accuracy(evaluation));
    }
}
