package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.data.Dataset;
import nndl4j.data.MnistSplits;
import nndl4j.backend.Activation;
import nndl4j.network.Cost;
import nndl4j.network.CrossEntropyCost;
import nndl4j.network.EpochReport;
import nndl4j.network.Hyperparameters;
import nndl4j.network.Layer;
import nndl4j.network.LayeredNetwork;
import nndl4j.network.MemoryEstimate;
import nndl4j.network.LayeredTrainingResult;
import nndl4j.network.Model;
import nndl4j.network.Network;
import nndl4j.network.QuadraticCost;
import nndl4j.network.SgdOptions;
import nndl4j.network.Shape;
import nndl4j.network.TrainingHistory;
import nndl4j.network.TrainingListener;
import nndl4j.tools.TrainingCurves;
import nndl4j.tools.TrainingPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code nndl4j train}: the book's SGD from the command line, in two modes. Without {@code --layers} it is
 * network2.py's, with chapter 1's run of network.py as the defaults: [784, 30, 10], quadratic cost, N(0,1) weights,
 * 30 epochs, mini-batches of 10, η = 3.0, λ = 0. With {@code --layers} (or a layered model given to {@code --from})
 * it is network3.py's: a stack of layers ending in softmax, log-likelihood cost, 60 epochs, mini-batches of 10,
 * η = 0.1, λ = 0, mini-batches in data order unless {@code --shuffle}. {@code --preset} trains one of the book's
 * chapter 6 experiments ({@link Preset}) in that mode, the options given explicitly winning over the preset's.
 */
// abbreviated synopsis ("train [OPTIONS]"): with some 30 options the full one wrapped inside labels; the list says it all
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = "Train a network with mini-batch stochastic gradient descent.")
final class TrainCommand implements Callable<Integer> {
    /** Exit code after Ctrl-C, as a shell reports a process ended by SIGINT. */
    static final int EXIT_INTERRUPTED = 130;
    /** Exit code after SIGTERM (caught with --checkpoint), as a shell reports a process it ended. */
    static final int EXIT_TERMINATED = 143;

    /** The options of network2 mode that a layered network has no use for, each with a hint or null. */
    private static final Map<String, String> NETWORK2_ONLY = new LinkedHashMap<>();

    static {
        NETWORK2_ONLY.put("--sizes", "give the layers with --layers");
        NETWORK2_ONLY.put("--cost", "a layered network's cost is the log-likelihood of its softmax layer");
        NETWORK2_ONLY.put("--init", null);
        NETWORK2_ONLY.put("--activation", "give each layer its activation in --layers, e.g. fc:100:relu");
        NETWORK2_ONLY.put("--monitor", null);
        NETWORK2_ONLY.put("--early-stopping", null);
        NETWORK2_ONLY.put("--no-shuffle", "a layered network takes its mini-batches in data order unless --shuffle");
    }

    /** What the expanded presets say when the training data is not the expand command's output. */
    private static final String EXPAND_HINT = "make it with 'nndl4j expand --train SPEC --out DIR' and give "
            + "--train DIR/" + nndl4j.tools.Expansion.IMAGES_FILE + " (for expanded data in another order, "
            + "--preset dbl_conv_relu is the same network and hyperparameters)";

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--layers", paramLabel = "SPEC",
            description = { // one line per layer form, so that the help never wraps inside one
                    "Train a network3.py network of these layers, comma-separated, ending in softmax:",
                    "conv:FILTERS:HxW[:pool=PHxPW][:ACTIVATION]",
                    "fc:N[:ACTIVATION][:dropout=P]",
                    "softmax:N[:dropout=P]",
                    "(pool 2x2 and sigmoid by default; conv layers first, on the 1x28x28 image), e.g.",
                    "conv:20:5x5:pool=2x2:relu,fc:100:relu,softmax:10"})
    String layers;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Train one of the book's chapter 6 experiments (listed below) with its layers, epochs, eta and "
                    + "lambda; --layers, --epochs, --eta and --lambda given explicitly win over the preset's.")
    String preset;

    @Option(names = "--sizes", paramLabel = "SIZES", description = "Layer sizes (default: 784,30,10, or the model's with --from).")
    String sizes;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: 30; 60 with --layers; the preset's with --preset).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--eta", paramLabel = "ETA", description = "Learning rate η (default: 3.0; 0.1 with --layers; the preset's with --preset).")
    Double eta;

    @Option(names = "--lambda", paramLabel = "LAMBDA", defaultValue = "0", description = "L2 regularization λ (default: ${DEFAULT-VALUE}; the preset's with --preset).")
    double lambda;

    @Option(names = "--cost", paramLabel = "COST", description = "quadratic or cross-entropy (default: quadratic, as network.py; the model's with --from).")
    String cost;

    @Option(names = "--activation", paramLabel = "NAME", description = "The hidden layers' activation of a new network: sigmoid (the default), tanh or relu; the output layer stays sigmoid.")
    String activation;

    @Option(names = "--init", paramLabel = "NAME", description = "Initializer for a new network: large (N(0,1), network.py; the default) or default (N(0,1) over √n_in, network2.py).")
    String init;

    @Option(names = "--from", paramLabel = "MODEL.json", description = "Start from a saved model (a layered one trains in --layers mode).")
    Path from;

    @Option(names = "--no-shuffle", description = "Take mini-batches in data order (network2 mode shuffles every epoch).")
    boolean noShuffle;

    @Option(names = "--shuffle", description = "With --layers: shuffle the training data every epoch (network3.py takes it in order; "
            + "the presets on expanded data always shuffle).")
    boolean shuffle;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed for the initial weights, the shuffles and the dropout masks (default: random, printed).")
    Long seed;

    @Option(names = "--early-stopping", paramLabel = "N", defaultValue = "0",
            description = "Stop when evaluation accuracy has not improved for N epochs (default: off).")
    int earlyStopping;

    @Option(names = "--monitor", split = ",", paramLabel = "LIST", hideParamSyntax = true,
            description = "Any of evaluation-cost, evaluation-accuracy, training-cost, training-accuracy, or all.")
    List<String> monitor;

    @Mixin
    BackendOption backend;

    @Mixin
    EngineOptions steps;

    @Option(names = "--save", paramLabel = "MODEL.json", description = "Save the trained model (network2.py's JSON, or nndl4j-layers JSON for a layered network).")
    Path save;

    @Option(names = "--history", paramLabel = "FILE.json", description = "Save the per-epoch monitor lists as JSON.")
    Path history;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Plot the monitored accuracy and cost per epoch as a PNG (as 'plot --history' does).")
    Path plot;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Write a checkpoint (the model and the training state) to DIR, created if missing: every "
                    + "--checkpoint-every epochs, at the end, and on Ctrl-C or SIGTERM (then mid-epoch, exit 130/143).")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Epochs between checkpoints (default: 1).")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run checkpointed in DIR where it stopped, ending bit for bit as if it had not "
                    + "stopped (on the same backend). Give the same options and data; --epochs may be raised. The seed is "
                    + "the checkpoint's unless --seed; checkpoints go on to DIR unless --checkpoint names another.")
    Path resume;

    /** The checkpoint resumed and written (--resume, --checkpoint). */
    private CheckpointRun checkpoints;

    enum Monitor { EVALUATION_COST, EVALUATION_ACCURACY, TRAINING_COST, TRAINING_ACCURACY }

    @Override
    public Integer call() {
        steps.apply();
        Preset chosen = preset == null ? null : Preset.named(preset);
        checkBeforeLoading(layers != null || chosen != null);
        checkpoints = CheckpointRun.of(checkpoint, resume, checkpointEvery);
        long runSeed = checkpoints.seed(seed);
        Model loaded = from == null ? null : Model.load(from);
        if (layers != null || chosen != null || loaded instanceof LayeredNetwork) {
            if (loaded instanceof Network) {
                String option = layers != null ? "--layers" : "--preset";
                throw new BadInputException(from + " holds a network2 network, but " + option + " trains a layered one",
                        "drop " + option + " to continue training " + from + ", or drop --from to start a layered network");
            }
            return trainLayered((LayeredNetwork) loaded, chosen, runSeed);
        }
        return trainNetwork2((Network) loaded, runSeed);
    }

    /**
     * What needs neither the data nor the model, checked first so that a mistake costs no loading and no training:
     * the hyperparameters, the sizes, the options of the mode when --layers or --preset fixes it, and every output
     * path against the others and the inputs.
     */
    private void checkBeforeLoading(boolean layered) {
        Hyperparameters.check(epochs != null ? epochs : 1, batchSize, eta != null ? eta : 1.0, lambda);
        Hyperparameters.checkEarlyStopping(earlyStopping);
        if (layers != null) {
            LayerSpec.check(layers);
        }
        if (layered) {
            checkNoNetwork2Options(layers != null ? "a layered network (--layers)" : "the preset " + Preset.named(preset).spelling());
        } else if (from == null) { // with --from, the model's kind decides the mode
            checkNetwork2Options();
        }
        new OutputPaths()
                .input("--from", from).dataFolder("--data", data.data)
                .dataInputs("--train", data.train).dataInputs("--validation", data.validation).dataInputs("--test", data.test)
                .file("--save", save).file("--history", history).file("--plot", plot)
                .directory("--checkpoint", checkpoint != null ? checkpoint : resume)
                .check();
    }

    /** The network2 options' values, without the data. */
    private void checkNetwork2Options() {
        if (shuffle) {
            throw new BadInputException("--shuffle applies to layered networks (--layers); network2 mode shuffles unless --no-shuffle");
        }
        if (cost != null) {
            network2Cost(cost);
        }
        parseMonitors(monitor);
        if (sizes != null) {
            Cli.parseSizes(sizes);
        }
        hiddenActivation();
        if (init != null && !init.equals("large") && !init.equals("default")) {
            throw new BadInputException("unknown --init '" + init + "' (expected large or default)");
        }
    }

    private void checkNoNetwork2Options(String mode) {
        for (Map.Entry<String, String> option : NETWORK2_ONLY.entrySet()) {
            if (given(option.getKey())) {
                throw new BadInputException(option.getKey() + " is a network2 option; it does not apply to " + mode,
                        option.getValue());
            }
        }
    }

    /** Stops a run too large for this JVM or machine before its network is made; a GPU's memory is checked once open. */
    private MemoryEstimate checkHeap(List<Layer> layerList, String network, MnistSplits splits) {
        int n = splits.training().size();
        MemoryEstimate needs = MemoryEstimate.ofTraining(layerList, batchSize, n,
                splits.validation() == null ? 0 : splits.validation().size(), splits.test() == null ? 0 : splits.test().size());
        MemoryCheck.beforeAllocating(needs, runDescription(network, n), backend.name);
        return needs;
    }

    private String runDescription(String network, int trainingSize) {
        return network + " with mini-batches of " + batchSize + " on " + trainingSize + " samples";
    }

    private int trainNetwork2(Network loaded, long runSeed) {
        checkNetwork2Options();
        Cost chosenCost = cost == null ? null : network2Cost(cost);
        EnumSet<Monitor> monitors = parseMonitors(monitor);
        MnistSplits splits = trainingSplits(runSeed);
        int[] layerSizes = loaded != null ? loaded.sizes() : sizes != null ? Cli.parseSizes(sizes) : new int[] {784, 30, 10};
        String network = "[" + Cli.joinSizes(layerSizes) + "]";
        MemoryEstimate needs = checkHeap(MemoryEstimate.network2Layers(layerSizes), network, splits);
        Network net = loaded != null ? continued(loaded, chosenCost).seedShuffles(runSeed) : newNetwork(chosenCost, runSeed);
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
        int epochCount = epochs != null ? epochs : 30;
        double learningRate = eta != null ? eta : 3.0;
        Network built = net;
        net = checkpoints.start(net, () -> checkpointed(splits, learningRate, runSeed, network2Options(built, monitors)), epochCount);
        if (batchSize > splits.training().size()) {
            System.out.println("mini-batches of " + batchSize + " exceed the " + splits.training().size()
                    + " training samples: each epoch is one mini-batch of them all (as network2.py)");
        }
        try (Backend opened = backend.open(System.err::println)) {
            MemoryCheck.onDevice(needs, runDescription(network, splits.training().size()), opened);
            net.useBackend(opened);
            printHeader(net, splits.training(), epochCount, learningRate, runSeed, opened);
            try (Interrupts interrupts = installInterrupts()) {
                Progress progress = Progress.onTerminal();
                SgdOptions options = SgdOptions.defaults()
                        .lambda(lambda)
                        .evaluationData(evaluation)
                        .monitor(monitors.contains(Monitor.EVALUATION_COST),
                                evaluation != null, // the epoch line always shows evaluation accuracy when there is data
                                monitors.contains(Monitor.TRAINING_COST), monitors.contains(Monitor.TRAINING_ACCURACY))
                        .earlyStopping(earlyStopping)
                        .shuffle(!noShuffle)
                        .graphs(steps.graphs())
                        .stopWhen(interrupts::requested)
                        .listener(new ConsoleListener(progress, opened, r -> epochLine(r, evaluationName)));
                options = checkpoints.apply(options, net, runSeed, interrupts);
                TrainingHistory result = net.sgd(splits.training(), epochCount, batchSize, learningRate, options);
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
                return finish(net, result, splits.training(), evaluation, learningRate, interrupts);
            }
        }
    }

    /** network3.py's run: validation accuracy per epoch, the test accuracy at each best one, the best at the end. */
    private int trainLayered(LayeredNetwork loaded, Preset chosen, long runSeed) {
        checkNoNetwork2Options(layers != null ? "a layered network (--layers)"
                : chosen != null ? "the preset " + chosen.spelling() : "the layered network in " + from);
        if (chosen != null && chosen.expandedData && data.train == null) {
            throw new BadInputException("--preset " + chosen.spelling() + " trains on the expanded training data, "
                    + "but no --train gives it", EXPAND_HINT);
        }
        MnistSplits splits = trainingSplits(runSeed);
        Dataset training = splits.training();
        if (chosen != null && chosen.expandedData) {
            ExpandedData.mismatch(training, LayerSpec.inputShape(training.inputSize())).ifPresent(why -> {
                throw new BadInputException("--train " + data.train + " is not expanded data: " + why, EXPAND_HINT);
            });
        }
        String layerSpec = layers != null ? layers : chosen != null ? chosen.layers : null;
        Shape input = LayerSpec.inputShape(training.inputSize());
        List<Layer> newLayers = loaded != null ? null : LayerSpec.layers(layerSpec, input); // unallocated until drawn
        MemoryEstimate needs = checkHeap(loaded != null ? loaded.layers() : newLayers,
                loaded != null ? loaded.describe() : layerSpec, splits);
        LayeredNetwork net = loaded != null ? continued(loaded, layerSpec).seedTraining(runSeed)
                : new LayeredNetwork(input, newLayers, runSeed);
        if (net.outputSize() != training.outputSize()) {
            throw new BadInputException("the softmax layer has " + net.outputSize() + " outputs but the data has "
                    + training.outputSize() + " classes", "end --layers with softmax:" + training.outputSize());
        }
        Dataset validation = splits.validation();
        Dataset test = splits.test();
        if (validation == null && test != null) {
            System.out.println("no validation data: the test data stands in for it (network3.py picks the best epoch on validation data)");
            validation = test;
            test = null;
        }
        if (chosen != null) {
            applyPreset(chosen);
        }
        int epochCount = epochs != null ? epochs : 60;
        double learningRate = eta != null ? eta : 0.1;
        String layered = net.describe();
        net = checkpoints.start(net, () -> checkpointed(splits, learningRate, runSeed, Map.of(
                "mode", "layered", "--layers", layered, "--preset", chosen == null ? "(none)" : chosen.spelling(),
                "--shuffle", shuffle)), epochCount);
        try (Backend opened = backend.open(System.err::println)) {
            MemoryCheck.onDevice(needs, runDescription(layered, training.size()), opened);
            net.useBackend(opened);
            printHeader(net, training, epochCount, learningRate, runSeed, opened);
            try (Interrupts interrupts = installInterrupts()) {
                Progress progress = Progress.onTerminal();
                SgdOptions options = SgdOptions.defaults()
                        .lambda(lambda)
                        .shuffle(shuffle)
                        .graphs(steps.graphs())
                        .stopWhen(interrupts::requested)
                        .listener(new ConsoleListener(progress, opened, r -> String.format(Locale.ROOT, "Epoch %d: %s (%.2f s)", r.epoch(),
                                r.evaluationAccuracy() == null ? "training complete"
                                        : "validation accuracy " + percent(r.evaluationAccuracy(), r.evaluationSize()),
                                r.seconds())));
                options = checkpoints.apply(options, net, runSeed, interrupts);
                LayeredTrainingResult result = net.sgd(training, epochCount, batchSize, learningRate, validation, test, options);
                progress.clear();
                if (result.history().ending() != TrainingHistory.Ending.INTERRUPTED) {
                    System.out.println("Finished training network.");
                    if (result.bestIteration() >= 0) {
                        System.out.println("Best validation accuracy of " + percent(result.bestValidationAccuracy())
                                + " obtained at iteration " + result.bestIteration());
                    }
                    if (result.testAccuracy() != null) {
                        System.out.println("Corresponding test accuracy of " + percent(result.testAccuracy()));
                    }
                }
                return finish(net, result.history(), training, validation, learningRate, interrupts);
            }
        }
    }

    /** The options of network2 mode that a resumed run must share with its checkpoint (with {@link #checkpointed}'s). */
    private Map<String, Object> network2Options(Network net, EnumSet<Monitor> monitors) {
        return Map.of("mode", "network2", "--sizes", Cli.joinSizes(net.sizes()), "--activation", net.activation().spelling(),
                "--cost", net.cost().spelling(), "--init", from != null ? "(the model's)" : init == null ? "large" : init,
                "--no-shuffle", noShuffle, "--early-stopping", earlyStopping,
                "--monitor", monitors.isEmpty() ? "(none)" : String.join(",",
                        monitors.stream().map(m -> m.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()));
    }

    /**
     * What a resumed run must share with its checkpoint: the mode's options ({@code modeOptions}), the ones both modes
     * have, and a fingerprint of each data set. Not --epochs (it may be raised), the backend or the output files.
     */
    private Map<String, String> checkpointed(MnistSplits splits, double learningRate, long runSeed, Map<String, Object> modeOptions) {
        Map<String, String> options = new LinkedHashMap<>();
        modeOptions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(o -> options.put(o.getKey(), String.valueOf(o.getValue())));
        options.put("--from", from == null ? "(none)" : from.toString());
        options.put("--batch-size", Integer.toString(batchSize));
        options.put("--eta", Double.toString(learningRate));
        options.put("--lambda", Double.toString(lambda));
        options.put("--seed", Long.toString(runSeed));
        Map<String, Dataset> data = new LinkedHashMap<>();
        data.put("training data", splits.training());
        data.put("validation data", splits.validation());
        data.put("test data", splits.test());
        data.forEach((name, d) -> options.put(name, d == null ? "(none)" : Checkpoint.fingerprint(d)));
        return options;
    }

    /** Ctrl-C, and SIGTERM when checkpointing, as a request to stop and save; a second one waits for the save. */
    private Interrupts installInterrupts() {
        return Interrupts.install(checkpoints.writes(),
                save != null || history != null || plot != null || checkpoints.writes());
    }

    private MnistSplits trainingSplits(long runSeed) {
        MnistSplits splits = data.resolve(runSeed, System.out::println);
        if (splits.training() == null) {
            throw new BadInputException("no training data", "give --data DIR, --data mnist.pkl.gz or --train SPEC");
        }
        return splits;
    }

    /** Lists the presets under train's options in {@code train --help} (an annotation cannot compute them). */
    static void describePresets(CommandSpec train) {
        List<String> lines = new ArrayList<>();
        for (String line : Preset.helpLines()) {
            lines.add(line.replace("%", "%%")); // picocli formats the footer: %% is a literal %
        }
        lines.add("Explicit --layers, --epochs, --eta and --lambda win over the preset's. The presets on expanded data need "
                + "--train with the output of 'nndl4j expand' and shuffle the mini-batches every epoch.");
        train.usageMessage()
                .footerHeading("%nPresets (--preset NAME): the book's chapter 6 experiments (conv.py), batch 10, with the "
                        + "test accuracy the book reports, trained on MNIST's 50,000 training images (or their expansion):%n")
                .footer(lines.toArray(String[]::new));
    }

    /**
     * Takes the preset's epochs, η and λ for the options not given on the command line (its layers are taken where
     * the network is made), and says what runs: the preset, the book's accuracy and what the command line overrides.
     */
    private void applyPreset(Preset p) {
        List<String> overridden = new ArrayList<>();
        for (String option : List.of("--layers", "--epochs", "--eta", "--lambda")) {
            if (given(option)) {
                overridden.add(option);
            }
        }
        epochs = epochs != null ? epochs : p.epochs;
        eta = eta != null ? eta : p.eta;
        lambda = given("--lambda") ? lambda : p.lambda;
        shuffle |= p.expandedData;
        System.out.println("preset " + p.spelling() + ": the book reports " + p.bookAccuracy + " test accuracy, trained on "
                + (p.expandedData ? "MNIST's 50,000 training images expanded to 250,000" : "MNIST's 50,000 training images")
                + (overridden.isEmpty() ? "" : "; given here instead of the preset's: " + String.join(", ", overridden))
                + (p.expandedData ? "; mini-batches shuffled every epoch (expand writes each image beside its shifts)" : ""));
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The progress bar during an epoch, a line after it, and network3.py's lines at each best validation accuracy. */
    private static final class ConsoleListener implements TrainingListener {
        private final Progress progress;
        private final Function<EpochReport, String> epochLine;
        /** Whether to say how the steps ran (a GPU backend: graph or per-op); the CPU has one way only. */
        private final boolean showSteps;

        ConsoleListener(Progress progress, Backend backend, Function<EpochReport, String> epochLine) {
            this.progress = progress;
            this.epochLine = epochLine;
            this.showSteps = !backend.name().equals("cpu");
        }

        @Override
        public void miniBatchFinished(int epoch, int done, int total) {
            progress.update(epoch, done, total);
        }

        @Override
        public void epochFinished(EpochReport r) {
            progress.clear();
            if (r.epoch() == 0 && showSteps) {
                System.out.println("mini-batch steps: " + r.steps());
            }
            System.out.println(epochLine.apply(r));
        }

        @Override
        public void bestValidationAccuracy(EpochReport report, Integer testCorrect, int testSize) {
            System.out.println("This is the best validation accuracy to date.");
            if (testCorrect != null) {
                System.out.println("The corresponding test accuracy is " + percent(testCorrect, testSize));
            }
        }
    }

    private void printHeader(Model net, Dataset training, int epochCount, double learningRate, long runSeed, Backend opened) {
        System.out.printf("training %s (%s) on %d samples, %d epochs, batch %d, eta %s, lambda %s, seed %d, backend %s%n",
                net.describe(), net.cost().name(), training.size(), epochCount, batchSize, learningRate, lambda, runSeed,
                opened.name());
    }

    /**
     * What both modes do after training (which wrote the last checkpoint): save, write the history and the plot, each
     * a write that a second Ctrl-C does not cut short, and after an interruption say what was saved.
     */
    private int finish(Model net, TrainingHistory result, Dataset training, Dataset evaluation, double learningRate,
                       Interrupts interrupts) {
        if (checkpoints.writes()) {
            System.out.println("checkpoint written to " + checkpoints.directory() + " (epoch " + result.epochsCompleted()
                    + (result.ending() == TrainingHistory.Ending.INTERRUPTED ? ", mid-epoch" : "") + ")");
        }
        if (save != null) {
            interrupts.saving("model saved to " + save, true, () -> net.save(save));
            System.out.println("model saved to " + save);
        }
        int evaluationSize = evaluation == null ? 0 : evaluation.size();
        if (history != null) {
            interrupts.saving("history saved to " + history, false,
                    () -> HistoryFile.write(history, result, training.size(), evaluationSize));
            System.out.println("history saved to " + history);
        }
        if (plot != null) {
            if (result.epochsCompleted() == 0) {
                System.out.println("no epoch completed: no plot written");
            } else {
                interrupts.saving("plot saved to " + plot, false, () -> TrainingPlot.write(TrainingCurves.of(result, training.size(), evaluationSize),
                        String.format(Locale.ROOT, "%s, %s, eta %s, lambda %s, batch %d, %d training images",
                                net.describe(), net.cost().name(), learningRate, lambda, batchSize, training.size()), plot));
                System.out.println("plot saved to " + plot);
            }
        }
        if (result.ending() == TrainingHistory.Ending.INTERRUPTED) {
            System.out.println("interrupted during epoch " + result.epochsCompleted() + "; " + interrupts.savedSummary());
            return interrupts.exitCode();
        }
        return 0;
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
        return percent((double) n / of);
    }

    /** A fraction as network3.py prints it ({@code {:.2%}}): 0.9712 → 97.12%. */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private Activation hiddenActivation() {
        return activation == null ? Activation.SIGMOID : Activation.bySpelling(activation)
                .filter(f -> f != Activation.LINEAR)
                .orElseThrow(() -> new BadInputException("unknown --activation '" + activation + "' (expected sigmoid, tanh or relu)"));
    }

    private Network newNetwork(Cost chosenCost, long runSeed) {
        int[] layerSizes = sizes == null ? new int[] {784, 30, 10} : Cli.parseSizes(sizes);
        Network net = new Network(layerSizes, chosenCost == null ? QuadraticCost.INSTANCE : chosenCost, hiddenActivation(), runSeed);
        switch (init == null ? "large" : init) {
            case "default" -> { } // the constructor already drew network2.py's default weights
            case "large" -> net.largeWeightInitializer();
            default -> throw new BadInputException("unknown --init '" + init + "' (expected large or default)");
        }
        return net;
    }

    private Network continued(Network loaded, Cost chosenCost) {
        for (String option : List.of("--init", "--activation")) {
            if (given(option)) {
                throw new BadInputException(option + " applies to new networks, not to one loaded with --from");
            }
        }
        if (sizes != null && !Arrays.equals(Cli.parseSizes(sizes), loaded.sizes())) {
            throw new BadInputException("--sizes " + sizes + " do not match the model's sizes "
                    + Cli.joinSizes(loaded.sizes()) + " in " + from);
        }
        return chosenCost == null || chosenCost == loaded.cost() ? loaded
                : new Network(loaded.sizes(), chosenCost, loaded.activation(), loaded.weights(), loaded.biases());
    }

    /** The loaded network, after checking that {@code layerSpec} (--layers or the preset's; null if none) describes it. */
    private LayeredNetwork continued(LayeredNetwork loaded, String layerSpec) {
        if (layerSpec != null) {
            Shape input = LayerSpec.inputShape(loaded.inputSize());
            String given = new LayeredNetwork(input, LayerSpec.layers(layerSpec, input), 0).describe();
            if (!given.equals(loaded.describe())) {
                String option = layers != null ? "--layers" : "--preset";
                throw new BadInputException(option + " " + (layers != null ? layers : preset + " (" + layerSpec + ")")
                        + " does not match the model's layers " + loaded.describe() + " in " + from,
                        "drop " + option + " to continue training the model as it is");
            }
        }
        return loaded;
    }

    /** The network2 cost named {@code name}: quadratic or cross-entropy. */
    static Cost network2Cost(String name) {
        return Cost.named(name)
                .filter(c -> c == QuadraticCost.INSTANCE || c == CrossEntropyCost.INSTANCE)
                .orElseThrow(() -> new BadInputException("unknown cost '" + name + "' for a network2 network (expected quadratic or cross-entropy)",
                        name.equals("log-likelihood") ? "the log-likelihood cost comes with a softmax layer: use --layers" : null));
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
