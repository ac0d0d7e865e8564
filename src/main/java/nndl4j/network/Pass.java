package nndl4j.network;

import nndl4j.backend.BatchCursor;

/**
 * How a forward pass runs: for inference, or for training, where dropout layers mask their inputs with the masks
 * of (seed, layer, step), step being the cursor's: the training step, numbered from 0 across epochs.
 */
record Pass(boolean training, long seed, BatchCursor at) {
    static final Pass INFERENCE = new Pass(false, 0, null);

    static Pass training(long seed, BatchCursor at) {
        return new Pass(true, seed, at);
    }
}
