package nndl4j.network;

/** Progress callbacks from {@link Network#sgd}, called on the training thread. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    /** After each mini-batch: {@code done} of {@code total} mini-batches of the epoch. */
    default void miniBatchFinished(int epoch, int done, int total) {
    }

    default void epochFinished(EpochReport report) {
    }
}
