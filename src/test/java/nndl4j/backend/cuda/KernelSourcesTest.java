package nndl4j.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The kernels in the jar: a source defining each kernel, and the PTX nvcc built from it when the build had nvcc. */
class KernelSourcesTest {

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
    void shippedPtxNamesEveryKernel() {
        List<Kernel> shipped = Arrays.stream(Kernel.values()).filter(k -> k.shippedPtx().isPresent()).toList();
        assumeTrue(!shipped.isEmpty(), "no PTX in target/classes: the build had no cmake/nvcc (kernels/build-ptx.sh)");
        assertEquals(List.of(Kernel.values()), shipped, "PTX for every kernel, or for none");
        for (Kernel k : Kernel.values()) {
            assertTrue(declaresEntry(k.shippedPtx().orElseThrow(), k), k.entry() + ".ptx declares entry " + k.entry());
        }
    }
}
