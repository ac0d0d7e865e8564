package nndl4j.network;

import java.util.List;

/**
 * What {@link Network#sgd} returns: network2.py's four per-epoch lists (empty where not monitored),
 * and how the run ended. The lists are copies: a history handed on during training stays as it was.
 */
public record TrainingHistory(
        List<Double> evaluationCost,
        List<Integer> evaluationAccuracy,
        List<Double> trainingCost,
        List<Integer> trainingAccuracy,
        int epochsCompleted,
        Ending ending) {

    public TrainingHistory {
        evaluationCost = List.copyOf(evaluationCost);
        evaluationAccuracy = List.copyOf(evaluationAccuracy);
        trainingCost = List.copyOf(trainingCost);
        trainingAccuracy = List.copyOf(trainingAccuracy);
    }

    /** Why training stopped. */
    public enum Ending {
        /** All epochs ran. */
        COMPLETED,
        /** Early stopping: no better evaluation accuracy for the given number of epochs. */
        EARLY_STOPPED,
        /** {@link SgdOptions#stopWhen} asked to stop (Ctrl-C in the CLI); the last epoch may be partial. */
        INTERRUPTED
    }
}
