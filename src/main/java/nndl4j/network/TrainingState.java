package nndl4j.network;

import nndl4j.BadInputException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Where a training run stands, so that {@link SgdOptions#resumeFrom} continues it exactly as if it had not stopped:
 * the history so far (its {@code epochsCompleted} is the epoch under way), the mini-batches done of that epoch (not 0
 * only for a run stopped mid-epoch), the shuffling generator as it was before it drew that epoch's permutation, and
 * the best-so-far values that decide what comes next (network2's early stopping, network3's best validation
 * accuracy). The network's parameters are not part of it: save the model beside it.
 *
 * <p>The generator is kept as {@code java.util.Random}'s serialized form (its 48-bit state and the cached Gaussian),
 * not as (seed, draws so far): the network's generator also drew the initial weights, and a loaded network's is
 * seeded afresh, so no count of shuffles alone could rebuild it; the serialized form restores it exactly, and its
 * layout is fixed by {@code Random}'s serialVersionUID across JDKs.
 *
 * @param history         the four monitored lists (the validation counts of a layered network) and the epochs completed
 * @param miniBatchesDone mini-batches done of epoch {@code history.epochsCompleted()}
 * @param shuffles        the serialized generator before epoch {@code history.epochsCompleted()} drew its permutation
 * @param earlyStopping   network2's early-stopping counters
 * @param bestValidation  network3's best validation accuracy so far
 */
public record TrainingState(TrainingHistory history, int miniBatchesDone, byte[] shuffles,
                            EarlyStopping earlyStopping, BestValidation bestValidation) {

    /** network2.py's early stopping: the best evaluation accuracy so far (from 1, as network2.py) and the epochs since. */
    public record EarlyStopping(int bestAccuracy, int epochsWithoutImprovement) {
        static final EarlyStopping START = new EarlyStopping(1, 0);

        /** After an epoch of {@code accuracy} correct evaluation samples. */
        EarlyStopping after(int accuracy) {
            return accuracy > bestAccuracy ? new EarlyStopping(accuracy, 0)
                    : new EarlyStopping(bestAccuracy, epochsWithoutImprovement + 1);
        }
    }

    /**
     * network3.py's best validation accuracy so far (a fraction), the mini-batch where it was reached (-1 before any) and
     * the test accuracy then (null without test data).
     */
    public record BestValidation(double accuracy, long iteration, Double testAccuracy) {
        static final BestValidation NONE = new BestValidation(0, -1, null);
    }

    public TrainingState {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(earlyStopping, "earlyStopping");
        Objects.requireNonNull(bestValidation, "bestValidation");
        if (miniBatchesDone < 0) {
            throw new BadInputException("a training state's mini-batches done must be ≥ 0, got " + miniBatchesDone);
        }
        shuffles = shuffles.clone();
        generator(shuffles); // rejects what is not a serialized java.util.Random
    }

    @Override
    public byte[] shuffles() {
        return shuffles.clone();
    }

    /** The epoch under way: the number of epochs completed. */
    public int epoch() {
        return history.epochsCompleted();
    }

    /** The state of a run that has not started, whose shuffles come from {@code generator}. */
    static TrainingState start(Random generator) {
        TrainingHistory empty = new TrainingHistory(List.of(), List.of(), List.of(), List.of(), 0, TrainingHistory.Ending.COMPLETED);
        return new TrainingState(empty, 0, bytes(generator), EarlyStopping.START, BestValidation.NONE);
    }

    /** A copy of the shuffling generator, in the state it was saved in. */
    Random generator() {
        return generator(shuffles);
    }

    static byte[] bytes(Random generator) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(generator);
        } catch (IOException e) {
            throw new AssertionError("java.util.Random is serializable", e);
        }
        return out.toByteArray();
    }

    /** Reads a serialized {@code java.util.Random} back; nothing else is let through (the filter runs before any class is made). */
    private static Random generator(byte[] serialized) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("java.util.Random;maxdepth=2;maxbytes=1024;!*"));
            Object read = in.readObject();
            if (read.getClass() != Random.class) {
                throw new IOException("a " + read.getClass().getName());
            }
            return (Random) read;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new BadInputException("the shuffling generator's state is not a serialized java.util.Random: " + e.getMessage());
        }
    }
}
