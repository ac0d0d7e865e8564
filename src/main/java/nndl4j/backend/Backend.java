package nndl4j.backend;

/**
 * The ops of one matrix-based training step. Matrices are column-major float32 with one sample per
 * column. Each op is one kernel or one BLAS call on an accelerator; the CPU backend is the reference.
 *
 * <p>Every op checks its matrices' shapes against each other and throws {@link IllegalArgumentException} on a
 * mismatch, before any native code or kernel runs.
 */
public interface Backend extends AutoCloseable {

    /** Short name used on the command line, e.g. {@code cpu}. */
    String name();

    /** One line describing the hardware and libraries in use, e.g. the GEMM implementation. */
    String description();

    // ---- memory ----

    /** A new zero-filled rows×cols matrix. */
    Matrix allocate(int rows, int cols);

    /** A new matrix holding {@code columnMajor} (length rows·cols). */
    Matrix upload(float[] columnMajor, int rows, int cols);

    /** Copies the matrix to the host, column-major. */
    float[] download(Matrix m);

    /** A new device copy of {@code values}. */
    IntVector upload(int[] values);

    /** A view of the first {@code cols} columns of {@code m}, sharing its storage (for a short last mini-batch). */
    Matrix leadingColumns(Matrix m, int cols);

    /** A new cursor at step 0, offset 0. */
    BatchCursor allocateCursor();

    /** Puts the cursor at {@code step} and {@code offset} (a copy from the host). */
    void moveCursor(BatchCursor cursor, long step, int offset);

    /**
     * step += 1 and offset += {@code columns}: the last op of a training step, which moves a recorded step on to
     * the next mini-batch each time it is replayed.
     */
    void advanceCursor(BatchCursor cursor, int columns);

    // ---- the ops of a training step ----

    /** C = alpha·op(A)·op(B) + beta·C, as BLAS sgemm with op(X) = Xᵀ when the flag is set. */
    void gemm(boolean transposeA, boolean transposeB, float alpha, Matrix a, Matrix b, float beta, Matrix c);

    /** z[i,j] += bias[i]; a[i,j] = f(z[i,j]). The forward step of a layer after its GEMM. */
    void addBiasActivate(Matrix z, Matrix bias, Activation f, Matrix a);

    /**
     * z[i,j] += bias[i]; a[:,j] = softmax(z[:,j]) = exp(z[:,j] − max z[:,j]) / Σ exp(z[:,j] − max z[:,j]): the
     * forward step of a softmax layer (the column maximum is subtracted so that exp cannot overflow).
     */
    void addBiasSoftmax(Matrix z, Matrix bias, Matrix a);

    /**
     * delta[i,j] ·= f′(z[i,j]), where a = f(z): turns ∂C/∂a into ∂C/∂z (BP2). Sigmoid and tanh take the derivative
     * from a (a(1 − a), 1 − a²), ReLU from z (1 for z ≥ 0), linear leaves delta as it is.
     */
    void multiplyActivationDerivative(Matrix delta, Activation f, Matrix z, Matrix a);

    /**
     * delta = a − y: ∂C/∂a of the quadratic cost, and the output error δᴸ (BP1) of cross-entropy after a sigmoid
     * and of log-likelihood after a softmax, where f′ cancels.
     */
    void difference(Matrix a, Matrix y, Matrix delta);

    /**
     * Dropout: m[i] = 0 for each entry the mask drops, m[i] unchanged for each it keeps. Entry i (column-major
     * index in m) is kept with probability {@code keepProbability}, decided by {@link Philox#keeps} from (seed,
     * layer, step, i) alone, where step is the cursor's, so every backend drops the same entries and a second call
     * at the same step (the backward pass) drops them again.
     */
    void dropout(Matrix m, float keepProbability, long seed, int layer, BatchCursor at);

    /** sums[i] = Σ_j m[i,j]: the bias gradient of a mini-batch (BP3). */
    void rowSums(Matrix m, Matrix sums);

    /** param = decay·param − scale·gradient: SGD step with L2 weight decay (decay = 1 − ηλ/n, scale = η/m). */
    void sgdUpdate(Matrix param, Matrix gradient, float decay, float scale);

    /**
     * dst[:,j] = src[:, permutation[offset + j]] for every column j of dst, where offset is the cursor's: gathers a
     * shuffled mini-batch.
     */
    void gatherColumns(Matrix src, IntVector permutation, BatchCursor at, Matrix dst);

    /** Number of columns j where argmax a[:,j] equals argmax y[:,j] (first maximum wins, like numpy). */
    long countArgmaxMatches(Matrix a, Matrix y);

    /** Σ_j ½‖a[:,j] − y[:,j]‖². */
    double quadraticCostSum(Matrix a, Matrix y);

    /** Σ_ij −y ln a − (1 − y) ln(1 − a), a term with a zero coefficient counting as 0 (the book's nan_to_num). */
    double crossEntropyCostSum(Matrix a, Matrix y);

    /** Σ_ij −y ln a, a term with y = 0 counting as 0: for one-hot y, Σ_j −ln a[label_j, j] (network3.py's cost). */
    double logLikelihoodCostSum(Matrix a, Matrix y);

    /** Σ m[i,j]²: the L2 term of the total cost. */
    double sumOfSquares(Matrix m);

    // ---- the ops of a convolution + max-pooling layer ----

    /**
     * im2col of a true convolution: {@code images} holds one sample per column (g.inputSize() values, channel, row,
     * column); {@code patches} is g.patchSize() × (samples · g.positions()), one column per output position
     * (sample, row, column). patches[(c, i, j), (n, y, x)] = images[(c, y + kh − 1 − i, x + kw − 1 − j), n]: the
     * filter position (i, j) reads the flipped image position, so that (filter as stored)ᵀ · patches is Theano's
     * conv2d, and no flipped copy of the filters exists.
     */
    void im2col(Matrix images, Convolution g, Matrix patches);

    /**
     * The adjoint of {@link #im2col}: images[(c, y, x), n] = Σ of patches over every (filter position, output
     * position) that im2col read (c, y, x) of sample n into. Each image entry gathers its own sum in a fixed order,
     * so the result is deterministic (no atomics). Turns ∂C/∂patches into ∂C/∂images.
     */
    void col2im(Matrix patches, Convolution g, Matrix images);

    /**
     * Max-pooling, then bias and activation: {@code maps} is p.channels() × (samples · p.height() · p.width()), one
     * column per position (sample, row, column), as the convolution's GEMM writes it; z and a are p.outputSize() ×
     * samples in (channel, pooled row, pooled column) order. z = max over the window + bias[channel]; a = f(z).
     */
    void maxPoolAddBiasActivate(Matrix maps, Pooling p, Matrix bias, Activation f, Matrix z, Matrix a);

    /**
     * The max-pool's gradient, as Theano computes it: mapsGradient[c, (n, y, x)] = delta[(c, y / ph, x / pw), n] for
     * every entry of maps equal to its window's maximum (all of them when several tie), 0 elsewhere and in the
     * dropped border. {@code delta} is p.outputSize() × samples; mapsGradient has the shape of maps.
     */
    void maxPoolBackward(Matrix maps, Pooling p, Matrix delta, Matrix mapsGradient);

    /**
     * sums[c] = Σ over the columns j and the positions k of m[(c, k), j], where m's rows are {@code channels}
     * consecutive runs of rows / channels entries: the bias gradient of a convolutional layer (one bias per filter).
     */
    void channelSums(Matrix m, int channels, Matrix sums);

    // ---- recording ----

    /** Ops recorded once and run again as one unit: a CUDA graph on a GPU. */
    interface Recording extends AutoCloseable {
        /** Runs the recorded ops again, on the values their matrices and the cursor hold now. */
        void replay();

        @Override
        void close();
    }

    /**
     * Records the ops that {@code ops} issues, without running them, for {@link Recording#replay}; or says why it
     * cannot ({@link RecordingUnavailableException}). The ops must not copy to or from the host. A backend whose ops
     * cost nothing to issue (the CPU) does not record.
     */
    default Recording record(Runnable ops) {
        throw new RecordingUnavailableException("the " + name() + " backend runs each op as it is issued");
    }

    /** Waits until all queued work is done (a no-op on the CPU). */
    default void synchronize() {
    }

    @Override
    void close();
}
