package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.data.Dataset;
import nndl4j.data.MnistSplits;
import nndl4j.network.Cost;
import nndl4j.network.EpochReport;
import nndl4j.network.Network;
import nndl4j.network.SgdOptions;
import nndl4j.network.TrainingHistory;
import nndl4j.network.TrainingListener;
import nndl4j.tools.TrainingCurves;
import nndl4j.tools.TrainingPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code nndl4j train}: the book's SGD from the command line. The defaults are chapter 1's run of network.py:
 * [784, 30, 10], quadratic cost, N(0,1) weights, 30 epochs, mini-batches of 10, η = 3.0, λ = 0.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network with mini-batch stochastic gradient descent.")
final class TrainCommand implements Callable<Integer> {
    /** Exit code after Ctrl-C, as a shell reports a process ended by SIGINT. */
    static final int EXIT_INTERRUPTED = 130;

    @Mixin
    DataOptions data;

    @Option(names = "--sizes", description = "Layer sizes (default: 784,30,10, or the model's with --from).")
    String sizes;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "10", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--eta", defaultValue = "3.0", description = "Learning rate η (default: ${DEFAULT-VALUE}).")
    double eta;

    @Option(names = "--lambda", defaultValue = "0", description = "L2 regularization λ (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--cost", description = "quadratic or cross-entropy (default: quadratic, as network.py; the model's with --from).")
    String cost;

    @Option(names = "--init", description = "Initializer for a new network: large (N(0,1), network.py; the default) or default (N(0,1)/√n_in, network2.py).")
    String init;

    @Option(names = "--from", paramLabel = "MODEL.json", description = "Start from a saved model.")
    Path from;

    @Option(names = "--no-shuffle", description = "Take mini-batches in data order.")
    boolean noShuffle;

    @Option(names = "--seed", description = "Random seed for the initial weights and the shuffles (default: random, printed).")
    Long seed;

    @Option(names = "--early-stopping", paramLabel = "N", defaultValue = "0",
            description = "Stop when evaluation accuracy has not improved for N epochs (default: off).")
    int earlyStopping;

    @Option(names = "--monitor", split = ",", paramLabel = "LIST",
            description = "Any of evaluation-cost, evaluation-accuracy, training-cost, training-accuracy, or all.")
    List<String> monitor;

    @Mixin
    BackendOption backend;

    @Option(names = "--save", paramLabel = "MODEL.json", description = "Save the trained model (network2.py's JSON).")
    Path save;

    @Option(names = "--history", paramLabel = "FILE.json", description = "Save the per-epoch monitor lists as JSON.")
    Path history;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Plot the monitored accuracy and cost per epoch as a PNG (as 'plot --history' does).")
    Path plot;

    enum Monitor { EVALUATION_COST, EVALUATION_ACCURACY, TRAINING_COST, TRAINING_ACCURACY }

    @Override
    public Integer call() {
        Cost chosenCost = cost == null ? null : parseCost(cost);
        EnumSet<Monitor> monitors = parseMonitors(monitor);
        long runSeed = seed != null ? seed : new java.util.Random().nextLong();
        if (from != null && init != null) {
            throw new BadInputException("--init applies to new networks, not to one loaded with --from");
        }
        Network net = from != null ? loadModel(chosenCost) : newNetwork(chosenCost, runSeed);
        MnistSplits splits = data.resolve(runSeed, System.out::println);
        if (splits.training() == null) {
            throw new BadInputException("no training data", "give --data DIR, --data mnist.pkl.gz or --train SPEC");
        }
        Dataset evaluation = splits.validation() != null ? splits.validation() : splits.test();
        String evaluationName = splits.validation() != null ? "validation" : "test";
        boolean evaluationMonitored = monitors.contains(Monitor.EVALUATION_COST) || monitors.contains(Monitor.EVALUATION_ACCURACY);
        if (evaluation == null && (evaluationMonitored || earlyStopping > 0)) {
            throw new BadInputException("evaluation monitors and --early-stopping need validation or test data",
                    "give --validation SPEC or --test SPEC");
        }
        if (plot != null && evaluation == null
                && !monitors.contains(Monitor.TRAINING_COST) && !monitors.contains(Monitor.TRAINING_ACCURACY)) {
            throw new BadInputException("--plot has nothing to plot: no evaluation data and no training monitors",
                    "give --test SPEC or --validation SPEC, or --monitor training-accuracy,training-cost");
        }
        try (Backend opened = backend.open(System.out::println)) {
            net.useBackend(opened);
            System.out.printf("training %s (%s) on %d samples, %d epochs, batch %d, eta %s, lambda %s, seed %d, backend %s%n",
                    Arrays.toString(net.sizes()), net.cost().name(), splits.training().size(), epochs, batchSize,
                    eta, lambda, runSeed, opened.name());
            AtomicBoolean interrupted = Interrupts.onCtrlC();
            Progress progress = Progress.onTerminal();
            SgdOptions options = SgdOptions.defaults()
                    .lambda(lambda)
                    .evaluationData(evaluation)
                    .monitor(monitors.contains(Monitor.EVALUATION_COST),
                            evaluation != null, // the epoch line always shows evaluation accuracy when there is data
                            monitors.contains(Monitor.TRAINING_COST), monitors.contains(Monitor.TRAINING_ACCURACY))
                    .earlyStopping(earlyStopping)
                    .shuffle(!noShuffle)
                    .stopWhen(interrupted::get)
                    .listener(new TrainingListener() {
                        @Override
                        public void miniBatchFinished(int epoch, int done, int total) {
                            progress.update(epoch, done, total);
                        }

                        @Override
                        public void epochFinished(EpochReport r) {
                            progress.clear();
                            System.out.println(epochLine(r, evaluationName));
                        }
                    });
            TrainingHistory result = net.sgd(splits.training(), epochs, batchSize, eta, options);
            progress.clear();
            if (result.ending() == TrainingHistory.Ending.EARLY_STOPPED) {
                System.out.println("early stopping: no better " + evaluationName + " accuracy in the last "
                        + earlyStopping + " epochs");
            }
            if (splits.validation() != null && splits.test() != null && result.ending() != TrainingHistory.Ending.INTERRUPTED) {
                int correct = net.accuracy(splits.test());
                System.out.printf("test accuracy: %d / %d (%s)%n", correct, splits.test().size(),
                        percent(correct, splits.test().size()));
            }
            if (save != null) {
                net.save(save);
                System.out.println("model saved to " + save);
            }
            if (history != null) {
                HistoryFile.write(history, result, splits.training().size(), evaluation == null ? 0 : evaluation.size());
                System.out.println("history saved to " + history);
            }
            if (plot != null) {
                if (result.epochsCompleted() == 0) {
                    System.out.println("no epoch completed: no plot written");
                } else {
                    TrainingPlot.write(TrainingCurves.of(result, splits.training().size(),
                                    evaluation == null ? 0 : evaluation.size()),
                            String.format(Locale.ROOT, "%s, %s, eta %s, lambda %s, batch %d, %d training images",
                                    Arrays.toString(net.sizes()), net.cost().name(), eta, lambda, batchSize,
                                    splits.training().size()), plot);
                    System.out.println("plot saved to " + plot);
                }
            }
            if (result.ending() == TrainingHistory.Ending.INTERRUPTED) {
                System.out.println("interrupted during epoch " + result.epochsCompleted()
                        + (save != null ? "; the model as of the last mini-batch was saved" : "; nothing saved (no --save)"));
                return EXIT_INTERRUPTED;
            }
            return 0;
        }
    }

    static String epochLine(EpochReport r, String evaluationName) {
        StringBuilder line = new StringBuilder("Epoch " + r.epoch() + ": ");
        if (r.evaluationAccuracy() != null) {
            line.append(r.evaluationAccuracy()).append(" / ").append(r.evaluationSize()).append(' ')
                    .append(evaluationName).append(" (").append(percent(r.evaluationAccuracy(), r.evaluationSize())).append(')');
        } else {
            line.append("training complete");
        }
        if (r.evaluationCost() != null) {
            line.append(String.format(Locale.ROOT, ", %s cost %.4f", evaluationName, r.evaluationCost()));
        }
        if (r.trainingAccuracy() != null) {
            line.append(", training ").append(r.trainingAccuracy()).append(" / ").append(r.trainingSize());
        }
        if (r.trainingCost() != null) {
            line.append(String.format(Locale.ROOT, ", training cost %.4f", r.trainingCost()));
        }
        return line.append(String.format(Locale.ROOT, ", %.2f s", r.seconds())).toString();
    }

    static String percent(long n, long of) {
        return String.format(Locale.ROOT, "%.2f%%", 100.0 * n / of);
    }

    private Network newNetwork(Cost chosenCost, long runSeed) {
        int[] layerSizes = sizes == null ? new int[] {784, 30, 10} : Cli.parseSizes(sizes);
        Network net = new Network(layerSizes, chosenCost == null ? nndl4j.network.QuadraticCost.INSTANCE : chosenCost, runSeed);
        switch (init == null ? "large" : init) {
            case "default" -> { } // the constructor already drew network2.py's default weights
            case "large" -> net.largeWeightInitializer();
            default -> throw new BadInputException("unknown --init '" + init + "' (expected large or default)");
        }
        return net;
    }

    private Network loadModel(Cost chosenCost) {
        Network loaded = Network.load(from);
        if (sizes != null && !Arrays.equals(Cli.parseSizes(sizes), loaded.sizes())) {
            throw new BadInputException("--sizes " + sizes + " do not match the model's sizes "
                    + Cli.joinSizes(loaded.sizes()) + " in " + from);
        }
        return chosenCost == null || chosenCost == loaded.cost() ? loaded
                : new Network(loaded.sizes(), chosenCost, loaded.weights(), loaded.biases());
    }

    static Cost parseCost(String name) {
        return switch (name) {
            case "quadratic" -> nndl4j.network.QuadraticCost.INSTANCE;
            case "cross-entropy" -> nndl4j.network.CrossEntropyCost.INSTANCE;
            default -> throw new BadInputException("unknown cost '" + name + "' (expected quadratic or cross-entropy)");
        };
    }

    static EnumSet<Monitor> parseMonitors(List<String> names) {
        EnumSet<Monitor> set = EnumSet.noneOf(Monitor.class);
        if (names == null) {
            return set;
        }
        for (String name : names) {
            if (name.equals("all")) {
                return EnumSet.allOf(Monitor.class);
            }
            try {
                set.add(Monitor.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("unknown monitor '" + name
                        + "' (expected evaluation-cost, evaluation-accuracy, training-cost, training-accuracy or all)");
            }
        }
        return set;
    }
}
