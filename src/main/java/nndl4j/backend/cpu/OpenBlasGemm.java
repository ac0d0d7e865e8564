package nndl4j.backend.cpu;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sscal;

/**
 * OpenBLAS through JavaCPP's presets: the natives ship in the jar for the platform it was built on. Its thread
 * count is one setting per process: the CPU backend sets it when it opens ({@link CpuBackend}).
 */
final class OpenBlasGemm implements Gemm {

    /** Loads the natives; throws (UnsatisfiedLinkError, NoClassDefFoundError) where they cannot load. */
    OpenBlasGemm() {
        org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas.class);
    }

    @Override
    public void useThreads(int threads) {
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
    }

    @Override
    public String description() {
        return "OpenBLAS sgemm (JavaCPP presets, " + org.bytedeco.javacpp.Loader.getPlatform() + ")";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      CpuMatrix a, CpuMatrix b, float beta, CpuMatrix c) {
        cblas_sgemm(CblasColMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a.pointer, a.rows(), b.pointer, b.rows(), beta, c.pointer, c.rows());
    }

    @Override
    public void scaleAndSubtract(int n, float decay, float scale, CpuMatrix x, CpuMatrix y) {
        if (decay != 1f) {
            cblas_sscal(n, decay, y.pointer, 1);
        }
        cblas_saxpy(n, -scale, x.pointer, 1, y.pointer, 1);
    }
}
