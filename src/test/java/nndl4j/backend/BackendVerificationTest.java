package nndl4j.backend;

import nndl4j.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GEMM tolerance of {@link BackendVerification} holds for the other GEMMs the project ships, which add in other
 * orders than OpenBLAS: the own tiled kernel kernels/sgemm.cu (a GPU without cuBLAS runs it; here on the emulator)
 * and the CPU's plain-Java GEMM.
 */
class BackendVerificationTest {
    private static List<BackendVerification.Check> gemmChecks() {
        List<BackendVerification.Check> gemms = BackendVerification.opChecks().stream().filter(c -> c.op().equals("gemm")).toList();
        assertEquals(6, gemms.size());
        return gemms;
    }

    private static void assertAllPass(Backend candidate) {
        List<BackendVerification.Row> rows = BackendVerification.run(gemmChecks(), TestBackends.open("cpu"), candidate, row -> {
        });
        for (BackendVerification.Row row : rows) {
            assertTrue(row.ok(), () -> row.check().label() + " " + row.check().shape() + ": " + row.outcome() + " " + row.failure());
        }
    }

    @Test
    void theOwnSgemmKernelPassesTheGemmChecks() {
        assertAllPass(TestBackends.openEmulatedWithOwnSgemm());
    }

    @Test
    void thePlainJavaGemmPassesTheGemmChecks() {
        assertAllPass(CpuBackend.withJavaGemm());
    }
}
