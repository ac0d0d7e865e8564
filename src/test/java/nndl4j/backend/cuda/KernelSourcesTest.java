package nndl4j.backend.cuda;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The kernels in the jar: a source defining each kernel, and the fatbin nvcc built from it when the build had nvcc. */
class KernelSourcesTest {
    /** The GPUs every shipped fatbin must have machine code for: Ampere (A100, RTX 30), Ada, Hopper. */
    private static final List<Integer> REQUIRED_MACHINE_CODE = List.of(80, 86, 89, 90);

    /** PTX declares a kernel as {@code .visible .entry name(}. */
    static boolean declaresEntry(String ptx, Kernel kernel) {
        return Pattern.compile("\\.visible\\s+\\.entry\\s+" + kernel.entry() + "\\s*\\(").matcher(ptx).find();
    }

    @Test
    void everyKernelHasASourceDefiningItByName() {
        for (Kernel k : Kernel.values()) {
            assertTrue(k.source().contains("extern \"C\" __global__ void " + k.entry() + "("),
                    k.entry() + ".cu defines extern \"C\" " + k.entry());
        }
    }

    @Test
    void everyKernelHasAFatbinWithMachineCodeForEachGenerationAndPtxOfTheNewest() {
        List<Kernel> shipped = Arrays.stream(Kernel.values()).filter(k -> k.shippedFatbin().isPresent()).toList();
        if (shipped.isEmpty()) {
            assumeTrue(onPath("cmake") && onPath("nvcc"),
                    "no fatbin in target/classes: the build had no cmake/nvcc (kernels/build-fatbin.sh)");
        }
        assertEquals(List.of(Kernel.values()), shipped, "a fatbin for every kernel (cmake and nvcc are on PATH)");
        Fatbin first = Fatbin.read(Kernel.values()[0].shippedFatbin().orElseThrow()).orElseThrow();
        for (Kernel k : Kernel.values()) {
            Fatbin f = Fatbin.read(k.shippedFatbin().orElseThrow()).orElseThrow(() -> new AssertionError(k.entry() + ".fatbin is no fatbin"));
            assertTrue(f.machineCode().containsAll(REQUIRED_MACHINE_CODE), k.entry() + ".fatbin has machine code for "
                    + REQUIRED_MACHINE_CODE + ", not only " + f.machineCode());
            int newest = f.machineCode().stream().max(Integer::compare).orElseThrow();
            assertEquals(List.of(newest), f.ptx(), k.entry() + ".fatbin has PTX of its newest architecture only");
            assertEquals(first, f, k.entry() + ".fatbin holds the same architectures as the others");
        }
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isBlank() && Files.isExecutable(Path.of(dir, program)));
    }
}
