package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.BatchCursor;
import nndl4j.backend.IntVector;
import nndl4j.backend.Matrix;
import nndl4j.backend.RecordingUnavailableException;

import java.util.List;

/**
 * A network's layers and cost at work on one backend: the input and target workspaces of a mini-batch of up to
 * {@code capacity} columns, the batch cursor, the forward pass through the layers, and backpropagation (BP1–BP4).
 * A network keeps one engine per backend between calls; the layers keep their parameters on the backend. Nothing
 * here touches a backend's raw storage.
 *
 * <p>Training steps take one of two paths. Per op: each op is issued to the backend. Graph: a full mini-batch's step
 * is recorded once ({@link Backend#record}: a CUDA graph) and replayed for the next mini-batches, which it finds
 * through the cursor, so a step costs one launch instead of one per op. Both issue the same ops in the same order.
 */
final class Engine implements AutoCloseable {
    /** The most columns per forward pass when evaluating a whole data set. */
    static final int EVALUATION_CHUNK = 1000;
    /**
     * The workspace values (floats) an evaluation chunk may take: a conv network's im2col patches make a sample's
     * workspace large (about 100,000 values for the book's dbl_conv), so its chunk is smaller than a dense one's.
     */
    static final long EVALUATION_WORKSPACE = 16L << 20;

    /** Columns per evaluation chunk for {@code layers}: EVALUATION_CHUNK, or fewer where their workspace is large. */
    static int evaluationChunk(List<Layer> layers) {
        long perSample = layers.get(0).inputSize() + layers.get(layers.size() - 1).outputSize();
        for (Layer layer : layers) {
            perSample += layer.workspacePerSample();
        }
        return (int) Math.max(1, Math.min(EVALUATION_CHUNK, EVALUATION_WORKSPACE / perSample));
    }

    private final Backend backend;
    private final List<Layer> layers;
    private final Cost cost;
    private final BatchCursor cursor;
    private int capacity;
    private Matrix inputs;
    private Matrix targets;
    /** The recorded step and what it was recorded for; null when none. */
    private Backend.Recording recording;
    private StepKey recordedFor;
    /** The last step issued op by op, which the next step must match to be recorded. */
    private StepKey lastIssued;
    /** Why the backend cannot record (then every step runs op by op); null while it can. */
    private String recordingFailure;
    private boolean everRecorded;
    private boolean graphsRequested;

    /** What a recorded step depends on besides the values in its matrices and the cursor. */
    private record StepKey(DeviceDataset data, IntVector permutation, int count, long seed, ParameterStep step) {
    }

    Engine(Backend backend, List<Layer> layers, Cost cost, int capacity) {
        this.backend = backend;
        this.layers = layers;
        this.cost = cost;
        this.cursor = backend.allocateCursor();
        allocate(capacity);
    }

    private void allocate(int columns) {
        capacity = columns;
        inputs = backend.allocate(layers.get(0).inputSize(), columns);
        targets = backend.allocate(last().outputSize(), columns);
        for (Layer layer : layers) {
            layer.bind(backend, columns);
        }
    }

    Backend backend() {
        return backend;
    }

    /** Grows the workspaces to at least {@code columns} columns (the parameters stay as they are). */
    void ensureCapacity(int columns) {
        if (columns > capacity) {
            closeRecording(); // it refers to the workspaces
            closeWorkspaces();
            allocate(columns);
        }
    }

    private Layer last() {
        return layers.get(layers.size() - 1);
    }

    /** Puts the cursor at training step {@code step}, offset {@code offset} of the permutation. */
    void moveTo(long step, int offset) {
        backend.moveCursor(cursor, step, offset);
    }

    /** A training pass: dropout layers use the masks of (seed, the cursor's step). */
    Pass trainingPass(long seed) {
        return Pass.training(seed, cursor);
    }

    /** Gathers columns permutation[offset .. offset+count), offset the cursor's, into the input and target workspaces. */
    void gather(DeviceDataset data, IntVector permutation, int count) {
        backend.gatherColumns(data.inputs, permutation, cursor, backend.leadingColumns(inputs, count));
        backend.gatherColumns(data.targets, permutation, cursor, targets(count));
    }

    /** Gathers samples offset .. offset+count of the data, in order (evaluation). */
    private void gatherInOrder(DeviceDataset data, int offset, int count) {
        moveTo(0, offset);
        gather(data, data.inOrder, count);
    }

    /**
     * One training step on the mini-batch of {@code count} columns at the cursor: gather, forward, backpropagation
     * with {@code step}'s update, and the cursor moved on by {@code count}. With {@code graphs}, a step like the one
     * before it (same data, permutation, length and update) is recorded and replayed from then on: the first step of
     * an epoch and a shorter last mini-batch run op by op.
     */
    void trainStep(DeviceDataset data, IntVector permutation, int count, long seed, ParameterStep step, boolean graphs) {
        graphsRequested = graphs;
        StepKey key = new StepKey(data, permutation, count, seed, step);
        if (graphs && recordingFailure == null) {
            if (!key.equals(recordedFor) && key.equals(lastIssued)) {
                record(key, () -> issueStep(data, permutation, count, seed, step));
            }
            if (key.equals(recordedFor)) {
                markParametersChanging();
                recording.replay();
                return;
            }
        }
        issueStep(data, permutation, count, seed, step);
        lastIssued = key;
    }

    private void record(StepKey key, Runnable step) {
        closeRecording();
        try {
            recording = backend.record(step);
            recordedFor = key;
            everRecorded = true;
        } catch (RecordingUnavailableException e) {
            recordingFailure = e.getMessage();
        }
    }

    /** How the last training steps ran: "graph" (recorded once, replayed), or "per-op" and why. */
    String stepPath() {
        if (!graphsRequested) {
            return "per-op (graphs off)";
        }
        if (recordingFailure != null) {
            return "per-op (" + recordingFailure + ")";
        }
        return everRecorded ? "graph" : "per-op (no two mini-batch steps alike to record)";
    }

    private void issueStep(DeviceDataset data, IntVector permutation, int count, long seed, ParameterStep step) {
        gather(data, permutation, count);
        Pass pass = trainingPass(seed);
        backpropagate(forward(count, pass), count, pass, step);
        backend.advanceCursor(cursor, count);
    }

    /** The forward pass over the last gathered mini-batch; returns the output activations. */
    Matrix forward(int count, Pass pass) {
        return forward(backend.leadingColumns(inputs, count), count, pass);
    }

    /** The forward pass over {@code count} columns of {@code x}; returns the output activations. */
    Matrix forward(Matrix x, int count, Pass pass) {
        Matrix a = x;
        for (Layer layer : layers) {
            a = layer.forward(a, count, pass);
        }
        return a;
    }

    Matrix targets(int count) {
        return backend.leadingColumns(targets, count);
    }

    /**
     * Backpropagation after {@link #forward} of the gathered mini-batch: δᴸ from the cost (BP1), then each layer
     * from the last hands ∂C/∂a to the layer before it (BP2) and steps or keeps its parameters (BP3, BP4).
     */
    void backpropagate(Matrix output, int count, Pass pass, ParameterStep step) {
        if (!step.keepsGradients()) {
            markParametersChanging();
        }
        Layer outputLayer = last();
        Matrix delta = outputLayer.delta(count);
        backend.difference(output, targets(count), delta);
        if (!cost.outputDerivativeCancels()) {
            outputLayer.multiplyActivationDerivative(delta, count);
        }
        for (int l = layers.size() - 1; l >= 0; l--) {
            Layer before = l > 0 ? layers.get(l - 1) : null;
            Matrix inputGradient = before != null ? before.delta(count) : null;
            layers.get(l).backward(delta, inputGradient, count, pass, step);
            if (before != null) {
                before.multiplyActivationDerivative(inputGradient, count);
            }
            delta = inputGradient;
        }
    }

    /** The parameters' backend copies are about to change: their host copies go stale. */
    private void markParametersChanging() {
        for (Layer layer : layers) {
            layer.parameters().forEach(Parameter::willChange);
        }
    }

    /** How many of the first {@code size} samples the network classifies right (output argmax = target argmax). */
    long countCorrect(DeviceDataset data, int size) {
        long correct = 0;
        for (int offset = 0; offset < size; offset += capacity) {
            int count = Math.min(capacity, size - offset);
            gatherInOrder(data, offset, count);
            correct += backend.countArgmaxMatches(forward(count, Pass.INFERENCE), targets(count));
        }
        return correct;
    }

    /** Σ over the data of the cost of each sample (without the L2 term). */
    double costSum(DeviceDataset data) {
        double sum = 0;
        for (int offset = 0; offset < data.size; offset += capacity) {
            int count = Math.min(capacity, data.size - offset);
            gatherInOrder(data, offset, count);
            sum += cost.sum(backend, forward(count, Pass.INFERENCE), targets(count));
        }
        return sum;
    }

    /** The outputs for every sample of the data, column-major (outputSize × data size). */
    float[] outputs(DeviceDataset data) {
        int rows = last().outputSize();
        float[] all = new float[rows * data.size];
        for (int offset = 0; offset < data.size; offset += capacity) {
            int count = Math.min(capacity, data.size - offset);
            gatherInOrder(data, offset, count);
            float[] chunk = backend.download(forward(count, Pass.INFERENCE));
            System.arraycopy(chunk, 0, all, offset * rows, chunk.length);
        }
        return all;
    }

    /** Σ‖w‖² over the layers' weights (the L2 term); NaN or infinite once training has diverged. */
    double sumOfSquaredWeights() {
        double sum = 0;
        for (Layer layer : layers) {
            sum += layer.weightParameter().sumOfSquares();
        }
        return sum;
    }

    /** Frees the recorded step (the end of a training run: it refers to the run's data). */
    void closeRecording() {
        if (recording != null) {
            recording.close();
            recording = null;
            recordedFor = null;
        }
    }

    private void closeWorkspaces() {
        inputs.close();
        targets.close();
        for (Layer layer : layers) {
            layer.releaseWorkspaces();
        }
    }

    /** Frees the workspaces; the parameters stay on the backend until the network releases them. */
    @Override
    public void close() {
        closeRecording();
        closeWorkspaces();
        cursor.close();
    }
}
