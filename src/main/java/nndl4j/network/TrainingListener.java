package nndl4j.network;

/** Progress callbacks from {@link Network#sgd} and {@link LayeredNetwork#sgd}, called on the training thread. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    /** After each mini-batch: {@code done} of {@code total} mini-batches of the epoch. */
    default void miniBatchFinished(int epoch, int done, int total) {
    }

    default void epochFinished(EpochReport report) {
    }

    /**
     * A layered network's epoch reached its best validation accuracy so far (network3.py's "This is the best
     * validation accuracy to date."); {@code testCorrect} of {@code testSize} test samples are then right, or null
     * without test data.
     */
    default void bestValidationAccuracy(EpochReport report, Integer testCorrect, int testSize) {
    }
}
