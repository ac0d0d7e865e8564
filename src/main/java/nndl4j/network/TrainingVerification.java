package nndl4j.network;

import nndl4j.backend.Activation;
import nndl4j.backend.Backend;
import nndl4j.backend.BackendVerification.Check;
import nndl4j.backend.BackendVerification.Comparison;
import nndl4j.backend.BackendVerification.Outcome;
import nndl4j.data.Dataset;
import nndl4j.data.SyntheticDigits;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Short training runs on both backends of a verification, after the op checks: the same network from the same seed,
 * trained on the same procedurally drawn digits (no files needed), must end with the same parameters and the same
 * test accuracy. Two networks: network2's [784, 30, 10] with the cross-entropy cost and L2 (shuffled mini-batches,
 * so gatherColumns too), and a network3 stack of a ReLU conv-pool layer, a sigmoid fc layer with dropout and a
 * softmax layer; 300 digits, 2 epochs of mini-batches of 10, η 1.0 and λ 0.5 for network2 (about 58% of the 200 test
 * digits right after 2 epochs), η 0.3 for the conv network (about 31%). Two rows each: the parameters and the accuracy.
 *
 * <p><b>Tolerances.</b> The op checks allow a few ulps between backends (sigmoid, tanh, softmax, the GEMM's order);
 * over 60 SGD steps these differences grow, but stay far below what a wrong op does: a GEMM off by 1e-2 in one entry
 * or another dropout mask moves the parameters by 0.5 or more. Parameters of network2's network, 1e-4: its
 * gradient is smooth in the parameters, and cuda-emulated, or the CPU with its plain-Java GEMM, ends within 1e-6 of
 * the CPU. Parameters of the conv network, 1e-2: a max-pool window whose two largest entries are within an ulp, or
 * a ReLU input within an ulp of 0, may go either way, and the gradient jumps there; at η 0.4 (instead of 0.3) one
 * such flip moved the parameters by 2e-3 on both cuda-emulated and the plain-Java GEMM, otherwise they end within
 * 1e-6. Accuracy: within 2 of the 200 test digits (1%): two outputs within an ulp may be ranked either way, and a
 * flip as above may change a prediction or two (it did not in the run at η 0.4).
 */
public final class TrainingVerification {
    /** Largest difference allowed in any weight or bias after training network2's network (smooth). */
    static final double NETWORK2_TOLERANCE = 1e-4;
    /** Largest difference allowed in any weight or bias after training the conv network (max-pool and ReLU kinks). */
    static final double NETWORK3_TOLERANCE = 1e-2;
    /** Test digits the two backends may disagree on. */
    static final int ACCURACY_TOLERANCE = 2;
    static final int TRAINING = 300, TEST = 200, EPOCHS = 2, BATCH = 10;
    private static final long SEED = 1;

    private TrainingVerification() {
    }

    /** What one training run ends with: every parameter, layer after layer, and the correctly classified test digits. */
    private record Trained(float[] parameters, int correct) {
    }

    /** The training checks: two rows (parameters, accuracy) per network, which share one run per backend. */
    public static List<Check> checks() {
        Dataset digits = SyntheticDigits.generate(TRAINING + TEST, SEED);
        Dataset training = digits.slice(0, TRAINING), test = digits.slice(TRAINING, TRAINING + TEST);
        Run network2 = new Run(b -> {
            try (Network net = new Network(new int[] {784, 30, 10}, CrossEntropyCost.INSTANCE, SEED).useBackend(b)) {
                net.sgd(training, EPOCHS, BATCH, 1.0, SgdOptions.defaults().lambda(0.5));
                return new Trained(parameters(net.stack()), net.accuracy(test));
            }
        });
        Run layered = new Run(b -> {
            Shape image = new Shape(1, 28, 28);
            ConvPoolLayer conv = new ConvPoolLayer(new FilterShape(4, 1, 5, 5), image, new PoolSize(2, 2), Activation.RELU);
            try (LayeredNetwork net = new LayeredNetwork(image, List.of(conv,
                    new FullyConnectedLayer(conv.outputSize(), 30, Activation.SIGMOID, 0.2), new SoftmaxLayer(30, 10)), SEED)
                    .useBackend(b)) {
                net.sgd(training, EPOCHS, BATCH, 0.3, null, null, SgdOptions.defaults().shuffle(true));
                return new Trained(parameters(net.stack()), net.accuracy(test));
            }
        });
        return List.of(
                parameters("network2", "784,30,10 cross-entropy", network2, NETWORK2_TOLERANCE),
                accuracy("network2", network2, test.size()),
                parameters("network3", "conv:4:5x5:relu,fc:30:dropout=0.2,softmax:10", layered, NETWORK3_TOLERANCE),
                accuracy("network3", layered, test.size()));
    }

    private static Check parameters(String network, String shape, Run run, double tolerance) {
        return new Check("train " + network, "parameters", shape, Set.of(), p -> {
            Trained[] both = run.on(p);
            float[] want = both[0].parameters(), got = both[1].parameters();
            double error = want.length == got.length ? 0 : Double.POSITIVE_INFINITY;
            for (int i = 0; i < Math.min(want.length, got.length); i++) {
                double d = Math.abs((double) want[i] - got[i]);
                error = Double.isNaN(d) ? Double.NaN : Math.max(error, d);
            }
            return new Outcome(error, tolerance, false);
        });
    }

    private static Check accuracy(String network, Run run, int tested) {
        return new Check("train " + network, "accuracy", "correct of " + tested + " test digits", Set.of(), p -> {
            Trained[] both = run.on(p);
            return new Outcome(Math.abs(both[0].correct() - both[1].correct()), ACCURACY_TOLERANCE, true);
        });
    }

    /** A training run on the reference and the candidate, done once for the checks that share it (failure included). */
    private static final class Run {
        private final Function<Backend, Trained> train;
        private Comparison done;
        private Trained[] result;
        private RuntimeException failure;

        Run(Function<Backend, Trained> train) {
            this.train = train;
        }

        Trained[] on(Comparison p) {
            if (p != done) { // a new run of the checks, even on the same backends
                done = p;
                result = null;
                failure = null;
                try {
                    result = new Trained[] {train.apply(p.reference()), train.apply(p.candidate())};
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    /** Each layer's weights, then its biases, column-major as the backend holds them. */
    private static float[] parameters(LayerStack stack) {
        List<float[]> values = new ArrayList<>();
        for (Layer layer : stack.layers) {
            for (Parameter parameter : layer.parameters()) {
                values.add(parameter.values());
            }
        }
        float[] all = new float[values.stream().mapToInt(v -> v.length).sum()];
        int at = 0;
        for (float[] v : values) {
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }
}
