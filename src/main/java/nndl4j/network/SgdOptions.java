package nndl4j.network;

import nndl4j.data.Dataset;

import java.util.function.BooleanSupplier;

/**
 * The optional arguments of network2.py's {@code SGD}: λ, evaluation data, the four monitor flags and
 * early stopping; plus nndl4j's own: shuffling, a progress listener and a stop request.
 * Methods return a modified copy, so a base configuration can be shared.
 */
public record SgdOptions(
        double lambda,
        Dataset evaluationData,
        boolean monitorEvaluationCost,
        boolean monitorEvaluationAccuracy,
        boolean monitorTrainingCost,
        boolean monitorTrainingAccuracy,
        int earlyStoppingN,
        boolean shuffle,
        TrainingListener listener,
        BooleanSupplier stopWhen) {

    /** λ = 0, no evaluation data, nothing monitored, no early stopping, shuffled mini-batches. */
    public static SgdOptions defaults() {
        return new SgdOptions(0, null, false, false, false, false, 0, true, TrainingListener.NONE, () -> false);
    }

    public SgdOptions lambda(double lambda) {
        return new SgdOptions(lambda, evaluationData, monitorEvaluationCost, monitorEvaluationAccuracy,
                monitorTrainingCost, monitorTrainingAccuracy, earlyStoppingN, shuffle, listener, stopWhen);
    }

    public SgdOptions evaluationData(Dataset data) {
        return new SgdOptions(lambda, data, monitorEvaluationCost, monitorEvaluationAccuracy,
                monitorTrainingCost, monitorTrainingAccuracy, earlyStoppingN, shuffle, listener, stopWhen);
    }

    /** Which of the four lists to fill, as network2.py's four monitor_* flags. */
    public SgdOptions monitor(boolean evaluationCost, boolean evaluationAccuracy,
                              boolean trainingCost, boolean trainingAccuracy) {
        return new SgdOptions(lambda, evaluationData, evaluationCost, evaluationAccuracy,
                trainingCost, trainingAccuracy, earlyStoppingN, shuffle, listener, stopWhen);
    }

    /** Stop when evaluation accuracy has not improved for n epochs (0: never). */
    public SgdOptions earlyStopping(int n) {
        return new SgdOptions(lambda, evaluationData, monitorEvaluationCost, monitorEvaluationAccuracy,
                monitorTrainingCost, monitorTrainingAccuracy, n, shuffle, listener, stopWhen);
    }

    /** False: take mini-batches in data order (reproducible comparisons, the parity tests). */
    public SgdOptions shuffle(boolean shuffle) {
        return new SgdOptions(lambda, evaluationData, monitorEvaluationCost, monitorEvaluationAccuracy,
                monitorTrainingCost, monitorTrainingAccuracy, earlyStoppingN, shuffle, listener, stopWhen);
    }

    public SgdOptions listener(TrainingListener listener) {
        return new SgdOptions(lambda, evaluationData, monitorEvaluationCost, monitorEvaluationAccuracy,
                monitorTrainingCost, monitorTrainingAccuracy, earlyStoppingN, shuffle, listener, stopWhen);
    }

    /** Checked after every mini-batch; when true, training stops there and returns what it has. */
    public SgdOptions stopWhen(BooleanSupplier stopWhen) {
        return new SgdOptions(lambda, evaluationData, monitorEvaluationCost, monitorEvaluationAccuracy,
                monitorTrainingCost, monitorTrainingAccuracy, earlyStoppingN, shuffle, listener, stopWhen);
    }
}
