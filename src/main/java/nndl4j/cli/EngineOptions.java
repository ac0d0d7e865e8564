package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.cpu.CpuBackend;
import picocli.CommandLine.Option;

/** How the engine runs, for train and benchmark: {@code --threads}, {@code --no-graphs} and {@code --cuda-checked}. */
final class EngineOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of the CPU backend, its BLAS included (default: the cores available, less those busy with other processes at start; or OPENBLAS_NUM_THREADS).")
    Integer threads;

    @Option(names = "--no-graphs",
            description = "Issue every op of a training step to the GPU instead of replaying the step as a CUDA graph (for comparison).")
    boolean noGraphs;

    @Option(names = "--cuda-checked",
            description = "Wait for every CUDA kernel and report a fault at the launch that caused it (slow; as NNDL4J_CUDA_SYNC=1; implies --no-graphs).")
    boolean cudaChecked;

    /** Sets the threads and checked mode of the backends opened from now on. */
    void apply() {
        if (threads != null) {
            if (threads < 1) {
                throw new BadInputException("--threads must be at least 1, got " + threads);
            }
            System.setProperty(CpuBackend.THREADS_PROPERTY, Integer.toString(threads));
        }
        if (cudaChecked) {
            System.setProperty("nndl4j.cuda.checked", "true");
        }
    }

    boolean graphs() {
        return !noGraphs;
    }
}
