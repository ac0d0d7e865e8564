package nndl4j.backend.cpu;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The plain-Java fallback GEMM and update against the definitions (used where OpenBLAS cannot load). */
class JavaGemmTest {

    @Test
    void gemmAndUpdateMatchDefinitions() {
        Backend b = CpuBackend.withJavaGemm();
        Random r = new Random(1);
        int m = 7, n = 5, k = 9;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            float[] a = new float[m * k], bv = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
            for (int i = 0; i < bv.length; i++) bv[i] = r.nextFloat() - 0.5f;
            for (int i = 0; i < c.length; i++) c[i] = r.nextFloat() - 0.5f;
            try (Matrix am = ta ? b.upload(a, k, m) : b.upload(a, m, k);
                 Matrix bm = tb ? b.upload(bv, n, k) : b.upload(bv, k, n);
                 Matrix cm = b.upload(c, m, n)) {
                b.gemm(ta, tb, 2f, am, bm, 0.5f, cm);
                float[] got = b.download(cm);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int l = 0; l < k; l++) {
                            s += (ta ? a[l + i * k] : a[i + l * m]) * (double) (tb ? bv[j + l * n] : bv[l + j * k]);
                        }
                        assertEquals(2 * s + 0.5 * c[i + j * m], got[i + j * m], 1e-5, "C[" + i + "," + j + "] tA=" + ta + " tB=" + tb);
                    }
                }
                b.sgdUpdate(cm, cm, 0.5f, 0.25f); // p = 0.5p − 0.25p, the gradient aliasing the parameter
                float[] updated = b.download(cm);
                for (int i = 0; i < updated.length; i++) {
                    assertEquals(0.25 * got[i], updated[i], 1e-6);
                }
            }
        }
        assertEquals(true, b.description().contains("plain-Java"));
    }
}
