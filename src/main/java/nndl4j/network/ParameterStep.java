package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.Matrix;

/**
 * What a backward pass does with the gradients it computes (each summed over the mini-batch): an SGD step
 * p ← decay·p − scale·∇p on each parameter (decay 1 for biases), or keep them in the parameters' gradient buffers.
 */
record ParameterStep(boolean keepsGradients, float decay, float scale) {
    static final ParameterStep KEEP_GRADIENTS = new ParameterStep(true, 1f, 0f);

    /** decay = 1 − ηλ/n for the L2 term (n as the network's rule has it), scale = η/m for a mini-batch of m. */
    static ParameterStep sgd(float decay, float scale) {
        return new ParameterStep(false, decay, scale);
    }

    /**
     * Weights whose gradient is left · rightᵀ (BP4): keeps it in w's gradient buffer, or steps
     * w ← decay·w − scale·left·rightᵀ in one GEMM, never storing the gradient.
     */
    void applyToWeights(Backend backend, Parameter w, Matrix left, Matrix right) {
        if (keepsGradients) {
            backend.gemm(false, true, 1f, left, right, 0f, w.gradient());
        } else {
            backend.gemm(false, true, -scale, left, right, decay, w.on(backend));
        }
    }

    /** Biases whose gradient the layer has summed into b's gradient buffer (BP3): steps b ← b − scale·∇b, or keeps it. */
    void applyToBiases(Backend backend, Parameter b) {
        if (!keepsGradients) {
            backend.sgdUpdate(b.on(backend), b.gradient(), 1f, scale);
        }
    }
}
