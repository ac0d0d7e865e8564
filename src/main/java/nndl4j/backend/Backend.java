package nndl4j.backend;

/**
 * The ops of one matrix-based training step. Matrices are column-major float32 with one sample per
 * column. Each op is one kernel or one BLAS call on an accelerator; the CPU backend is the reference.
 *
 * <p>Shapes are checked by the caller ({@code nndl4j.network.Engine}); backends may assume them.
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

    // ---- the ops of a training step ----

    /** C = alpha·op(A)·op(B) + beta·C, as BLAS sgemm with op(X) = Xᵀ when the flag is set. */
    void gemm(boolean transposeA, boolean transposeB, float alpha, Matrix a, Matrix b, float beta, Matrix c);

    /** z[i,j] += bias[i]; a[i,j] = σ(z[i,j]). Forward step of a layer after its GEMM. */
    void addBiasSigmoid(Matrix z, Matrix bias, Matrix a);

    /** delta = (a − y) ⊙ σ′(z) with σ′(z) = a(1 − a): the quadratic cost's output error (BP1). */
    void quadraticDelta(Matrix a, Matrix y, Matrix delta);

    /** delta = a − y: the cross-entropy cost's output error (BP1, σ′ cancels). */
    void crossEntropyDelta(Matrix a, Matrix y, Matrix delta);

    /** delta ⊙= a(1 − a), i.e. σ′(z) from the activations: the hidden-layer error (BP2). */
    void multiplySigmoidPrime(Matrix delta, Matrix a);

    /** sums[i] = Σ_j m[i,j]: the bias gradient of a mini-batch (BP3). */
    void rowSums(Matrix m, Matrix sums);

    /** param = decay·param − scale·gradient: SGD step with L2 weight decay (decay = 1 − ηλ/n, scale = η/m). */
    void sgdUpdate(Matrix param, Matrix gradient, float decay, float scale);

    /** dst[:,j] = src[:, permutation[offset + j]] for every column j of dst: gathers a shuffled mini-batch. */
    void gatherColumns(Matrix src, IntVector permutation, int offset, Matrix dst);

    /** Number of columns j where argmax a[:,j] equals argmax y[:,j] (first maximum wins, like numpy). */
    long countArgmaxMatches(Matrix a, Matrix y);

    /** Σ_j ½‖a[:,j] − y[:,j]‖². */
    double quadraticCostSum(Matrix a, Matrix y);

    /** Σ_ij −y ln a − (1 − y) ln(1 − a), a term with a zero coefficient counting as 0 (the book's nan_to_num). */
    double crossEntropyCostSum(Matrix a, Matrix y);

    /** Σ m[i,j]²: the L2 term of the total cost. */
    double sumOfSquares(Matrix m);

    /** Waits until all queued work is done (a no-op on the CPU). */
    default void synchronize() {
    }

    @Override
    void close();
}
