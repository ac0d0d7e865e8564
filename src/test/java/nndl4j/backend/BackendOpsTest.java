package nndl4j.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Each Backend op on every backend against a double-precision loop written from its definition.
 * Shapes include 1×1, sizes that are not multiples of a GPU block (1025, 33) and matrices spanning many blocks.
 */
class BackendOpsTest {
    /** rows × cols of the matrices an op sees. */
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {1025, 3}, {33, 1025}, {10, 250}, {10, 1}};

    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (int[] s : SHAPES) {
                cases.add(Arguments.of(backend, s[0], s[1]));
            }
        }
        return cases.stream();
    }

    static Stream<String> backends() {
        return TestBackends.names().stream();
    }

    static Stream<Arguments> gemmCases() {
        int[][] mnk = {{1, 1, 1}, {30, 10, 784}, {17, 33, 65}, {1025, 2, 3}, {64, 128, 1}};
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (int[] s : mnk) {
                for (int t = 0; t < 4; t++) {
                    cases.add(Arguments.of(backend, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
                }
            }
        }
        return cases.stream();
    }

    private static float[] random(int n, long seed, float lo, float hi) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return v;
    }

    private static void assertClose(double[] want, float[] got, double tolerance) {
        assertEquals(want.length, got.length, "length");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tolerance * (1 + Math.abs(want[i])), "entry " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf({"allocate", "upload", "download", "leadingColumns"})
    void memoryRoundTrips(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] values = random(rows * cols, 1, -5, 5);
        try (Matrix zeros = b.allocate(rows, cols); Matrix m = b.upload(values, rows, cols)) {
            assertArrayEquals(new float[rows * cols], b.download(zeros));
            assertArrayEquals(values, b.download(m));
            Matrix view = b.leadingColumns(m, cols - 1);
            assertEquals(rows, view.rows());
            assertEquals(cols - 1, view.cols());
            assertArrayEquals(java.util.Arrays.copyOf(values, rows * (cols - 1)), b.download(view));
            view.close(); // a view frees nothing: the parent stays readable
            assertArrayEquals(values, b.download(m));
        }
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3} tA={4} tB={5}")
    @MethodSource("gemmCases")
    @ParityOf("gemm")
    void gemmMatchesDefinition(String name, int m, int n, int k, boolean ta, boolean tb) {
        Backend backend = TestBackends.open(name);
        float[] a = random(m * k, 2, -1, 1);
        float[] bv = random(k * n, 3, -1, 1);
        float[] c = random(m * n, 4, -1, 1);
        float alpha = 0.75f, beta = -0.5f;
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    double ail = ta ? a[l + i * k] : a[i + l * m];
                    double blj = tb ? bv[j + l * n] : bv[l + j * k];
                    s += ail * blj;
                }
                want[i + j * m] = alpha * s + beta * c[i + j * m];
            }
        }
        try (Matrix am = ta ? backend.upload(a, k, m) : backend.upload(a, m, k);
             Matrix bm = tb ? backend.upload(bv, n, k) : backend.upload(bv, k, n);
             Matrix cm = backend.upload(c, m, n)) {
            backend.gemm(ta, tb, alpha, am, bm, beta, cm);
            assertClose(want, backend.download(cm), 1e-5 * Math.sqrt(k));
        }
    }

    static Stream<Arguments> activationShapes() {
        List<Arguments> cases = new ArrayList<>();
        shapes().forEach(c -> {
            for (Activation f : Activation.values()) {
                cases.add(Arguments.of(c.get()[0], c.get()[1], c.get()[2], f));
            }
        });
        return cases.stream();
    }

    /** m uploaded into the leading columns of a matrix one column wider, whose last column holds PAD. */
    private record Padded(Matrix parent, Matrix view) implements AutoCloseable {
        static final float PAD = 1234.5f;

        static Padded upload(Backend b, float[] values, int rows, int cols) {
            float[] all = java.util.Arrays.copyOf(values, rows * (cols + 1));
            java.util.Arrays.fill(all, rows * cols, all.length, PAD);
            Matrix parent = b.upload(all, rows, cols + 1);
            return new Padded(parent, b.leadingColumns(parent, cols));
        }

        /** The view's entries, after checking that the op left the column beyond it alone. */
        float[] download(Backend b) {
            float[] all = b.download(parent);
            int n = view.size();
            for (int i = n; i < all.length; i++) {
                assertEquals(PAD, all[i], "entry " + i + " lies beyond the view and must stay untouched");
            }
            return java.util.Arrays.copyOf(all, n);
        }

        @Override
        public void close() {
            parent.close();
        }
    }

    /** An op on the views of its matrices. */
    private interface ViewOp {
        void run(Matrix... views);
    }

    /** Uploads each input as a padded view, runs {@code op} on the views, and checks view {@code checked} against want. */
    private static void checkOnViews(Backend b, int rows, int cols, ViewOp op, int checked, double[] want, float[]... inputs) {
        List<Padded> padded = new ArrayList<>();
        try {
            for (float[] input : inputs) {
                padded.add(Padded.upload(b, input, rows, cols));
            }
            op.run(padded.stream().map(Padded::view).toArray(Matrix[]::new));
            assertClose(want, padded.get(checked).download(b), 1e-6);
        } finally {
            padded.forEach(Padded::close);
        }
    }

    /** f(z) in double, from the definitions of Activation. */
    private static double activate(Activation f, double z) {
        return switch (f) {
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case TANH -> Math.tanh(z);
            case RELU -> Math.max(0, z);
            case LINEAR -> z;
        };
    }

    /** Weighted inputs in [-20, 20], with exact zeros after the bias (ReLU's tie) and saturating ±90. */
    private static float[] weightedInputs(int n, float[] bias, long seed) {
        float[] z = random(n, seed, -20, 20);
        int rows = bias.length;
        for (int i = 0; i < n; i += 5) {
            z[i] = -bias[i % rows]; // z + bias is exactly 0
        }
        for (int i = 2; i < n; i += 7) {
            z[i] = i % 2 == 0 ? 90f : -90f;
        }
        return z;
    }

    @ParameterizedTest(name = "{0} {1}x{2} {3}")
    @MethodSource("activationShapes")
    @ParityOf("addBiasActivate")
    void addBiasActivate(String name, int rows, int cols, Activation f) {
        Backend b = TestBackends.open(name);
        float[] bias = random(rows, 6, -3, 3);
        float[] z = weightedInputs(rows * cols, bias, 5);
        double[] wantZ = new double[z.length], wantA = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            wantZ[i] = (double) z[i] + bias[i % rows];
            wantA[i] = activate(f, (float) wantZ[i]); // of z as stored, in float
        }
        try (Padded zm = Padded.upload(b, z, rows, cols); Matrix bm = b.upload(bias, rows, 1);
             Padded am = Padded.upload(b, new float[z.length], rows, cols)) {
            b.addBiasActivate(zm.view(), bm, f, am.view());
            assertClose(wantZ, zm.download(b), 1e-6);
            assertClose(wantA, am.download(b), 1e-6);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2} {3}")
    @MethodSource("activationShapes")
    @ParityOf("multiplyActivationDerivative")
    void multiplyActivationDerivative(String name, int rows, int cols, Activation f) {
        Backend b = TestBackends.open(name);
        float[] z = weightedInputs(rows * cols, new float[rows], 7);
        float[] a = new float[z.length];
        float[] d = random(z.length, 9, -2, 2);
        double[] want = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            a[i] = (float) activate(f, z[i]);
            double derivative = switch (f) {
                case SIGMOID -> (double) a[i] * (1 - a[i]);
                case TANH -> 1 - (double) a[i] * a[i];
                case RELU -> z[i] >= 0 ? 1 : 0; // 1 at the tie z = 0
                case LINEAR -> 1;
            };
            want[i] = d[i] * derivative;
        }
        checkOnViews(b, rows, cols, v -> b.multiplyActivationDerivative(v[0], f, v[1], v[2]), 0, want, d, z, a);
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf("addBiasSoftmax")
    void addBiasSoftmax(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] bias = random(rows, 20, -3, 3);
        float[] z = random(rows * cols, 21, -30, 30);
        for (int j = 0; j < cols; j += 2) { // logits where a plain exp overflows (e^1000) or underflows
            z[j * rows] = 1000f;
            z[j * rows + rows - 1] = j % 4 == 0 ? -1000f : 1000f;
        }
        double[] wantZ = new double[z.length], storedZ = new double[z.length], wantA = new double[z.length];
        for (int j = 0; j < cols; j++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < rows; i++) {
                wantZ[j * rows + i] = (double) z[j * rows + i] + bias[i];
                storedZ[j * rows + i] = (float) wantZ[j * rows + i]; // a is the softmax of z as stored, in float
                max = Math.max(max, storedZ[j * rows + i]);
            }
            for (int i = 0; i < rows; i++) {
                sum += Math.exp(storedZ[j * rows + i] - max);
            }
            for (int i = 0; i < rows; i++) {
                wantA[j * rows + i] = Math.exp(storedZ[j * rows + i] - max) / sum;
            }
        }
        try (Padded zm = Padded.upload(b, z, rows, cols); Matrix bm = b.upload(bias, rows, 1);
             Padded am = Padded.upload(b, new float[z.length], rows, cols)) {
            b.addBiasSoftmax(zm.view(), bm, am.view());
            assertClose(wantZ, zm.download(b), 1e-6);
            assertClose(wantA, am.download(b), 1e-6);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf("difference")
    void difference(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] a = random(rows * cols, 7, 0, 1);
        float[] y = random(rows * cols, 8, 0, 1);
        double[] want = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            want[i] = a[i] - (double) y[i];
        }
        checkOnViews(b, rows, cols, v -> b.difference(v[0], v[1], v[2]), 2, want, a, y, new float[a.length]);
    }

    /** The mask of a view equals Philox.keeps, computed here, entry for entry. */
    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf("dropout")
    void dropoutDropsWhatPhiloxSays(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        int n = rows * cols; // odd for 1×1, 3×7, 1025×3 and 33×1025: a last Philox block only partly used
        float[] m = random(n, 22, 1, 2); // no zeros before dropout
        long seed = 0x9E3779B97F4A7C15L, step = (1L << 32) + 5; // both halves of seed and step matter
        int layer = 3;
        float keep = 0.5f;
        try (Padded mm = Padded.upload(b, m, rows, cols); BatchCursor at = b.allocateCursor()) {
            b.moveCursor(at, step, 0);
            b.dropout(mm.view(), keep, seed, layer, at);
            float[] got = mm.download(b);
            for (int i = 0; i < n; i++) {
                float want = Philox.keeps(seed, layer, step, i, keep) ? m[i] : 0f;
                assertEquals(want, got[i], "entry " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void dropoutRepeatsItsMaskAndKeepsTheExpectedFraction(String name) {
        Backend b = TestBackends.open(name);
        int rows = 1000, cols = 101;
        float[] ones = new float[rows * cols];
        java.util.Arrays.fill(ones, 1f);
        for (float keep : new float[] {0.5f, 0.9f, 1f, 0f}) {
            try (Matrix first = b.upload(ones, rows, cols); Matrix second = b.upload(ones, rows, cols);
                 Matrix nextStep = b.upload(ones, rows, cols); BatchCursor at = b.allocateCursor()) {
                b.moveCursor(at, 7, 0);
                b.dropout(first, keep, 42, 1, at);
                b.dropout(second, keep, 42, 1, at);
                b.moveCursor(at, 8, 0);
                b.dropout(nextStep, keep, 42, 1, at);
                float[] mask = b.download(first);
                assertArrayEquals(mask, b.download(second), "the same arguments drop the same entries");
                double n = mask.length, kept = 0;
                for (float v : mask) {
                    kept += v;
                }
                double sigma = Math.sqrt(n * keep * (1 - keep));
                assertEquals(n * keep, kept, 5 * sigma, "kept entries for keep " + keep);
                if (keep > 0 && keep < 1) {
                    assertFalse(java.util.Arrays.equals(mask, b.download(nextStep)), "another step, another mask");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf({"rowSums", "sumOfSquares"})
    void sums(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] m = random(rows * cols, 10, -1, 1);
        double[] rowSums = new double[rows];
        double squares = 0;
        for (int i = 0; i < m.length; i++) {
            rowSums[i % rows] += m[i];
            squares += (double) m[i] * m[i];
        }
        try (Matrix mm = b.upload(m, rows, cols); Matrix sums = b.upload(random(rows, 11, 5, 6), rows, 1)) {
            b.rowSums(mm, sums); // overwrites, does not accumulate
            assertClose(rowSums, b.download(sums), 1e-5 * Math.sqrt(cols));
            assertEquals(squares, b.sumOfSquares(mm), 1e-6 * squares);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf("sgdUpdate")
    void sgdUpdate(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] p = random(rows * cols, 12, -1, 1);
        float[] g = random(rows * cols, 13, -1, 1);
        float decay = 0.999f, scale = 0.05f;
        double[] want = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            want[i] = (double) decay * p[i] - (double) scale * g[i];
        }
        try (Matrix pm = b.upload(p, rows, cols); Matrix gm = b.upload(g, rows, cols)) {
            b.sgdUpdate(pm, gm, decay, scale);
            assertClose(want, b.download(pm), 1e-6);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf("gatherColumns")
    void gatherColumns(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] src = random(rows * cols, 14, -1, 1);
        int[] permutation = new int[cols + 2];
        Random r = new Random(15);
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = r.nextInt(cols);
        }
        int offset = 2, count = cols;
        float[] want = new float[rows * count];
        for (int j = 0; j < count; j++) {
            System.arraycopy(src, permutation[offset + j] * rows, want, j * rows, rows);
        }
        try (Matrix s = b.upload(src, rows, cols); IntVector p = b.upload(permutation);
             Matrix dst = b.allocate(rows, count + 1); BatchCursor at = b.allocateCursor()) {
            assertEquals(permutation.length, p.length());
            b.moveCursor(at, 0, offset);
            b.gatherColumns(s, p, at, b.leadingColumns(dst, count));
            float[] got = b.download(dst);
            assertArrayEquals(want, java.util.Arrays.copyOf(got, rows * count));
            assertArrayEquals(new float[rows], java.util.Arrays.copyOfRange(got, rows * count, got.length),
                    "columns beyond the view stay untouched");
        }
    }

    /** A permutation of 0 .. n−1 drawn from {@code seed}. */
    private static int[] permutation(int n, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** src's columns permutation[offset .. offset+count), column-major. */
    private static float[] columns(float[] src, int rows, int[] permutation, int offset, int count) {
        float[] want = new float[rows * count];
        for (int j = 0; j < count; j++) {
            System.arraycopy(src, permutation[offset + j] * rows, want, j * rows, rows);
        }
        return want;
    }

    /** The mask Philox.keeps draws for an n-entry matrix of ones at (seed, layer, step). */
    private static float[] dropoutMask(int n, float keep, long seed, int layer, long step) {
        float[] want = new float[n];
        for (int i = 0; i < n; i++) {
            want[i] = Philox.keeps(seed, layer, step, i, keep) ? 1f : 0f;
        }
        return want;
    }

    /** A new cursor is at (0, 0); moveCursor puts it anywhere, advanceCursor moves it on; gather and dropout read it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    @ParityOf({"allocateCursor", "moveCursor", "advanceCursor"})
    void cursorsMoveAndTheOpsReadThem(String name) {
        Backend b = TestBackends.open(name);
        int rows = 5, cols = 40, count = 7, layer = 2;
        long seed = 99, step = (1L << 32) + 3; // the step's high word matters
        float[] src = random(rows * cols, 16, -1, 1);
        int[] order = permutation(cols, 17);
        float[] ones = new float[rows * count];
        java.util.Arrays.fill(ones, 1f);
        try (Matrix s = b.upload(src, rows, cols); IntVector p = b.upload(order); Matrix dst = b.allocate(rows, count);
             Matrix masked = b.upload(ones, rows, count); BatchCursor at = b.allocateCursor()) {
            assertEquals(List.of(0L, 0), List.of(at.step(), at.offset()));
            b.gatherColumns(s, p, at, dst);
            assertArrayEquals(columns(src, rows, order, 0, count), b.download(dst), "a new cursor is at offset 0");
            b.moveCursor(at, step, 4);
            b.advanceCursor(at, count);
            b.advanceCursor(at, count);
            assertEquals(List.of(step + 2, 4 + 2 * count), List.of(at.step(), at.offset()), "the host copy");
            b.gatherColumns(s, p, at, dst);
            assertArrayEquals(columns(src, rows, order, 4 + 2 * count, count), b.download(dst));
            b.dropout(masked, 0.5f, seed, layer, at);
            assertArrayEquals(dropoutMask(ones.length, 0.5f, seed, layer, step + 2), b.download(masked));
        }
    }

    /**
     * A recorded step replays its ops on the values the matrices and the cursor hold at each replay, and moves the
     * cursor's host copy with it; a backend that does not record (the CPU) says so.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    @ParityOf("record")
    void recordedOpsReplayOnTheCurrentValues(String name) {
        Backend b = TestBackends.open(name);
        int rows = 3, cols = 30, count = 4, layer = 1;
        long seed = 5;
        float[] src = random(rows * cols, 18, 1, 2);
        int[] order = permutation(cols, 19);
        try (Matrix s = b.upload(src, rows, cols); IntVector p = b.upload(order); Matrix dst = b.allocate(rows, count);
             BatchCursor at = b.allocateCursor()) {
            b.moveCursor(at, 10, 2);
            Runnable step = () -> {
                b.gatherColumns(s, p, at, dst);
                b.dropout(dst, 0.5f, seed, layer, at);
                b.advanceCursor(at, count);
            };
            Backend.Recording recording;
            try {
                recording = b.record(step);
            } catch (RecordingUnavailableException e) {
                assertEquals("cpu", name, "only the CPU backend does not record: " + e.getMessage());
                return;
            }
            assertEquals(List.of(10L, 2), List.of(at.step(), at.offset()), "recording runs nothing");
            try (recording) {
                for (int replay = 0; replay < 3; replay++) {
                    recording.replay();
                    float[] want = columns(src, rows, order, 2 + replay * count, count);
                    float[] mask = dropoutMask(want.length, 0.5f, seed, layer, 10 + replay);
                    for (int i = 0; i < want.length; i++) {
                        want[i] *= mask[i];
                    }
                    assertArrayEquals(want, b.download(dst), "replay " + replay);
                    assertEquals(List.of(11L + replay, 2 + (replay + 1) * count), List.of(at.step(), at.offset()));
                }
            }
            step.run(); // the ops still run one by one after a recording, from where the replays left the cursor
            assertEquals(List.of(14L, 2 + 4 * count), List.of(at.step(), at.offset()));
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf("countArgmaxMatches")
    void countArgmaxMatches(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] a = random(rows * cols, 16, 0, 1);
        float[] y = new float[rows * cols];
        Random r = new Random(17);
        for (int j = 0; j < cols; j++) {
            y[j * rows + r.nextInt(rows)] = 1f;
            if (j % 3 == 0) { // a tie: numpy's argmax takes the first maximum
                a[j * rows] = 2f;
                a[j * rows + rows - 1] = 2f;
            }
        }
        long want = 0;
        for (int j = 0; j < cols; j++) {
            int best = 0, label = 0;
            for (int i = 1; i < rows; i++) {
                if (a[j * rows + i] > a[j * rows + best]) {
                    best = i;
                }
                if (y[j * rows + i] > y[j * rows + label]) {
                    label = i;
                }
            }
            want += best == label ? 1 : 0;
        }
        try (Matrix am = b.upload(a, rows, cols); Matrix ym = b.upload(y, rows, cols)) {
            assertEquals(want, b.countArgmaxMatches(am, ym));
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf({"quadraticCostSum", "crossEntropyCostSum", "logLikelihoodCostSum"})
    void costSums(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] a = random(rows * cols, 18, 0.01f, 0.99f);
        float[] y = random(rows * cols, 19, 0, 1);
        for (int i = 0; i < y.length; i += 4) {
            y[i] = i % 8 == 0 ? 0f : 1f; // exact 0 and 1 targets
            a[i] = y[i]; // saturated output: ln 0 with a zero coefficient must count as 0
        }
        double quadratic = 0, crossEntropy = 0, logLikelihood = 0;
        for (int i = 0; i < a.length; i++) {
            quadratic += 0.5 * (a[i] - (double) y[i]) * (a[i] - (double) y[i]);
            double term = -y[i] * Math.log(a[i]) - (1 - y[i]) * Math.log(1 - (double) a[i]);
            crossEntropy += Double.isNaN(term) ? 0 : term;
            double own = -y[i] * Math.log(a[i]); // 0 · ln 0 is NaN here, and counts as 0
            logLikelihood += Double.isNaN(own) ? 0 : own;
        }
        try (Matrix am = b.upload(a, rows, cols); Matrix ym = b.upload(y, rows, cols)) {
            assertEquals(quadratic, b.quadraticCostSum(am, ym), 1e-6 * (1 + quadratic));
            assertEquals(crossEntropy, b.crossEntropyCostSum(am, ym), 1e-6 * (1 + crossEntropy));
            assertEquals(logLikelihood, b.logLikelihoodCostSum(am, ym), 1e-6 * (1 + logLikelihood));
        }
    }

    // ---- the convolution + max-pooling ops ----

    /** Convolutions: channels, height, width, kernel height, kernel width, and the samples of a mini-batch. */
    static Stream<Arguments> convolutions() {
        int[][] geometries = {
                {1, 28, 28, 5, 5, 20},  // network3's first layer: 288,000 patches entries, the grid-stride loop wraps
                {3, 7, 9, 2, 3, 2},     // several channels, a non-square kernel
                {2, 5, 4, 1, 1, 1},     // 1×1 kernels, a batch of 1
                {4, 6, 5, 6, 5, 3},     // the kernel covers the map: one output position
                {20, 12, 12, 5, 5, 2},  // network3's second layer
                {2, 9, 3, 4, 1, 1}};    // a kernel of one column
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (int[] g : geometries) {
                cases.add(Arguments.of(backend, g[0], g[1], g[2], g[3], g[4], g[5]));
            }
        }
        return cases.stream();
    }

    /**
     * maps = Wᵀ · im2col(x) through gemm, W being patchSize × filters (w[f][c][i][j] flat, as network3 stores it),
     * against a direct true convolution in double: out[f, y, x] = Σ_c Σ_i Σ_j x[c, y + kh − 1 − i, x + kw − 1 − j] ·
     * w[f, c, i, j]. patches is a view whose next column must stay untouched.
     */
    @ParameterizedTest(name = "{0} {1}×{2}×{3} by {4}×{5}, {6} samples")
    @MethodSource("convolutions")
    @ParityOf("im2col")
    void im2colThenGemmIsTheTrueConvolution(String name, int channels, int height, int width, int kh, int kw, int samples) {
        Backend b = TestBackends.open(name);
        Convolution g = new Convolution(channels, height, width, kh, kw);
        int filters = 3, oh = height - kh + 1, ow = width - kw + 1, inputSize = channels * height * width;
        int patchSize = channels * kh * kw, positions = samples * oh * ow;
        float[] x = random(inputSize * samples, 30, -1, 1);
        float[] w = random(patchSize * filters, 31, -1, 1);
        double[] want = new double[filters * positions];
        for (int n = 0; n < samples; n++) {
            for (int f = 0; f < filters; f++) {
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        double sum = 0;
                        for (int c = 0; c < channels; c++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    double in = x[n * inputSize + (c * height + y + kh - 1 - i) * width + xx + kw - 1 - j];
                                    sum += in * w[f * patchSize + (c * kh + i) * kw + j];
                                }
                            }
                        }
                        want[f + ((n * oh + y) * ow + xx) * filters] = sum;
                    }
                }
            }
        }
        try (Matrix images = b.upload(x, inputSize, samples);
             Padded patches = Padded.upload(b, random(patchSize * positions, 32, -9, 9), patchSize, positions);
             Matrix weights = b.upload(w, patchSize, filters); Matrix maps = b.allocate(filters, positions)) {
            b.im2col(images, g, patches.view());
            patches.download(b);
            b.gemm(true, false, 1f, weights, patches.view(), 0f, maps);
            assertClose(want, b.download(maps), 1e-5 * Math.sqrt(patchSize));
        }
    }

    /**
     * col2im(P) against a direct scatter in double of each patches entry onto the image entry im2col read it from,
     * and as the adjoint: ⟨im2col(x), P⟩ = ⟨x, col2im(P)⟩ in double. The images are a view over old values, which
     * col2im overwrites, and whose next column must stay untouched.
     */
    @ParameterizedTest(name = "{0} {1}×{2}×{3} by {4}×{5}, {6} samples")
    @MethodSource("convolutions")
    @ParityOf("col2im")
    void col2imIsTheAdjointOfIm2col(String name, int channels, int height, int width, int kh, int kw, int samples) {
        Backend b = TestBackends.open(name);
        Convolution g = new Convolution(channels, height, width, kh, kw);
        int oh = height - kh + 1, ow = width - kw + 1, inputSize = channels * height * width;
        int patchSize = channels * kh * kw, positions = samples * oh * ow;
        float[] x = random(inputSize * samples, 33, -1, 1);
        float[] p = random(patchSize * positions, 34, -1, 1);
        double[] scatter = new double[x.length];
        for (int n = 0; n < samples; n++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                scatter[n * inputSize + (c * height + y + kh - 1 - i) * width + xx + kw - 1 - j]
                                        += p[(c * kh + i) * kw + j + ((n * oh + y) * ow + xx) * patchSize];
                            }
                        }
                    }
                }
            }
        }
        try (Matrix images = b.upload(x, inputSize, samples); Matrix patches = b.upload(p, patchSize, positions);
             Padded gradient = Padded.upload(b, random(x.length, 35, -9, 9), inputSize, samples);
             Matrix im = b.allocate(patchSize, positions)) {
            b.col2im(patches, g, gradient.view());
            float[] back = gradient.download(b);
            assertClose(scatter, back, 1e-6 * kh * kw);
            b.im2col(images, g, im);
            float[] forward = b.download(im);
            double left = 0, right = 0, scale = 0;
            for (int k = 0; k < forward.length; k++) {
                left += (double) forward[k] * p[k];
                scale += Math.abs((double) forward[k] * p[k]);
            }
            for (int k = 0; k < x.length; k++) {
                right += (double) x[k] * back[k];
            }
            assertEquals(left, right, 1e-6 * (1 + scale), "⟨im2col(x), P⟩ = ⟨x, col2im(P)⟩");
        }
    }

    /** Poolings: channels, height, width, pool height, pool width, and the samples of a mini-batch. */
    private static final int[][] POOLINGS = {
            {3, 7, 9, 2, 2, 2},       // odd sizes: the last row and column are dropped
            {3, 7, 9, 3, 2, 1},       // 3×2 windows, a batch of 1: a row and a column dropped
            {20, 24, 24, 2, 2, 100},  // network3's first layer: 288,000 pooled and 1,152,000 maps entries (grid-stride)
            {2, 5, 5, 5, 5, 2},       // one window per map
            {1, 4, 6, 1, 1, 1},       // 1×1 windows: pooling is the identity
            {40, 8, 8, 2, 2, 3}};     // network3's second layer

    static Stream<Arguments> poolings() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (int[] p : POOLINGS) {
                cases.add(Arguments.of(backend, p[0], p[1], p[2], p[3], p[4], p[5]));
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> poolingsAndActivations() {
        List<Arguments> cases = new ArrayList<>();
        poolings().forEach(c -> {
            for (Activation f : Activation.values()) {
                Object[] with = java.util.Arrays.copyOf(c.get(), 8);
                with[7] = f;
                cases.add(Arguments.of(with));
            }
        });
        return cases.stream();
    }

    /**
     * Channel-last maps (channels × positions (n, y, x)) of small integers, so that windows tie; the windows
     * numbered 0, 1, 2 (in the order sample, channel, pooled row, pooled column) get 2, 3 and 4 equal maxima of 9
     * where they have that many entries. Returns the maps and, per window, how many entries equal its maximum.
     */
    private record TiedMaps(float[] maps, int[] maxima) {
        static TiedMaps of(int channels, int height, int width, int ph, int pw, int samples, long seed) {
            Random r = new Random(seed);
            float[] maps = new float[channels * height * width * samples];
            for (int i = 0; i < maps.length; i++) {
                maps[i] = r.nextInt(4);
            }
            int size = ph * pw;
            for (int window = 0; window < 3 && 2 + window <= size; window++) {
                int count = 2 + window; // spread over the window, its first and last entry included
                int px = window % (width / pw), py = window / (width / pw) % (height / ph);
                int c = window / (width / pw) / (height / ph) % channels, n = window / (width / pw) / (height / ph) / channels;
                for (int k = 0; k < count; k++) {
                    int entry = k * (size - 1) / (count - 1), y = py * ph + entry / pw, x = px * pw + entry % pw;
                    maps[c + ((n * height + y) * width + x) * channels] = 9;
                }
            }
            int ph2 = height / ph, pw2 = width / pw;
            int[] maxima = new int[channels * ph2 * pw2 * samples];
            for (int n = 0; n < samples; n++) {
                for (int c = 0; c < channels; c++) {
                    for (int py = 0; py < ph2; py++) {
                        for (int px = 0; px < pw2; px++) {
                            double max = Double.NEGATIVE_INFINITY;
                            for (int dy = 0; dy < ph; dy++) {
                                for (int dx = 0; dx < pw; dx++) {
                                    max = Math.max(max, maps[c + ((n * height + py * ph + dy) * width + px * pw + dx) * channels]);
                                }
                            }
                            int ties = 0;
                            for (int dy = 0; dy < ph; dy++) {
                                for (int dx = 0; dx < pw; dx++) {
                                    ties += maps[c + ((n * height + py * ph + dy) * width + px * pw + dx) * channels] == max ? 1 : 0;
                                }
                            }
                            maxima[((n * channels + c) * ph2 + py) * pw2 + px] = ties;
                        }
                    }
                }
            }
            return new TiedMaps(maps, maxima);
        }
    }

    /**
     * z = max over each window + bias[channel] and a = f(z), written (channel, pooled row, pooled column) per sample,
     * against a direct max-pool in double; z and a are views over old values whose next column must stay untouched.
     */
    @ParameterizedTest(name = "{0} {1}×{2}×{3} by {4}×{5}, {6} samples, {7}")
    @MethodSource("poolingsAndActivations")
    @ParityOf("maxPoolAddBiasActivate")
    void maxPoolAddBiasActivate(String name, int channels, int height, int width, int ph, int pw, int samples, Activation f) {
        Backend b = TestBackends.open(name);
        Pooling p = new Pooling(channels, height, width, ph, pw);
        float[] maps = TiedMaps.of(channels, height, width, ph, pw, samples, 36).maps();
        float[] bias = random(channels, 37, -6, 2);
        int ph2 = height / ph, pw2 = width / pw, outputSize = channels * ph2 * pw2;
        double[] wantZ = new double[outputSize * samples], wantA = new double[wantZ.length];
        for (int n = 0; n < samples; n++) {
            for (int c = 0; c < channels; c++) {
                for (int py = 0; py < ph2; py++) {
                    for (int px = 0; px < pw2; px++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int y = py * ph; y < py * ph + ph; y++) {
                            for (int x = px * pw; x < px * pw + pw; x++) {
                                max = Math.max(max, maps[c + ((n * height + y) * width + x) * channels]);
                            }
                        }
                        int out = n * outputSize + (c * ph2 + py) * pw2 + px;
                        wantZ[out] = max + bias[c];
                        wantA[out] = activate(f, (float) wantZ[out]); // of z as stored, in float
                    }
                }
            }
        }
        try (Matrix mm = b.upload(maps, channels, maps.length / channels); Matrix bm = b.upload(bias, channels, 1);
             Padded z = Padded.upload(b, random(wantZ.length, 38, -9, 9), outputSize, samples);
             Padded a = Padded.upload(b, random(wantZ.length, 39, -9, 9), outputSize, samples)) {
            b.maxPoolAddBiasActivate(mm, p, bm, f, z.view(), a.view());
            assertClose(wantZ, z.download(b), 1e-6);
            assertClose(wantA, a.download(b), 1e-6);
        }
    }

    /**
     * ∂C/∂maps against a direct loop: every entry equal to its window's maximum gets the window's δ, ties each all of
     * it (Theano's MaxPoolGrad), every other entry and the dropped border 0 (over old values). Maps of small integers
     * tie often; windows with 2, 3 and 4 equal maxima are planted.
     */
    @ParameterizedTest(name = "{0} {1}×{2}×{3} by {4}×{5}, {6} samples")
    @MethodSource("poolings")
    @ParityOf("maxPoolBackward")
    void maxPoolBackwardGivesDeltaToEveryTiedMaximum(String name, int channels, int height, int width, int ph, int pw,
                                                     int samples) {
        Backend b = TestBackends.open(name);
        Pooling p = new Pooling(channels, height, width, ph, pw);
        TiedMaps tied = TiedMaps.of(channels, height, width, ph, pw, samples, 40);
        float[] maps = tied.maps();
        int ph2 = height / ph, pw2 = width / pw, outputSize = channels * ph2 * pw2;
        float[] delta = random(outputSize * samples, 41, 0.5f, 1.5f); // no zeros: a tie that gets δ shows
        float[] want = new float[maps.length];
        int[] maxima = new int[tied.maxima().length];
        for (int n = 0; n < samples; n++) {
            for (int y = 0; y < ph2 * ph; y++) {
                for (int x = 0; x < pw2 * pw; x++) {
                    for (int c = 0; c < channels; c++) {
                        int py = y / ph, px = x / pw;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int wy = py * ph; wy < py * ph + ph; wy++) {
                            for (int wx = px * pw; wx < px * pw + pw; wx++) {
                                max = Math.max(max, maps[c + ((n * height + wy) * width + wx) * channels]);
                            }
                        }
                        int at = c + ((n * height + y) * width + x) * channels;
                        int window = n * outputSize + (c * ph2 + py) * pw2 + px;
                        if (maps[at] == max) {
                            want[at] = delta[window];
                            maxima[((n * channels + c) * ph2 + py) * pw2 + px]++;
                        }
                    }
                }
            }
        }
        assertArrayEquals(tied.maxima(), maxima, "the oracle finds every tie");
        for (int window = 0; window < 3 && 2 + window <= ph * pw; window++) {
            assertEquals(2 + window, maxima[window], "planted ties in window " + window);
        }
        try (Matrix mm = b.upload(maps, channels, maps.length / channels); Matrix dm = b.upload(delta, outputSize, samples);
             Padded gradient = Padded.upload(b, random(maps.length, 42, 1, 2), channels, maps.length / channels)) {
            b.maxPoolBackward(mm, p, dm, gradient.view());
            assertArrayEquals(want, gradient.download(b));
        }
    }

    /**
     * The max starts at a window's first entry and takes only greater ones, on every backend: a NaN first entry is
     * the window's maximum (and no entry's gradient matches it), a NaN elsewhere is passed over.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void maxPoolingPassesOverNaNExceptAsTheFirstEntry(String name) {
        Backend b = TestBackends.open(name);
        Pooling p = new Pooling(1, 2, 4, 2, 2); // two windows: columns 0-1 and 2-3
        float nan = Float.NaN;
        float[] maps = {nan, 1, 1, nan, 2, 3, 5, 2}; // (y, x) in order: row 0 then row 1
        try (Matrix mm = b.upload(maps, 1, 8); Matrix bias = b.upload(new float[] {0.5f}, 1, 1);
             Matrix z = b.allocate(2, 1); Matrix a = b.allocate(2, 1);
             Matrix delta = b.upload(new float[] {7, 11}, 2, 1); Matrix gradient = b.allocate(1, 8)) {
            b.maxPoolAddBiasActivate(mm, p, bias, Activation.LINEAR, z, a);
            assertArrayEquals(new float[] {nan, 5.5f}, b.download(z));
            assertArrayEquals(new float[] {nan, 5.5f}, b.download(a));
            b.maxPoolBackward(mm, p, delta, gradient);
            assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 11, 0}, b.download(gradient));
        }
    }

    /** Channel sums: channels, positions per channel (rows / channels) and columns. */
    static Stream<Arguments> channelShapes() {
        int[][] shapes = {
                {1, 1, 1},
                {20, 144, 10},  // network3's pooled δ: 20 filters of 12×12, 10 samples
                {20, 1, 5760},  // one row per channel: the rows' sums
                {3, 7, 1},
                {1100, 3, 2},   // more channels than blocks: the blocks loop over channels
                {4, 20000, 4}}; // 80,000 entries per channel
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (int[] s : shapes) {
                cases.add(Arguments.of(backend, s[0], s[1], s[2]));
            }
        }
        return cases.stream();
    }

    /** sums[c] = Σ_j Σ_k m[(c, k), j] against a double loop; sums held old values, which are overwritten. */
    @ParameterizedTest(name = "{0} {1} channels × {2} positions, {3} columns")
    @MethodSource("channelShapes")
    @ParityOf("channelSums")
    void channelSums(String name, int channels, int run, int cols) {
        Backend b = TestBackends.open(name);
        int rows = channels * run;
        float[] m = random(rows * cols, 43, -1, 1);
        double[] want = new double[channels];
        for (int i = 0; i < m.length; i++) {
            want[i % rows / run] += m[i];
        }
        try (Matrix mm = b.upload(m, rows, cols); Matrix sums = b.upload(random(channels, 44, 5, 6), channels, 1)) {
            b.channelSums(mm, channels, sums);
            assertClose(want, b.download(sums), 1e-5 * Math.sqrt((double) run * cols));
        }
    }

    /** A mismatch throws before anything runs: the outputs keep their old values. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void convolutionAndPoolingOpsRejectMismatchedShapesBeforeRunning(String name) {
        Backend b = TestBackends.open(name);
        Convolution g = new Convolution(2, 4, 5, 2, 3); // inputSize 40, patchSize 12, positions 9
        Pooling p = new Pooling(3, 5, 4, 2, 2);         // 20 positions per sample, outputSize 12
        List<Matrix> outputs = new ArrayList<>();
        java.util.function.BiFunction<Integer, Integer, Matrix> ones = (rows, cols) -> {
            float[] v = new float[rows * cols];
            java.util.Arrays.fill(v, 1f);
            Matrix m = b.upload(v, rows, cols);
            outputs.add(m);
            return m;
        };
        try {
            Matrix images = ones.apply(40, 2), patches = ones.apply(12, 18);
            IllegalArgumentException im2col = assertThrows(IllegalArgumentException.class,
                    () -> b.im2col(images, g, ones.apply(12, 17)));
            assertEquals("im2col: 2×3 filters over 2×4×5 maps take images 40×samples and patches 12×(samples·9), "
                    + "got images 40×2, patches 12×17", im2col.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.im2col(images, g, ones.apply(11, 18)));
            assertThrows(IllegalArgumentException.class, () -> b.im2col(ones.apply(39, 2), g, patches));
            assertThrows(IllegalArgumentException.class, () -> b.col2im(patches, g, ones.apply(40, 3)));
            assertThrows(IllegalArgumentException.class, () -> b.col2im(ones.apply(12, 9), g, ones.apply(41, 1)));
            // sizes that overflow an int match no matrix (in int arithmetic 65536² is 0)
            Convolution huge = new Convolution(1, 65536, 65536, 1, 1);
            assertThrows(IllegalArgumentException.class, () -> b.im2col(ones.apply(1, 1), huge, ones.apply(1, 1)));

            Matrix maps = ones.apply(3, 40), bias = ones.apply(3, 1), z = ones.apply(12, 2), a = ones.apply(12, 2);
            IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
                    () -> b.maxPoolAddBiasActivate(maps, p, bias, Activation.RELU, z, ones.apply(12, 3)));
            assertEquals("maxPoolAddBiasActivate: 2×2 pooling of 3×5×4 maps takes maps 3×(samples·20) and z, a "
                    + "12×samples, got maps 3×40, z 12×2, a 12×3", pool.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> b.maxPoolAddBiasActivate(ones.apply(3, 41), p, bias, Activation.RELU, z, a), "not whole samples");
            assertThrows(IllegalArgumentException.class,
                    () -> b.maxPoolAddBiasActivate(ones.apply(4, 40), p, ones.apply(4, 1), Activation.RELU, z, a));
            assertThrows(IllegalArgumentException.class,
                    () -> b.maxPoolAddBiasActivate(maps, p, ones.apply(2, 1), Activation.RELU, z, a), "bias");
            assertThrows(IllegalArgumentException.class,
                    () -> b.maxPoolAddBiasActivate(maps, p, bias, Activation.RELU, ones.apply(13, 2), a));
            assertThrows(IllegalArgumentException.class, () -> b.maxPoolBackward(maps, p, z, ones.apply(3, 20)));
            assertThrows(IllegalArgumentException.class, () -> b.maxPoolBackward(maps, p, ones.apply(12, 1), ones.apply(3, 40)));
            Pooling hugePool = new Pooling(1, 65536, 65536, 1, 1);
            assertThrows(IllegalArgumentException.class,
                    () -> b.maxPoolBackward(ones.apply(1, 1), hugePool, ones.apply(1, 1), ones.apply(1, 1)));

            Matrix m = ones.apply(12, 2);
            assertThrows(IllegalArgumentException.class, () -> b.channelSums(m, 5, ones.apply(5, 1)), "12 rows, 5 channels");
            assertThrows(IllegalArgumentException.class, () -> b.channelSums(m, 4, ones.apply(3, 1)));
            assertThrows(IllegalArgumentException.class, () -> b.channelSums(m, 0, ones.apply(1, 1)), "no channels");
            for (Matrix written : outputs) {
                float[] all = new float[written.size()];
                java.util.Arrays.fill(all, 1f);
                assertArrayEquals(all, b.download(written), "no op wrote");
            }
        } finally {
            outputs.forEach(Matrix::close);
        }
    }

    /** A mismatch throws before anything runs: the output keeps its old values. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void mismatchedShapesThrowBeforeAnythingRuns(String name) {
        Backend b = TestBackends.open(name);
        float[] ones = new float[12];
        java.util.Arrays.fill(ones, 1f);
        try (Matrix m34 = b.upload(ones, 3, 4); Matrix m43 = b.upload(ones, 4, 3); Matrix m33 = b.upload(java.util.Arrays.copyOf(ones, 9), 3, 3);
             Matrix col3 = b.upload(java.util.Arrays.copyOf(ones, 3), 3, 1);
             Matrix col4 = b.upload(java.util.Arrays.copyOf(ones, 4), 4, 1); IntVector perm = b.upload(new int[4]);
             BatchCursor cursor = b.allocateCursor()) {
            IllegalArgumentException gemm = assertThrows(IllegalArgumentException.class,
                    () -> b.gemm(false, false, 1f, m34, m34, 0f, m33), "inner dimensions 4 and 3");
            assertEquals("gemm: op(A) is 3×4, op(B) 3×4, C 3×3 (A 3×4, B 3×4)", gemm.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.gemm(false, true, 1f, m34, m43, 0f, m33),
                    "op(B) = Bᵀ is 3×4");
            assertThrows(IllegalArgumentException.class, () -> b.gemm(true, false, 1f, m43, m43, 0f, m34),
                    "C must be 3×3");
            assertThrows(IllegalArgumentException.class, () -> b.difference(m34, m43, m34));
            assertThrows(IllegalArgumentException.class, () -> b.addBiasActivate(m34, col4, Activation.RELU, m34));
            assertThrows(IllegalArgumentException.class, () -> b.addBiasSoftmax(m34, col3, m43));
            assertThrows(IllegalArgumentException.class, () -> b.multiplyActivationDerivative(m34, Activation.TANH, m33, m34));
            assertThrows(IllegalArgumentException.class, () -> b.rowSums(m34, col4));
            assertThrows(IllegalArgumentException.class, () -> b.sgdUpdate(m34, m43, 1f, 1f));
            b.moveCursor(cursor, 0, 1);
            assertThrows(IllegalArgumentException.class, () -> b.gatherColumns(m34, perm, cursor, m34), "permutation[1 .. 5) of 4");
            b.moveCursor(cursor, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> b.gatherColumns(m34, perm, cursor, m43));
            assertThrows(IllegalArgumentException.class, () -> b.moveCursor(cursor, 0, -1));
            b.moveCursor(cursor, 0, Integer.MAX_VALUE - 1);
            assertThrows(IllegalArgumentException.class, () -> b.advanceCursor(cursor, 2), "the offset would overflow");
            assertThrows(IllegalArgumentException.class, () -> b.countArgmaxMatches(m34, m43));
            assertThrows(IllegalArgumentException.class, () -> b.quadraticCostSum(m34, m33));
            assertThrows(IllegalArgumentException.class, () -> b.crossEntropyCostSum(m34, m33));
            assertThrows(IllegalArgumentException.class, () -> b.logLikelihoodCostSum(m34, m33));
            assertThrows(IllegalArgumentException.class, () -> b.dropout(m34, 1.5f, 1, 0, cursor));
            assertThrows(IllegalArgumentException.class, () -> b.dropout(m34, Float.NaN, 1, 0, cursor));
            assertArrayEquals(ones, b.download(m34), "no op wrote");
            assertArrayEquals(java.util.Arrays.copyOf(ones, 9), b.download(m33), "no op wrote");
            assertArrayEquals(new float[] {1f, 1f, 1f, 1f}, b.download(col4), "no op wrote");
        }
    }
}
