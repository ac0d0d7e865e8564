package nndl4j.network;

import nndl4j.Backends;
import nndl4j.BadInputException;
import nndl4j.backend.Activation;
import nndl4j.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java API's public constructors and methods reject wrong arguments where they are given, saying what was wrong:
 * a null is a {@link NullPointerException} naming the parameter; a wrong shape or value a {@link BadInputException}
 * (an {@link IllegalArgumentException}, which the command line prints as one line when the value came from a file);
 * a sample index out of range an {@link IndexOutOfBoundsException}. Never an {@link ArrayIndexOutOfBoundsException}
 * from deep inside, nor a null accepted to fail later.
 */
class ApiArgumentChecksTest {
    private static final int[] SIZES = {3, 4, 2};

    /** Weights [layer][out][in] and biases [layer][out] of the right shapes for {@code sizes}, all zero. */
    private static float[][][] weightsFor(int... sizes) {
        float[][][] w = new float[sizes.length - 1][][];
        for (int l = 0; l < w.length; l++) {
            w[l] = new float[sizes[l + 1]][sizes[l]];
        }
        return w;
    }

    private static float[][] biasesFor(int... sizes) {
        float[][] b = new float[sizes.length - 1][];
        for (int l = 0; l < b.length; l++) {
            b[l] = new float[sizes[l + 1]];
        }
        return b;
    }

    private static void assertBadInput(Executable action, String... parts) {
        BadInputException e = assertThrows(BadInputException.class, action);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
        assertFalse(e.getMessage().contains("\n"), () -> "one line: " + e.getMessage());
    }

    private static void assertNullNamed(Executable action, String parameter) {
        NullPointerException e = assertThrows(NullPointerException.class, action);
        assertEquals(parameter, e.getMessage());
    }

    @Test
    void networkWithGivenParametersOfTheRightShapesIsThoseParameters() {
        float[][][] w = weightsFor(SIZES);
        w[1][1][3] = 0.5f;
        float[][] b = biasesFor(SIZES);
        b[0][2] = -1.5f;
        Network net = new Network(SIZES, QuadraticCost.INSTANCE, w, b);
        assertTrue(Arrays.deepEquals(w, net.weights()));
        assertTrue(Arrays.deepEquals(b, net.biases()));
    }

    @Test
    void networkWithParametersOfWrongShapesSaysWhichOne() {
        // the parameters of a [3, 5, 2] network given to a [3, 4, 2] one: the first layer's rows are wrong
        assertBadInput(() -> new Network(SIZES, QuadraticCost.INSTANCE, weightsFor(3, 5, 2), biasesFor(SIZES)),
                "weights[0] must have 4 rows, got 5");
        assertBadInput(() -> new Network(SIZES, QuadraticCost.INSTANCE, weightsFor(2, 4, 2), biasesFor(SIZES)),
                "weights[0][0] must have 3 entries, got 2");
        assertBadInput(() -> new Network(SIZES, QuadraticCost.INSTANCE, weightsFor(3, 4, 2, 2), biasesFor(SIZES)),
                "need 2 weight matrices and 2 bias vectors, got 3 and 2");
        assertBadInput(() -> new Network(SIZES, QuadraticCost.INSTANCE, weightsFor(SIZES), biasesFor(3, 4, 3)),
                "biases[1] must have 2 entries, got 3");
        float[][][] ragged = weightsFor(SIZES);
        ragged[1][1] = null;
        assertBadInput(() -> new Network(SIZES, QuadraticCost.INSTANCE, ragged, biasesFor(SIZES)),
                "weights[1][1] must have 4 entries, got null");
        assertBadInput(() -> new Network(new int[] {3, 0, 2}, QuadraticCost.INSTANCE, 1), "at least one neuron");
        assertBadInput(() -> new Network(new int[] {3}, QuadraticCost.INSTANCE, 1), "at least two layers");
        assertBadInput(() -> new Network(SIZES, LogLikelihoodCost.INSTANCE, 1), "QuadraticCost or CrossEntropyCost");
    }

    @Test
    void networkRejectsNullsNamingThem() {
        assertNullNamed(() -> new Network(null, QuadraticCost.INSTANCE, 1), "sizes");
        assertNullNamed(() -> new Network(SIZES, null, 1), "cost");
        assertNullNamed(() -> new Network(SIZES, QuadraticCost.INSTANCE, (Activation) null, 1), "activation");
        assertNullNamed(() -> new Network(SIZES, QuadraticCost.INSTANCE, null, biasesFor(SIZES)), "weights");
        assertNullNamed(() -> new Network(SIZES, QuadraticCost.INSTANCE, weightsFor(SIZES), null), "biases");
        Network net = new Network(SIZES, QuadraticCost.INSTANCE, 1);
        assertNullNamed(() -> net.useBackend(null), "backend");
        assertNullNamed(() -> net.sgd(null, 1, 1, 1.0), "training data");
        Dataset data = Dataset.ofLabels(new float[6], 3, new int[] {0, 1}, 2);
        assertNullNamed(() -> net.sgd(data, 1, 1, 1.0, null), "options");
        assertNullNamed(() -> net.accuracy(null), "data");
    }

    @Test
    void networkRejectsSamplesOfTheWrongSize() {
        Network net = new Network(SIZES, QuadraticCost.INSTANCE, 1);
        assertBadInput(() -> net.feedforward(new float[4]), "input", "4", "3");
        assertBadInput(() -> net.backprop(new float[3], new float[3]), "desired output", "3", "2");
        Dataset fourInputs = Dataset.ofLabels(new float[8], 4, new int[] {0, 1}, 2);
        assertBadInput(() -> net.sgd(fourInputs, 1, 1, 1.0), "training data", "inputs of size 4", "3 inputs");
        assertThrows(IllegalArgumentException.class, () -> Network.vectorizedResult(10));
        Dataset two = Dataset.ofLabels(new float[6], 3, new int[] {0, 1}, 2);
        assertBadInput(() -> net.updateMiniBatch(two, 0.5, 0.1, 1), "n, the training set's size", "at least the mini-batch's 2, got 1");
        assertBadInput(() -> net.updateMiniBatch(two, Double.NaN, 0.1, 10), "learning rate eta=NaN");
        assertBadInput(() -> net.updateMiniBatch(two, 0.5, -1, 10), "lambda=-1.0");
        assertBadInput(() -> net.updateMiniBatch(Dataset.ofLabels(new float[0], 3, new int[0], 2), 0.5, 0, 10),
                "mini-batch size 0");
    }

    @Test
    void layeredNetworkRejectsNullsAndMismatchedLayers() {
        assertNullNamed(() -> new LayeredNetwork((List<Layer>) null, 1), "layers");
        assertNullNamed(() -> new LayeredNetwork(Arrays.asList(new FullyConnectedLayer(3, 4), null, new SoftmaxLayer(4, 2)), 1),
                "layers[1]");
        assertBadInput(() -> new LayeredNetwork(List.of(new FullyConnectedLayer(3, 4), new SoftmaxLayer(5, 2)), 1),
                "layer 1 gives 4 values per sample but layer 2 takes 5");
        assertBadInput(() -> new LayeredNetwork(List.of(new FullyConnectedLayer(3, 4)), 1), "ends in a softmax layer");
        LayeredNetwork net = new LayeredNetwork(List.of(new FullyConnectedLayer(3, 4), new SoftmaxLayer(4, 2)), 1);
        assertNullNamed(() -> net.useBackend(null), "backend");
        Dataset data = Dataset.ofLabels(new float[6], 3, new int[] {0, 1}, 2);
        assertNullNamed(() -> net.sgd(data, 1, 1, 0.1, null, null, null), "options");
        assertBadInput(() -> net.feedforward(new float[2]), "input", "2", "3");
    }

    @Test
    void layersRejectImpossibleSizesAndNulls() {
        assertBadInput(() -> new FullyConnectedLayer(0, 4), "at least one input and one output", "n_in=0");
        assertBadInput(() -> new SoftmaxLayer(4, 2, 1.0), "dropout probability 1.0");
        assertBadInput(() -> new FullyConnectedLayer(4, 2, Activation.RELU, Double.NaN), "dropout probability NaN");
        assertNullNamed(() -> new FullyConnectedLayer(4, 2, null, 0), "activation");
        assertNullNamed(() -> new ConvPoolLayer(null, new Shape(1, 8, 8)), "filterShape");
        assertNullNamed(() -> new ConvPoolLayer(new FilterShape(2, 1, 3, 3), null), "imageShape");
        assertBadInput(() -> new ConvPoolLayer(new FilterShape(2, 3, 3, 3), new Shape(1, 8, 8)), "3", "channels");
        assertBadInput(() -> new Shape(1, 0, 8), "invalid shape");
    }

    @Test
    void datasetSaysWhatIsWrong() {
        assertNullNamed(() -> new Dataset(null, 3, new float[2], 2), "inputs");
        assertNullNamed(() -> Dataset.ofLabels(new float[6], 3, null, 2), "labels");
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new float[6], 0, new float[2], 2));
        assertTrue(sizes.getMessage().contains("got 0 and 2"), sizes.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofLabels(new float[6], 3, new int[] {0, 2}, 2));
        assertTrue(label.getMessage().contains("label 2 of sample 1"), label.getMessage());
        Dataset data = Dataset.ofLabels(new float[] {1, 2, 3, 4, 5, 6}, 3, new int[] {0, 1}, 2);
        assertEquals(List.of(4f, 5f, 6f), List.of(data.input(1)[0], data.input(1)[1], data.input(1)[2]));
        for (int outside : new int[] {-1, 2}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> data.input(outside));
            assertFalse(e instanceof ArrayIndexOutOfBoundsException, "checked, not an array's own failure");
            assertTrue(e.getMessage().contains("Index " + outside + " out of bounds for length 2"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> data.target(outside));
            assertThrows(IndexOutOfBoundsException.class, () -> data.label(outside));
        }
    }

    @Test
    void backendsAreOpenedByANameThatExists() {
        assertNullNamed(() -> Backends.open(null, notice -> { }), "name");
        assertNullNamed(() -> Backends.open("cpu", null), "notice");
        assertBadInput(() -> Backends.open("gpu", notice -> { }), "unknown backend 'gpu'", "auto, cuda, cpu");
    }

    @Test
    void sgdOptionsRejectNullCallbacks() {
        assertNullNamed(() -> SgdOptions.defaults().listener(null), "listener");
        assertNullNamed(() -> SgdOptions.defaults().stopWhen(null), "stopWhen");
    }
}
