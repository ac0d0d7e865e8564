package nndl4j.tools;

import nndl4j.BadInputException;
import nndl4j.network.TrainingHistory;

import java.util.List;

/**
 * The per-epoch monitor lists of a training run (network2.py's four, empty where not monitored) and the sizes of
 * the data the accuracies count out of. A cost may be NaN or infinite (a saturated output's cross-entropy): it is
 * plotted as a gap.
 */
public record TrainingCurves(List<Double> evaluationCost, List<Integer> evaluationAccuracy,
                             List<Double> trainingCost, List<Integer> trainingAccuracy,
                             int trainingSize, int evaluationSize) {

    public TrainingCurves {
        evaluationCost = List.copyOf(evaluationCost);
        evaluationAccuracy = List.copyOf(evaluationAccuracy);
        trainingCost = List.copyOf(trainingCost);
        trainingAccuracy = List.copyOf(trainingAccuracy);
    }

    public static TrainingCurves of(TrainingHistory h, int trainingSize, int evaluationSize) {
        return new TrainingCurves(h.evaluationCost(), h.evaluationAccuracy(), h.trainingCost(), h.trainingAccuracy(),
                trainingSize, evaluationSize);
    }

    public boolean hasAccuracy() {
        return !evaluationAccuracy.isEmpty() || !trainingAccuracy.isEmpty();
    }

    public boolean hasCost() {
        return !evaluationCost.isEmpty() || !trainingCost.isEmpty();
    }

    /**
     * Checks that there is something to plot and that accuracies have sizes to count out of.
     *
     * @param source names the run or file in messages
     */
    public TrainingCurves requirePlottable(String source) {
        if (!hasAccuracy() && !hasCost()) {
            throw new BadInputException(source + " has no per-epoch values to plot: evaluation_accuracy, evaluation_cost, "
                    + "training_accuracy and training_cost are all empty",
                    "train with evaluation data (--test or --validation) or --monitor all");
        }
        if (!trainingAccuracy.isEmpty() && trainingSize <= 0) {
            throw new BadInputException(source + " has training_accuracy but no positive training_size to count it out of");
        }
        if (!evaluationAccuracy.isEmpty() && evaluationSize <= 0) {
            throw new BadInputException(source + " has evaluation_accuracy but no positive evaluation_size to count it out of");
        }
        return this;
    }
}
