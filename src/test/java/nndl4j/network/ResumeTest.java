package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.TestBackends;
import nndl4j.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping and resuming from a {@link TrainingState} ends bit for bit where an uninterrupted run ends, on the CPU: the
 * oracle is the same training run without the stop. Each stopped run saves its model through the checkpoint callback
 * (as the CLI does) and a fresh network loaded from that file continues it.
 */
class ResumeTest {
    private static final int[] SIZES = {12, 8, 4};
    private static final int EPOCHS = 6;

    @TempDir
    Path dir;

    /** Where a stopped run left off: its state and its model file. */
    private record Stopped(TrainingState state, Path model) {
    }

    // ---- network2: shuffled, cross-entropy, L2, monitors, early stopping ----

    private static SgdOptions network2Options(Dataset evaluation, int earlyStopping) {
        return SgdOptions.defaults().lambda(0.5).evaluationData(evaluation).monitor(true, true, true, true)
                .earlyStopping(earlyStopping);
    }

    private TrainingHistory network2(Dataset training, Dataset evaluation, int earlyStopping, int epochs, int stopAfter,
                                     Stopped resumeFrom, List<Stopped> checkpoints) {
        Network net = resumeFrom == null ? new Network(SIZES, CrossEntropyCost.INSTANCE, 7) : Network.load(resumeFrom.model);
        SgdOptions options = withStop(network2Options(evaluation, earlyStopping), stopAfter)
                .resumeFrom(resumeFrom == null ? null : resumeFrom.state)
                .checkpoints(1, savingTo(net, checkpoints));
        TrainingHistory h = net.sgd(training, epochs, 7, 0.8, options);
        Path end = newFile();
        net.save(end);
        checkpoints.add(new Stopped(null, end));
        return h;
    }

    @Test
    void network2ResumedAfterWholeEpochsOrMidEpochEndsBitIdentical() {
        Dataset training = NetworkParityTest.randomData(SIZES, 45, 1); // 7 mini-batches, the last of 3
        Dataset evaluation = NetworkParityTest.randomData(SIZES, 30, 2);
        List<Stopped> straight = new ArrayList<>();
        TrainingHistory whole = network2(training, evaluation, 0, EPOCHS, -1, null, straight);
        Path expected = straight.get(straight.size() - 1).model;

        // stopped by the epochs: 2 epochs, then resumed for the rest
        List<Stopped> first = new ArrayList<>();
        network2(training, evaluation, 0, 2, -1, null, first);
        assertEquals(2, first.get(first.size() - 2).state.epoch());
        List<Stopped> rest = new ArrayList<>();
        TrainingHistory resumed = network2(training, evaluation, 0, EPOCHS, -1, first.get(first.size() - 2), rest);
        assertEquals(whole, resumed);
        assertSameParameters(expected, rest.get(rest.size() - 1).model);

        // stopped mid-epoch (epoch 3, after 4 of its 7 mini-batches), then again mid-epoch after resuming, then to the end
        List<Stopped> a = new ArrayList<>();
        TrainingHistory stopped = network2(training, evaluation, 0, EPOCHS, 3 * 7 + 4, null, a);
        assertEquals(TrainingHistory.Ending.INTERRUPTED, stopped.ending());
        Stopped midEpoch = a.get(a.size() - 2);
        assertEquals(3, midEpoch.state.epoch());
        assertEquals(4, midEpoch.state.miniBatchesDone());
        List<Stopped> b = new ArrayList<>();
        network2(training, evaluation, 0, EPOCHS, 2, midEpoch, b);
        Stopped again = b.get(b.size() - 2);
        assertEquals(6, again.state.miniBatchesDone());
        List<Stopped> c = new ArrayList<>();
        assertEquals(whole, network2(training, evaluation, 0, EPOCHS, -1, again, c));
        assertSameParameters(expected, c.get(c.size() - 1).model);
    }

    @Test
    void network2EarlyStoppingCountersContinueAcrossAResume() {
        Dataset training = NetworkParityTest.randomData(SIZES, 45, 3);
        Dataset evaluation = NetworkParityTest.randomData(SIZES, 30, 4);
        int patience = 2;
        List<Stopped> straight = new ArrayList<>();
        TrainingHistory whole = network2(training, evaluation, patience, 40, -1, null, straight);
        assertEquals(TrainingHistory.Ending.EARLY_STOPPED, whole.ending(), "the test needs a run that stops early");
        // stop in the epoch after the last improvement: the resumed run must stop exactly where the straight one did
        int stopEpoch = whole.epochsCompleted() - 1;
        List<Stopped> a = new ArrayList<>();
        network2(training, evaluation, patience, 40, stopEpoch * 7 + 1, null, a);
        List<Stopped> b = new ArrayList<>();
        assertEquals(whole, network2(training, evaluation, patience, 40, -1, a.get(a.size() - 2), b));
        assertSameParameters(straight.get(straight.size() - 1).model, b.get(b.size() - 1).model);
    }

    // ---- network3: a conv layer, dropout, shuffled, best validation accuracy ----

    private static LayeredNetwork layered() {
        ConvPoolLayer conv = new ConvPoolLayer(new FilterShape(3, 1, 3, 2), new Shape(1, 4, 3), new PoolSize(2, 2), Activation.RELU);
        return new LayeredNetwork(List.of(conv, new FullyConnectedLayer(conv.outputSize(), 8, Activation.SIGMOID, 0.3),
                new SoftmaxLayer(8, 4, 0.2)), 11);
    }

    private LayeredTrainingResult layered(Dataset training, Dataset validation, Dataset test, int epochs, int stopAfter,
                                          Stopped resumeFrom, List<Stopped> checkpoints) {
        LayeredNetwork net = resumeFrom == null ? layered() : LayeredNetwork.load(resumeFrom.model).seedTraining(11);
        net.useBackend(TestBackends.open("cpu"));
        SgdOptions options = withStop(SgdOptions.defaults().lambda(0.1).shuffle(true), stopAfter)
                .resumeFrom(resumeFrom == null ? null : resumeFrom.state)
                .checkpoints(2, savingTo(net, checkpoints));
        LayeredTrainingResult r = net.sgd(training, epochs, 5, 0.3, validation, test, options);
        Path end = newFile();
        net.save(end);
        checkpoints.add(new Stopped(null, end));
        return r;
    }

    @Test
    void layeredWithConvAndDropoutResumedMidEpochEndsBitIdentical() {
        int[] sizes = {12, 4};
        Dataset training = NetworkParityTest.randomData(sizes, 42, 5); // 8 mini-batches of 5, 2 samples dropped
        Dataset validation = NetworkParityTest.randomData(sizes, 20, 6);
        Dataset test = NetworkParityTest.randomData(sizes, 20, 7);
        List<Stopped> straight = new ArrayList<>();
        LayeredTrainingResult whole = layered(training, validation, test, EPOCHS, -1, null, straight);
        assertTrue(whole.bestIteration() >= 0);

        List<Stopped> a = new ArrayList<>();
        layered(training, validation, test, EPOCHS, 2 * 8 + 5, null, a);
        Stopped midEpoch = a.get(a.size() - 2);
        assertEquals(2, midEpoch.state.epoch());
        assertEquals(5, midEpoch.state.miniBatchesDone());
        List<Stopped> b = new ArrayList<>();
        assertEquals(whole, layered(training, validation, test, EPOCHS, -1, midEpoch, b));
        assertSameParameters(straight.get(straight.size() - 1).model, b.get(b.size() - 1).model);

        // a state taken at a whole epoch by the every-2-epochs checkpoint, resumed
        Stopped atEpoch4 = straight.stream().filter(s -> s.state != null && s.state.epoch() == 4).findFirst().orElseThrow();
        assertEquals(0, atEpoch4.state.miniBatchesDone());
        List<Stopped> c = new ArrayList<>();
        assertEquals(whole, layered(training, validation, test, EPOCHS, -1, atEpoch4, c));
        assertSameParameters(straight.get(straight.size() - 1).model, c.get(c.size() - 1).model);
    }

    // ---- helpers ----

    private int files;

    private Path newFile() {
        return dir.resolve("model-" + files++ + ".json");
    }

    /** Asks to stop after {@code stopAfter} mini-batches of this run (never when negative). */
    private static SgdOptions withStop(SgdOptions options, int stopAfter) {
        AtomicInteger done = new AtomicInteger();
        return options.stopWhen(() -> done.incrementAndGet() == stopAfter);
    }

    /** A checkpoint callback that saves the model to a new file and keeps the state beside it. */
    private java.util.function.Consumer<TrainingState> savingTo(Model net, List<Stopped> checkpoints) {
        return state -> {
            Path model = newFile();
            net.save(model);
            checkpoints.add(new Stopped(state, model));
        };
    }

    /** Every weight and bias the same float, bit for bit (the model files keep floats exactly). */
    private static void assertSameParameters(Path expected, Path actual) {
        Function<Path, float[]> flat = file -> {
            Model m = Model.load(file);
            List<float[]> parts = new ArrayList<>();
            if (m instanceof Network n) {
                for (float[][] w : n.weights()) {
                    for (float[] row : w) {
                        parts.add(row);
                    }
                }
                parts.addAll(List.of(n.biases()));
            } else {
                for (Layer layer : ((LayeredNetwork) m).layers()) {
                    layer.parameters().forEach(p -> parts.add(p.values()));
                }
            }
            int size = parts.stream().mapToInt(p -> p.length).sum();
            float[] all = new float[size];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return all;
        };
        float[] e = flat.apply(expected), a = flat.apply(actual);
        assertEquals(e.length, a.length);
        int[] eb = new int[e.length], ab = new int[a.length];
        for (int i = 0; i < e.length; i++) {
            eb[i] = Float.floatToRawIntBits(e[i]);
            ab[i] = Float.floatToRawIntBits(a[i]);
        }
        assertArrayEquals(eb, ab, "parameters differ from the uninterrupted run's");
    }
}
