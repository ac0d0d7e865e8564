package nndl4j.backend.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Run-time compilation: finding libnvrtc, and compiling every kernel source to PTX where it is installed. */
class NvrtcTest {
    /** The CUDA major version of the toolkit these tests expect (libnvrtc.so.13 first, then .12). */
    private static final int CUDA_MAJOR = 13;
    /** Hopper, the GPU of the project's benchmark machine. */
    private static final int HOPPER = 90;

    @Test
    void compilesEveryKernelToPtxDeclaringItsEntry() {
        Nvrtc nvrtc = loadOrSkip();
        int arch = nvrtc.targetArch(HOPPER);
        for (Kernel k : Kernel.values()) {
            String ptx = nvrtc.compile(k, arch);
            assertTrue(ptx.contains(".target sm_" + arch), k.entry() + " compiled for compute_" + arch);
            assertTrue(KernelSourcesTest.declaresEntry(ptx, k), k.entry() + " PTX declares entry " + k.entry());
        }
    }

    @Test
    void targetsTheNewestArchitectureTheGpuRuns() {
        Nvrtc nvrtc = loadOrSkip();
        assertEquals(HOPPER, nvrtc.targetArch(HOPPER));
        assertEquals(HOPPER, nvrtc.targetArch(HOPPER + 1), "a GPU newer than NVRTC runs the newest PTX it knows");
        DeviceException tooOld = assertThrows(DeviceException.class, () -> nvrtc.targetArch(10));
        assertTrue(tooOld.getMessage().contains("cannot target compute capability 1.0"), tooOld.getMessage());
    }

    @Test
    void prefersTheDriversVersionThenOlderOnes(@TempDir Path home) throws IOException {
        Path lib64 = Files.createDirectories(home.resolve("lib64"));
        for (String name : List.of("libnvrtc.so", "libnvrtc.so.12", "libnvrtc.so.13")) {
            Files.createFile(lib64.resolve(name));
        }
        Map<String, String> env = Map.of("CUDA_HOME", home.toString());

        List<Path> forCuda13 = Nvrtc.candidates(13, env, "");
        assertEquals(lib64.resolve("libnvrtc.so.13").toAbsolutePath(), forCuda13.get(0));
        assertTrue(forCuda13.indexOf(lib64.resolve("libnvrtc.so.12").toAbsolutePath())
                < forCuda13.indexOf(lib64.resolve("libnvrtc.so").toAbsolutePath()), "versioned before unversioned");

        List<Path> forCuda12 = Nvrtc.candidates(12, env, "");
        assertEquals(lib64.resolve("libnvrtc.so.12").toAbsolutePath(), forCuda12.get(0));
        assertTrue(forCuda12.stream().noneMatch(p -> p.getFileName().toString().equals("libnvrtc.so.13")),
                "NVRTC 13 writes PTX a CUDA 12 driver cannot load");
    }

    @Test
    void findsTheLibraryOnTheLibraryPath(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("libnvrtc.so.12"));
        assertEquals(dir.resolve("libnvrtc.so.12").toAbsolutePath(),
                Nvrtc.candidates(12, Map.of(), "/nonexistent:" + dir).get(0));
    }

    private static Nvrtc loadOrSkip() {
        try {
            return Nvrtc.load(CUDA_MAJOR);
        } catch (DeviceException e) {
            Assumptions.abort("NVRTC unavailable here: " + e.getMessage());
            throw e;
        }
    }
}
