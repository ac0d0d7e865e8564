package nndl4j.network;

import nndl4j.backend.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * What a training run needs in memory, estimated from the layers' sizes before anything is allocated, so that an
 * impossible run stops with one line instead of an OutOfMemoryError minutes in. In bytes, float32 values:
 *
 * <ul>
 *     <li>{@code backendBytes}, what the backend allocates (native memory through JavaCPP on the CPU, device memory
 *     on CUDA): the parameters P, the biases' gradient buffers (an SGD step updates the weights in place by one GEMM
 *     and stores no weight gradient), the engine's workspaces (input and target columns plus each layer's
 *     {@link Layer#workspacePerSample}) for its capacity of max(min(mini-batch, training samples), evaluation chunk)
 *     columns, as {@link LayerStack#engine} sizes them, and every data set uploaded (inputs, targets and an index per
 *     sample, and one shuffled permutation of the training set);</li>
 *     <li>{@code hostBytes}, the Java heap: the data sets' float arrays and three times the parameters: at the peak
 *     a network holds its current values, a new draw (the command line's large initialiser draws over the default one)
 *     and the copy it takes of it; measured: [784,2000000,100] (2 × 7.1 GB of parameters) ran out of a 16 GB heap.</li>
 * </ul>
 *
 * <p>Not counted, as small beside these for any network that comes near a limit: the JVM and libraries themselves,
 * cuBLAS's workspace, recorded CUDA graphs, the files being read (the IDX bytes before their conversion to floats).
 */
public record MemoryEstimate(long hostBytes, long backendBytes) {

    /**
     * Training the network {@code layers} make (not yet in a network: no parameter is allocated for them) in
     * mini-batches of {@code miniBatchSize} on {@code trainingSize} samples, with data sets of {@code otherDataSizes}
     * samples (validation, test) held beside them.
     */
    public static MemoryEstimate ofTraining(List<? extends Layer> layers, int miniBatchSize, int trainingSize,
                                            int... otherDataSizes) {
        List<Layer> stack = List.copyOf(layers);
        long parameters = 0, biases = 0, workspacePerSample = 0;
        for (Layer layer : stack) {
            long weights = (long) layer.weightParameter().rows() * layer.weightParameter().cols();
            long bias = (long) layer.biasParameter().rows() * layer.biasParameter().cols();
            parameters += weights + bias;
            biases += bias;
            workspacePerSample += layer.workspacePerSample();
        }
        long valuesPerSample = stack.get(0).inputSize() + stack.get(stack.size() - 1).outputSize();
        long capacity = Math.max(Math.min(miniBatchSize, trainingSize), Engine.evaluationChunk(stack));
        long samples = trainingSize;
        for (int size : otherDataSizes) {
            samples += size;
        }
        long backendValues = parameters + biases
                + capacity * (valuesPerSample + workspacePerSample)
                + samples * (valuesPerSample + 1) + trainingSize; // + 1: each sample's index; the permutation
        long hostValues = 3 * parameters + samples * valuesPerSample;
        return new MemoryEstimate(Float.BYTES * hostValues, Float.BYTES * backendValues);
    }

    /** As {@link #ofTraining(List, int, int, int...)} for a loaded model's layers. */
    public static MemoryEstimate ofTraining(Model model, int miniBatchSize, int trainingSize, int... otherDataSizes) {
        List<Layer> layers = model instanceof Network n ? n.stack().layers : ((LayeredNetwork) model).stack().layers;
        return ofTraining(layers, miniBatchSize, trainingSize, otherDataSizes);
    }

    /** The layers of a network2 network of {@code sizes}, unallocated, for {@link #ofTraining}. */
    public static List<Layer> network2Layers(int[] sizes) {
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            layers.add(new FullyConnectedLayer(sizes[l], sizes[l + 1], Activation.SIGMOID, 0));
        }
        return layers;
    }
}
