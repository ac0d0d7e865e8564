package nndl4j.backend.cuda;

/** The emulated CUDA backend variants that tests in other packages need; the device seam itself is package-private. */
public final class EmulatedBackends {
    private EmulatedBackends() {
    }

    /** cuda-emulated without a vendor GEMM, so that {@code gemm} runs the own {@code kernels/sgemm.cu}. */
    public static CudaBackend withOwnSgemm() {
        return new CudaBackend("cuda-emulated", EmulatedDevice.open(false));
    }
}
