package nndl4j.network;

import nndl4j.backend.TestBackends;
import nndl4j.data.Dataset;
import nndl4j.data.LabeledImages;
import nndl4j.data.MnistLocator;
import nndl4j.data.MnistSplits;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real digits: [784, 30, 10] trained for 3 epochs (batch 10, default initializer) on the first 8,000 images of
 * MNIST's test set must classify ≥ 92% of the last 2,000. A numpy version of the same math gets 93–95% over
 * 8 seeds; each seed here must pass on its own.
 */
class MnistAccuracyTest {
    private static final long[] SEEDS = {1, 2, 3};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            cases.add(Arguments.of(backend, QuadraticCost.INSTANCE, 3.0, 0.0));
            cases.add(Arguments.of(backend, CrossEntropyCost.INSTANCE, 0.5, 5.0));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} eta={2} lambda={3}")
    @MethodSource("cases")
    void learnsRealDigits(String backend, Cost cost, double eta, double lambda) {
        Path dir = MnistLocator.sharedTestSet().orElse(null);
        Assumptions.assumeTrue(dir != null, MnistLocator::missingTestSetMessage);
        LabeledImages t10k = LabeledImages.read(dir.resolve(MnistSplits.TEST_IMAGES + ".gz"));
        Dataset training = t10k.toDataset(0, 8_000);
        Dataset test = t10k.toDataset(8_000, 10_000);
        for (long seed : SEEDS) {
            Network net = new Network(new int[] {784, 30, 10}, cost, seed).useBackend(TestBackends.open(backend));
            net.sgd(training, 3, 10, eta, SgdOptions.defaults().lambda(lambda));
            int correct = net.accuracy(test);
            System.out.printf("%s %s eta=%s lambda=%s seed=%d: %d / 2000%n", backend, cost, eta, lambda, seed, correct);
            assertTrue(correct >= 1_840, cost + " seed " + seed + ": " + correct + " / 2000 is below 92%");
        }
    }
}
