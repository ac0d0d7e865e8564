package nndl4j.network;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;
import nndl4j.data.Dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * network3.py's {@code Network}: a stack of layers ({@link ConvPoolLayer}, {@link FullyConnectedLayer},
 * {@link SoftmaxLayer}) ending in a softmax layer, trained by SGD on the log-likelihood cost with network3.py's
 * semantics: mini-batches in data order (shuffling is an option), the remainder that does not fill a mini-batch
 * dropped (in training, validation and test alike), the cost averaged over the mini-batch, L2 on every layer's
 * weights with decay 1 − ηλ/(number of training mini-batches), and dropout on the layers' inputs during training.
 *
 * <p>Where it differs from network3.py: Theano draws every dropout layer's mask from one generator seeded with the
 * same constant; here each layer's masks come from Philox4x32-10 keyed by the network's seed and countered by
 * (layer, mini-batch number, position), so the masks are independent across layers and identical on every backend.
 */
public final class LayeredNetwork implements Model {
    private final Shape input;
    private final LayerStack stack;
    private long seed;
    private Random random;

    /** A network of {@code layers} whose new layers draw their parameters from {@code seed}, which also keys the dropout masks. */
    public LayeredNetwork(List<? extends Layer> layers, long seed) {
        this(null, layers, seed);
    }

    /** As {@link #LayeredNetwork(List, long)} with samples of shape {@code input} (channels × height × width). */
    public LayeredNetwork(Shape input, List<? extends Layer> layers, long seed) {
        Objects.requireNonNull(layers, "layers");
        for (int l = 0; l < layers.size(); l++) {
            Objects.requireNonNull(layers.get(l), "layers[" + l + "]");
        }
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof SoftmaxLayer)) {
            throw new BadInputException("a layered network ends in a softmax layer (its log-likelihood is the cost)");
        }
        this.stack = new LayerStack(List.copyOf(layers), LogLikelihoodCost.INSTANCE);
        Layer first = stack.layers.get(0);
        this.input = input != null ? input : first instanceof ConvPoolLayer conv ? conv.imageShape() : Shape.flat(stack.inputSize());
        if (this.input.size() != stack.inputSize()) {
            throw new BadInputException("the input shape " + this.input + " has " + this.input.size()
                    + " values but the first layer takes " + stack.inputSize());
        }
        checkImageShapes(this.input, stack.layers);
        this.seed = seed;
        this.random = new Random(seed);
        for (Layer layer : stack.layers) {
            layer.initialize(random);
        }
    }

    /** Each convolutional layer's image shape is the shape of what the layer before it gives (or of the input). */
    private static void checkImageShapes(Shape input, List<Layer> layers) {
        Shape given = input;
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof ConvPoolLayer conv) {
                if (given != null && !given.equals(conv.imageShape())) {
                    throw new BadInputException("layer " + (l + 1) + " convolves " + conv.imageShape() + " images but "
                            + (l == 0 ? "the input is " : "layer " + l + " gives ") + given);
                }
                given = conv.outputShape();
            } else {
                given = null; // a flat vector: a convolution after it takes any shape of its size
            }
        }
    }

    /** network3.py's layers with parameters drawn from a random seed. */
    public LayeredNetwork(Layer... layers) {
        this(List.of(layers), new Random().nextLong());
    }

    /** Seeds the dropout masks and the shuffles of {@link #sgd} from now on (a loaded network starts with a random seed). */
    public LayeredNetwork seedTraining(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        return this;
    }

    @Override
    public LayeredNetwork useBackend(Backend backend) {
        stack.useBackend(backend);
        return this;
    }

    public Backend backend() {
        return stack.backend();
    }

    public List<Layer> layers() {
        return stack.layers;
    }

    public Shape inputShape() {
        return input;
    }

    /** network3.py's {@code SGD} with its defaults: mini-batches in data order, no listener. */
    public LayeredTrainingResult sgd(Dataset trainingData, int epochs, int miniBatchSize, double eta,
                                     Dataset validationData, Dataset testData, double lambda) {
        return sgd(trainingData, epochs, miniBatchSize, eta, validationData, testData,
                SgdOptions.defaults().lambda(lambda).shuffle(false));
    }

    /**
     * network3.py's {@code SGD}: after each epoch the validation accuracy and, when it is the best so far ({@code >=},
     * as network3.py compares), the test accuracy. Of {@code options}, λ, shuffle, the listener, the stop request and
     * the checkpoints apply; network2's monitors and early stopping do not.
     */
    public LayeredTrainingResult sgd(Dataset trainingData, int epochs, int miniBatchSize, double eta,
                                     Dataset validationData, Dataset testData, SgdOptions options) {
        Objects.requireNonNull(options, "options");
        Hyperparameters.check(epochs, miniBatchSize, eta, options.lambda());
        if (options.evaluationData() != null || options.earlyStoppingN() > 0 || options.monitorTrainingCost()
                || options.monitorTrainingAccuracy() || options.monitorEvaluationCost() || options.monitorEvaluationAccuracy()) {
            throw new BadInputException("a layered network reports validation and test accuracy as network3.py does; "
                    + "monitors and early stopping are network2 options");
        }
        stack.checkShape(trainingData, "training data");
        int batches = trainingData.size() / miniBatchSize;
        if (batches == 0) {
            throw new BadInputException("the training data (" + trainingData.size() + " samples) does not fill one mini-batch of " + miniBatchSize);
        }
        int validated = evaluatedSize(validationData, miniBatchSize, "validation");
        int tested = evaluatedSize(testData, miniBatchSize, "test");
        float decay = (float) (1 - eta * options.lambda() / batches);
        SgdEpochs run = new SgdEpochs(options, random);
        random = run.shuffles(); // a resumed run's generator: a later sgd goes on from it
        TrainingState start = run.start();
        List<Integer> validationCounts = new ArrayList<>(start.history().evaluationAccuracy());
        TrainingState.BestValidation best = start.bestValidation();
        TrainingHistory.Ending ending = TrainingHistory.Ending.COMPLETED;
        int epochsCompleted = start.epoch();
        Backend b = backend();
        Engine engine = stack.engine(miniBatchSize);
        try (DeviceDataset training = new DeviceDataset(b, trainingData);
             DeviceDataset validation = validated == 0 ? null : new DeviceDataset(b, validationData);
             DeviceDataset test = tested == 0 ? null : new DeviceDataset(b, testData)) {
            for (int epoch = epochsCompleted; epoch < epochs; epoch++) {
                long began = System.nanoTime();
                // the training step numbers the dropout masks
                boolean whole = run.runEpoch(b, engine, training, epoch, trainingData.size(), batches, miniBatchSize,
                        (long) batches * epoch, seed, decay, eta);
                if (!Double.isFinite(engine.sumOfSquaredWeights())) {
                    throw new TrainingDivergedException(epoch, eta, options.lambda());
                }
                if (!whole) {
                    ending = TrainingHistory.Ending.INTERRUPTED;
                    break;
                }
                b.synchronize();
                double seconds = (System.nanoTime() - began) / 1e9;
                epochsCompleted++;
                Integer correct = validation == null ? null : Math.toIntExact(engine.countCorrect(validation, validated));
                EpochReport report = new EpochReport(epoch, seconds, null, null, batches * miniBatchSize, null, correct, validated,
                        engine.stepPath());
                options.listener().epochFinished(report);
                if (correct != null) {
                    validationCounts.add(correct);
                    double accuracy = (double) correct / validated;
                    if (accuracy >= best.accuracy()) {
                        Integer testCorrect = test == null ? null : Math.toIntExact(engine.countCorrect(test, tested));
                        best = new TrainingState.BestValidation(accuracy, (long) batches * epoch + batches - 1,
                                testCorrect == null ? null : (double) testCorrect / tested);
                        options.listener().bestValidationAccuracy(report, testCorrect, tested);
                    }
                }
                run.checkpoint(run.state(history(validationCounts, epochsCompleted, ending), start.earlyStopping(), best),
                        false, stack::downloadParameters);
            }
        } finally {
            engine.closeRecording();
            stack.downloadParameters();
        }
        TrainingHistory history = history(validationCounts, epochsCompleted, ending);
        run.checkpoint(run.state(history, start.earlyStopping(), best), true, stack::downloadParameters);
        return new LayeredTrainingResult(history, best.accuracy(), best.iteration(), best.testAccuracy());
    }

    private static TrainingHistory history(List<Integer> validationCounts, int epochsCompleted, TrainingHistory.Ending ending) {
        return new TrainingHistory(List.of(), validationCounts, List.of(), List.of(), epochsCompleted, ending);
    }

    /** The samples network3.py evaluates: whole mini-batches only. 0 without data. */
    private int evaluatedSize(Dataset data, int miniBatchSize, String what) {
        if (data == null) {
            return 0;
        }
        stack.checkShape(data, what + " data");
        int size = data.size() / miniBatchSize * miniBatchSize;
        if (size == 0) {
            throw new BadInputException("the " + what + " data (" + data.size() + " samples) does not fill one mini-batch of "
                    + miniBatchSize + " (network3.py evaluates whole mini-batches)");
        }
        return size;
    }

    @Override
    public float[] feedforward(float[] x) {
        return stack.feedforward(x);
    }

    @Override
    public int accuracy(Dataset data) {
        return stack.accuracy(data);
    }

    @Override
    public double totalCost(Dataset data, double lambda) {
        return stack.totalCost(data, lambda);
    }

    @Override
    public int[] predictions(Dataset data) {
        return stack.predictions(data);
    }

    @Override
    public int inputSize() {
        return stack.inputSize();
    }

    @Override
    public int outputSize() {
        return stack.outputSize();
    }

    @Override
    public Cost cost() {
        return stack.cost;
    }

    /** The layers in the command line's notation, e.g. {@code fc:100:sigmoid:dropout=0.5,softmax:10}. */
    @Override
    public String describe() {
        return stack.layers.stream().map(LayeredNetwork::spec).collect(Collectors.joining(","));
    }

    private static String spec(Layer layer) {
        String dropout = layer.pDropout() > 0 ? ":dropout=" + layer.pDropout() : "";
        if (layer instanceof ConvPoolLayer conv) {
            FilterShape f = conv.filterShape();
            return "conv:" + f.filters() + ":" + f.height() + "x" + f.width() + ":pool=" + conv.poolSize().height() + "x"
                    + conv.poolSize().width() + ":" + conv.activation().spelling();
        }
        if (layer instanceof FullyConnectedLayer fc) {
            return "fc:" + fc.outputSize() + ":" + fc.activation().spelling() + dropout;
        }
        return "softmax:" + layer.outputSize() + dropout;
    }

    @Override
    public void save(Path file) {
        ModelFile.save(this, file);
    }

    /** Loads an {@code nndl4j-layers} model file. */
    public static LayeredNetwork load(Path file) {
        return ModelFile.loadLayered(file);
    }

    @Override
    public void close() {
        stack.close();
    }

    LayerStack stack() {
        return stack;
    }

    /** The seed of the dropout masks. */
    long seed() {
        return seed;
    }
}
