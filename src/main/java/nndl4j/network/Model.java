package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.data.Dataset;

import java.nio.file.Path;

/**
 * A trained classifier of either kind: a network2.py {@link Network} or a network3.py {@link LayeredNetwork}.
 * {@link #load} tells their model files apart.
 */
public interface Model extends AutoCloseable {

    /** Loads a network2.py JSON file or an {@code nndl4j-layers} file, whichever {@code file} holds. */
    static Model load(Path file) {
        return ModelFile.load(file);
    }

    /** Runs the arithmetic on {@code backend} from now on (the caller keeps ownership of the backend). */
    Model useBackend(Backend backend);

    /** The output for one input. */
    float[] feedforward(float[] x);

    /** How many samples the output's largest entry classifies right. */
    int accuracy(Dataset data);

    /** Mean cost over the data plus the L2 term ½(λ/n)Σ‖w‖² with n the data's size (network2.py's {@code total_cost}). */
    double totalCost(Dataset data, double lambda);

    /** For each sample in data order, the index of the output's largest entry (the first on ties). */
    int[] predictions(Dataset data);

    Cost cost();

    /** Values per input sample. */
    int inputSize();

    /** Values per output (classes). */
    int outputSize();

    /** A one-line description of the architecture, e.g. {@code [784, 30, 10]}, {@code [784, 30, 10] relu} or {@code fc:100:relu,softmax:10}. */
    String describe();

    /** Saves atomically in this kind of network's format. */
    void save(Path file);

    /** Frees the backend memory this network holds; it stays usable, and the next call puts it back. */
    @Override
    void close();
}
