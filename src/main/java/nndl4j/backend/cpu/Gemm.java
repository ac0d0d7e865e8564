package nndl4j.backend.cpu;

/** Column-major SGEMM and the level-1 steps of the parameter update, as BLAS defines them. */
interface Gemm {
    String description();

    /** The threads of each GEMM (a no-op where the GEMM is single-threaded). */
    default void useThreads(int threads) {
    }

    /** C = alpha·op(A)·op(B) + beta·C; op(A) is m×k, op(B) k×n, leading dimensions are the stored row counts. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               CpuMatrix a, CpuMatrix b, float beta, CpuMatrix c);

    /** y = decay·y − scale·x over the first n entries (BLAS sscal then saxpy). */
    void scaleAndSubtract(int n, float decay, float scale, CpuMatrix x, CpuMatrix y);
}
