package nndl4j.network;

import nndl4j.data.Dataset;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The optional arguments of network2.py's {@code SGD}: λ, evaluation data, the four monitor flags and
 * early stopping; plus nndl4j's own: shuffling, a progress listener, a stop request, and checkpoints: the state to
 * resume from and a callback that receives the state as training goes.
 * Immutable: each setter returns a modified copy, so a base configuration can be shared.
 */
public final class SgdOptions implements Cloneable {
    private double lambda;
    private Dataset evaluationData;
    private boolean monitorEvaluationCost;
    private boolean monitorEvaluationAccuracy;
    private boolean monitorTrainingCost;
    private boolean monitorTrainingAccuracy;
    private int earlyStoppingN;
    private boolean shuffle = true;
    private TrainingListener listener = TrainingListener.NONE;
    private BooleanSupplier stopWhen = () -> false;
    private boolean graphs = true;
    private TrainingState resumeFrom;
    private int checkpointEvery;
    private Consumer<TrainingState> checkpointSaver = state -> { };

    private SgdOptions() {
    }

    /** λ = 0, no evaluation data, nothing monitored, no early stopping, shuffled mini-batches. */
    public static SgdOptions defaults() {
        return new SgdOptions();
    }

    private SgdOptions with(Consumer<SgdOptions> change) {
        try {
            SgdOptions copy = (SgdOptions) clone();
            change.accept(copy);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** L2 regularization parameter λ. */
    public SgdOptions lambda(double lambda) {
        return with(o -> o.lambda = lambda);
    }

    /** Data for the evaluation monitors and early stopping (network2.py's evaluation_data). */
    public SgdOptions evaluationData(Dataset data) {
        return with(o -> o.evaluationData = data);
    }

    /** Which of the four lists to fill, as network2.py's four monitor_* flags. */
    public SgdOptions monitor(boolean evaluationCost, boolean evaluationAccuracy, boolean trainingCost, boolean trainingAccuracy) {
        return with(o -> {
            o.monitorEvaluationCost = evaluationCost;
            o.monitorEvaluationAccuracy = evaluationAccuracy;
            o.monitorTrainingCost = trainingCost;
            o.monitorTrainingAccuracy = trainingAccuracy;
        });
    }

    /** Stop when evaluation accuracy has not improved for n epochs (0: never). */
    public SgdOptions earlyStopping(int n) {
        return with(o -> o.earlyStoppingN = n);
    }

    /** False: take mini-batches in data order (reproducible comparisons, the parity tests). */
    public SgdOptions shuffle(boolean shuffle) {
        return with(o -> o.shuffle = shuffle);
    }

    public SgdOptions listener(TrainingListener listener) {
        Objects.requireNonNull(listener, "listener");
        return with(o -> o.listener = listener);
    }

    /** Checked after every mini-batch; when true, training stops there and returns what it has. */
    public SgdOptions stopWhen(BooleanSupplier stopWhen) {
        Objects.requireNonNull(stopWhen, "stopWhen");
        return with(o -> o.stopWhen = stopWhen);
    }

    /**
     * Whether a backend that can record a training step (CUDA) replays it as a graph instead of issuing each op
     * (default true); false runs every step op by op, for comparison.
     */
    public SgdOptions graphs(boolean graphs) {
        return with(o -> o.graphs = graphs);
    }

    /**
     * Continue from {@code state} (from {@link #checkpoints}' callback) instead of starting afresh: the epochs and
     * mini-batches already done are skipped, the shuffles continue from the saved generator, and the history, early
     * stopping's counters and the best validation accuracy continue from the saved ones. With the same network
     * parameters (the model saved with the state), data and options, the run then ends exactly as one that had not
     * stopped (on the same backend). {@code epochs} still counts from the first epoch of the whole run. Null: start afresh.
     */
    public SgdOptions resumeFrom(TrainingState state) {
        return with(o -> o.resumeFrom = state);
    }

    /**
     * Hands the training state to {@code saver} after every {@code everyEpochs}-th epoch and once more when training
     * stops (all epochs done, early stopping, or the stop request, mid-epoch), with the network's parameters up to
     * date on the host so that the callback can save the model beside the state. 0: never.
     */
    public SgdOptions checkpoints(int everyEpochs, Consumer<TrainingState> saver) {
        if (everyEpochs < 0) {
            throw new nndl4j.BadInputException("invalid checkpoint interval " + everyEpochs + ": must be ≥ 0 epochs");
        }
        return with(o -> {
            o.checkpointEvery = everyEpochs;
            o.checkpointSaver = java.util.Objects.requireNonNull(saver, "saver");
        });
    }

    public TrainingState resumeFrom() {
        return resumeFrom;
    }

    public int checkpointEvery() {
        return checkpointEvery;
    }

    public Consumer<TrainingState> checkpointSaver() {
        return checkpointSaver;
    }

    public double lambda() {
        return lambda;
    }

    public Dataset evaluationData() {
        return evaluationData;
    }

    public boolean monitorEvaluationCost() {
        return monitorEvaluationCost;
    }

    public boolean monitorEvaluationAccuracy() {
        return monitorEvaluationAccuracy;
    }

    public boolean monitorTrainingCost() {
        return monitorTrainingCost;
    }

    public boolean monitorTrainingAccuracy() {
        return monitorTrainingAccuracy;
    }

    public int earlyStoppingN() {
        return earlyStoppingN;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public boolean graphs() {
        return graphs;
    }

    public TrainingListener listener() {
        return listener;
    }

    public BooleanSupplier stopWhen() {
        return stopWhen;
    }
}
