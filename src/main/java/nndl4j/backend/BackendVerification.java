package nndl4j.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every {@link Backend} op on a candidate backend against the reference backend ({@code cpu}), at the sizes a GPU
 * sees: 1 entry, 1025 entries, and more items than {@code CudaBackend}'s largest grid (1024 blocks of 256 threads),
 * so that its grid-stride loops wrap. The inputs are NaN-free random values from fixed seeds, the same on both
 * backends; each check runs the op on both and compares what comes back. {@code nndl4j verify} prints one row per
 * check; the tests use the same checks.
 *
 * <p><b>Tolerances.</b> Each is an absolute bound on |candidate − reference| computed from the check's inputs
 * (EPS = 2⁻²³, float32's one ulp of 1, twice its unit roundoff u; EPS64 = 2⁻⁵² for double):
 * <ul>
 * <li><b>0, bit-identical</b>: copies and selections (upload/download, {@code gatherColumns}, {@code im2col},
 * {@code maxPoolBackward}), integer arithmetic ({@code dropout}'s Philox mask), single float32 operations or the
 * same operations in the same order (z + bias, {@code difference}, ReLU, linear, the max-pool's max + bias,
 * {@code rowSums} and {@code col2im}, which sum in the CPU's order on purpose, the sigmoid's and ReLU's
 * derivative products, which no compiler may fuse into an FMA), and counts ({@code countArgmaxMatches}).</li>
 * <li><b>A few ulps</b>: sigmoid and tanh, 4·EPS (a ∈ [−1, 1]; CUDA's expf and tanhf are within 2 ulps, the CPU
 * rounds a double result once); softmax, EPS (both compute in double, so only the final rounding to float can
 * differ, by one ulp of a ≤ 1); tanh's derivative 1 − a², 2·EPS·max|δ| (nvcc may fuse it into an FMA, which
 * changes f′ by at most EPS); {@code sgdUpdate}, 2·EPS·(decay·max|p| + scale·max|g|) (either product may be fused,
 * on either side).</li>
 * <li><b>GEMM</b>, 2(k + 1)·EPS·|α|·max|a|·max|b| + 2·EPS·|β|·max|c|: a k-term float dot product's rounding error
 * grows with k, and cuBLAS, OpenBLAS and our kernel add in different orders, with or without FMA. For these
 * zero-mean inputs the worst order, a plain float loop (the emulator's reference SGEMM), differs from OpenBLAS by
 * about 0.45·k·EPS·|α| at most over a C of 10⁴ entries; the tolerance is four times that, and far below what a
 * wrong index or a lost term changes (order max|a|·max|b| = 1). TF32 tensor-core math (NVIDIA_TF32_OVERRIDE=1)
 * exceeds it, as it should.</li>
 * <li><b>Sums in another order.</b> The cost sums and the sum of squares add non-negative terms in double, in
 * another order on a GPU (a tree per block): (n + 4)·EPS64·|sum| bounds the reordering and one ulp of each side's
 * log. {@code channelSums} adds in float on the CPU but in double on a GPU. The CPU's sequential float sum errs by
 * Σₖ δₖ·Sₖ over its partial sums Sₖ, each |δₖ| ≤ u; for random inputs the δₖ are independent, so the error's
 * standard deviation is at most u·√(Σₖ Sₖ²), computed here from the data. The tolerance, 4·EPS·√(Σₖ Sₖ²) of the
 * worst channel, is 8 such deviations, room for a candidate that adds in float in another order as well; the
 * worst-case bound u·Σₖ|Sₖ| would be up to 60 times larger here, and blind to a lost entry.</li>
 * </ul>
 */
public final class BackendVerification {
    /** float32's machine epsilon 2⁻²³: one ulp of 1. */
    static final double EPS = Math.ulp(1f);
    /** float64's machine epsilon 2⁻⁵². */
    static final double EPS64 = Math.ulp(1.0);
    /** Threads in CudaBackend's largest grid (1024 blocks of 256): more items than this make the grid-stride loops wrap. */
    static final int GRID = 256 * 1024;

    private BackendVerification() {
    }

    /** Runs one check on a reference and a candidate backend. */
    public interface Body {
        Outcome run(Comparison backends);
    }

    /**
     * One check: the {@link Backend} method it is about ({@code op}), which variant and shape (for the table), the
     * Backend methods it exercises ({@code covers}, for the test that no op goes unverified), and the check itself.
     */
    public record Check(String op, String variant, String shape, Set<String> covers, Body body) {
        /** op and variant, as the table names the check. */
        public String label() {
            return variant.isEmpty() ? op : op + " " + variant;
        }
    }

    /** The largest difference a check found and the tolerance it was held to; {@code count}: both are counts. */
    public record Outcome(double error, double tolerance, boolean count) {
        /** Within the tolerance; a NaN error fails. */
        public boolean ok() {
            return error <= tolerance;
        }
    }

    /** A check's result: its outcome, or why it could not run (an op threw): then {@code outcome} is null. */
    public record Row(Check check, Outcome outcome, String failure) {
        public boolean ok() {
            return failure == null && outcome.ok();
        }
    }

    /** Runs the checks in order, telling {@code each} every row as soon as it is known, and returns the rows. */
    public static List<Row> run(List<Check> checks, Backend reference, Backend candidate, Consumer<Row> each) {
        Comparison backends = new Comparison(reference, candidate);
        List<Row> rows = new ArrayList<>();
        for (Check check : checks) {
            Row row;
            try {
                row = new Row(check, check.body().run(backends), null);
            } catch (RuntimeException e) {
                row = new Row(check, null, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            rows.add(row);
            each.accept(row);
        }
        return rows;
    }

    // ---- comparing the two sides ----

    /** One side of a check: runs the op on {@code s.backend()} and returns its results on the host. */
    public interface Side {
        double[][] on(Scope s);
    }

    /** The reference and the candidate backend of a verification. */
    public record Comparison(Backend reference, Backend candidate) {

        /** Runs {@code side} on both backends; result k of the candidate must be within tolerances[k] of the reference's. */
        public Outcome compare(Side side, double... tolerances) {
            double[][] want = runOn(reference, side), got = runOn(candidate, side);
            if (want.length != tolerances.length || got.length != want.length) {
                throw new IllegalStateException("a check returned " + want.length + " and " + got.length
                        + " results for " + tolerances.length + " tolerances");
            }
            // the result that is furthest out of (or least inside) its tolerance speaks for the check
            double error = 0, tolerance = tolerances[0], worst = -1;
            for (int k = 0; k < want.length; k++) {
                double e = maxAbsDifference(want[k], got[k]);
                double ratio = e == 0 ? 0 : e / tolerances[k]; // NaN stays NaN, e / 0 is infinite
                if (Double.isNaN(ratio) || ratio > worst || ratio == worst && tolerances[k] > tolerance) {
                    error = e;
                    tolerance = tolerances[k];
                    worst = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
                }
            }
            return new Outcome(error, tolerance, false);
        }

        /** As {@link #compare} with one result, whose tolerance is {@code relative} times its largest reference value. */
        public Outcome compareRelative(Side side, double relative) {
            double[] want = runOn(reference, side)[0], got = runOn(candidate, side)[0];
            return new Outcome(maxAbsDifference(want, got), relative * maxAbs(want), false);
        }

        /** Runs {@code side}, whose results are counts, on both backends: they must be equal. */
        public Outcome compareCounts(Side side) {
            Outcome o = compare(side, 0);
            return new Outcome(o.error(), 0, true);
        }

        private static double[][] runOn(Backend b, Side side) {
            try (Scope s = new Scope(b)) {
                return side.on(s);
            }
        }
    }

    /** max |a[i] − b[i]|: NaN if either has a NaN where the other has not the same, infinite if the lengths differ. */
    static double maxAbsDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            if (Double.isNaN(d) && !(Double.isNaN(a[i]) && Double.isNaN(b[i]))) {
                return Double.NaN;
            }
            max = Math.max(max, Double.isNaN(d) ? 0 : d);
        }
        return max;
    }

    /**
     * The matrices of one side of a check on one backend, all closed when the side ends. Outputs are views of the
     * first columns of a matrix with one more column, which holds {@link #PAD}; downloading an output downloads the
     * whole matrix, so a write past the view shows as a difference from the reference.
     */
    public static final class Scope implements AutoCloseable {
        static final float PAD = 1234.5f;
        private final Backend backend;
        private final List<AutoCloseable> opened = new ArrayList<>();
        private final Map<Matrix, Matrix> parents = new IdentityHashMap<>();

        Scope(Backend backend) {
            this.backend = backend;
        }

        public Backend backend() {
            return backend;
        }

        public Matrix upload(float[] columnMajor, int rows, int cols) {
            return keep(backend.upload(columnMajor, rows, cols));
        }

        public IntVector upload(int[] values) {
            return keep(backend.upload(values));
        }

        public Matrix allocate(int rows, int cols) {
            return keep(backend.allocate(rows, cols));
        }

        /** A new cursor at (step, offset). */
        public BatchCursor cursor(long step, int offset) {
            BatchCursor c = keep(backend.allocateCursor());
            backend.moveCursor(c, step, offset);
            return c;
        }

        /** An output holding {@code initial} (rows × cols): a view whose parent has one more column of {@link #PAD}. */
        public Matrix output(float[] initial, int rows, int cols) {
            float[] padded = java.util.Arrays.copyOf(initial, rows * (cols + 1));
            java.util.Arrays.fill(padded, rows * cols, padded.length, PAD);
            Matrix parent = upload(padded, rows, cols + 1);
            Matrix view = backend.leadingColumns(parent, cols);
            parents.put(view, parent);
            return view;
        }

        /** The matrix's entries (an output's with its padding column) as doubles. */
        public double[] download(Matrix m) {
            float[] values = backend.download(parents.getOrDefault(m, m));
            double[] out = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i];
            }
            return out;
        }

        private <T extends AutoCloseable> T keep(T resource) {
            opened.add(resource);
            return resource;
        }

        @Override
        public void close() {
            Collections.reverse(opened);
            for (AutoCloseable resource : opened) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + resource + ": " + e.getMessage(), e);
                }
            }
        }
    }

    // ---- the checks ----

    /** Entrywise shapes: 1 entry, 1025 entries (4 blocks and one thread), 281,456 entries (more than GRID). */
    private static final int[][] ENTRYWISE = {{1, 1}, {41, 25}, {784, 359}};
    private static final int[] BIG = ENTRYWISE[2];

    /** The check of every Backend op (memory ops included), in the order of the table. */
    public static List<Check> opChecks() {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("upload/download", "", "784×359", Set.of("allocate", "upload", "download", "leadingColumns"),
                p -> memory(p, 784, 359)));
        // C = m×n, k: a dense layer's forward (NN), backward (TN) and weight gradient (NT) at a batch of 257; TT;
        // 1×1×1; and a C of 308,313 entries
        int[][] gemms = {{0, 0, 1, 1, 1}, {0, 0, 30, 257, 784}, {1, 0, 784, 257, 30}, {0, 1, 30, 784, 257},
                {1, 1, 30, 257, 784}, {0, 0, 513, 601, 33}};
        for (int[] g : gemms) {
            boolean ta = g[0] == 1, tb = g[1] == 1;
            checks.add(op("gemm", (ta ? "T" : "N") + (tb ? "T" : "N"), g[2] + "×" + g[3] + ", k=" + g[4],
                    p -> gemm(p, ta, tb, g[2], g[3], g[4])));
        }
        for (Activation f : Activation.values()) {
            checks.add(op("addBiasActivate", f.spelling(), shape(BIG), p -> addBiasActivate(p, f, BIG[0], BIG[1])));
        }
        for (int[] s : new int[][] {ENTRYWISE[0], ENTRYWISE[1]}) {
            checks.add(op("addBiasActivate", "sigmoid", shape(s), p -> addBiasActivate(p, Activation.SIGMOID, s[0], s[1])));
        }
        // one thread per column: 1; an output layer's 10 rows over a batch of 257; a tall column of 1025; 262,145
        // columns (more than GRID)
        for (int[] s : new int[][] {{1, 1}, {10, 257}, {1025, 3}, {2, GRID + 1}}) {
            checks.add(op("addBiasSoftmax", "", shape(s), p -> addBiasSoftmax(p, s[0], s[1])));
        }
        for (Activation f : Activation.values()) {
            checks.add(op("multiplyActivationDerivative", f.spelling(), shape(BIG),
                    p -> multiplyActivationDerivative(p, f, BIG[0], BIG[1])));
        }
        for (int[] s : ENTRYWISE) {
            checks.add(op("difference", "", shape(s), p -> difference(p, s[0], s[1])));
        }
        // one thread per four entries: 1024×1025 entries make more than GRID threads
        for (int[] s : new int[][] {ENTRYWISE[0], ENTRYWISE[1], {1024, 1025}}) {
            checks.add(op("dropout", "", shape(s), p -> dropout(p, s[0], s[1])));
        }
        // one thread per row: a bias gradient of 30 rows over a batch of 1001, and 262,145 rows
        for (int[] s : new int[][] {{1, 1}, {30, 1001}, {GRID + 1, 2}}) {
            checks.add(op("rowSums", "", shape(s), p -> rowSums(p, s[0], s[1])));
        }
        for (int[] s : new int[][] {ENTRYWISE[0], BIG}) {
            checks.add(op("sgdUpdate", "", shape(s), p -> sgdUpdate(p, s[0], s[1])));
        }
        checks.add(op("gatherColumns", "", "1×1 of 1×3", p -> gatherColumns(p, 1, 3, 2, 1)));
        checks.add(op("gatherColumns", "", "784×383 of 784×2000", p -> gatherColumns(p, 784, 2000, 7, 383)));
        checks.add(new Check("cursor", "", "784×10 steps of 784×100", Set.of("allocateCursor", "moveCursor", "advanceCursor"),
                p -> steps(p, false)));
        checks.add(op("record", "", "784×10 steps of 784×100", p -> steps(p, true)));
        // one thread per column, as for the softmax
        for (int[] s : new int[][] {{1, 1}, {10, 257}, {3, GRID + 1}}) {
            checks.add(op("countArgmaxMatches", "", shape(s), p -> countArgmaxMatches(p, s[0], s[1])));
        }
        for (String cost : new String[] {"quadraticCostSum", "crossEntropyCostSum", "logLikelihoodCostSum", "sumOfSquares"}) {
            for (int[] s : new int[][] {{1, 1}, {10, 30_001}}) {
                checks.add(op(cost, "", shape(s), p -> costSum(p, cost, s[0], s[1])));
            }
        }
        // channels, height, width, kernel height, kernel width, samples: network3's first layer (288,000 patch
        // entries); several channels and a non-square kernel; 263,424 image entries (col2im's threads exceed GRID)
        int[][] convolutions = {{1, 28, 28, 5, 5, 20}, {3, 7, 9, 2, 3, 2}, {2, 28, 28, 2, 2, 168}};
        for (String name : new String[] {"im2col", "col2im"}) {
            for (int[] g : convolutions) {
                Convolution c = new Convolution(g[0], g[1], g[2], g[3], g[4]);
                checks.add(op(name, "", g[0] + "×" + g[1] + "×" + g[2] + " by " + g[3] + "×" + g[4] + ", batch " + g[5],
                        p -> name.equals("im2col") ? im2col(p, c, g[5]) : col2im(p, c, g[5])));
            }
        }
        // channels, height, width, pool height, pool width, samples: odd maps whose last row and column are dropped;
        // 3×2 windows over a batch of 1; network3's first layer with a dropped border, 264,960 pooled entries
        int[][] poolings = {{3, 7, 9, 2, 2, 5}, {3, 7, 9, 3, 2, 1}, {20, 25, 25, 2, 2, 92}};
        for (Activation f : Activation.values()) {
            checks.add(pooling("maxPoolAddBiasActivate", f, poolings[0]));
        }
        checks.add(pooling("maxPoolAddBiasActivate", Activation.SIGMOID, poolings[1]));
        checks.add(pooling("maxPoolAddBiasActivate", Activation.RELU, poolings[2]));
        for (int[] g : poolings) {
            checks.add(pooling("maxPoolBackward", null, g));
        }
        // channels, positions per channel, columns: network3's pooled δ; more channels than blocks; 80,000 per channel
        for (int[] s : new int[][] {{20, 144, 10}, {1100, 3, 2}, {4, 20_000, 4}}) {
            checks.add(op("channelSums", "", s[0] + " channels × " + s[1] + ", " + s[2] + " columns",
                    p -> channelSums(p, s[0], s[1], s[2])));
        }
        return checks;
    }

    /** The check of the one Backend method {@code op}. */
    private static Check op(String op, String variant, String shape, Body body) {
        return new Check(op, variant, shape, Set.of(op), body);
    }

    private static Check pooling(String op, Activation f, int[] g) {
        Pooling pool = new Pooling(g[0], g[1], g[2], g[3], g[4]);
        String shape = g[0] + "×" + g[1] + "×" + g[2] + " by " + g[3] + "×" + g[4] + ", batch " + g[5];
        return f == null ? op(op, "", shape, p -> maxPoolBackward(p, pool, g[5]))
                : op(op, f.spelling(), shape, p -> maxPoolAddBiasActivate(p, f, pool, g[5]));
    }

    private static String shape(int[] s) {
        return s[0] + "×" + s[1];
    }

    // ---- one method per op ----

    /** allocate gives zeros; upload, download and a view of the leading columns give back what went up. */
    private static Outcome memory(Comparison p, int rows, int cols) {
        float[] values = uniform(rows * cols, -5, 5, 1);
        return p.compare(s -> {
            Matrix m = s.upload(values, rows, cols);
            Matrix view = s.backend().leadingColumns(m, cols - 1);
            return new double[][] {s.download(m), s.download(s.allocate(rows, cols)), s.download(view),
                    {view.rows(), view.cols(), s.upload(new int[] {4, 5, 6}).length()}};
        }, 0, 0, 0, 0);
    }

    private static Outcome gemm(Comparison p, boolean ta, boolean tb, int m, int n, int k) {
        float[] a = uniform(m * k, -1, 1, 2), b = uniform(k * n, -1, 1, 3), c = uniform(m * n, -1, 1, 4);
        float alpha = 0.75f, beta = -0.5f;
        double tolerance = 2 * (k + 1) * EPS * Math.abs(alpha) * maxAbs(a) * maxAbs(b) + 2 * EPS * Math.abs(beta) * maxAbs(c);
        return p.compare(s -> {
            Matrix am = ta ? s.upload(a, k, m) : s.upload(a, m, k);
            Matrix bm = tb ? s.upload(b, n, k) : s.upload(b, k, n);
            Matrix cm = s.output(c, m, n);
            s.backend().gemm(ta, tb, alpha, am, bm, beta, cm);
            return new double[][] {s.download(cm)};
        }, tolerance);
    }

    /** Of f(z): 4·EPS for sigmoid and tanh (a within [−1, 1]), 0 for ReLU and linear (see the class comment). */
    private static double activationTolerance(Activation f) {
        return f == Activation.SIGMOID || f == Activation.TANH ? 4 * EPS : 0;
    }

    private static Outcome addBiasActivate(Comparison p, Activation f, int rows, int cols) {
        float[] bias = uniform(rows, -3, 3, 6);
        float[] z = weightedInputs(rows * cols, bias, 5);
        return p.compare(s -> {
            Matrix zm = s.output(z, rows, cols), am = s.output(new float[z.length], rows, cols);
            s.backend().addBiasActivate(zm, s.upload(bias, rows, 1), f, am);
            return new double[][] {s.download(zm), s.download(am)};
        }, 0, activationTolerance(f));
    }

    private static Outcome addBiasSoftmax(Comparison p, int rows, int cols) {
        float[] bias = uniform(rows, -3, 3, 20);
        float[] z = uniform(rows * cols, -30, 30, 21);
        for (int j = 0; j < cols; j += 2) { // columns where a plain exp would overflow (e^1000) or underflow
            z[j * rows] = 1000f;
            z[j * rows + rows - 1] = j % 4 == 0 ? -1000f : 1000f;
        }
        return p.compare(s -> {
            Matrix zm = s.output(z, rows, cols), am = s.output(new float[z.length], rows, cols);
            s.backend().addBiasSoftmax(zm, s.upload(bias, rows, 1), am);
            return new double[][] {s.download(zm), s.download(am)};
        }, 0, EPS);
    }

    private static Outcome multiplyActivationDerivative(Comparison p, Activation f, int rows, int cols) {
        float[] z = weightedInputs(rows * cols, new float[rows], 7);
        float[] a = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            a[i] = (float) activate(f, z[i]);
        }
        float[] delta = uniform(z.length, -2, 2, 9);
        double tolerance = f == Activation.TANH ? 2 * EPS * maxAbs(delta) : 0;
        return p.compare(s -> {
            Matrix d = s.output(delta, rows, cols);
            s.backend().multiplyActivationDerivative(d, f, s.upload(z, rows, cols), s.upload(a, rows, cols));
            return new double[][] {s.download(d)};
        }, tolerance);
    }

    private static Outcome difference(Comparison p, int rows, int cols) {
        float[] a = uniform(rows * cols, 0, 1, 7), y = uniform(rows * cols, 0, 1, 8);
        return p.compare(s -> {
            Matrix delta = s.output(new float[a.length], rows, cols);
            s.backend().difference(s.upload(a, rows, cols), s.upload(y, rows, cols), delta);
            return new double[][] {s.download(delta)};
        }, 0);
    }

    /** The same entries dropped: a 64-bit seed and step whose high halves matter, keep 0.5. */
    private static Outcome dropout(Comparison p, int rows, int cols) {
        float[] m = uniform(rows * cols, 1, 2, 22); // no zeros before dropout
        long seed = 0x9E3779B97F4A7C15L, step = (1L << 32) + 5;
        return p.compare(s -> {
            Matrix mm = s.output(m, rows, cols);
            s.backend().dropout(mm, 0.5f, seed, 3, s.cursor(step, 0));
            return new double[][] {s.download(mm)};
        }, 0);
    }

    private static Outcome rowSums(Comparison p, int rows, int cols) {
        float[] m = uniform(rows * cols, -1, 1, 10);
        float[] old = uniform(rows, 5, 6, 11); // overwritten, not added to
        return p.compare(s -> {
            Matrix sums = s.output(old, rows, 1);
            s.backend().rowSums(s.upload(m, rows, cols), sums);
            return new double[][] {s.download(sums)};
        }, 0);
    }

    private static Outcome sgdUpdate(Comparison p, int rows, int cols) {
        float[] param = uniform(rows * cols, -1, 1, 12), gradient = uniform(rows * cols, -1, 1, 13);
        float decay = 0.999f, scale = 0.05f;
        double tolerance = 2 * EPS * (decay * maxAbs(param) + scale * maxAbs(gradient));
        return p.compare(s -> {
            Matrix pm = s.output(param, rows, cols);
            s.backend().sgdUpdate(pm, s.upload(gradient, rows, cols), decay, scale);
            return new double[][] {s.download(pm)};
        }, tolerance);
    }

    /** dst (rows × count) = the columns of src (rows × cols) that a shuffled permutation names from {@code offset} on. */
    private static Outcome gatherColumns(Comparison p, int rows, int cols, int offset, int count) {
        float[] src = uniform(rows * cols, -1, 1, 14);
        int[] permutation = permutation(cols, 15);
        return p.compare(s -> {
            Matrix dst = s.output(new float[rows * count], rows, count);
            s.backend().gatherColumns(s.upload(src, rows, cols), s.upload(permutation), s.cursor(0, offset), dst);
            return new double[][] {s.download(dst)};
        }, 0);
    }

    /**
     * Three training-step-like sequences (gather the mini-batch at the cursor, drop out at its step, advance it by 10
     * columns) from step 2³² + 7, offset 3; with {@code recorded}, recorded once and replayed where the backend records
     * (the graph path), issued op by op where it does not. Each step's mini-batch and the cursor's host copy count.
     */
    private static Outcome steps(Comparison p, boolean recorded) {
        int rows = 784, cols = 100, count = 10;
        float[] src = uniform(rows * cols, 1, 2, 30);
        int[] permutation = permutation(cols, 31);
        return p.compare(s -> {
            Backend b = s.backend();
            Matrix data = s.upload(src, rows, cols), batch = s.allocate(rows, count);
            IntVector order = s.upload(permutation);
            BatchCursor at = s.cursor((1L << 32) + 7, 3);
            Runnable step = () -> {
                b.gatherColumns(data, order, at, batch);
                b.dropout(batch, 0.5f, 11, 1, at);
                b.advanceCursor(at, count);
            };
            Backend.Recording recording = null;
            if (recorded) {
                try {
                    recording = b.record(step);
                } catch (RecordingUnavailableException cpu) {
                    // issued op by op, as the engine does
                }
            }
            double[][] results = new double[4][];
            for (int i = 0; i < 3; i++) {
                if (recording != null) {
                    recording.replay();
                } else {
                    step.run();
                }
                results[i] = s.download(batch);
            }
            if (recording != null) {
                recording.close();
            }
            results[3] = new double[] {at.step(), at.offset()};
            return results;
        }, 0, 0, 0, 0);
    }

    /**
     * One-hot y; in every third column a's maximum is tied between its first and last row and y's label is the first
     * (numpy's argmax takes the first maximum, so these match, and would not if the last won).
     */
    private static Outcome countArgmaxMatches(Comparison p, int rows, int cols) {
        float[] a = uniform(rows * cols, 0, 1, 16);
        float[] y = new float[rows * cols];
        Random r = new Random(17);
        for (int j = 0; j < cols; j++) {
            int label = r.nextInt(rows);
            if (j % 3 == 0 && rows > 1) {
                a[j * rows] = 2f;
                a[j * rows + rows - 1] = 2f;
                label = 0;
            }
            y[j * rows + label] = 1f;
        }
        return p.compareCounts(s -> new double[][] {
                {s.backend().countArgmaxMatches(s.upload(a, rows, cols), s.upload(y, rows, cols))}});
    }

    /**
     * A cost sum or the sum of squares over a in [0.01, 0.99] and y in [0, 1], every fourth target exactly 0 or 1
     * with a saturated output a = y there (a term with a zero coefficient counts as 0). Every term is ≥ 0.
     */
    private static Outcome costSum(Comparison p, String op, int rows, int cols) {
        float[] a = uniform(rows * cols, 0.01f, 0.99f, 18), y = uniform(rows * cols, 0, 1, 19);
        for (int i = 0; i < y.length; i += 4) {
            y[i] = i % 8 == 0 ? 0f : 1f;
            a[i] = y[i];
        }
        return p.compareRelative(s -> {
            Backend b = s.backend();
            Matrix am = s.upload(a, rows, cols), ym = s.upload(y, rows, cols);
            return new double[][] {{switch (op) {
                case "quadraticCostSum" -> b.quadraticCostSum(am, ym);
                case "crossEntropyCostSum" -> b.crossEntropyCostSum(am, ym);
                case "logLikelihoodCostSum" -> b.logLikelihoodCostSum(am, ym);
                case "sumOfSquares" -> b.sumOfSquares(am);
                default -> throw new IllegalArgumentException(op);
            }}};
        }, (a.length + 4) * EPS64);
    }

    private static Outcome im2col(Comparison p, Convolution g, int samples) {
        float[] images = uniform(g.inputSize() * samples, -1, 1, 30);
        int columns = samples * g.positions();
        return p.compare(s -> {
            Matrix patches = s.output(new float[g.patchSize() * columns], g.patchSize(), columns);
            s.backend().im2col(s.upload(images, g.inputSize(), samples), g, patches);
            return new double[][] {s.download(patches)};
        }, 0);
    }

    private static Outcome col2im(Comparison p, Convolution g, int samples) {
        int columns = samples * g.positions();
        float[] patches = uniform(g.patchSize() * columns, -1, 1, 34);
        return p.compare(s -> {
            Matrix images = s.output(uniform(g.inputSize() * samples, 5, 6, 35), g.inputSize(), samples);
            s.backend().col2im(s.upload(patches, g.patchSize(), columns), g, images);
            return new double[][] {s.download(images)};
        }, 0);
    }

    private static Outcome maxPoolAddBiasActivate(Comparison p, Activation f, Pooling g, int samples) {
        float[] maps = tiedMaps(g, samples, 36);
        float[] bias = uniform(g.channels(), -3, 3, 37);
        int out = g.outputSize();
        return p.compare(s -> {
            Matrix z = s.output(new float[out * samples], out, samples), a = s.output(new float[out * samples], out, samples);
            s.backend().maxPoolAddBiasActivate(s.upload(maps, g.channels(), maps.length / g.channels()), g,
                    s.upload(bias, g.channels(), 1), f, z, a);
            return new double[][] {s.download(z), s.download(a)};
        }, 0, activationTolerance(f));
    }

    private static Outcome maxPoolBackward(Comparison p, Pooling g, int samples) {
        float[] maps = tiedMaps(g, samples, 40);
        float[] delta = uniform(g.outputSize() * samples, 0.5f, 1.5f, 41); // no zeros: a tie that gets δ shows
        return p.compare(s -> {
            Matrix gradient = s.output(uniform(maps.length, 1, 2, 42), g.channels(), maps.length / g.channels());
            s.backend().maxPoolBackward(s.upload(maps, g.channels(), maps.length / g.channels()), g,
                    s.upload(delta, g.outputSize(), samples), gradient);
            return new double[][] {s.download(gradient)};
        }, 0);
    }

    private static Outcome channelSums(Comparison p, int channels, int run, int cols) {
        int rows = channels * run;
        float[] m = uniform(rows * cols, -1, 1, 43);
        // Σₖ Sₖ² of each channel's partial sums in the CPU's order (column after column, then position)
        double[] partial = new double[channels], squares = new double[channels];
        for (int j = 0, at = 0; j < cols; j++) {
            for (int c = 0; c < channels; c++) {
                for (int k = 0; k < run; k++, at++) {
                    partial[c] += m[at];
                    squares[c] += partial[c] * partial[c];
                }
            }
        }
        double tolerance = 4 * EPS * Math.sqrt(java.util.Arrays.stream(squares).max().orElse(0));
        return p.compare(s -> {
            Matrix sums = s.output(uniform(channels, 5, 6, 44), channels, 1);
            s.backend().channelSums(s.upload(m, rows, cols), channels, sums);
            return new double[][] {s.download(sums)};
        }, tolerance);
    }

    // ---- inputs ----

    static float[] uniform(int n, float lo, float hi, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return v;
    }

    private static double maxAbs(float[] v) {
        double max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    /** Weighted inputs in [−20, 20], exactly 0 after the bias in every fifth entry (ReLU's tie), ±90 in every seventh. */
    private static float[] weightedInputs(int n, float[] bias, long seed) {
        float[] z = uniform(n, -20, 20, seed);
        for (int i = 0; i < n; i += 5) {
            z[i] = -bias[i % bias.length];
        }
        for (int i = 2; i < n; i += 7) {
            z[i] = i % 2 == 0 ? 90f : -90f;
        }
        return z;
    }

    /** f(z) in double. */
    private static double activate(Activation f, float z) {
        return switch (f) {
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case TANH -> Math.tanh(z);
            case RELU -> Math.max(0, z);
            case LINEAR -> z;
        };
    }

    /** A shuffled 0 .. n − 1. */
    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        java.util.Arrays.setAll(p, i -> i);
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Channel-last maps (channels × samples·height·width) of the integers 0 to 3, so that windows tie often. */
    private static float[] tiedMaps(Pooling g, int samples, long seed) {
        Random r = new Random(seed);
        float[] maps = new float[g.inputSize() * samples];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = r.nextInt(4);
        }
        return maps;
    }
}
