package nndl4j.backend.cpu;

import java.nio.FloatBuffer;

/**
 * Plain-Java SGEMM, used only where the OpenBLAS natives cannot load (an unsupported platform).
 * Correct and simple rather than fast: the inner loop is an axpy down a column of C.
 */
final class JavaGemm implements Gemm {

    @Override
    public String description() {
        return "plain-Java sgemm (OpenBLAS unavailable; expect much lower throughput)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      CpuMatrix a, CpuMatrix b, float beta, CpuMatrix c) {
        FloatBuffer av = a.data, bv = b.data, cv = c.data;
        int lda = a.rows(), ldb = b.rows(), ldc = c.rows();
        float[] column = new float[m];
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(column, 0f);
            for (int l = 0; l < k; l++) {
                float bl = transB ? bv.get(j + l * ldb) : bv.get(l + j * ldb);
                for (int i = 0; i < m; i++) {
                    column[i] += (transA ? av.get(l + i * lda) : av.get(i + l * lda)) * bl;
                }
            }
            for (int i = 0; i < m; i++) {
                int at = i + j * ldc;
                // beta = 0 must ignore C entirely (it may hold NaN), as BLAS specifies.
                cv.put(at, alpha * column[i] + (beta == 0f ? 0f : beta * cv.get(at)));
            }
        }
    }

    @Override
    public void scaleAndSubtract(int n, float decay, float scale, CpuMatrix x, CpuMatrix y) {
        for (int i = 0; i < n; i++) {
            y.data.put(i, decay * y.data.get(i) - scale * x.data.get(i));
        }
    }
}
