package nndl4j.network;

/**
 * One finished epoch, as {@link TrainingListener#epochFinished} sees it. The monitored values are null
 * where not monitored; accuracies are counts out of the data set's size. {@code steps} says how the mini-batch steps
 * ran: "graph" (recorded once as a CUDA graph, then replayed) or "per-op" with the reason.
 */
public record EpochReport(
        int epoch,
        double seconds,
        Double trainingCost,
        Integer trainingAccuracy,
        int trainingSize,
        Double evaluationCost,
        Integer evaluationAccuracy,
        int evaluationSize,
        String steps) {
}
