package nndl4j.backend;

import nndl4j.Backends;
import nndl4j.backend.cuda.EmulatedBackends;
import org.junit.jupiter.api.Assumptions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every backend registered in {@link Backends}, for parameterised tests. A backend this machine cannot run
 * is reported skipped with the probe's reason, never passed. Backends are opened once per test JVM.
 */
public final class TestBackends {
    private static final Map<String, Backends.Availability> PROBED = new ConcurrentHashMap<>();
    private static final Map<String, Backend> OPEN = new ConcurrentHashMap<>();

    private TestBackends() {
    }

    /** The names of all backends (not {@code auto}). */
    public static List<String> names() {
        return Backends.names().stream().filter(n -> !n.equals("auto")).toList();
    }

    /**
     * The CUDA backend over the emulator without a vendor GEMM, so that {@code gemm} runs the own tiled kernel
     * {@code kernels/sgemm.cu} (on a GPU only used where cuBLAS does not load); skipped where cuda-emulated cannot run.
     */
    public static Backend openEmulatedWithOwnSgemm() {
        Backends.Availability a = PROBED.computeIfAbsent("cuda-emulated", Backends::probe);
        Assumptions.assumeTrue(a.available(), () -> "backend cuda-emulated unavailable here: " + a.detail());
        return OPEN.computeIfAbsent("cuda-emulated with its own sgemm kernel",
                n -> EmulatedBackends.withOwnSgemm());
    }

    /** The named backend, or the test is skipped with the reason it cannot run here. */
    public static Backend open(String name) {
        Backends.Availability a = PROBED.computeIfAbsent(name, Backends::probe);
        Assumptions.assumeTrue(a.available(), () -> "backend " + name + " unavailable here: " + a.detail());
        return OPEN.computeIfAbsent(name, n -> Backends.open(n, notice -> {
        }));
    }
}
