package nndl4j.network;

import nndl4j.BadInputException;
import nndl4j.backend.Activation;
import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;
import nndl4j.data.Dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A feedforward network trained by mini-batch stochastic gradient descent: the {@code Network} class of the book's
 * network2.py (network.py is the special case of the quadratic cost, the large initialiser and λ = 0). Its layers
 * are fully connected; the hidden ones use the chosen activation (sigmoid, as in the book, unless told otherwise)
 * and the output layer is sigmoid, which the cross-entropy cost's δ = a − y needs. The arithmetic runs on a
 * {@link Backend}, one mini-batch at a time as matrices; this class only says what to compute.
 */
public final class Network implements Model {
    private final int[] sizes;
    private final Activation activation;
    private final List<FullyConnectedLayer> layers;
    private final LayerStack stack;
    private Random random;

    /** A network with the cross-entropy cost and the default initialiser, seeded randomly. */
    public Network(int... sizes) {
        this(sizes, CrossEntropyCost.INSTANCE, new Random().nextLong());
    }

    /** A sigmoid network with the default initialiser; the seed fixes the initial weights and the shuffles. */
    public Network(int[] sizes, Cost cost, long seed) {
        this(sizes, cost, Activation.SIGMOID, seed);
    }

    /** A network whose hidden layers use {@code activation}, with the default initialiser. */
    public Network(int[] sizes, Cost cost, Activation activation, long seed) {
        this(sizes, cost, activation, null, null, new Random(seed));
        defaultWeightInitializer();
    }

    /** A sigmoid network with given parameters ([layer][out][in] weights, [layer][out] biases), as {@link #load} makes. */
    public Network(int[] sizes, Cost cost, float[][][] weights, float[][] biases) {
        this(sizes, cost, Activation.SIGMOID, weights, biases);
    }

    /** A network with given parameters whose hidden layers use {@code activation}. */
    public Network(int[] sizes, Cost cost, Activation activation, float[][][] weights, float[][] biases) {
        this(sizes, cost, activation, Objects.requireNonNull(weights, "weights"), Objects.requireNonNull(biases, "biases"),
                new Random());
    }

    /** Null weights and biases: zeros, for an initializer to fill. */
    private Network(int[] sizes, Cost cost, Activation activation, float[][][] weights, float[][] biases, Random random) {
        this.sizes = checkSizes(sizes);
        Objects.requireNonNull(cost, "cost");
        if (cost != QuadraticCost.INSTANCE && cost != CrossEntropyCost.INSTANCE) {
            throw new BadInputException("a network2 network's cost is QuadraticCost or CrossEntropyCost, got " + cost);
        }
        this.activation = Objects.requireNonNull(activation, "activation");
        this.random = random;
        int count = sizes.length - 1;
        if (weights != null && (weights.length != count || biases == null || biases.length != count)) {
            throw new BadInputException("sizes " + Arrays.toString(sizes) + " need " + count + " weight matrices and "
                    + count + " bias vectors, got " + weights.length + " and " + (biases == null ? 0 : biases.length));
        }
        List<FullyConnectedLayer> built = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            int in = sizes[l], out = sizes[l + 1];
            // null: zeros allocated when the initializer draws over them, after the sizes are known to fit
            float[] w = weights == null ? null : toColumnMajor(weights[l], out, in, "weights[" + l + "]");
            float[] b = biases == null ? null : checkedBiases(biases[l], out, l);
            built.add(new FullyConnectedLayer(in, out, l + 1 < count ? activation : Activation.SIGMOID, 0, w, b));
        }
        this.layers = List.copyOf(built);
        this.stack = new LayerStack(List.copyOf(built), cost);
    }

    private static int[] checkSizes(int[] sizes) {
        Objects.requireNonNull(sizes, "sizes");
        if (sizes.length < 2) {
            throw new BadInputException("a network needs at least two layers, got sizes " + Arrays.toString(sizes));
        }
        for (int n : sizes) {
            if (n < 1) {
                throw new BadInputException("every layer needs at least one neuron, got sizes " + Arrays.toString(sizes));
            }
        }
        return sizes.clone();
    }

    private static float[] checkedBiases(float[] b, int out, int l) {
        if (b == null || b.length != out) {
            throw new BadInputException("biases[" + l + "] must have " + out + " entries, got " + (b == null ? "null" : b.length));
        }
        return b;
    }

    /** Weights N(0,1)/√n_in and biases N(0,1) (network2.py's default_weight_initializer). */
    public void defaultWeightInitializer() {
        initialize(WeightInitializer.DEFAULT);
    }

    /** Weights and biases N(0,1) (network2.py's large_weight_initializer, network.py's only one). */
    public void largeWeightInitializer() {
        initialize(WeightInitializer.LARGE);
    }

    private void initialize(WeightInitializer initializer) {
        float[][] w = new float[layers.size()][], b = new float[layers.size()][];
        initializer.initialize(sizes, random, w, b);
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).w.set(w[l]);
            layers.get(l).b.set(b[l]);
        }
    }

    /** Seeds the shuffles of {@link #sgd} from now on (a loaded network starts with a random seed). */
    public Network seedShuffles(long seed) {
        random = new Random(seed);
        return this;
    }

    @Override
    public Network useBackend(Backend backend) {
        stack.useBackend(backend);
        return this;
    }

    public Backend backend() {
        return stack.backend();
    }

    // ---- the book's API ----

    /** The output of the network for input {@code a}. */
    @Override
    public float[] feedforward(float[] a) {
        return stack.feedforward(a);
    }

    /** Mini-batch stochastic gradient descent without options: network.py's {@code SGD}. */
    public TrainingHistory sgd(Dataset trainingData, int epochs, int miniBatchSize, double eta) {
        return sgd(trainingData, epochs, miniBatchSize, eta, SgdOptions.defaults());
    }

    /**
     * Mini-batch stochastic gradient descent (network2.py's {@code SGD}): each epoch shuffles the training
     * data, splits it into mini-batches (the last may be shorter) and applies {@link #updateMiniBatch}'s
     * step to each. Returns the monitored per-epoch lists (with {@link SgdOptions#resumeFrom}, the whole run's).
     */
    public TrainingHistory sgd(Dataset trainingData, int epochs, int miniBatchSize, double eta, SgdOptions options) {
        checkHyperparameters(trainingData, epochs, miniBatchSize, eta, options);
        Dataset evaluation = options.evaluationData();
        int n = trainingData.size();
        float decay = (float) (1 - eta * (options.lambda() / n));
        SgdEpochs run = new SgdEpochs(options, random);
        random = run.shuffles(); // a resumed run's generator: a later sgd goes on from it
        TrainingState start = run.start();
        List<Double> evaluationCost = new ArrayList<>(start.history().evaluationCost());
        List<Integer> evaluationAccuracy = new ArrayList<>(start.history().evaluationAccuracy());
        List<Double> trainingCost = new ArrayList<>(start.history().trainingCost());
        List<Integer> trainingAccuracy = new ArrayList<>(start.history().trainingAccuracy());
        TrainingState.EarlyStopping earlyStopping = start.earlyStopping();
        // an early-stopped run stays stopped when resumed
        TrainingHistory.Ending ending = start.history().ending() == TrainingHistory.Ending.EARLY_STOPPED
                ? TrainingHistory.Ending.EARLY_STOPPED : TrainingHistory.Ending.COMPLETED;
        int epochsCompleted = start.epoch();
        Backend b = backend();
        Engine engine = stack.engine(Math.min(miniBatchSize, n)); // a mini-batch beyond n is one of n: no wider workspace
        try (DeviceDataset training = new DeviceDataset(b, trainingData);
             DeviceDataset evaluationOnDevice = evaluation == null ? null : new DeviceDataset(b, evaluation)) {
            int batches = (n + miniBatchSize - 1) / miniBatchSize;
            for (int epoch = epochsCompleted; epoch < epochs && ending == TrainingHistory.Ending.COMPLETED; epoch++) {
                long began = System.nanoTime();
                // no dropout: the step numbers and the seed do not matter
                boolean whole = run.runEpoch(b, engine, training, epoch, n, batches, miniBatchSize, 0, 0, decay, eta);
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
                Double tc = null, ec = null;
                Integer ta = null, ea = null;
                if (options.monitorTrainingCost()) {
                    trainingCost.add(tc = LayerStack.totalCost(engine, training, options.lambda()));
                }
                if (options.monitorTrainingAccuracy()) {
                    trainingAccuracy.add(ta = Math.toIntExact(engine.countCorrect(training, n)));
                }
                if (options.monitorEvaluationCost()) {
                    evaluationCost.add(ec = LayerStack.totalCost(engine, evaluationOnDevice, options.lambda()));
                }
                if (options.monitorEvaluationAccuracy() || options.earlyStoppingN() > 0) {
                    ea = Math.toIntExact(engine.countCorrect(evaluationOnDevice, evaluation.size()));
                    if (options.monitorEvaluationAccuracy()) {
                        evaluationAccuracy.add(ea);
                    }
                }
                options.listener().epochFinished(new EpochReport(epoch, seconds, tc, ta, n, ec, ea,
                        evaluation == null ? 0 : evaluation.size(), engine.stepPath()));
                if (options.earlyStoppingN() > 0) {
                    earlyStopping = earlyStopping.after(ea);
                    if (earlyStopping.epochsWithoutImprovement() >= options.earlyStoppingN()) {
                        ending = TrainingHistory.Ending.EARLY_STOPPED;
                    }
                }
                TrainingHistory sofar = new TrainingHistory(evaluationCost, evaluationAccuracy, trainingCost,
                        trainingAccuracy, epochsCompleted, ending);
                run.checkpoint(run.state(sofar, earlyStopping, start.bestValidation()), false, stack::downloadParameters);
            }
        } finally {
            engine.closeRecording();
            stack.downloadParameters();
        }
        TrainingHistory history = new TrainingHistory(evaluationCost, evaluationAccuracy, trainingCost, trainingAccuracy,
                epochsCompleted, ending);
        run.checkpoint(run.state(history, earlyStopping, start.bestValidation()), true, stack::downloadParameters);
        return history;
    }

    /**
     * One gradient-descent step on a mini-batch: w ← (1 − ηλ/n)·w − (η/m)·Σ∇w and b ← b − (η/m)·Σ∇b,
     * with m the mini-batch's length and n the size of the whole training set.
     */
    public void updateMiniBatch(Dataset miniBatch, double eta, double lambda, int n) {
        stack.checkShape(miniBatch, "mini-batch");
        int m = miniBatch.size();
        Hyperparameters.check(1, m, eta, lambda);
        if (n < m) {
            throw new BadInputException("n, the training set's size, must be at least the mini-batch's " + m + ", got " + n);
        }
        Engine engine = stack.engine(m);
        try (DeviceDataset batch = new DeviceDataset(backend(), miniBatch)) {
            engine.moveTo(0, 0);
            engine.trainStep(batch, batch.inOrder, m, 0, ParameterStep.sgd((float) (1 - eta * (lambda / n)), (float) (eta / m)), false);
        }
    }

    /** The gradient of the cost for one training example (x, y): network2.py's {@code backprop}. */
    public Gradients backprop(float[] x, float[] y) {
        List<float[][]> perLayer = stack.backprop(x, y);
        float[][] nablaB = new float[layers.size()][];
        float[][][] nablaW = new float[layers.size()][][];
        for (int l = 0; l < layers.size(); l++) {
            nablaW[l] = toRows(perLayer.get(l)[0], sizes[l + 1], sizes[l]);
            nablaB[l] = perLayer.get(l)[1];
        }
        return new Gradients(nablaB, nablaW);
    }

    /** How many inputs the network classifies right: the output's largest entry is the target's. */
    @Override
    public int accuracy(Dataset data) {
        return stack.accuracy(data);
    }

    /** Mean cost over the data plus the L2 term ½(λ/n)Σ‖w‖², n the data's size (network2.py's {@code total_cost}). */
    @Override
    public double totalCost(Dataset data, double lambda) {
        return stack.totalCost(data, lambda);
    }

    @Override
    public int[] predictions(Dataset data) {
        return stack.predictions(data);
    }

    /** A 10-dimensional unit vector with 1.0 in position j: the desired output for digit j. */
    public static float[] vectorizedResult(int j) {
        if (j < 0 || j > 9) {
            throw new IllegalArgumentException("digit must be 0..9, got " + j);
        }
        float[] e = new float[10];
        e[j] = 1f;
        return e;
    }

    /** Saves to network2.py's JSON format, atomically: an interrupted save leaves the old file. */
    @Override
    public void save(Path file) {
        ModelFile.save(this, file);
    }

    /** Loads a network saved by {@link #save} or by network2.py's {@code save}. */
    public static Network load(Path file) {
        return ModelFile.loadNetwork(file);
    }

    @Override
    public void close() {
        stack.close();
    }

    LayerStack stack() {
        return stack;
    }

    // ---- accessors ----

    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public int inputSize() {
        return sizes[0];
    }

    @Override
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    @Override
    public Cost cost() {
        return stack.cost;
    }

    /** The hidden layers' activation (the output layer is always sigmoid). */
    public Activation activation() {
        return activation;
    }

    @Override
    public String describe() {
        // the book's networks are sigmoid: name the activation only when it is another
        return Arrays.toString(sizes) + (activation == Activation.SIGMOID ? "" : " " + activation.spelling());
    }

    /** A copy of the weights as [layer][j][k]: from neuron k of one layer to neuron j of the next. */
    public float[][][] weights() {
        float[][][] out = new float[layers.size()][][];
        for (int l = 0; l < layers.size(); l++) {
            out[l] = toRows(layers.get(l).w.values(), sizes[l + 1], sizes[l]);
        }
        return out;
    }

    /** A copy of the biases as [layer][j]. */
    public float[][] biases() {
        float[][] out = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            out[l] = layers.get(l).b.values();
        }
        return out;
    }

    // ---- checks and layout ----

    private void checkHyperparameters(Dataset training, int epochs, int miniBatchSize, double eta, SgdOptions options) {
        Objects.requireNonNull(options, "options");
        stack.checkShape(training, "training data");
        if (training.size() == 0) {
            throw new BadInputException("the training data is empty");
        }
        Hyperparameters.check(epochs, miniBatchSize, eta, options.lambda());
        Hyperparameters.checkEarlyStopping(options.earlyStoppingN());
        boolean needsEvaluation = options.monitorEvaluationCost() || options.monitorEvaluationAccuracy()
                || options.earlyStoppingN() > 0;
        if (needsEvaluation && (options.evaluationData() == null || options.evaluationData().size() == 0)) {
            throw new BadInputException("evaluation monitoring and early stopping need evaluation data");
        }
        if (options.evaluationData() != null) {
            stack.checkShape(options.evaluationData(), "evaluation data");
        }
    }

    static float[] toColumnMajor(float[][] rows, int rowCount, int colCount, String what) {
        if (rows == null || rows.length != rowCount) {
            throw new BadInputException(what + " must have " + rowCount + " rows, got " + (rows == null ? "null" : rows.length));
        }
        float[] out = new float[rowCount * colCount];
        for (int j = 0; j < rowCount; j++) {
            if (rows[j] == null || rows[j].length != colCount) {
                throw new BadInputException(what + "[" + j + "] must have " + colCount + " entries, got "
                        + (rows[j] == null ? "null" : rows[j].length));
            }
            for (int k = 0; k < colCount; k++) {
                out[j + k * rowCount] = rows[j][k];
            }
        }
        return out;
    }

    static float[][] toRows(float[] columnMajor, int rowCount, int colCount) {
        float[][] out = new float[rowCount][colCount];
        for (int j = 0; j < rowCount; j++) {
            for (int k = 0; k < colCount; k++) {
                out[j][k] = columnMajor[j + k * rowCount];
            }
        }
        return out;
    }
}
