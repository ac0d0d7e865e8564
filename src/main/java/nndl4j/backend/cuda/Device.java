package nndl4j.backend.cuda;

import java.util.Optional;

/**
 * The device seam: everything {@link CudaBackend} needs from a CUDA device, and nothing of the library behind it.
 * Device memory is an opaque {@code long} handle (the device address, for a CUDA driver); kernels are the
 * {@code extern "C"} entries of {@code kernels/}, launched by name with typed arguments. {@link JCudaDevice}
 * implements it over JCuda; a host build of {@code kernels/} can implement it over a C library.
 *
 * <p>Work is ordered: every call sees the effects of all earlier calls, and copies to the host return once their
 * data has arrived. Failures throw {@link DeviceException} naming the call and the error; after a
 * {@link KernelFaultException} (which a GPU reports at some later call, or at the launch itself in checked mode)
 * the device refuses all further work with an exception that names that first fault.
 *
 * <p>Implementations are safe for use from several threads: each call holds the device for its duration.
 */
interface Device extends AutoCloseable {

    /** Free and total device memory in bytes. */
    record MemoryInfo(long free, long total) {
    }

    /** A vendor SGEMM with cuBLAS semantics (column-major, as {@code cublasSgemm}). */
    interface Gemm {
        /** C = alpha·op(A)·op(B) + beta·C; op(A) is m×k, op(B) k×n; lda, ldb, ldc are the stored row counts. */
        void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                   long a, int lda, long b, int ldb, float beta, long c, int ldc);
    }

    /**
     * One line about the device and the libraries in use: name, compute capability, memory, driver and runtime
     * versions, the GEMM and where the kernels came from.
     */
    String description();

    /** Zero-filled device memory of {@code bytes} bytes; throws {@link OutOfDeviceMemoryException} when it does not fit. */
    long allocate(long bytes);

    /** Frees memory from {@link #allocate}. Does nothing once the device is closed (its memory went with it). */
    void free(long pointer);

    void copyToDevice(float[] source, long destination);

    void copyToDevice(int[] source, long destination);

    /** Copies {@code destination.length} floats from the device. */
    void copyToHost(long source, float[] destination);

    /** Copies {@code destination.length} doubles from the device (the reductions' per-block partial sums). */
    void copyToHost(long source, double[] destination);

    /**
     * Runs the kernel named {@code kernel} on a gridX×gridY grid of blockX×blockY threads. Kernels use only
     * fixed-size {@code __shared__} arrays, so there is no dynamic shared memory to ask for.
     */
    void launch(String kernel, int gridX, int gridY, int blockX, int blockY, KernelArgs args);

    /** The vendor GEMM, or empty where it cannot load; {@link CudaBackend} then launches {@code kernels/sgemm.cu}. */
    Optional<Gemm> vendorGemm();

    /** Launches and GEMMs recorded once and run again as one unit: a CUDA graph. */
    interface Graph extends AutoCloseable {
        /** Runs the recorded work again, queued after all earlier work. */
        void launch();

        @Override
        void close();
    }

    /**
     * Starts recording (CUDA stream capture): the launches and GEMMs issued from now until {@link #endRecording} are
     * recorded for a {@link Graph}, not run. Nothing else may be called meanwhile. Throws {@link DeviceException}
     * where this device cannot record, e.g. in checked mode, where every launch must be checked on its own.
     */
    void beginRecording();

    /** Ends the recording; a graph of what was recorded. Also ends a recording whose work failed, then throws. */
    Graph endRecording();

    /** Waits until all queued work is done. */
    void synchronize();

    MemoryInfo memoryInfo();

    /** Releases the device and all memory still allocated on it. */
    @Override
    void close();
}
