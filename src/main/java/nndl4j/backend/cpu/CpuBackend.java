package nndl4j.backend.cpu;

import nndl4j.backend.Activation;
import nndl4j.backend.Backend;
import nndl4j.backend.BatchCursor;
import nndl4j.backend.Convolution;
import nndl4j.backend.IntVector;
import nndl4j.backend.Matrix;
import nndl4j.backend.Philox;
import nndl4j.backend.Pooling;
import nndl4j.backend.Shapes;

import java.nio.FloatBuffer;

/**
 * The reference backend: each op a plain loop over native memory, GEMMs and the update's axpy through
 * OpenBLAS (or plain Java where OpenBLAS cannot load). The cost sums and the sum of squares are accumulated in
 * double; the row sums and channel sums in float, column after column. The convolution ops walk the matrix they
 * write in order.
 */
public final class CpuBackend implements Backend {
    /** The system property that {@code --threads} sets: the default threads of CPU backends opened afterwards. */
    public static final String THREADS_PROPERTY = "nndl4j.threads";

    private final Gemm blas;
    private final int threads;
    private final String threadsWhy;

    /**
     * OpenBLAS where its natives load, else the plain-Java GEMM, on the default threads: the system property
     * {@value #THREADS_PROPERTY} ({@code --threads}), else {@code OPENBLAS_NUM_THREADS}, else the cores available less
     * those busy with other processes ({@link CpuThreads}).
     */
    public CpuBackend() {
        this(loadBestGemm(), defaultThreads());
    }

    /** As {@link #CpuBackend()} on {@code threads} threads (OpenBLAS's count is per process: this sets it). */
    public CpuBackend(int threads) {
        this(loadBestGemm(), new CpuThreads.Choice(checkThreads(threads), "as asked"));
    }

    private CpuBackend(Gemm blas, CpuThreads.Choice threads) {
        this.blas = blas;
        this.threads = threads.threads();
        this.threadsWhy = threads.why();
        blas.useThreads(this.threads);
    }

    /** The CPU backend with the plain-Java GEMM, whatever the platform (tests compare it with OpenBLAS). */
    public static CpuBackend withJavaGemm() {
        return new CpuBackend(new JavaGemm(), defaultThreads());
    }

    private static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return threads;
    }

    private static CpuThreads.Choice defaultThreads() {
        String property = System.getProperty(THREADS_PROPERTY);
        if (property != null) {
            return new CpuThreads.Choice(checkThreads(Integer.parseInt(property)), "--threads");
        }
        String env = System.getenv("OPENBLAS_NUM_THREADS");
        if (env != null && env.matches("\\d+") && Integer.parseInt(env) > 0) {
            return new CpuThreads.Choice(Integer.parseInt(env), "OPENBLAS_NUM_THREADS");
        }
        return CpuThreads.byDefault();
    }

    /** The threads the backend uses. */
    public int threads() {
        return threads;
    }

    private static Gemm loadBestGemm() {
        try {
            return new OpenBlasGemm();
        } catch (LinkageError | RuntimeException e) {
            return new JavaGemm();
        }
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + blas.description() + ", " + threads
                + (threads == 1 ? " thread" : " threads") + " (" + threadsWhy + ")";
    }

    // ---- memory ----

    /**
     * The bytes of native memory matrices may still take: JavaCPP refuses allocations beyond its limit
     * ({@code -Dorg.bytedeco.javacpp.maxBytes}, by default the heap's -Xmx), which is separate from the heap.
     */
    public static long nativeMemoryAvailable() {
        long max = org.bytedeco.javacpp.Pointer.maxBytes();
        return max <= 0 ? Long.MAX_VALUE : max - org.bytedeco.javacpp.Pointer.totalBytes();
    }

    /** The machine's physical memory in bytes, which heap and native memory share. */
    public static long physicalMemory() {
        return org.bytedeco.javacpp.Pointer.totalPhysicalBytes();
    }

    @Override
    public Matrix allocate(int rows, int cols) {
        return new CpuMatrix(rows, cols);
    }

    @Override
    public Matrix upload(float[] columnMajor, int rows, int cols) {
        if (columnMajor.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows * cols + " values, got " + columnMajor.length);
        }
        CpuMatrix m = new CpuMatrix(rows, cols);
        m.data.put(0, columnMajor);
        return m;
    }

    @Override
    public float[] download(Matrix m) {
        float[] out = new float[m.size()];
        cpu(m).data.get(0, out);
        return out;
    }

    @Override
    public IntVector upload(int[] values) {
        return new CpuIntVector(values);
    }

    @Override
    public Matrix leadingColumns(Matrix m, int cols) {
        if (cols < 0 || cols > m.cols()) {
            throw new IllegalArgumentException("cannot view " + cols + " of " + m.cols() + " columns");
        }
        return cpu(m).leadingColumns(cols);
    }

    @Override
    public BatchCursor allocateCursor() {
        return new CpuBatchCursor();
    }

    @Override
    public void moveCursor(BatchCursor cursor, long step, int offset) {
        Shapes.cursor("moveCursor", offset);
        ((CpuBatchCursor) cursor).moveTo(step, offset);
    }

    @Override
    public void advanceCursor(BatchCursor cursor, int columns) {
        Shapes.cursor("advanceCursor", (long) cursor.offset() + columns);
        ((CpuBatchCursor) cursor).moveTo(cursor.step() + 1, cursor.offset() + columns);
    }

    // ---- ops ----

    @Override
    public void gemm(boolean transposeA, boolean transposeB, float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        Shapes.gemm(transposeA, transposeB, a, b, c);
        int k = transposeA ? a.rows() : a.cols();
        blas.sgemm(transposeA, transposeB, c.rows(), c.cols(), k, alpha, cpu(a), cpu(b), beta, cpu(c));
    }

    @Override
    public void addBiasActivate(Matrix z, Matrix bias, Activation f, Matrix a) {
        Shapes.same("addBiasActivate", "z, a", z, a);
        Shapes.column("addBiasActivate", z, bias);
        FloatBuffer zs = cpu(z).data, bs = cpu(bias).data, as = cpu(a).data;
        int rows = z.rows();
        for (int j = 0, at = 0; j < z.cols(); j++) {
            for (int i = 0; i < rows; i++, at++) {
                float zi = zs.get(at) + bs.get(i);
                zs.put(at, zi);
                as.put(at, activate(f, zi));
            }
        }
    }

    /**
     * f(z) in float; the sigmoid and tanh are evaluated in double and rounded once. ReLU passes NaN on (as
     * kernels/activations.cuh does), so a diverged network still shows NaN in its outputs.
     */
    static float activate(Activation f, float z) {
        return switch (f) {
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-z)));
            case TANH -> (float) Math.tanh(z);
            case RELU -> z < 0f ? 0f : z;
            case LINEAR -> z;
        };
    }

    /** f′ at z where a = f(z), in float (the sigmoid's a(1 − a) is the float arithmetic of the former sigmoid-only ops). */
    static float derivative(Activation f, float z, float a) {
        return switch (f) {
            case SIGMOID -> a * (1f - a);
            case TANH -> 1f - a * a;
            case RELU -> z >= 0f ? 1f : 0f;
            case LINEAR -> 1f;
        };
    }

    /** Each column's softmax in double, rounded once to float per entry. */
    @Override
    public void addBiasSoftmax(Matrix z, Matrix bias, Matrix a) {
        Shapes.same("addBiasSoftmax", "z, a", z, a);
        Shapes.column("addBiasSoftmax", z, bias);
        FloatBuffer zs = cpu(z).data, bs = cpu(bias).data, as = cpu(a).data;
        int rows = z.rows();
        double[] e = new double[rows];
        for (int from = 0; from < z.size(); from += rows) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                float zi = zs.get(from + i) + bs.get(i);
                zs.put(from + i, zi);
                max = Math.max(max, zi);
            }
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                e[i] = Math.exp((double) zs.get(from + i) - max);
                sum += e[i];
            }
            for (int i = 0; i < rows; i++) {
                as.put(from + i, (float) (e[i] / sum));
            }
        }
    }

    @Override
    public void multiplyActivationDerivative(Matrix delta, Activation f, Matrix z, Matrix a) {
        Shapes.same("multiplyActivationDerivative", "delta, z, a", delta, z, a);
        FloatBuffer ds = cpu(delta).data, zs = cpu(z).data, as = cpu(a).data;
        for (int i = 0, n = delta.size(); i < n; i++) {
            ds.put(i, ds.get(i) * derivative(f, zs.get(i), as.get(i)));
        }
    }

    @Override
    public void difference(Matrix a, Matrix y, Matrix delta) {
        Shapes.same("difference", "a, y, delta", a, y, delta);
        FloatBuffer as = cpu(a).data, ys = cpu(y).data, ds = cpu(delta).data;
        for (int i = 0, n = a.size(); i < n; i++) {
            ds.put(i, as.get(i) - ys.get(i));
        }
    }

    @Override
    public void dropout(Matrix m, float keepProbability, long seed, int layer, BatchCursor at) {
        Shapes.probability("dropout", keepProbability);
        long step = at.step();
        FloatBuffer ms = cpu(m).data;
        for (int i = 0, n = m.size(); i < n; i++) {
            if (!Philox.keeps(seed, layer, step, i, keepProbability)) {
                ms.put(i, 0f);
            }
        }
    }

    @Override
    public void rowSums(Matrix m, Matrix sums) {
        Shapes.column("rowSums", m, sums);
        FloatBuffer ms = cpu(m).data, ss = cpu(sums).data;
        int rows = m.rows();
        for (int i = 0; i < rows; i++) {
            ss.put(i, 0f);
        }
        for (int j = 0, at = 0; j < m.cols(); j++) {
            for (int i = 0; i < rows; i++, at++) {
                ss.put(i, ss.get(i) + ms.get(at));
            }
        }
    }

    @Override
    public void sgdUpdate(Matrix param, Matrix gradient, float decay, float scale) {
        Shapes.same("sgdUpdate", "param, gradient", param, gradient);
        blas.scaleAndSubtract(param.size(), decay, scale, cpu(gradient), cpu(param));
    }

    @Override
    public void gatherColumns(Matrix src, IntVector permutation, BatchCursor at, Matrix dst) {
        Shapes.gather(src, permutation, at, dst);
        int offset = at.offset();
        FloatBuffer from = cpu(src).data, to = cpu(dst).data;
        int[] order = ((CpuIntVector) permutation).values;
        int rows = src.rows();
        for (int j = 0; j < dst.cols(); j++) {
            to.put(j * rows, from, order[offset + j] * rows, rows);
        }
    }

    @Override
    public long countArgmaxMatches(Matrix a, Matrix y) {
        Shapes.same("countArgmaxMatches", "a, y", a, y);
        FloatBuffer as = cpu(a).data, ys = cpu(y).data;
        long matches = 0;
        for (int j = 0; j < a.cols(); j++) {
            if (argmax(as, j * a.rows(), a.rows()) == argmax(ys, j * y.rows(), y.rows())) {
                matches++;
            }
        }
        return matches;
    }

    private static int argmax(FloatBuffer v, int from, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (v.get(from + i) > v.get(from + best)) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public double quadraticCostSum(Matrix a, Matrix y) {
        return sumOfTerms("quadraticCostSum", a, y, (ai, yi) -> {
            double d = ai - yi;
            return 0.5 * d * d;
        });
    }

    @Override
    public double crossEntropyCostSum(Matrix a, Matrix y) {
        return sumOfTerms("crossEntropyCostSum", a, y, CpuBackend::crossEntropyTerm);
    }

    /** −y ln a − (1 − y) ln(1 − a), where a term whose coefficient is 0 counts as 0 even if its log is infinite. */
    static double crossEntropyTerm(float a, float y) {
        double term = 0;
        if (y != 0f) {
            term -= y * Math.log(a);
        }
        if (y != 1f) {
            term -= (1.0 - y) * Math.log1p(-(double) a);
        }
        return term;
    }

    @Override
    public double logLikelihoodCostSum(Matrix a, Matrix y) {
        // a term with y = 0 counts as 0 even where a = 0
        return sumOfTerms("logLikelihoodCostSum", a, y, (ai, yi) -> yi == 0f ? 0 : -yi * Math.log(ai));
    }

    /** One term of a cost sum, from an entry of a and the same entry of y. */
    private interface CostTerm {
        double of(float a, float y);
    }

    /** Σ term(a[i], y[i]) over all entries, in double. */
    private static double sumOfTerms(String op, Matrix a, Matrix y, CostTerm term) {
        Shapes.same(op, "a, y", a, y);
        FloatBuffer as = cpu(a).data, ys = cpu(y).data;
        double sum = 0;
        for (int i = 0, n = a.size(); i < n; i++) {
            sum += term.of(as.get(i), ys.get(i));
        }
        return sum;
    }

    @Override
    public double sumOfSquares(Matrix m) {
        FloatBuffer ms = cpu(m).data;
        double sum = 0;
        for (int i = 0, n = m.size(); i < n; i++) {
            double v = ms.get(i);
            sum += v * v;
        }
        return sum;
    }

    // The convolution and pooling ops copy their matrices to heap arrays and back in bulk: their index-heavy loops
    // run several times faster on float[] than through a FloatBuffer's per-entry checks, and the copies are cheap.

    /** Three reusable heap arrays per thread (the shared CPU backend may serve several threads). */
    private static final class Scratch {
        private final float[][] arrays = {new float[0], new float[0], new float[0]};

        float[] take(int slot, int size) {
            if (arrays[slot].length < size) {
                arrays[slot] = new float[size];
            }
            return arrays[slot];
        }

        /** The entries of {@code m} in array {@code slot}. */
        float[] read(int slot, Matrix m) {
            float[] a = take(slot, m.size());
            cpu(m).data.get(0, a, 0, m.size());
            return a;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static void write(float[] values, Matrix m) {
        cpu(m).data.put(0, values, 0, m.size());
    }

    @Override
    public void im2col(Matrix images, Convolution g, Matrix patches) {
        Shapes.convolution("im2col", images, g, patches);
        Scratch scratch = SCRATCH.get();
        float[] in = scratch.read(0, images), out = scratch.take(1, patches.size());
        int width = g.width(), map = g.height() * width, kh = g.kernelHeight(), kw = g.kernelWidth();
        int sampleSize = g.inputSize();
        int at = 0;
        for (int n = 0; n < images.cols(); n++) {
            for (int y = 0; y < g.outHeight(); y++) {
                for (int x = 0; x < g.outWidth(); x++) {
                    // filter position (i, j) reads (y + kh − 1 − i, x + kw − 1 − j): from the window's last entry back
                    int last = n * sampleSize + (y + kh - 1) * width + x + kw - 1;
                    for (int c = 0; c < g.channels(); c++) {
                        for (int i = 0; i < kh; i++) {
                            int row = last + c * map - i * width;
                            for (int j = 0; j < kw; j++) {
                                out[at++] = in[row - j];
                            }
                        }
                    }
                }
            }
        }
        write(out, patches);
    }

    /**
     * im2col's loops with the copy reversed: each patch entry is added to the image entry it came from. An image
     * entry receives its terms in the order of the output positions (y, x), which is filter row i ascending, then
     * filter column j ascending: the order in which kernels/col2im.cu sums them, so both give the same floats.
     */
    @Override
    public void col2im(Matrix patches, Convolution g, Matrix images) {
        Shapes.convolution("col2im", images, g, patches);
        Scratch scratch = SCRATCH.get();
        float[] in = scratch.read(0, patches), out = scratch.take(1, images.size());
        java.util.Arrays.fill(out, 0, images.size(), 0f);
        int width = g.width(), map = g.height() * width, kh = g.kernelHeight(), kw = g.kernelWidth();
        int sampleSize = g.inputSize();
        int at = 0;
        for (int n = 0; n < images.cols(); n++) {
            for (int y = 0; y < g.outHeight(); y++) {
                for (int x = 0; x < g.outWidth(); x++) {
                    int last = n * sampleSize + (y + kh - 1) * width + x + kw - 1;
                    for (int c = 0; c < g.channels(); c++) {
                        for (int i = 0; i < kh; i++) {
                            int row = last + c * map - i * width;
                            for (int j = 0; j < kw; j++) {
                                out[row - j] += in[at++];
                            }
                        }
                    }
                }
            }
        }
        write(out, images);
    }

    @Override
    public void maxPoolAddBiasActivate(Matrix maps, Pooling p, Matrix bias, Activation f, Matrix z, Matrix a) {
        Shapes.column("maxPoolAddBiasActivate", maps, bias);
        Shapes.pooling("maxPoolAddBiasActivate", maps, p, "z, a", z, a);
        Scratch scratch = SCRATCH.get();
        float[] ms = scratch.read(0, maps), zs = scratch.take(1, z.size()), as = scratch.take(2, a.size());
        FloatBuffer bs = cpu(bias).data;
        int channels = p.channels(), pooledHeight = p.pooledHeight(), pooledWidth = p.pooledWidth();
        float[] max = new float[pooledWidth * channels];
        for (int n = 0; n < z.cols(); n++) {
            for (int py = 0; py < pooledHeight; py++) {
                bandMaxima(ms, p, (n * p.height() + py * p.poolHeight()) * p.width() * channels, max);
                for (int c = 0; c < channels; c++) {
                    float b = bs.get(c);
                    int at = n * p.outputSize() + (c * pooledHeight + py) * pooledWidth;
                    for (int px = 0; px < pooledWidth; px++, at++) {
                        float zi = max[px * channels + c] + b;
                        zs[at] = zi;
                        as[at] = activate(f, zi);
                    }
                }
            }
        }
        write(zs, z);
        write(as, a);
    }

    /**
     * The maxima of one band of windows (the pooled row whose first map row starts at maps[first]), into
     * max[px · channels + c]. Each starts at its window's first entry and takes an entry only where it is greater
     * ({@code >}), so a NaN first entry is the maximum and a NaN elsewhere is passed over (kernels/max_pool.cuh
     * compares the same way). Reads the band's map rows in memory order.
     */
    private static void bandMaxima(float[] maps, Pooling p, int first, float[] max) {
        int channels = p.channels(), rowStride = p.width() * channels, pw = p.poolWidth();
        int windowStride = pw * channels;
        for (int px = 0; px < p.pooledWidth(); px++) {
            System.arraycopy(maps, first + px * windowStride, max, px * channels, channels);
        }
        for (int dy = 0; dy < p.poolHeight(); dy++) {
            int row = first + dy * rowStride;
            for (int px = 0; px < p.pooledWidth(); px++) {
                for (int dx = 0; dx < pw; dx++) {
                    int at = row + px * windowStride + dx * channels;
                    for (int c = 0, k = px * channels; c < channels; c++, k++) {
                        // max[k] = v > max[k] ? v : max[k], selected by a bit mask: the JIT compiles the int select
                        // without a branch, which for the float select mispredicts about half the time
                        float v = maps[at + c], m = max[k];
                        int greater = v > m ? -1 : 0;
                        max[k] = Float.intBitsToFloat(Float.floatToRawIntBits(v) & greater
                                | Float.floatToRawIntBits(m) & ~greater);
                    }
                }
            }
        }
    }

    /**
     * Theano's MaxPoolGrad: δ goes to every entry equal to its window's maximum, so tied maxima each get all of it
     * (PyTorch and Caffe give it to one position only). Walks maps one band of ph map rows at a time: the band's
     * window maxima first, with the forward pass's comparisons ({@link #bandMaxima}), then its entries in order. Under
     * these comparisons a NaN first entry matches no entry (its window gets no gradient), nor does a NaN elsewhere.
     */
    @Override
    public void maxPoolBackward(Matrix maps, Pooling p, Matrix delta, Matrix mapsGradient) {
        Shapes.same("maxPoolBackward", "maps, mapsGradient", maps, mapsGradient);
        Shapes.pooling("maxPoolBackward", maps, p, "delta", delta);
        Scratch scratch = SCRATCH.get();
        float[] ms = scratch.read(0, maps), ds = scratch.read(1, delta), gs = scratch.take(2, mapsGradient.size());
        int channels = p.channels(), rowStride = p.width() * channels;
        int ph = p.poolHeight(), pw = p.poolWidth(), pooledHeight = p.pooledHeight(), pooledWidth = p.pooledWidth();
        int pooledMap = pooledHeight * pooledWidth;
        int droppedColumns = (p.width() - pooledWidth * pw) * channels;
        int droppedRows = (p.height() - pooledHeight * ph) * rowStride;
        float[] max = new float[pooledWidth * channels]; // of the band's windows, (px, c)
        int[] bandDelta = new int[pooledWidth * channels]; // the band's δ as float bits, (px, c) as maps hold them
        int at = 0; // walks maps and mapsGradient
        for (int n = 0; n < delta.cols(); n++) {
            for (int py = 0; py < pooledHeight; py++) {
                bandMaxima(ms, p, at, max);
                int window = n * p.outputSize() + py * pooledWidth; // delta's index of (c = 0, py, px = 0)
                for (int c = 0; c < channels; c++) {
                    for (int px = 0; px < pooledWidth; px++) {
                        bandDelta[px * channels + c] = Float.floatToRawIntBits(ds[window + px + c * pooledMap]);
                    }
                }
                for (int dy = 0; dy < ph; dy++) {
                    for (int px = 0; px < pooledWidth; px++) {
                        for (int dx = 0; dx < pw; dx++) {
                            for (int c = 0, k = px * channels; c < channels; c++, k++, at++) {
                                // δ or +0 selected by a bit mask: the JIT compiles an int select without a branch,
                                // which a float select (mispredicted for a quarter of the entries) is not
                                int isMax = ms[at] == max[k] ? -1 : 0;
                                gs[at] = Float.intBitsToFloat(bandDelta[k] & isMax);
                            }
                        }
                    }
                    java.util.Arrays.fill(gs, at, at + droppedColumns, 0f);
                    at += droppedColumns;
                }
            }
            java.util.Arrays.fill(gs, at, at + droppedRows, 0f);
            at += droppedRows;
        }
        write(gs, mapsGradient);
    }

    /** Each channel's sum in float: column after column, then position within the column's run of the channel. */
    @Override
    public void channelSums(Matrix m, int channels, Matrix sums) {
        Shapes.channels("channelSums", m, channels, sums);
        FloatBuffer ms = cpu(m).data, ss = cpu(sums).data;
        int run = m.rows() / channels;
        for (int c = 0; c < channels; c++) {
            ss.put(c, 0f);
        }
        for (int j = 0, at = 0; j < m.cols(); j++) {
            for (int c = 0; c < channels; c++) {
                float sum = ss.get(c);
                for (int k = 0; k < run; k++) {
                    sum += ms.get(at++);
                }
                ss.put(c, sum);
            }
        }
    }

    @Override
    public void close() {
    }

    private static CpuMatrix cpu(Matrix m) {
        return (CpuMatrix) m;
    }
}
