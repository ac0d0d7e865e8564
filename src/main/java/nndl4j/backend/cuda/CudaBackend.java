package nndl4j.backend.cuda;

import nndl4j.backend.Activation;
import nndl4j.backend.Backend;
import nndl4j.backend.BackendUnavailableException;
import nndl4j.backend.BatchCursor;
import nndl4j.backend.Convolution;
import nndl4j.backend.IntVector;
import nndl4j.backend.Matrix;
import nndl4j.backend.Pooling;
import nndl4j.backend.RecordingUnavailableException;
import nndl4j.backend.Shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPU backend: each op one kernel of {@code kernels/} (or one GEMM), run through the {@link Device} seam.
 * Matrices live in device memory; the host sees only what {@link #download} and the reductions return (a scalar
 * or a count, summed in double from one partial sum per block). {@link #record} captures a training step into a
 * CUDA graph.
 *
 * <p>Checked mode (environment {@code NNDL4J_CUDA_SYNC=1}, or system property {@code nndl4j.cuda.checked=true}, which
 * {@code --cuda-checked} sets) waits for every kernel and GEMM to finish, so that a fault is reported at the launch
 * that caused it, naming it; it records nothing, as a graph's kernels cannot be checked one by one.
 */
public final class CudaBackend implements Backend {
    /** Threads per block of every kernel but sgemm; a power of two, at most BLOCK_SUM_THREADS of kernels/block_sum.cuh. */
    static final int THREADS = 256;
    /** The most blocks a launch uses: the kernels loop over the rest, and a reduction returns one partial per block. */
    static final int MAX_BLOCKS = 1024;
    /** SGEMM_TILE of kernels/sgemm.cu: each block computes a tile×tile tile of C. */
    static final int SGEMM_TILE = 64;
    /** SGEMM_THREADS of kernels/sgemm.cu: its blocks are threads×threads, each a 4×4 part of the tile. */
    static final int SGEMM_THREADS = 16;

    private final String name;
    private final Device device;
    private final Device.Gemm gemm;
    private final boolean checked;
    /** While recording: what the recorded ops do on the host (moving cursors' host copies), to redo at each replay. */
    private List<Runnable> recordedHostEffects;
    /** MAX_BLOCKS doubles: the per-block partial sums of the reductions. */
    private final DeviceMemory partials;

    /** Device 0 through JCuda; throws {@link BackendUnavailableException} with a one-line reason where CUDA cannot start. */
    public CudaBackend() {
        this("cuda", openJCuda());
    }

    /**
     * The CUDA backend on the emulator of {@code native/}: the kernels run on the CPU (slowly), for machines without a
     * GPU. Throws {@link BackendUnavailableException} where the build could not make the emulator.
     */
    public static CudaBackend emulated() {
        return new CudaBackend("cuda-emulated", EmulatedDevice.open(true));
    }

    /** The backend over any implementation of the device seam, named {@code name} on the command line. */
    CudaBackend(String name, Device device) {
        this.name = name;
        this.device = device;
        this.checked = checkedMode();
        Device.Gemm vendor = device.vendorGemm().orElse(null);
        this.gemm = vendor == null ? this::kernelSgemm : checked ? checkedGemm(vendor) : vendor;
        this.partials = new DeviceMemory(device, (long) MAX_BLOCKS * Double.BYTES);
    }

    private static Device openJCuda() {
        try {
            return JCudaDevice.open();
        } catch (DeviceException e) {
            throw new BackendUnavailableException(e.getMessage(), e);
        } catch (NoClassDefFoundError e) {
            // JCuda and LWJGL are optional dependencies: a Java user without them gets the CPU from "auto"
            throw new BackendUnavailableException("JCuda is not on the class path (the CUDA backend needs org.jcuda:jcuda, "
                    + "org.jcuda:jcublas, their natives and org.lwjgl:lwjgl-cuda; see the README's Java section)", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return device.description() + (checked ? ", checked mode (waits for every kernel)" : "");
    }

    /** NNDL4J_CUDA_SYNC=1 in the environment, or the system property nndl4j.cuda.checked=true. */
    static boolean checkedMode() {
        return "1".equals(System.getenv("NNDL4J_CUDA_SYNC")) || Boolean.getBoolean("nndl4j.cuda.checked");
    }

    // ---- memory ----

    /** The device memory free now, in bytes. */
    public long freeMemory() {
        return device.memoryInfo().free();
    }

    @Override
    public Matrix allocate(int rows, int cols) {
        return new CudaMatrix(allocate((long) Shapes.checkedSize(rows, cols) * Float.BYTES, "a " + rows + "×" + cols + " matrix"),
                rows, cols);
    }

    @Override
    public Matrix upload(float[] columnMajor, int rows, int cols) {
        if (columnMajor.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows * cols + " values, got " + columnMajor.length);
        }
        CudaMatrix m = (CudaMatrix) allocate(rows, cols);
        device.copyToDevice(columnMajor, m.pointer());
        return m;
    }

    @Override
    public float[] download(Matrix m) {
        float[] out = new float[m.size()];
        device.copyToHost(cuda(m).pointer(), out);
        return out;
    }

    @Override
    public IntVector upload(int[] values) {
        CudaIntVector v = new CudaIntVector(allocate((long) values.length * Integer.BYTES,
                "a vector of " + values.length + " indices"), values.length);
        device.copyToDevice(values, v.pointer());
        return v;
    }

    @Override
    public Matrix leadingColumns(Matrix m, int cols) {
        if (cols < 0 || cols > m.cols()) {
            throw new IllegalArgumentException("cannot view " + cols + " of " + m.cols() + " columns");
        }
        return cuda(m).leadingColumns(cols);
    }

    @Override
    public BatchCursor allocateCursor() {
        return new CudaBatchCursor(allocate(CudaBatchCursor.BYTES, "a batch cursor"));
    }

    @Override
    public void moveCursor(BatchCursor cursor, long step, int offset) {
        Shapes.cursor("moveCursor", offset);
        CudaBatchCursor c = (CudaBatchCursor) cursor;
        device.copyToDevice(CudaBatchCursor.words(step, offset), c.pointer());
        c.moveTo(step, offset);
    }

    @Override
    public void advanceCursor(BatchCursor cursor, int columns) {
        Shapes.cursor("advanceCursor", (long) cursor.offset() + columns);
        CudaBatchCursor c = (CudaBatchCursor) cursor;
        launch(Kernel.ADVANCE_CURSOR, 1, KernelArgs.of().pointer(c.pointer()).int32(columns));
        onHost(() -> c.moveTo(c.step() + 1, c.offset() + columns));
    }

    /** Device memory for {@code what}; running out says how much was asked for and how much is free. */
    private DeviceMemory allocate(long bytes, String what) {
        try {
            return new DeviceMemory(device, bytes);
        } catch (OutOfDeviceMemoryException e) {
            Device.MemoryInfo memory = device.memoryInfo();
            throw new OutOfDeviceMemoryException("out of GPU memory: " + what + " needs " + bytes(bytes) + ", "
                    + bytes(memory.free()) + " of " + bytes(memory.total()) + " free (" + e.getMessage() + ")", e);
        }
    }

    // ---- ops: one kernel (or GEMM) each ----

    @Override
    public void gemm(boolean transposeA, boolean transposeB, float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        Shapes.gemm(transposeA, transposeB, a, b, c);
        int k = transposeA ? a.rows() : a.cols();
        gemm.sgemm(transposeA, transposeB, c.rows(), c.cols(), k, alpha,
                cuda(a).pointer(), a.rows(), cuda(b).pointer(), b.rows(), beta, cuda(c).pointer(), c.rows());
    }

    /**
     * The GEMM where no vendor GEMM loads: kernels/sgemm.cu, a block per 64×64 tile of C. Package-private for the
     * tests, which pass views (pointers inside an allocation, leading dimensions above the rows).
     */
    void kernelSgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                     long a, int lda, long b, int ldb, float beta, long c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        device.launch(Kernel.SGEMM.entry(), ceilDiv(m, SGEMM_TILE), ceilDiv(n, SGEMM_TILE), SGEMM_THREADS, SGEMM_THREADS,
                KernelArgs.of().int32(transposeA ? 1 : 0).int32(transposeB ? 1 : 0).int32(m).int32(n).int32(k)
                        .float32(alpha).pointer(a).int32(lda).pointer(b).int32(ldb).float32(beta).pointer(c).int32(ldc));
        if (checked) {
            waitFor("kernel sgemm");
        }
    }

    @Override
    public void addBiasActivate(Matrix z, Matrix bias, Activation f, Matrix a) {
        Shapes.same("addBiasActivate", "z, a", z, a);
        Shapes.column("addBiasActivate", z, bias);
        launch(Kernel.ADD_BIAS_ACTIVATE, z.size(), KernelArgs.of()
                .pointer(cuda(z).pointer()).pointer(cuda(bias).pointer()).int32(f.code()).pointer(cuda(a).pointer())
                .int32(z.rows()).int32(z.size()));
    }

    @Override
    public void addBiasSoftmax(Matrix z, Matrix bias, Matrix a) {
        Shapes.same("addBiasSoftmax", "z, a", z, a);
        Shapes.column("addBiasSoftmax", z, bias);
        // one thread per column; a column of no rows has nothing to normalise
        launch(Kernel.ADD_BIAS_SOFTMAX, z.rows() == 0 ? 0 : z.cols(), KernelArgs.of()
                .pointer(cuda(z).pointer()).pointer(cuda(bias).pointer()).pointer(cuda(a).pointer())
                .int32(z.rows()).int32(z.cols()));
    }

    @Override
    public void multiplyActivationDerivative(Matrix delta, Activation f, Matrix z, Matrix a) {
        Shapes.same("multiplyActivationDerivative", "delta, z, a", delta, z, a);
        launch(Kernel.MULTIPLY_ACTIVATION_DERIVATIVE, delta.size(), KernelArgs.of()
                .pointer(cuda(delta).pointer()).int32(f.code()).pointer(cuda(z).pointer()).pointer(cuda(a).pointer())
                .int32(delta.size()));
    }

    @Override
    public void difference(Matrix a, Matrix y, Matrix delta) {
        Shapes.same("difference", "a, y, delta", a, y, delta);
        launch(Kernel.DIFFERENCE, a.size(), KernelArgs.of()
                .pointer(cuda(a).pointer()).pointer(cuda(y).pointer()).pointer(cuda(delta).pointer()).int32(a.size()));
    }

    @Override
    public void dropout(Matrix m, float keepProbability, long seed, int layer, BatchCursor at) {
        Shapes.probability("dropout", keepProbability);
        // one thread per four entries (one Philox block); the 64-bit seed as low and high halves
        launch(Kernel.DROPOUT, ceilDiv(m.size(), 4), KernelArgs.of()
                .pointer(cuda(m).pointer()).int32(m.size()).float32(keepProbability)
                .int32((int) seed).int32((int) (seed >>> 32)).int32(layer).pointer(((CudaBatchCursor) at).pointer()));
    }

    @Override
    public void rowSums(Matrix m, Matrix sums) {
        Shapes.column("rowSums", m, sums);
        launch(Kernel.ROW_SUMS, m.rows(), KernelArgs.of()
                .pointer(cuda(m).pointer()).pointer(cuda(sums).pointer()).int32(m.rows()).int32(m.cols()));
    }

    @Override
    public void sgdUpdate(Matrix param, Matrix gradient, float decay, float scale) {
        Shapes.same("sgdUpdate", "param, gradient", param, gradient);
        launch(Kernel.SGD_UPDATE, param.size(), KernelArgs.of()
                .pointer(cuda(param).pointer()).pointer(cuda(gradient).pointer()).float32(decay).float32(scale)
                .int32(param.size()));
    }

    @Override
    public void gatherColumns(Matrix src, IntVector permutation, BatchCursor at, Matrix dst) {
        Shapes.gather(src, permutation, at, dst);
        launch(Kernel.GATHER_COLUMNS, dst.size(), KernelArgs.of()
                .pointer(cuda(src).pointer()).pointer(((CudaIntVector) permutation).pointer())
                .pointer(((CudaBatchCursor) at).pointer())
                .pointer(cuda(dst).pointer()).int32(dst.rows()).int32(dst.size()));
    }

    @Override
    public long countArgmaxMatches(Matrix a, Matrix y) {
        Shapes.same("countArgmaxMatches", "a, y", a, y);
        return (long) sumOfBlockPartials(Kernel.COUNT_ARGMAX_MATCHES, a.cols(), KernelArgs.of()
                .pointer(cuda(a).pointer()).pointer(cuda(y).pointer()).int32(a.rows()).int32(a.cols()));
    }

    @Override
    public double quadraticCostSum(Matrix a, Matrix y) {
        return costSum(Kernel.QUADRATIC_COST_SUM, "quadraticCostSum", a, y);
    }

    @Override
    public double crossEntropyCostSum(Matrix a, Matrix y) {
        return costSum(Kernel.CROSS_ENTROPY_COST_SUM, "crossEntropyCostSum", a, y);
    }

    @Override
    public double logLikelihoodCostSum(Matrix a, Matrix y) {
        return costSum(Kernel.LOG_LIKELIHOOD_COST_SUM, "logLikelihoodCostSum", a, y);
    }

    @Override
    public double sumOfSquares(Matrix m) {
        return sumOfBlockPartials(Kernel.SUM_OF_SQUARES, m.size(), KernelArgs.of()
                .pointer(cuda(m).pointer()).int32(m.size()));
    }

    @Override
    public void im2col(Matrix images, Convolution g, Matrix patches) {
        Shapes.convolution("im2col", images, g, patches);
        launch(Kernel.IM2COL, patches.size(), geometry(KernelArgs.of()
                .pointer(cuda(images).pointer()).pointer(cuda(patches).pointer()), g).int32(patches.size()));
    }

    @Override
    public void col2im(Matrix patches, Convolution g, Matrix images) {
        Shapes.convolution("col2im", images, g, patches);
        launch(Kernel.COL2IM, images.size(), geometry(KernelArgs.of()
                .pointer(cuda(patches).pointer()).pointer(cuda(images).pointer()), g).int32(images.size()));
    }

    /** The kernel parameters channels, height, width, kernel_height, kernel_width of a convolution. */
    private static KernelArgs geometry(KernelArgs args, Convolution g) {
        return args.int32(g.channels()).int32(g.height()).int32(g.width()).int32(g.kernelHeight()).int32(g.kernelWidth());
    }

    @Override
    public void maxPoolAddBiasActivate(Matrix maps, Pooling p, Matrix bias, Activation f, Matrix z, Matrix a) {
        Shapes.column("maxPoolAddBiasActivate", maps, bias);
        Shapes.pooling("maxPoolAddBiasActivate", maps, p, "z, a", z, a);
        // one thread per pooled output
        launch(Kernel.MAX_POOL_ADD_BIAS_ACTIVATE, z.size(), geometry(KernelArgs.of()
                .pointer(cuda(maps).pointer()).pointer(cuda(bias).pointer()).int32(f.code())
                .pointer(cuda(z).pointer()).pointer(cuda(a).pointer()), p).int32(z.size()));
    }

    @Override
    public void maxPoolBackward(Matrix maps, Pooling p, Matrix delta, Matrix mapsGradient) {
        Shapes.same("maxPoolBackward", "maps, mapsGradient", maps, mapsGradient);
        Shapes.pooling("maxPoolBackward", maps, p, "delta", delta);
        launch(Kernel.MAX_POOL_BACKWARD, maps.size(), geometry(KernelArgs.of()
                .pointer(cuda(maps).pointer()).pointer(cuda(delta).pointer()).pointer(cuda(mapsGradient).pointer()), p)
                .int32(maps.size()));
    }

    /** The kernel parameters channels, height, width, pool_height, pool_width of a pooling. */
    private static KernelArgs geometry(KernelArgs args, Pooling p) {
        return args.int32(p.channels()).int32(p.height()).int32(p.width()).int32(p.poolHeight()).int32(p.poolWidth());
    }

    @Override
    public void channelSums(Matrix m, int channels, Matrix sums) {
        Shapes.channels("channelSums", m, channels, sums);
        // one block per channel, which writes its sum (0 for a channel of no entries)
        launch(Kernel.CHANNEL_SUMS, Math.min(channels, MAX_BLOCKS), THREADS, KernelArgs.of()
                .pointer(cuda(m).pointer()).pointer(cuda(sums).pointer()).int32(channels).int32(m.rows() / channels)
                .int32(m.cols()));
    }

    // ---- recording ----

    @Override
    public Recording record(Runnable ops) {
        if (checked) {
            throw new RecordingUnavailableException("checked mode checks each kernel at its launch");
        }
        if (recordedHostEffects != null) {
            throw new IllegalStateException("already recording");
        }
        try {
            device.beginRecording();
        } catch (DeviceException e) {
            throw new RecordingUnavailableException(e.getMessage(), e);
        }
        List<Runnable> hostEffects = new ArrayList<>();
        recordedHostEffects = hostEffects;
        Device.Graph graph;
        try {
            ops.run();
        } catch (RuntimeException e) {
            try {
                device.endRecording().close();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        } finally {
            recordedHostEffects = null;
        }
        try {
            graph = device.endRecording();
        } catch (DeviceException e) {
            throw new RecordingUnavailableException(e.getMessage(), e);
        }
        return new Recording() {
            @Override
            public void replay() {
                graph.launch();
                hostEffects.forEach(Runnable::run);
            }

            @Override
            public void close() {
                graph.close();
            }
        };
    }

    /** Runs what an op does on the host now, or, while recording, at each replay (when the op's kernel runs). */
    private void onHost(Runnable effect) {
        if (recordedHostEffects != null) {
            recordedHostEffects.add(effect);
        } else {
            effect.run();
        }
    }

    @Override
    public void synchronize() {
        device.synchronize();
    }

    @Override
    public void close() {
        partials.close();
        device.close();
    }

    // ---- launching ----

    /** Launches a grid-stride kernel over {@code items} items (entries, rows or columns); nothing to do for none. */
    private void launch(Kernel kernel, int items, KernelArgs args) {
        if (items > 0) {
            launch(kernel, blocks(items), THREADS, args);
        }
    }

    private void launch(Kernel kernel, int blocks, int threads, KernelArgs args) {
        device.launch(kernel.entry(), blocks, 1, threads, 1, args);
        if (checked) {
            waitFor("kernel " + kernel.entry());
        }
    }

    /** Checked mode: waits for the work just queued, so that its failure names it. */
    private void waitFor(String what) {
        try {
            device.synchronize();
        } catch (DeviceException e) {
            throw new KernelFaultException(what + " failed (checked mode): " + e.getMessage());
        }
    }

    private Device.Gemm checkedGemm(Device.Gemm vendor) {
        return (transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) -> {
            vendor.sgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            waitFor("cuBLAS sgemm " + m + "×" + n + "×" + k);
        };
    }

    /**
     * Launches a reduction over {@code items} items, which writes one partial sum per block into its last argument,
     * and adds those partials on the host in block order, so the result does not depend on scheduling.
     */
    private double sumOfBlockPartials(Kernel kernel, int items, KernelArgs args) {
        if (items == 0) {
            return 0;
        }
        int blocks = blocks(items);
        launch(kernel, blocks, THREADS, args.pointer(partials.pointer()));
        double[] perBlock = new double[blocks];
        device.copyToHost(partials.pointer(), perBlock);
        double sum = 0;
        for (double p : perBlock) {
            sum += p;
        }
        return sum;
    }

    /** A cost sum: one term per entry of a and the same entry of y. */
    private double costSum(Kernel kernel, String op, Matrix a, Matrix y) {
        Shapes.same(op, "a, y", a, y);
        return sumOfBlockPartials(kernel, a.size(), KernelArgs.of()
                .pointer(cuda(a).pointer()).pointer(cuda(y).pointer()).int32(a.size()));
    }

    static int blocks(int items) {
        return Math.min(ceilDiv(items, THREADS), MAX_BLOCKS);
    }

    private static int ceilDiv(int n, int d) {
        return (int) ((n + (long) d - 1) / d);
    }

    private static CudaMatrix cuda(Matrix m) {
        return (CudaMatrix) m;
    }

    /** e.g. "149.5 MiB". */
    static String bytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
