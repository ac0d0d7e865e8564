package nndl4j.network;

import nndl4j.BadInputException;
import nndl4j.backend.Activation;
import nndl4j.backend.Backend;
import nndl4j.backend.Convolution;
import nndl4j.backend.Matrix;
import nndl4j.backend.Pooling;

import java.util.Objects;
import java.util.Random;

/**
 * network3.py's ConvPoolLayer: a 'valid' true convolution of the input maps with each filter (Theano's conv2d,
 * which flips the filters), non-overlapping max-pooling that drops a partial border ({@code ignore_border=True}),
 * then a bias per filter and the activation: a = f(maxpool(w ∗ x) + b). No dropout. A new layer's weights are drawn
 * N(0, 1/n_out) with n_out = filters · filter height · filter width / pool area, and its biases N(0, 1).
 *
 * <p>The max-pool's gradient follows Theano, whose results network3.py reports: every input equal to its window's
 * maximum receives the window's gradient, all of them when several tie (PyTorch and Caffe pick one position).
 *
 * <p>On a backend a mini-batch is computed as im2col, one GEMM and a fused max-pool: patches = im2col(x) has a
 * column of channels · filter height · filter width values per output position, maps = wᵀ · patches, then
 * z = maxpool(maps) + b and a = f(z). The weights are stored as network3.py's {@code w} flattened, which is the
 * column-major (channels · height · width) × filters matrix w of that GEMM.
 */
public final class ConvPoolLayer extends Layer {
    private final FilterShape filterShape;
    private final Shape imageShape;
    private final PoolSize poolSize;
    private final Activation activation;
    private final Convolution convolution;
    private final Pooling pooling;

    private Backend backend;
    private Matrix weights;
    private Matrix biases;
    private Matrix patches;
    private Matrix maps;
    private Matrix zs;
    private Matrix activations;
    private Matrix deltas;
    private Matrix mapsGradient;
    /** ∂C/∂patches, for the layer before; only a layer that has one needs it. */
    private Matrix patchesGradient;

    /**
     * A layer whose parameters the network draws. {@code imageShape} is the input's channels × height × width
     * (network3.py's image_shape without the mini-batch size); its channels must be the filters' input channels.
     */
    public ConvPoolLayer(FilterShape filterShape, Shape imageShape, PoolSize poolSize, Activation activation) {
        this(filterShape, imageShape, poolSize, activation, null, null);
    }

    /** A sigmoid layer with 2×2 pooling, network3.py's defaults. */
    public ConvPoolLayer(FilterShape filterShape, Shape imageShape) {
        this(filterShape, imageShape, new PoolSize(2, 2), Activation.SIGMOID);
    }

    /** A layer with given parameters: {@code w} network3.py's w flattened (filter, channel, row, column), {@code b} one per filter. */
    ConvPoolLayer(FilterShape filterShape, Shape imageShape, PoolSize poolSize, Activation activation, float[] w, float[] b) {
        super(Objects.requireNonNull(filterShape, "filterShape").weightsPerFilter(), filterShape.filters(), filterShape.filters(), w, b);
        this.filterShape = Objects.requireNonNull(filterShape, "filterShape");
        this.imageShape = Objects.requireNonNull(imageShape, "imageShape");
        this.poolSize = Objects.requireNonNull(poolSize, "poolSize");
        this.activation = Objects.requireNonNull(activation, "activation");
        if (filterShape.channels() != imageShape.channels()) {
            throw new BadInputException("the filters " + filterShape + " read " + filterShape.channels()
                    + " channels but the images " + imageShape + " have " + imageShape.channels());
        }
        if (filterShape.height() > imageShape.height() || filterShape.width() > imageShape.width()) {
            throw new BadInputException("a " + filterShape.height() + "×" + filterShape.width()
                    + " filter does not fit in a " + imageShape.height() + "×" + imageShape.width() + " image");
        }
        this.convolution = new Convolution(imageShape.channels(), imageShape.height(), imageShape.width(),
                filterShape.height(), filterShape.width());
        if (poolSize.height() > convolution.outHeight() || poolSize.width() > convolution.outWidth()) {
            throw new BadInputException("a " + poolSize + " pool does not fit in the " + convolution.outHeight() + "×"
                    + convolution.outWidth() + " maps of a " + filterShape.height() + "×" + filterShape.width()
                    + " filter over a " + imageShape.height() + "×" + imageShape.width() + " image");
        }
        this.pooling = new Pooling(filterShape.filters(), convolution.outHeight(), convolution.outWidth(),
                poolSize.height(), poolSize.width());
    }

    public FilterShape filterShape() {
        return filterShape;
    }

    /** The shape of one input sample (network3.py's image_shape without the mini-batch size). */
    public Shape imageShape() {
        return imageShape;
    }

    public PoolSize poolSize() {
        return poolSize;
    }

    public Activation activation() {
        return activation;
    }

    /** The shape of one output sample: filters × pooled height × pooled width. */
    public Shape outputShape() {
        return new Shape(pooling.channels(), pooling.pooledHeight(), pooling.pooledWidth());
    }

    @Override
    public int inputSize() {
        return imageShape.size();
    }

    @Override
    public int outputSize() {
        return pooling.outputSize();
    }

    /** network3.py's ConvPoolLayer has no dropout. */
    @Override
    public double pDropout() {
        return 0;
    }

    /** A copy of the weights as network3.py holds them: w[filter][channel][row][column], in true-convolution orientation. */
    public float[][][][] weights() {
        float[] values = w.values();
        float[][][][] nested = new float[filterShape.filters()][filterShape.channels()][filterShape.height()][];
        int at = 0;
        for (float[][][] filter : nested) {
            for (float[][] channel : filter) {
                for (int row = 0; row < channel.length; row++, at += filterShape.width()) {
                    channel[row] = java.util.Arrays.copyOfRange(values, at, at + filterShape.width());
                }
            }
        }
        return nested;
    }

    /** A copy of the biases, one per filter. */
    public float[] biases() {
        return b.values();
    }

    @Override
    void initialize(Random random) {
        if (needsInitialization) {
            double nOut = (double) filterShape.filters() * filterShape.height() * filterShape.width() / poolSize.area();
            w.set(Gaussian.draw(w.rows() * w.cols(), Math.sqrt(1.0 / nOut), random));
            b.set(Gaussian.draw(filterShape.filters(), 1.0, random));
            needsInitialization = false;
        }
    }

    @Override
    void bind(Backend backend, int capacity) {
        releaseWorkspaces();
        this.backend = backend;
        weights = w.on(backend);
        biases = b.on(backend);
        int positions = Math.multiplyExact(capacity, convolution.positions());
        patches = backend.allocate(convolution.patchSize(), positions);
        maps = backend.allocate(pooling.channels(), positions);
        zs = backend.allocate(outputSize(), capacity);
        activations = backend.allocate(outputSize(), capacity);
        deltas = backend.allocate(outputSize(), capacity);
        mapsGradient = backend.allocate(pooling.channels(), positions);
        patchesGradient = index() > 0 ? backend.allocate(convolution.patchSize(), positions) : null;
    }

    @Override
    long workspacePerSample() {
        long patchColumns = (long) convolution.patchSize() * convolution.positions();
        long mapValues = (long) pooling.channels() * convolution.positions();
        // patches (and their ∂ unless first: a layer not yet in a network counts it), maps and ∂, z, a, δ
        return patchColumns * (index() != 0 ? 2 : 1) + 2 * mapValues + 3L * outputSize();
    }

    @Override
    void releaseWorkspaces() {
        for (Matrix m : new Matrix[] {patches, maps, zs, activations, deltas, mapsGradient, patchesGradient}) {
            if (m != null) {
                m.close();
            }
        }
        patches = maps = zs = activations = deltas = mapsGradient = patchesGradient = null;
    }

    @Override
    Matrix forward(Matrix x, int count, Pass pass) {
        int positions = count * convolution.positions();
        Matrix p = backend.leadingColumns(patches, positions);
        Matrix m = backend.leadingColumns(maps, positions);
        backend.im2col(x, convolution, p);
        backend.gemm(true, false, 1f, weights, p, 0f, m);
        Matrix a = backend.leadingColumns(activations, count);
        backend.maxPoolAddBiasActivate(m, pooling, biases, activation, backend.leadingColumns(zs, count), a);
        return a;
    }

    @Override
    Matrix delta(int count) {
        return backend.leadingColumns(deltas, count);
    }

    @Override
    void backward(Matrix delta, Matrix inputGradient, int count, Pass pass, ParameterStep step) {
        int positions = count * convolution.positions();
        Matrix p = backend.leadingColumns(patches, positions);
        Matrix dMaps = backend.leadingColumns(mapsGradient, positions);
        backend.maxPoolBackward(backend.leadingColumns(maps, positions), pooling, delta, dMaps);
        if (inputGradient != null) { // ∂C/∂x = col2im(w · ∂C/∂maps), with the weights of the forward pass
            Matrix dPatches = backend.leadingColumns(patchesGradient, positions);
            backend.gemm(false, false, 1f, weights, dMaps, 0f, dPatches);
            backend.col2im(dPatches, convolution, inputGradient);
        }
        step.applyToWeights(backend, w, p, dMaps); // ∇w = patches · (∂C/∂maps)ᵀ
        backend.channelSums(delta, pooling.channels(), b.gradient()); // one bias per filter, added after the pooling
        step.applyToBiases(backend, b);
    }

    @Override
    void multiplyActivationDerivative(Matrix gradient, int count) {
        backend.multiplyActivationDerivative(gradient, activation,
                backend.leadingColumns(zs, count), backend.leadingColumns(activations, count));
    }

    @Override
    public String toString() {
        return "ConvPoolLayer(filter_shape=" + filterShape + ", image_shape=" + imageShape + ", poolsize=" + poolSize
                + ", " + activation.spelling() + ")";
    }
}
