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
        List<Path> dirs = Nvrtc.searchDirs(Map.of("CUDA_HOME", home.toString()), "", home.resolve("root"), home.resolve("home"));

        List<Path> forCuda13 = Nvrtc.candidates(13, dirs);
        assertEquals(lib64.resolve("libnvrtc.so.13").toAbsolutePath(), forCuda13.get(0));
        assertTrue(forCuda13.indexOf(lib64.resolve("libnvrtc.so.12").toAbsolutePath())
                < forCuda13.indexOf(lib64.resolve("libnvrtc.so").toAbsolutePath()), "versioned before unversioned");

        List<Path> forCuda12 = Nvrtc.candidates(12, dirs);
        assertEquals(lib64.resolve("libnvrtc.so.12").toAbsolutePath(), forCuda12.get(0));
        assertTrue(forCuda12.stream().noneMatch(p -> p.getFileName().toString().equals("libnvrtc.so.13")),
                "NVRTC 13 writes PTX a CUDA 12 driver cannot load");
    }

    @Test
    void anUnversionedLibraryOfANewerCudaIsNotTaken(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("libnvrtc.so.13.0.88"));
        Files.createSymbolicLink(dir.resolve("libnvrtc.so"), Path.of("libnvrtc.so.13.0.88"));
        assertEquals(List.of(), Nvrtc.candidates(12, List.of(dir)));
        assertEquals(List.of(dir.resolve("libnvrtc.so")), Nvrtc.candidates(13, List.of(dir)));
    }

    @Test
    void findsTheLibraryOnTheLibraryPath(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("libnvrtc.so.12"));
        List<Path> dirs = Nvrtc.searchDirs(Map.of(), "/nonexistent:" + dir, dir.resolve("root"), dir.resolve("home"));
        assertEquals(dir.resolve("libnvrtc.so.12").toAbsolutePath(), Nvrtc.candidates(12, dirs).get(0));
    }

    /**
     * Each place that can hold libnvrtc, with a fake library of the same version in each: the order they are
     * found in is the search order. Then a newer version in the last place still comes first.
     */
    @Test
    void searchesToolkitsTheDistributionCondaAndPythonWheelsInThatOrder(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("root"), home = tmp.resolve("home");
        Path cudaHome = tmp.resolve("cuda-home/lib64"), cudaPath = tmp.resolve("cuda-path/lib"), ldPath = tmp.resolve("ld");
        Path conda = tmp.resolve("conda"), venv = tmp.resolve("venv");
        List<Path> inOrder = List.of(
                cudaHome,
                cudaPath,
                ldPath,
                root.resolve("usr/local/cuda/lib64"),
                root.resolve("usr/local/cuda-12.10/lib64"),
                root.resolve("usr/local/cuda-12.9/lib64"),
                root.resolve("usr/lib/x86_64-linux-gnu"),
                root.resolve("usr/lib/aarch64-linux-gnu"),
                conda.resolve("lib"),
                venv.resolve("lib/python3.12/site-packages/nvidia/cu13/lib"),
                venv.resolve("lib/python3.12/site-packages/nvidia/cu12/lib"),
                venv.resolve("lib/python3.12/site-packages/nvidia/cuda_nvrtc/lib"),
                venv.resolve("lib/python3.9/site-packages/nvidia/cuda_nvrtc/lib"),
                conda.resolve("lib/python3.11/site-packages/nvidia/cuda_nvrtc/lib"),
                home.resolve(".local/lib/python3.11/site-packages/nvidia/cuda_nvrtc/lib"),
                root.resolve("usr/local/lib/python3.11/dist-packages/nvidia/cuda_nvrtc/lib"),
                root.resolve("usr/local/lib/python3.11/site-packages/nvidia/cuda_nvrtc/lib"),
                root.resolve("usr/lib/python3/dist-packages/nvidia/cu12/lib"));
        for (Path dir : inOrder) {
            Files.createFile(Files.createDirectories(dir).resolve("libnvrtc.so.12"));
        }
        Map<String, String> env = Map.of("CUDA_HOME", cudaHome.getParent().toString(), "CUDA_PATH", cudaPath.getParent().toString(),
                "CONDA_PREFIX", conda.toString(), "VIRTUAL_ENV", venv.toString());
        List<Path> dirs = Nvrtc.searchDirs(env, ldPath.toString(), root, home);

        assertEquals(inOrder.stream().map(d -> d.resolve("libnvrtc.so.12")).toList(), Nvrtc.candidates(12, dirs));

        Path newest = root.resolve("usr/lib/python3/dist-packages/nvidia/cu13/lib/libnvrtc.so.13");
        Files.createFile(Files.createDirectories(newest.getParent()).resolve(newest.getFileName()));
        assertEquals(newest, Nvrtc.candidates(13, dirs).get(0), "the driver's major version first, wherever it is");
        assertTrue(Nvrtc.candidates(12, dirs).stream().noneMatch(newest::equals), "never newer than the driver");
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
