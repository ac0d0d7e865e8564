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

/**
 * Each Backend op on every backend against a double-precision loop written from its definition.
 * Shapes include 1×1, sizes that are not multiples of a GPU block (1025, 33) and matrices spanning many blocks.
 */
class BackendOpsTest {
    /** rows × cols of the matrices an op sees. */
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {1025, 3}, {33, 1025}, {10, 250}};

    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : TestBackends.names()) {
            for (int[] s : SHAPES) {
                cases.add(Arguments.of(backend, s[0], s[1]));
            }
        }
        return cases.stream();
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
    @ParityOf({"allocate", "upload", "download", "leadingColumns", "synchronize"})
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
            b.synchronize();
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

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf("addBiasSigmoid")
    void addBiasSigmoid(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] z = random(rows * cols, 5, -20, 20);
        float[] bias = random(rows, 6, -3, 3);
        double[] wantZ = new double[z.length], wantA = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            wantZ[i] = (double) z[i] + bias[i % rows];
            wantA[i] = 1 / (1 + Math.exp(-wantZ[i]));
        }
        try (Matrix zm = b.upload(z, rows, cols); Matrix bm = b.upload(bias, rows, 1); Matrix am = b.allocate(rows, cols)) {
            b.addBiasSigmoid(zm, bm, am);
            assertClose(wantZ, b.download(zm), 1e-6);
            assertClose(wantA, b.download(am), 1e-6);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    @ParityOf({"quadraticDelta", "crossEntropyDelta", "multiplySigmoidPrime"})
    void deltas(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] a = random(rows * cols, 7, 0, 1);
        float[] y = random(rows * cols, 8, 0, 1);
        float[] d = random(rows * cols, 9, -2, 2);
        double[] quadratic = new double[a.length], crossEntropy = new double[a.length], hidden = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double sigmoidPrime = (double) a[i] * (1 - a[i]);
            quadratic[i] = (a[i] - (double) y[i]) * sigmoidPrime;
            crossEntropy[i] = a[i] - (double) y[i];
            hidden[i] = d[i] * sigmoidPrime;
        }
        try (Matrix am = b.upload(a, rows, cols); Matrix ym = b.upload(y, rows, cols);
             Matrix dm = b.upload(d, rows, cols); Matrix out = b.allocate(rows, cols)) {
            b.quadraticDelta(am, ym, out);
            assertClose(quadratic, b.download(out), 1e-6);
            b.crossEntropyDelta(am, ym, out);
            assertClose(crossEntropy, b.download(out), 1e-6);
            b.multiplySigmoidPrime(dm, am);
            assertClose(hidden, b.download(dm), 1e-6);
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
             Matrix dst = b.allocate(rows, count + 1)) {
            assertEquals(permutation.length, p.length());
            b.gatherColumns(s, p, offset, b.leadingColumns(dst, count));
            float[] got = b.download(dst);
            assertArrayEquals(want, java.util.Arrays.copyOf(got, rows * count));
            assertArrayEquals(new float[rows], java.util.Arrays.copyOfRange(got, rows * count, got.length),
                    "columns beyond the view stay untouched");
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
    @ParityOf({"quadraticCostSum", "crossEntropyCostSum"})
    void costSums(String name, int rows, int cols) {
        Backend b = TestBackends.open(name);
        float[] a = random(rows * cols, 18, 0.01f, 0.99f);
        float[] y = random(rows * cols, 19, 0, 1);
        for (int i = 0; i < y.length; i += 4) {
            y[i] = i % 8 == 0 ? 0f : 1f; // exact 0 and 1 targets
            a[i] = y[i]; // saturated output: ln 0 with a zero coefficient must count as 0
        }
        double quadratic = 0, crossEntropy = 0;
        for (int i = 0; i < a.length; i++) {
            quadratic += 0.5 * (a[i] - (double) y[i]) * (a[i] - (double) y[i]);
            double term = -y[i] * Math.log(a[i]) - (1 - y[i]) * Math.log(1 - (double) a[i]);
            crossEntropy += Double.isNaN(term) ? 0 : term;
        }
        try (Matrix am = b.upload(a, rows, cols); Matrix ym = b.upload(y, rows, cols)) {
            assertEquals(quadratic, b.quadraticCostSum(am, ym), 1e-6 * (1 + quadratic));
            assertEquals(crossEntropy, b.crossEntropyCostSum(am, ym), 1e-6 * (1 + crossEntropy));
        }
    }
}
