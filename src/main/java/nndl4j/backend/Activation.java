package nndl4j.backend;

import java.util.Locale;

/**
 * A neuron's activation function f, applied elementwise to the weighted input z. The CUDA kernels receive
 * {@link #code()} and evaluate the same function in {@code kernels/activations.cuh}.
 */
public enum Activation {
    /** σ(z) = 1 / (1 + e^−z); σ′ = a(1 − a). The book's neuron. */
    SIGMOID,
    /** tanh z; tanh′ = 1 − a². */
    TANH,
    /** max(0, z); derivative 1 for z ≥ 0 (Theano's {@code maximum} gives the gradient to z on a tie), else 0. */
    RELU,
    /** z; derivative 1. */
    LINEAR;

    /** The value the kernels switch on (ACTIVATION_* in kernels/activations.cuh). */
    public int code() {
        return ordinal();
    }

    /** The spelling of model files and the command line: {@code sigmoid}, {@code tanh}, {@code relu}, {@code linear}. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation spelled {@code name}, or empty. */
    public static java.util.Optional<Activation> bySpelling(String name) {
        for (Activation f : values()) {
            if (f.spelling().equals(name)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
