package nndl4j.network;

import nndl4j.backend.Backend;
import nndl4j.backend.IntVector;

import java.util.Random;

/**
 * What the SGD loops of {@link Network} and {@link LayeredNetwork} share: the epochs' mini-batches, and the
 * bookkeeping that lets a run stop anywhere and continue exactly ({@link SgdOptions#resumeFrom}, {@link
 * SgdOptions#checkpoints}). A run starts at the resumed state's epoch and mini-batch; each epoch draws its
 * permutation from the shuffling generator, remembering the generator's state before the draw, so that a state taken
 * mid-epoch redraws the same permutation when resumed and skips the mini-batches already done.
 */
final class SgdEpochs {
    private final SgdOptions options;
    private final Random shuffles;
    /** The generator before this epoch's draw: what a state taken during the epoch restores. */
    private byte[] beforeThisEpoch;
    /** The first mini-batch of the next epoch to run: a resumed run's position for its first epoch, 0 after. */
    private int firstBatch;
    /** The mini-batches done of the current epoch when the stop request ended it, -1 while running. */
    private int stoppedAfter = -1;
    /** The (epoch, mini-batch) last handed to the checkpoint callback, so the last one is not handed twice. */
    private long lastCheckpoint = -1;

    /** {@code generator}: the network's shuffling generator, used unless the options resume from a state. */
    SgdEpochs(SgdOptions options, Random generator) {
        this.options = options;
        TrainingState from = options.resumeFrom();
        this.shuffles = from == null ? generator : from.generator();
        this.firstBatch = from == null ? 0 : from.miniBatchesDone();
    }

    /** The state training starts from: the resumed one, or a new run's. */
    TrainingState start() {
        return options.resumeFrom() != null ? options.resumeFrom() : TrainingState.start(shuffles);
    }

    /** The shuffling generator this run draws from: the network keeps it for its next run. */
    Random shuffles() {
        return shuffles;
    }

    /**
     * Runs epoch {@code epoch}'s mini-batches of at most {@code miniBatchSize} of the {@code n} training samples,
     * {@code batches} of them, from where the run stands; their training steps are numbered from {@code stepBase} (the
     * dropout masks' counter). False when the stop request ended the epoch early. The last mini-batch may be shorter
     * (network2 keeps the remainder; network3 passes {@code batches} = n / miniBatchSize and drops it).
     */
    boolean runEpoch(Backend b, Engine engine, DeviceDataset training, int epoch, int n, int batches, int miniBatchSize,
                     long stepBase, long seed, float decay, double eta) {
        beforeThisEpoch = TrainingState.bytes(shuffles);
        try (IntVector order = options.shuffle() ? b.upload(LayerStack.shuffledIndices(shuffles, n)) : null) {
            IntVector permutation = order != null ? order : training.inOrder;
            int first = firstBatch;
            firstBatch = 0;
            engine.moveTo(stepBase + first, first * miniBatchSize);
            for (int batch = first; batch < batches; batch++) {
                int count = Math.min(miniBatchSize, n - batch * miniBatchSize);
                engine.trainStep(training, permutation, count, seed, ParameterStep.sgd(decay, (float) (eta / count)),
                        options.graphs());
                options.listener().miniBatchFinished(epoch, batch + 1, batches);
                if (options.stopWhen().getAsBoolean()) {
                    stoppedAfter = batch + 1;
                    return false;
                }
            }
        }
        return true;
    }

    /** The state after {@code history}: mid-epoch when the stop request ended the last epoch, else at the start of the next. */
    TrainingState state(TrainingHistory history, TrainingState.EarlyStopping earlyStopping,
                        TrainingState.BestValidation bestValidation) {
        boolean midEpoch = stoppedAfter >= 0;
        return new TrainingState(history, midEpoch ? stoppedAfter : 0,
                midEpoch ? beforeThisEpoch : TrainingState.bytes(shuffles), earlyStopping, bestValidation);
    }

    /**
     * Hands the state to the checkpoint callback, if any: after every {@link SgdOptions#checkpointEvery}-th epoch
     * (counted from the first of the run's whole history), or with {@code last} at the run's end, unless that point was
     * just handed. {@code downloadParameters} brings the host copies of the parameters up to date first, so that the
     * callback can save the model.
     */
    void checkpoint(TrainingState state, boolean last, Runnable downloadParameters) {
        if (options.checkpointEvery() == 0) {
            return;
        }
        long point = ((long) state.epoch() << 32) | state.miniBatchesDone();
        boolean due = last ? point != lastCheckpoint : state.epoch() % options.checkpointEvery() == 0;
        if (due) {
            downloadParameters.run();
            options.checkpointSaver().accept(state);
            lastCheckpoint = point;
        }
    }
}
