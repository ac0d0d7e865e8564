package nndl4j.network;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;
import nndl4j.backend.cpu.CpuBackend;
import nndl4j.data.Dataset;

import java.util.List;
import java.util.Objects;

/**
 * What both kinds of network are made of: a stack of layers, an output cost, the backend they run on and the one
 * engine kept there between calls. The networks say what to compute; this class keeps the engine and evaluates.
 */
final class LayerStack implements AutoCloseable {
    private static Backend sharedCpu;

    final List<Layer> layers;
    final Cost cost;
    private Backend backend;
    private Engine engine;

    LayerStack(List<Layer> layers, Cost cost) {
        if (layers.isEmpty()) {
            throw new BadInputException("a network needs at least one layer");
        }
        for (int l = 0; l + 1 < layers.size(); l++) {
            Layer layer = layers.get(l), next = layers.get(l + 1);
            Objects.requireNonNull(layer, "layer " + l);
            if (layer.outputSize() != next.inputSize()) {
                throw new BadInputException("layer " + (l + 1) + " gives " + layer.outputSize() + " values per sample but layer "
                        + (l + 2) + " takes " + next.inputSize());
            }
            if (layer instanceof SoftmaxLayer) {
                throw new BadInputException("a softmax layer can only be the last layer (layer " + (l + 1) + " of " + layers.size() + ")");
            }
        }
        this.layers = List.copyOf(layers);
        this.cost = Objects.requireNonNull(cost, "cost");
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).joinNetwork(l);
        }
    }

    int inputSize() {
        return layers.get(0).inputSize();
    }

    int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    void useBackend(Backend b) {
        Objects.requireNonNull(b, "backend");
        if (engine != null && engine.backend() != b) {
            engine.close();
            engine = null;
        }
        backend = b;
    }

    Backend backend() {
        if (backend == null) {
            backend = sharedCpuBackend();
        }
        return backend;
    }

    private static synchronized Backend sharedCpuBackend() {
        if (sharedCpu == null) {
            sharedCpu = new CpuBackend();
        }
        return sharedCpu;
    }

    /** The engine on the current backend, with room for at least {@code columns} columns. */
    Engine engine(int columns) {
        Backend b = backend();
        if (engine == null) {
            engine = new Engine(b, layers, cost, Math.max(columns, Engine.evaluationChunk(layers)));
        } else {
            engine.ensureCapacity(columns);
        }
        return engine;
    }

    float[] feedforward(float[] x) {
        checkLength("input", x, inputSize());
        Engine e = engine(1);
        try (Matrix column = backend().upload(x, x.length, 1)) {
            return backend().download(e.forward(column, 1, Pass.INFERENCE));
        }
    }

    int accuracy(Dataset data) {
        checkShape(data, "data");
        try (DeviceDataset onDevice = new DeviceDataset(backend(), data)) {
            return Math.toIntExact(engine(1).countCorrect(onDevice, data.size()));
        }
    }

    /** Mean cost over the data plus the L2 term ½(λ/n)Σ‖w‖², n the data's size (network2.py's {@code total_cost}). */
    double totalCost(Dataset data, double lambda) {
        checkShape(data, "data");
        try (DeviceDataset onDevice = new DeviceDataset(backend(), data)) {
            return totalCost(engine(1), onDevice, lambda);
        }
    }

    static double totalCost(Engine engine, DeviceDataset data, double lambda) {
        return engine.costSum(data) / data.size + 0.5 * (lambda / data.size) * engine.sumOfSquaredWeights();
    }

    /** The index of each sample's largest output, in data order (the first on ties, as numpy's argmax). */
    int[] predictions(Dataset data) {
        checkShape(data, "data");
        float[] outputs;
        try (DeviceDataset onDevice = new DeviceDataset(backend(), data)) {
            outputs = engine(1).outputs(onDevice);
        }
        int[] predicted = new int[data.size()];
        for (int j = 0; j < predicted.length; j++) {
            predicted[j] = Dataset.argmax(outputs, j * outputSize(), outputSize());
        }
        return predicted;
    }

    /**
     * The gradient of the cost of one sample (x, y) with respect to every parameter, in an inference pass (no
     * dropout): per layer, the column-major weight gradient and the bias gradient.
     */
    List<float[][]> backprop(float[] x, float[] y) {
        return backprop(x, y, false, 0, 0);
    }

    /** As {@link #backprop(float[], float[])}, in the training pass of training step {@code step} (its dropout masks). */
    List<float[][]> backprop(float[] x, float[] y, long seed, long step) {
        return backprop(x, y, true, seed, step);
    }

    private List<float[][]> backprop(float[] x, float[] y, boolean training, long seed, long step) {
        checkLength("input", x, inputSize());
        checkLength("desired output", y, outputSize());
        Engine e = engine(1);
        Backend b = backend();
        List<float[][]> gradients = new java.util.ArrayList<>();
        try (DeviceDataset sample = new DeviceDataset(b, new Dataset(x.clone(), x.length, y.clone(), y.length))) {
            e.moveTo(step, 0);
            e.gather(sample, sample.inOrder, 1);
            Pass pass = training ? e.trainingPass(seed) : Pass.INFERENCE;
            e.backpropagate(e.forward(1, pass), 1, pass, ParameterStep.KEEP_GRADIENTS);
            for (Layer layer : layers) {
                Parameter w = layer.weightParameter();
                gradients.add(new float[][] {b.download(w.gradient()), b.download(layer.biasParameter().gradient())});
            }
        }
        return gradients;
    }

    /** A Fisher–Yates shuffle of 0 .. n−1 drawn from {@code random}: an epoch's order of the training samples. */
    static int[] shuffledIndices(java.util.Random random, int n) {
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

    /** Brings every parameter's host copy up to date (after training). */
    void downloadParameters() {
        for (Layer layer : layers) {
            layer.parameters().forEach(Parameter::download);
        }
    }

    void checkShape(Dataset data, String what) {
        Objects.requireNonNull(data, what);
        if (data.inputSize() != inputSize()) {
            throw new BadInputException("the " + what + " has inputs of size " + data.inputSize()
                    + " but the network's first layer has " + inputSize() + " inputs");
        }
        if (data.outputSize() != outputSize()) {
            throw new BadInputException("the " + what + " has targets of size " + data.outputSize()
                    + " but the network's last layer has " + outputSize() + " outputs");
        }
    }

    static void checkLength(String what, float[] v, int expected) {
        Objects.requireNonNull(v, what);
        if (v.length != expected) {
            throw new BadInputException("the " + what + " has " + v.length + " entries, expected " + expected);
        }
    }

    /** Frees the engine and moves the parameters back to the host; the network stays usable. */
    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        for (Layer layer : layers) {
            layer.parameters().forEach(Parameter::release);
        }
    }
}
