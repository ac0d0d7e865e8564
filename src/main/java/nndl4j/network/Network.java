package nndl4j.network;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.backend.IntVector;
import nndl4j.backend.Matrix;
import nndl4j.backend.cpu.CpuBackend;
import nndl4j.data.Dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A feedforward network of sigmoid neurons trained by mini-batch stochastic gradient descent: the
 * {@code Network} class of the book's network2.py (network.py is the special case of the quadratic
 * cost, the large initialiser and λ = 0). The arithmetic runs on a {@link Backend}, one mini-batch
 * at a time as matrices; this class only says what to compute.
 */
public final class Network {
    private static Backend defaultBackend;

    private final int[] sizes;
    private final Cost cost;
    private final Random random;
    /** weights[l] is the column-major sizes[l+1]×sizes[l] matrix of layer l+1; biases[l] its bias vector. */
    private final float[][] weights;
    private final float[][] biases;
    private Backend backend;

    /** A network with the cross-entropy cost and the default initialiser, seeded randomly. */
    public Network(int... sizes) {
        this(sizes, CrossEntropyCost.INSTANCE, new Random().nextLong());
    }

    /** A network with the default initialiser; the seed fixes the initial weights and the shuffles. */
    public Network(int[] sizes, Cost cost, long seed) {
        this.sizes = checkSizes(sizes);
        this.cost = cost;
        this.random = new Random(seed);
        this.weights = new float[sizes.length - 1][];
        this.biases = new float[sizes.length - 1][];
        defaultWeightInitializer();
    }

    /** A network with given parameters ([layer][out][in] weights, [layer][out] biases), as {@link #load} makes. */
    public Network(int[] sizes, Cost cost, float[][][] weights, float[][] biases) {
        this.sizes = checkSizes(sizes);
        this.cost = cost;
        this.random = new Random();
        this.weights = new float[sizes.length - 1][];
        this.biases = new float[sizes.length - 1][];
        for (int l = 0; l + 1 < sizes.length; l++) {
            this.weights[l] = toColumnMajor(weights[l], sizes[l + 1], sizes[l]);
            this.biases[l] = biases[l].clone();
        }
    }

    private static int[] checkSizes(int[] sizes) {
        if (sizes.length < 2) {
            throw new BadInputException("a network needs at least two layers, got sizes " + java.util.Arrays.toString(sizes));
        }
        for (int n : sizes) {
            if (n < 1) {
                throw new BadInputException("every layer needs at least one neuron, got sizes " + java.util.Arrays.toString(sizes));
            }
        }
        return sizes.clone();
    }

    /** Weights N(0,1)/√n_in and biases N(0,1) (network2.py's default_weight_initializer). */
    public void defaultWeightInitializer() {
        WeightInitializer.DEFAULT.initialize(sizes, random, weights, biases);
    }

    /** Weights and biases N(0,1) (network2.py's large_weight_initializer, network.py's only one). */
    public void largeWeightInitializer() {
        WeightInitializer.LARGE.initialize(sizes, random, weights, biases);
    }

    /** Runs this network's arithmetic on the given backend from now on (the caller keeps ownership). */
    public Network useBackend(Backend backend) {
        this.backend = backend;
        return this;
    }

    public Backend backend() {
        if (backend == null) {
            backend = sharedCpuBackend();
        }
        return backend;
    }

    private static synchronized Backend sharedCpuBackend() {
        if (defaultBackend == null) {
            defaultBackend = new CpuBackend();
        }
        return defaultBackend;
    }

    // ---- the book's API ----

    /** The output of the network for input {@code a}. */
    public float[] feedforward(float[] a) {
        checkLength("input", a, sizes[0]);
        Dataset one = new Dataset(a.clone(), sizes[0], new float[sizes[sizes.length - 1]], sizes[sizes.length - 1]);
        try (Engine engine = engine(1); DeviceDataset data = new DeviceDataset(backend(), one)) {
            return backend().download(engine.forward(data.inputs, data.targets, data.inOrder, 0, 1));
        }
    }

    /** Mini-batch stochastic gradient descent without options: network.py's {@code SGD}. */
    public TrainingHistory sgd(Dataset trainingData, int epochs, int miniBatchSize, double eta) {
        return sgd(trainingData, epochs, miniBatchSize, eta, SgdOptions.defaults());
    }

    /**
     * Mini-batch stochastic gradient descent (network2.py's {@code SGD}): each epoch shuffles the training
     * data, splits it into mini-batches (the last may be shorter) and applies {@link #updateMiniBatch}'s
     * step to each. Returns the monitored per-epoch lists.
     */
    public TrainingHistory sgd(Dataset trainingData, int epochs, int miniBatchSize, double eta, SgdOptions options) {
        checkHyperparameters(trainingData, epochs, miniBatchSize, eta, options);
        Dataset evaluation = options.evaluationData();
        int n = trainingData.size();
        float decay = (float) (1 - eta * (options.lambda() / n));
        List<Double> evaluationCost = new ArrayList<>();
        List<Integer> evaluationAccuracy = new ArrayList<>();
        List<Double> trainingCost = new ArrayList<>();
        List<Integer> trainingAccuracy = new ArrayList<>();
        int bestAccuracy = 1; // network2.py starts from 1, not 0
        int epochsWithoutImprovement = 0;
        TrainingHistory.Ending ending = TrainingHistory.Ending.COMPLETED;
        int epochsCompleted = 0;
        Backend b = backend();
        try (Engine engine = engine(Math.max(miniBatchSize, EVALUATION_CHUNK));
             DeviceDataset training = new DeviceDataset(b, trainingData);
             DeviceDataset evaluationOnDevice = evaluation == null ? null : new DeviceDataset(b, evaluation)) {
            int batches = (n + miniBatchSize - 1) / miniBatchSize;
            for (int epoch = 0; epoch < epochs && ending == TrainingHistory.Ending.COMPLETED; epoch++) {
                long start = System.nanoTime();
                try (IntVector order = options.shuffle() ? b.upload(shuffledIndices(n)) : null) {
                    IntVector permutation = order != null ? order : training.inOrder;
                    for (int batch = 0; batch < batches; batch++) {
                        int offset = batch * miniBatchSize;
                        int count = Math.min(miniBatchSize, n - offset);
                        engine.forward(training.inputs, training.targets, permutation, offset, count);
                        engine.trainStep(cost, count, decay, (float) (eta / count));
                        options.listener().miniBatchFinished(epoch, batch + 1, batches);
                        if (options.stopWhen().getAsBoolean()) {
                            ending = TrainingHistory.Ending.INTERRUPTED;
                            break;
                        }
                    }
                }
                if (!Double.isFinite(engine.sumOfSquaredWeights())) {
                    throw new TrainingDivergedException(epoch, eta, options.lambda());
                }
                if (ending == TrainingHistory.Ending.INTERRUPTED) {
                    break;
                }
                b.synchronize();
                double seconds = (System.nanoTime() - start) / 1e9;
                epochsCompleted++;
                Double tc = null, ec = null;
                Integer ta = null, ea = null;
                if (options.monitorTrainingCost()) {
                    trainingCost.add(tc = totalCost(engine, training, options.lambda()));
                }
                if (options.monitorTrainingAccuracy()) {
                    trainingAccuracy.add(ta = accuracy(engine, training));
                }
                if (options.monitorEvaluationCost()) {
                    evaluationCost.add(ec = totalCost(engine, evaluationOnDevice, options.lambda()));
                }
                if (options.monitorEvaluationAccuracy() || options.earlyStoppingN() > 0) {
                    ea = accuracy(engine, evaluationOnDevice);
                    if (options.monitorEvaluationAccuracy()) {
                        evaluationAccuracy.add(ea);
                    }
                }
                options.listener().epochFinished(new EpochReport(epoch, seconds, tc, ta, n, ec, ea,
                        evaluation == null ? 0 : evaluation.size()));
                if (options.earlyStoppingN() > 0) {
                    if (ea > bestAccuracy) {
                        bestAccuracy = ea;
                        epochsWithoutImprovement = 0;
                    } else if (++epochsWithoutImprovement == options.earlyStoppingN()) {
                        ending = TrainingHistory.Ending.EARLY_STOPPED;
                    }
                }
            }
            engine.downloadParameters(weights, biases);
        }
        return new TrainingHistory(evaluationCost, evaluationAccuracy, trainingCost, trainingAccuracy,
                epochsCompleted, ending);
    }

    /**
     * One gradient-descent step on a mini-batch: w ← (1 − ηλ/n)·w − (η/m)·Σ∇w and b ← b − (η/m)·Σ∇b,
     * with m the mini-batch's length and n the size of the whole training set.
     */
    public void updateMiniBatch(Dataset miniBatch, double eta, double lambda, int n) {
        checkShape(miniBatch, "mini-batch");
        int m = miniBatch.size();
        try (Engine engine = engine(m); DeviceDataset batch = new DeviceDataset(backend(), miniBatch)) {
            engine.forward(batch.inputs, batch.targets, batch.inOrder, 0, m);
            engine.trainStep(cost, m, (float) (1 - eta * (lambda / n)), (float) (eta / m));
            engine.downloadParameters(weights, biases);
        }
    }

    /** The gradient of the cost for one training example (x, y): network2.py's {@code backprop}. */
    public Gradients backprop(float[] x, float[] y) {
        checkLength("input", x, sizes[0]);
        checkLength("desired output", y, sizes[sizes.length - 1]);
        float[][] nablaW = new float[weights.length][];
        float[][] nablaB = new float[biases.length][];
        try (Engine engine = engine(1);
             DeviceDataset sample = new DeviceDataset(backend(), new Dataset(x.clone(), x.length, y.clone(), y.length))) {
            engine.forward(sample.inputs, sample.targets, sample.inOrder, 0, 1);
            engine.gradients(cost, nablaW, nablaB);
        }
        float[][][] rows = new float[weights.length][][];
        for (int l = 0; l < weights.length; l++) {
            rows[l] = toRows(nablaW[l], sizes[l + 1], sizes[l]);
        }
        return new Gradients(nablaB, rows);
    }

    /** How many inputs the network classifies right: the output's largest entry is the target's. */
    public int accuracy(Dataset data) {
        checkShape(data, "data");
        try (Engine engine = engine(EVALUATION_CHUNK); DeviceDataset onDevice = new DeviceDataset(backend(), data)) {
            return accuracy(engine, onDevice);
        }
    }

    /** Mean cost over the data plus the L2 term ½(λ/n)Σ‖w‖², n the data's size (network2.py's {@code total_cost}). */
    public double totalCost(Dataset data, double lambda) {
        checkShape(data, "data");
        try (Engine engine = engine(EVALUATION_CHUNK); DeviceDataset onDevice = new DeviceDataset(backend(), data)) {
            return totalCost(engine, onDevice, lambda);
        }
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
    public void save(Path file) {
        ModelFile.save(this, file);
    }

    /** Loads a network saved by {@link #save} or by network2.py's {@code save}. */
    public static Network load(Path file) {
        return ModelFile.load(file);
    }

    // ---- accessors ----

    public int[] sizes() {
        return sizes.clone();
    }

    public Cost cost() {
        return cost;
    }

    /** A copy of the weights as [layer][j][k]: from neuron k of one layer to neuron j of the next. */
    public float[][][] weights() {
        float[][][] out = new float[weights.length][][];
        for (int l = 0; l < weights.length; l++) {
            out[l] = toRows(weights[l], sizes[l + 1], sizes[l]);
        }
        return out;
    }

    /** A copy of the biases as [layer][j]. */
    public float[][] biases() {
        float[][] out = new float[biases.length][];
        for (int l = 0; l < biases.length; l++) {
            out[l] = biases[l].clone();
        }
        return out;
    }

    // ---- evaluation on the backend ----

    /** Columns per forward pass when evaluating a whole data set. */
    private static final int EVALUATION_CHUNK = 1000;

    /** An engine holding this network's parameters on its backend (also used by the JMH benchmarks). */
    Engine engine(int capacity) {
        return new Engine(backend(), sizes, weights, biases, capacity);
    }

    private static int accuracy(Engine engine, DeviceDataset data) {
        Backend b = engine.backend();
        long correct = 0;
        for (int offset = 0; offset < data.size; offset += engine.capacity()) {
            int count = Math.min(engine.capacity(), data.size - offset);
            Matrix output = engine.forward(data.inputs, data.targets, data.inOrder, offset, count);
            correct += b.countArgmaxMatches(output, engine.targets(count));
        }
        return Math.toIntExact(correct);
    }

    private double totalCost(Engine engine, DeviceDataset data, double lambda) {
        Backend b = engine.backend();
        double sum = 0;
        for (int offset = 0; offset < data.size; offset += engine.capacity()) {
            int count = Math.min(engine.capacity(), data.size - offset);
            Matrix output = engine.forward(data.inputs, data.targets, data.inOrder, offset, count);
            sum += cost.sum(b, output, engine.targets(count));
        }
        return sum / data.size + 0.5 * (lambda / data.size) * engine.sumOfSquaredWeights();
    }

    // ---- checks and layout ----

    private int[] shuffledIndices(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private void checkHyperparameters(Dataset training, int epochs, int miniBatchSize, double eta, SgdOptions options) {
        checkShape(training, "training data");
        if (training.size() == 0) {
            throw new BadInputException("the training data is empty");
        }
        if (epochs < 1) {
            throw new BadInputException("invalid number of epochs " + epochs + ": must be at least 1");
        }
        if (miniBatchSize < 1) {
            throw new BadInputException("invalid mini-batch size " + miniBatchSize + ": must be at least 1");
        }
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new BadInputException("invalid learning rate eta=" + eta + ": must be a positive finite number");
        }
        if (!(options.lambda() >= 0) || !Double.isFinite(options.lambda())) {
            throw new BadInputException("invalid regularization lambda=" + options.lambda() + ": must be a finite number ≥ 0");
        }
        if (options.earlyStoppingN() < 0) {
            throw new BadInputException("invalid early stopping " + options.earlyStoppingN() + ": must be ≥ 0");
        }
        boolean needsEvaluation = options.monitorEvaluationCost() || options.monitorEvaluationAccuracy()
                || options.earlyStoppingN() > 0;
        if (needsEvaluation && (options.evaluationData() == null || options.evaluationData().size() == 0)) {
            throw new BadInputException("evaluation monitoring and early stopping need evaluation data");
        }
        if (options.evaluationData() != null) {
            checkShape(options.evaluationData(), "evaluation data");
        }
    }

    private void checkShape(Dataset data, String what) {
        if (data.inputSize() != sizes[0]) {
            throw new BadInputException("the " + what + " has inputs of size " + data.inputSize()
                    + " but the network's first layer has " + sizes[0] + " neurons");
        }
        int outputs = sizes[sizes.length - 1];
        if (data.outputSize() != outputs) {
            throw new BadInputException("the " + what + " has targets of size " + data.outputSize()
                    + " but the network's last layer has " + outputs + " neurons");
        }
    }

    private static void checkLength(String what, float[] v, int expected) {
        if (v.length != expected) {
            throw new BadInputException("the " + what + " has " + v.length + " entries, expected " + expected);
        }
    }

    static float[] toColumnMajor(float[][] rows, int rowCount, int colCount) {
        float[] out = new float[rowCount * colCount];
        for (int j = 0; j < rowCount; j++) {
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
