package nndl4j.backend.cuda;

import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import static jcuda.driver.CUresult.CUDA_ERROR_INVALID_IMAGE;
import static jcuda.driver.CUresult.CUDA_ERROR_INVALID_PTX;
import static jcuda.driver.CUresult.CUDA_ERROR_INVALID_SOURCE;
import static jcuda.driver.CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU;
import static jcuda.driver.CUresult.CUDA_ERROR_OUT_OF_MEMORY;
import static jcuda.driver.CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION;
import static jcuda.driver.CUresult.CUDA_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the kernels come from: the shipped fatbin, or NVRTC on which driver answers; with fakes, no GPU. */
class KernelModulesTest {
    private static final byte[] FATBIN = FatbinTest.fatbin(List.of(75, 80, 86, 89, 90, 100, 110, 120), List.of(120));
    private static final Function<Kernel, Optional<byte[]>> SHIPPED = k -> Optional.of(FATBIN);
    private static final int HOPPER = 90, DRIVER_13_0 = 13000, DRIVER_12_4 = 12040;

    /** A driver that answers {@code fatbinResult} to fatbins and {@code ptxResult} to PTX, and records what it was given. */
    private static final class FakeDriver implements KernelModules.Driver {
        final int fatbinResult, ptxResult;
        final List<String> loads = new ArrayList<>();

        FakeDriver(int fatbinResult, int ptxResult) {
            this.fatbinResult = fatbinResult;
            this.ptxResult = ptxResult;
        }

        @Override
        public int load(Kernel kernel, byte[] image) {
            if (image == FATBIN) {
                loads.add(kernel.entry() + ".fatbin");
                return fatbinResult;
            }
            String ptx = new String(image, StandardCharsets.UTF_8);
            assertTrue(ptx.endsWith("\0"), "PTX is NUL-terminated for cuModuleLoadData");
            loads.add(ptx.substring(0, ptx.length() - 1));
            return ptxResult;
        }
    }

    /** NVRTC 12.4, which targets at most compute_90, and counts what it compiles. */
    private static final class FakeNvrtc implements KernelModules.Compiler {
        int compiled;

        @Override
        public String version() {
            return "12.4";
        }

        @Override
        public int targetArch(int deviceArch) {
            return Math.min(deviceArch, 90);
        }

        @Override
        public String ptx(Kernel kernel, int arch) {
            compiled++;
            return kernel.entry() + " for compute_" + arch;
        }
    }

    private static final Supplier<KernelModules.Compiler> NO_NVRTC = () -> {
        throw new AssertionError("NVRTC is not needed here");
    };

    private static List<String> every(String suffix) {
        return Arrays.stream(Kernel.values()).map(k -> k.entry() + suffix).toList();
    }

    @Test
    void usesTheShippedFatbinWhereItLoads() {
        FakeDriver driver = new FakeDriver(CUDA_SUCCESS, CUDA_SUCCESS);
        assertEquals("shipped fatbin (sm_90 machine code)", KernelModules.load(driver, SHIPPED, NO_NVRTC, HOPPER, DRIVER_13_0));
        assertEquals(every(".fatbin"), driver.loads);
        assertEquals("shipped fatbin (compute_120 PTX, compiled by the driver for sm_130)",
                KernelModules.load(new FakeDriver(CUDA_SUCCESS, CUDA_SUCCESS), SHIPPED, NO_NVRTC, 130, DRIVER_13_0));
    }

    @Test
    void compilesWithNvrtcWhereThisDriverOrGpuCannotUseTheFatbin() {
        for (int unusable : List.of(CUDA_ERROR_UNSUPPORTED_PTX_VERSION, CUDA_ERROR_NO_BINARY_FOR_GPU, CUDA_ERROR_INVALID_IMAGE,
                CUDA_ERROR_INVALID_SOURCE, CUDA_ERROR_INVALID_PTX)) {
            FakeDriver driver = new FakeDriver(unusable, CUDA_SUCCESS);
            FakeNvrtc nvrtc = new FakeNvrtc();
            assertEquals("NVRTC 12.4 for compute_90 (the shipped fatbin does not load on driver 12.4: "
                    + CUresult.stringFor(unusable) + ")", KernelModules.load(driver, SHIPPED, () -> nvrtc, HOPPER, DRIVER_12_4));
            List<String> expected = new ArrayList<>(every(".fatbin"));
            expected.addAll(every(" for compute_90"));
            assertEquals(expected, driver.loads, "every fatbin tried, then every kernel's PTX from NVRTC");
            assertEquals(Kernel.values().length, nvrtc.compiled);
        }
    }

    @Test
    void compilesWithNvrtcWhereNoFatbinWasShipped() {
        FakeDriver driver = new FakeDriver(CUDA_SUCCESS, CUDA_SUCCESS);
        assertEquals("NVRTC 12.4 for compute_86 (no fatbin in the jar)",
                KernelModules.load(driver, k -> Optional.empty(), FakeNvrtc::new, 86, DRIVER_13_0));
        assertEquals(every(" for compute_86"), driver.loads);
    }

    @Test
    void saysWhichKernelsCameFromWhereWhenOnlySomeFatbinsWereShipped() {
        String loaded = KernelModules.load(new FakeDriver(CUDA_SUCCESS, CUDA_SUCCESS),
                k -> k == Kernel.SGEMM ? Optional.empty() : Optional.of(FATBIN), FakeNvrtc::new, HOPPER, DRIVER_13_0);
        assertEquals("NVRTC 12.4 for compute_90 for 1 of " + Kernel.values().length + " kernels (no fatbin in the jar), "
                + "the others from the shipped fatbin (sm_90 machine code)", loaded);
    }

    @Test
    void anyOtherLoadFailureIsAnErrorNamingTheKernelAndTheCall() {
        DeviceException e = assertThrows(DeviceException.class, () -> KernelModules.load(
                new FakeDriver(CUDA_ERROR_OUT_OF_MEMORY, CUDA_SUCCESS), SHIPPED, NO_NVRTC, HOPPER, DRIVER_13_0));
        assertEquals("cuModuleLoadData(" + Kernel.values()[0].entry() + ".fatbin): CUDA_ERROR_OUT_OF_MEMORY", e.getMessage());
    }

    @Test
    void withoutNvrtcTheReasonNamesBothFailures() {
        DeviceException e = assertThrows(DeviceException.class, () -> KernelModules.load(
                new FakeDriver(CUDA_ERROR_UNSUPPORTED_PTX_VERSION, CUDA_SUCCESS), SHIPPED,
                () -> { throw new DeviceException("libnvrtc not found (looked ...)"); }, HOPPER, DRIVER_12_4));
        assertEquals("the shipped fatbin does not load on driver 12.4: CUDA_ERROR_UNSUPPORTED_PTX_VERSION, "
                + "and libnvrtc not found (looked ...)", e.getMessage());
    }

    @Test
    void ptxFromNvrtcThatDoesNotLoadIsAnError() {
        DeviceException e = assertThrows(DeviceException.class, () -> KernelModules.load(
                new FakeDriver(CUDA_ERROR_NO_BINARY_FOR_GPU, CUDA_ERROR_INVALID_PTX), SHIPPED, FakeNvrtc::new, HOPPER, DRIVER_13_0));
        assertEquals("cuModuleLoadData(" + Kernel.values()[0].entry() + ", NVRTC compute_90): CUDA_ERROR_INVALID_PTX", e.getMessage());
    }
}
