package nndl4j.network;

/**
 * How a forward pass runs: for inference, or for training step {@code step} (numbered from 0 across epochs),
 * where dropout layers mask their inputs with the masks of (seed, layer, step).
 */
record Pass(boolean training, long seed, long step) {
    static final Pass INFERENCE = new Pass(false, 0, 0);

    static Pass training(long seed, long step) {
        return new Pass(true, seed, step);
    }
}
