package nndl4j.network;

/**
 * What {@link LayeredNetwork#sgd} ends with, as network3.py prints it at the end: the best validation accuracy
 * (a fraction), the iteration (mini-batch number from 0) where it was reached, and the test accuracy then (null
 * without test data or without an epoch). {@code history} holds the validation counts per epoch.
 */
public record LayeredTrainingResult(TrainingHistory history, double bestValidationAccuracy, long bestIteration,
                                    Double testAccuracy) {
}
