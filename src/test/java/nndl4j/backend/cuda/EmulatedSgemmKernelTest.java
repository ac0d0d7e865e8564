package nndl4j.backend.cuda;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;
import nndl4j.backend.TestBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The own SGEMM kernel ({@code kernels/sgemm.cu}), which a GPU runs only where cuBLAS does not load, on the emulator
 * with its vendor GEMM turned off, against a double-precision loop. With all four transposes: shapes of one
 * 64×64 tile, of many, ragged by one on either side of 64 and 128 in m, n and k, k = 1 and k in the thousands,
 * the GEMMs of a training step of [784, 30, 10] at mini-batch 10; alpha and beta, beta = 0 over a C holding NaN,
 * alpha = 0 over A and B holding NaN, k = 0. And views: matrices at an offset inside an allocation with leading
 * dimensions above the rows, aligned for the kernel's float4 loads or not (start, leading dimension or both
 * misaligned), whose surroundings must be neither read nor written.
 * {@code backend.BackendOpsTest} checks the same op through the emulator's reference GEMM.
 */
class EmulatedSgemmKernelTest {
    /** Entries of op(A), op(B) and C outside a view: read into a product, NaN shows. */
    private static final float OUTSIDE = Float.NaN;
    /** Entries of C's allocation outside the view: must come back unchanged. */
    private static final float UNTOUCHED = -12345.5f;

    static Stream<Arguments> cases() {
        int[][] mnk = {{1, 1, 1}, {64, 64, 16}, {63, 65, 17}, {65, 63, 15}, {127, 129, 1}, {129, 127, 33},
                {1, 129, 63}, {129, 1, 65}, {128, 128, 64}, {33, 17, 2051},
                // the GEMMs of one mini-batch of 10 through [784, 30, 10]: forward W·a, backward Wᵀ·δ and δ·aᵀ
                {30, 10, 784}, {10, 10, 30}, {30, 10, 10}, {10, 30, 10}, {30, 784, 10}, {784, 30, 10},
                {1025, 2, 3}, {3, 1025, 17}, {10, 500, 8}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : mnk) {
            for (int t = 0; t < 4; t++) {
                cases.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
            }
        }
        return cases.stream();
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * r.nextFloat() - 1;
        }
        return v;
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return v;
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} tA={3} tB={4}")
    @MethodSource("cases")
    void ownSgemmKernelMatchesDefinition(int m, int n, int k, boolean ta, boolean tb) {
        Backend backend = TestBackends.openEmulatedWithOwnSgemm();
        float[] a = random(m * k, 2), b = random(k * n, 3), c = random(m * n, 4);
        float alpha = 0.75f, beta = -0.5f;
        try (Matrix am = ta ? backend.upload(a, k, m) : backend.upload(a, m, k);
             Matrix bm = tb ? backend.upload(b, n, k) : backend.upload(b, k, n);
             Matrix cm = backend.upload(c, m, n);
             Matrix nan = backend.upload(filled(m * n, Float.NaN), m, n)) {
            backend.gemm(ta, tb, alpha, am, bm, beta, cm);
            assertClose(product(a, b, m, n, k, ta, tb, alpha, beta, c), backend.download(cm), k);
            backend.gemm(ta, tb, alpha, am, bm, 0f, nan); // beta = 0: C is not read
            assertClose(product(a, b, m, n, k, ta, tb, alpha, 0, new float[m * n]), backend.download(nan), k);
        }
    }

    @Test
    void alphaZeroReadsNeitherANorBAndKZeroScalesC() {
        Backend backend = TestBackends.openEmulatedWithOwnSgemm();
        int m = 67, n = 65, k = 33;
        float[] c = random(m * n, 4);
        double[] half = new double[m * n];
        for (int i = 0; i < half.length; i++) {
            half[i] = 0.5 * c[i];
        }
        try (Matrix nanA = backend.upload(filled(m * k, Float.NaN), m, k);
             Matrix nanB = backend.upload(filled(k * n, Float.NaN), k, n);
             Matrix noColumns = backend.allocate(m, 0); Matrix noRows = backend.allocate(0, n);
             Matrix noRowsT = backend.allocate(0, m); Matrix noColumnsT = backend.allocate(n, 0)) {
            // alpha = 0: C = beta C, as BLAS, without reading A and B (NaN there does not show)
            assertScaled(backend, c, half, cm -> backend.gemm(false, false, 0f, nanA, nanB, 0.5f, cm));
            assertScaled(backend, filled(m * n, Float.NaN), new double[m * n],
                    cm -> backend.gemm(false, false, 0f, nanA, nanB, 0f, cm));
            // k = 0: the product is empty, zero
            assertScaled(backend, c, half, cm -> backend.gemm(false, false, 2f, noColumns, noRows, 0.5f, cm));
            assertScaled(backend, filled(m * n, Float.NaN), new double[m * n],
                    cm -> backend.gemm(true, true, 2f, noRowsT, noColumnsT, 0f, cm));
        }
    }

    private static void assertScaled(Backend backend, float[] c, double[] want, Consumer<Matrix> gemm) {
        try (Matrix cm = backend.upload(c, 67, c.length / 67)) {
            gemm.accept(cm);
            assertClose(want, backend.download(cm), 1);
        }
    }

    /**
     * Where a matrix lies in its allocation: {@code offset} floats in, columns {@code ld} apart. The kernel may load
     * a float4 only when both are multiples of 4 floats.
     */
    private record Layout(String name, int offset, int ld) {
        static Layout of(int kind, int rows) {
            int padded = (rows + 3) / 4 * 4;
            return switch (kind) {
                case 0 -> new Layout("aligned, ld > rows", 0, padded + 4);
                case 1 -> new Layout("one float in", 1, padded + 4);
                case 2 -> { // column 3 of a matrix with an odd leading dimension
                    int ld = rows % 2 == 1 ? rows : rows + 1;
                    yield new Layout("column 3 of odd ld", 3 * ld, ld);
                }
                default -> new Layout("ld = 2 mod 4", 4, padded + 2);
            };
        }

        /**
         * Floats in the allocation: it ends with the view's last entry, as BLAS allows, so that a float4 reaching
         * past the last row (into the padding of the other columns) runs out of the allocation, which the emulator
         * reports; a write past it changes the guard bytes.
         */
        int size(int rows, int cols) {
            return offset + (cols - 1) * ld + rows;
        }

        int at(int row, int col) {
            return offset + row + col * ld;
        }
    }

    static Stream<Arguments> viewCases() {
        int[][] mnk = {{67, 66, 35}, {128, 68, 48}, {5, 130, 9}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : mnk) {
            for (int t = 0; t < 4; t++) {
                for (int layout = 0; layout < 4; layout++) {
                    cases.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, layout));
                }
            }
        }
        return cases.stream();
    }

    /** A, B and C take layouts {@code layout}, {@code layout + 1} and {@code layout + 2} (of 4), so that each meets each. */
    @ParameterizedTest(name = "m={0} n={1} k={2} tA={3} tB={4} layouts {5}")
    @MethodSource("viewCases")
    void ownSgemmKernelOnViews(int m, int n, int k, boolean ta, boolean tb, int layout) {
        CudaBackend backend = (CudaBackend) TestBackends.openEmulatedWithOwnSgemm();
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        Layout la = Layout.of(layout, aRows), lb = Layout.of((layout + 1) % 4, bRows), lc = Layout.of((layout + 2) % 4, m);
        float[] a = view(la, aRows, aCols, random(aRows * aCols, 2), OUTSIDE);
        float[] b = view(lb, bRows, bCols, random(bRows * bCols, 3), OUTSIDE);
        float[] c = view(lc, m, n, random(m * n, 4), UNTOUCHED);
        float[] nan = view(lc, m, n, filled(m * n, Float.NaN), UNTOUCHED);
        float alpha = 0.75f, beta = -0.5f;
        try (CudaMatrix am = (CudaMatrix) backend.upload(a, a.length, 1);
             CudaMatrix bm = (CudaMatrix) backend.upload(b, b.length, 1);
             CudaMatrix cm = (CudaMatrix) backend.upload(c, c.length, 1);
             CudaMatrix nanm = (CudaMatrix) backend.upload(nan, nan.length, 1)) {
            long ap = am.pointer() + (long) Float.BYTES * la.offset(), bp = bm.pointer() + (long) Float.BYTES * lb.offset();
            String what = "A " + la + ", B " + lb + ", C " + lc;
            backend.kernelSgemm(ta, tb, m, n, k, alpha, ap, la.ld(), bp, lb.ld(), beta,
                    cm.pointer() + (long) Float.BYTES * lc.offset(), lc.ld());
            assertView(lc, m, n, c, product(a, la, b, lb, m, n, k, ta, tb, alpha, beta, c, lc), backend.download(cm), k, what);
            backend.kernelSgemm(ta, tb, m, n, k, alpha, ap, la.ld(), bp, lb.ld(), 0f,
                    nanm.pointer() + (long) Float.BYTES * lc.offset(), lc.ld());
            assertView(lc, m, n, nan, product(a, la, b, lb, m, n, k, ta, tb, alpha, 0f, nan, lc), backend.download(nanm), k,
                    what + ", beta = 0 over NaN");
        }
    }

    /** An allocation holding {@code values} (rows×cols, column-major) at {@code layout}, {@code outside} elsewhere. */
    private static float[] view(Layout layout, int rows, int cols, float[] values, float outside) {
        float[] all = filled(layout.size(rows, cols), outside);
        for (int j = 0; j < cols; j++) {
            System.arraycopy(values, j * rows, all, layout.at(0, j), rows);
        }
        return all;
    }

    static double[] product(float[] a, float[] b, int m, int n, int k, boolean ta, boolean tb, float alpha, float beta,
                            float[] c) {
        return product(a, new Layout("", 0, ta ? k : m), b, new Layout("", 0, tb ? n : k), m, n, k, ta, tb, alpha, beta, c,
                new Layout("", 0, m));
    }

    /** alpha·op(A)·op(B) + beta·C over the views, in double; beta = 0 does not read C. Entry (i, j) at i + j m. */
    private static double[] product(float[] a, Layout la, float[] b, Layout lb, int m, int n, int k, boolean ta, boolean tb,
                                    float alpha, float beta, float[] c, Layout lc) {
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += (double) a[ta ? la.at(l, i) : la.at(i, l)] * b[tb ? lb.at(j, l) : lb.at(l, j)];
                }
                want[i + j * m] = alpha * s + (beta == 0 ? 0 : beta * (double) c[lc.at(i, j)]);
            }
        }
        return want;
    }

    /** The view of {@code got} is close to {@code want}; the rest of the allocation is as {@code before}, bit for bit. */
    private static void assertView(Layout layout, int m, int n, float[] before, double[] want, float[] got, int k,
                                   String what) {
        float[] expectedAround = before.clone();
        float[] gotView = new float[m * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                gotView[i + j * m] = got[layout.at(i, j)];
                expectedAround[layout.at(i, j)] = got[layout.at(i, j)];
            }
        }
        assertClose(want, gotView, k);
        for (int i = 0; i < got.length; i++) {
            int at = i;
            assertEquals(Float.floatToRawIntBits(expectedAround[i]), Float.floatToRawIntBits(got[i]),
                    () -> what + ": float " + at + " of C's allocation, outside the view, changed to " + got[at]);
        }
    }

    private static void assertClose(double[] want, float[] got, int k) {
        assertEquals(want.length, got.length, "length");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * Math.sqrt(Math.max(k, 1)) * (1 + Math.abs(want[i])), "entry " + i);
        }
    }
}
