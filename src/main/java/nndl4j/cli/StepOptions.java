package nndl4j.cli;

import picocli.CommandLine.Option;

/** {@code --no-graphs} and {@code --cuda-checked}: how the CUDA backend runs training steps, for train and benchmark. */
final class StepOptions {
    @Option(names = "--no-graphs",
            description = "Issue every op of a training step to the GPU instead of replaying the step as a CUDA graph (for comparison).")
    boolean noGraphs;

    @Option(names = "--cuda-checked",
            description = "Wait for every CUDA kernel and report a fault at the launch that caused it (slow; as NNDL4J_CUDA_SYNC=1; implies --no-graphs).")
    boolean cudaChecked;

    /** Sets checked mode for the CUDA backends opened from now on. */
    void apply() {
        if (cudaChecked) {
            System.setProperty("nndl4j.cuda.checked", "true");
        }
    }

    boolean graphs() {
        return !noGraphs;
    }
}
