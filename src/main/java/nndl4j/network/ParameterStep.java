package nndl4j.network;

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
}
