package nndl4j.network;

/**
 * One finished epoch, as {@link TrainingListener#epochFinished} sees it. The monitored values are null
 * where not monitored; accuracies are counts out of the data set's size.
 */
public record EpochReport(
        int epoch,
        double seconds,
        Double trainingCost,
        Integer trainingAccuracy,
        int trainingSize,
        Double evaluationCost,
        Integer evaluationAccuracy,
        int evaluationSize) {
}
