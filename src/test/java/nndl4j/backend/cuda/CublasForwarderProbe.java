package nndl4j.backend.cuda;

import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import org.lwjgl.system.MemoryUtil;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

/**
 * Run by {@link CublasForwarderTest} in a JVM of its own, because a JVM loads JCublas2's natives once and for good:
 * loads nndl4j's libcublas.so.12 forwarder, then JCublas2, calls a few cuBLAS functions, and prints what they
 * returned as key=value lines.
 * <ul>
 *   <li>{@code stub <forwarder>}: loads the forwarder itself (through a copy under another file name, as from the
 *       jar), where no libcublas.so.13 exists;</li>
 *   <li>{@code forward}: lets {@link CublasLibrary#prepare} choose and load, as {@code JCudaDevice} does.</li>
 * </ul>
 */
public final class CublasForwarderProbe {
    private CublasForwarderProbe() {
    }

    /** A host address as a JCuda pointer: what a device pointer is to the test's host-side libcublas.so.13. */
    private static final class Address extends Pointer {
        Address(FloatBuffer buffer) {
            super(MemoryUtil.memAddress(buffer));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("stub")) {
            Path copy = Files.createTempFile("nndl4j-forwarder-", ".so");
            copy.toFile().deleteOnExit();
            Files.copy(Path.of(args[1]), copy, StandardCopyOption.REPLACE_EXISTING);
            System.load(copy.toString());
        } else {
            CublasLibrary library = CublasLibrary.prepare();
            System.out.println("kind=" + library.choice().kind());
            System.out.println("library=" + library);
        }
        JCublas2.setExceptionsEnabled(false);
        cublasHandle handle = new cublasHandle();
        System.out.println("create=" + JCublas2.cublasCreate(handle));
        int[] version = {-1};
        System.out.println("getVersion=" + JCublas2.cublasGetVersion(handle, version));
        System.out.println("version=" + version[0]);
        System.out.println("cudartVersion=" + JCublas2.cublasGetCudartVersion());
        System.out.println("statusName=" + JCublas2.cublasGetStatusName(0));
        System.out.println("statusString=" + JCublas2.cublasGetStatusString(0));
        if (args[0].equals("forward")) {
            System.out.println("sgemmError=" + sgemmError(handle));
        }
        System.out.println("destroy=" + JCublas2.cublasDestroy(handle));
    }

    /**
     * C (3×2) = 2 Aᵀ (A 4×3) · B (4×2) + 0.5 C through cublasSgemm, against the same product in Java; returns the
     * largest difference, or -status where the call failed.
     */
    private static float sgemmError(cublasHandle handle) {
        int m = 3, n = 2, k = 4, lda = 5, ldb = 4, ldc = 3;   // lda > k: a padded leading dimension
        FloatBuffer a = MemoryUtil.memAllocFloat(lda * m), b = MemoryUtil.memAllocFloat(ldb * n), c = MemoryUtil.memAllocFloat(ldc * n);
        try {
            for (int i = 0; i < lda * m; i++) {
                a.put(i, i * 0.25f - 1);
            }
            for (int i = 0; i < ldb * n; i++) {
                b.put(i, 3 - i * 0.5f);
            }
            float[] expected = new float[ldc * n];
            for (int i = 0; i < ldc * n; i++) {
                c.put(i, i);
            }
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    float sum = 0;
                    for (int l = 0; l < k; l++) {
                        sum += a.get(l + i * lda) * b.get(l + j * ldb);
                    }
                    expected[i + j * ldc] = 2 * sum + 0.5f * c.get(i + j * ldc);
                }
            }
            int status = JCublas2.cublasSgemm(handle, CUBLAS_OP_T, CUBLAS_OP_N, m, n, k, Pointer.to(new float[] {2}),
                    new Address(a), lda, new Address(b), ldb, Pointer.to(new float[] {0.5f}), new Address(c), ldc);
            if (status != 0) {
                return -status;
            }
            float error = 0;
            for (int i = 0; i < ldc * n; i++) {
                error = Math.max(error, Math.abs(c.get(i) - expected[i]));
            }
            return error;
        } finally {
            MemoryUtil.memFree(a);
            MemoryUtil.memFree(b);
            MemoryUtil.memFree(c);
        }
    }
}
