package nndl4j.backend.cuda;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;
import nndl4j.backend.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The own SGEMM kernel ({@code kernels/sgemm.cu}), which a GPU runs only where cuBLAS does not load, on the emulator
 * with its vendor GEMM turned off: against a double-precision loop, with all four transposes, shapes of one tile,
 * of many, and ragged edges in m, n and k, leading dimensions larger than the rows, alpha and beta, and beta = 0 over a
 * C holding NaN. {@code backend.BackendOpsTest} checks the same op through the emulator's reference GEMM.
 */
class EmulatedSgemmKernelTest {

    static Stream<Arguments> cases() {
        int[][] mnk = {{1, 1, 1}, {16, 16, 16}, {30, 10, 784}, {17, 33, 65}, {1025, 2, 3}, {64, 128, 1}, {3, 1025, 17},
                {33, 47, 15}, {10, 500, 8}};
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

    @ParameterizedTest(name = "m={0} n={1} k={2} tA={3} tB={4}")
    @MethodSource("cases")
    void ownSgemmKernelMatchesDefinition(int m, int n, int k, boolean ta, boolean tb) {
        Backend backend = TestBackends.openEmulatedWithOwnSgemm();
        float[] a = random(m * k, 2), b = random(k * n, 3), c = random(m * n, 4);
        float alpha = 0.75f, beta = -0.5f;
        try (Matrix am = ta ? backend.upload(a, k, m) : backend.upload(a, m, k);
             Matrix bm = tb ? backend.upload(b, n, k) : backend.upload(b, k, n);
             Matrix cm = backend.upload(c, m, n);
             Matrix nan = backend.upload(nans(m * n), m, n)) {
            backend.gemm(ta, tb, alpha, am, bm, beta, cm);
            assertClose(product(a, b, m, n, k, ta, tb, alpha, beta, c), backend.download(cm), k);
            backend.gemm(ta, tb, alpha, am, bm, 0f, nan); // beta = 0: C is not read
            assertClose(product(a, b, m, n, k, ta, tb, alpha, 0, new float[m * n]), backend.download(nan), k);
        }
    }

    private static float[] nans(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, Float.NaN);
        return v;
    }

    static double[] product(float[] a, float[] b, int m, int n, int k, boolean ta, boolean tb, float alpha, float beta,
                            float[] c) {
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += (double) (ta ? a[l + i * k] : a[i + l * m]) * (tb ? b[j + l * n] : b[l + j * k]);
                }
                want[i + j * m] = alpha * s + beta * c[i + j * m];
            }
        }
        return want;
    }

    private static void assertClose(double[] want, float[] got, int k) {
        assertEquals(want.length, got.length, "length");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * Math.sqrt(k) * (1 + Math.abs(want[i])), "entry " + i);
        }
    }
}
