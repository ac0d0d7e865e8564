package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

import java.util.List;
import java.util.Random;

/**
 * A layer of a network, as in network3.py: it owns its parameters, knows its input and output sizes, and has a
 * forward and a backward pass over backend matrices that hold one sample per column.
 *
 * <p>The passes follow one protocol, run by the network's engine: {@link #forward} maps the input columns to the
 * output activations; {@link #backward} takes the layer's error δ = ∂C/∂z, writes ∂C/∂(input) for the layer
 * before (computed with the weights of the forward pass) and then steps or keeps its own parameters' gradients;
 * the layer before turns that ∂C/∂a into its own δ with {@link #multiplyActivationDerivative}.
 */
public abstract sealed class Layer permits DenseLayer, ConvPoolLayer {
    /** The weights, which L2 regularization decays and the cost's L2 term counts (not the biases). */
    final Parameter w;
    /** The biases. */
    final Parameter b;
    /** False for a layer given its parameters (a loaded model), so that the network does not draw new ones. */
    boolean needsInitialization;
    /** The layer's position in its network: the dropout masks' stream. -1 until a network takes it. */
    private int index = -1;

    /**
     * A layer with a column-major weightRows × weightColumns weight matrix and {@code biasCount} biases: {@code w} and
     * {@code b} where given (a loaded model), else zeros for {@link #initialize} to draw over.
     */
    Layer(int weightRows, int weightColumns, int biasCount, float[] w, float[] b) {
        this.needsInitialization = w == null;
        this.w = new Parameter(weightRows, weightColumns, w);
        this.b = new Parameter(biasCount, 1, b);
    }

    /** Values per sample this layer takes. */
    public abstract int inputSize();

    /** Values per sample this layer gives. */
    public abstract int outputSize();

    /** The probability with which dropout removes each input value during training (0: no dropout). */
    public abstract double pDropout();

    // ---- the engine's protocol ----

    /** Takes the layer into a network at {@code position}; a layer belongs to one network only. */
    final void joinNetwork(int position) {
        if (index != -1) {
            throw new IllegalArgumentException("this " + getClass().getSimpleName()
                    + " already belongs to a network: create a new layer for each network");
        }
        index = position;
    }

    final int index() {
        return index;
    }

    /** Draws network3.py's initial parameters, unless the layer was created with given ones. */
    abstract void initialize(Random random);

    final Parameter weightParameter() {
        return w;
    }

    final Parameter biasParameter() {
        return b;
    }

    /** Every parameter, for binding to a backend and releasing. */
    final List<Parameter> parameters() {
        return List.of(w, b);
    }

    /** Puts the parameters on {@code backend} (if not there yet) and allocates workspaces for {@code capacity} columns. */
    abstract void bind(Backend backend, int capacity);

    /** Values per sample (column) of the workspaces {@link #bind} allocates. */
    abstract long workspacePerSample();

    /** Frees the workspaces of {@link #bind}; the parameters stay where they are. */
    abstract void releaseWorkspaces();

    /** The output activations of the first {@code count} columns of {@code input}, a view of a workspace. */
    abstract Matrix forward(Matrix input, int count, Pass pass);

    /** The workspace for this layer's δ (outputSize × count), which the engine fills for the layer after it. */
    abstract Matrix delta(int count);

    /**
     * Backpropagates {@code delta} (this layer's ∂C/∂z after the last {@link #forward}): writes ∂C/∂(input) into
     * {@code inputGradient} unless it is null (the first layer), then applies {@code step} to the parameters.
     */
    abstract void backward(Matrix delta, Matrix inputGradient, int count, Pass pass, ParameterStep step);

    /** gradient ⊙= f′(z) of the last forward pass: turns ∂C/∂a of this layer's output into its δ (BP2). */
    abstract void multiplyActivationDerivative(Matrix gradient, int count);
}
