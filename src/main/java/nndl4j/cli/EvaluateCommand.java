package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.data.DataSpec;
import nndl4j.data.Dataset;
import nndl4j.data.MnistSplits;
import nndl4j.network.Hyperparameters;
import nndl4j.network.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code nndl4j evaluate}: a saved model's accuracy and cost on test data; given several models, each one's and the
 * accuracy of their plurality vote (the book's last chapter 6 experiment: an ensemble of five networks).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Print a saved model's accuracy and total cost on test data.",
                "Given several --model files: each model's accuracy and cost, then the accuracy of their plurality vote: "
                        + "each test image gets the class most models predict, a tie going to the lowest class index "
                        + "(each model predicts its largest output, the first on ties)."})
final class EvaluateCommand implements Runnable {

    @Option(names = "--model", required = true, paramLabel = "MODEL.json",
            description = "The model: network2.py's JSON or a layered network's (nndl4j-layers); repeat it for an ensemble.")
    List<Path> models;

    @Option(names = "--data", paramLabel = "PATH", description = "Evaluate on the test split of this MNIST folder, mnist.pkl.gz or mnist.npz.")
    Path data;

    @Option(names = "--test", paramLabel = "SPEC", description = "Test images: an IDX file, or FILE:PART of an npz or pickle (mnist.npz:test), optionally sliced like SPEC[a:b].")
    String test;

    @Option(names = "--lambda", paramLabel = "LAMBDA", defaultValue = "0", description = "λ for the L2 term of the cost (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Mixin
    BackendOption backend;

    @Override
    public void run() {
        if (data == null && test == null) {
            throw new BadInputException("no test data", "give --test SPEC or --data DIR|mnist.pkl.gz");
        }
        Hyperparameters.checkLambda(lambda); // before any model or data loads
        List<Model> nets = new ArrayList<>();
        for (Path model : models) {
            Model net = Model.load(model);
            Model first = nets.isEmpty() ? net : nets.get(0);
            if (net.inputSize() != first.inputSize() || net.outputSize() != first.outputSize()) {
                throw new BadInputException(model + " takes " + net.inputSize() + " inputs to " + net.outputSize()
                        + " outputs but " + models.get(0) + " takes " + first.inputSize() + " to " + first.outputSize(),
                        "an ensemble's models classify the same data into the same classes");
            }
            nets.add(net);
        }
        Dataset testData = test != null ? DataSpec.load(test)
                : MnistSplits.load(data, EnumSet.of(MnistSplits.Part.TEST)).test();
        if (testData == null) {
            throw new BadInputException("no test data in " + data, "give --test SPEC");
        }
        // the backend notice goes to stderr: stdout holds only the result lines, for scripts
        try (Backend opened = backend.open(System.err::println)) {
            if (nets.size() == 1) {
                Model net = nets.get(0).useBackend(opened);
                System.out.println("accuracy: " + accuracy(net.accuracy(testData), testData.size()));
                System.out.println("cost: " + cost(net, testData));
                return;
            }
            int[][] predictions = new int[nets.size()][];
            for (int m = 0; m < nets.size(); m++) {
                try (Model net = nets.get(m).useBackend(opened)) {
                    predictions[m] = net.predictions(testData);
                    System.out.printf("model %d %s: accuracy: %s, cost: %s%n", m + 1, models.get(m),
                            accuracy(net.accuracy(testData), testData.size()), cost(net, testData));
                }
            }
            int[] vote = pluralityVote(predictions, testData.outputSize());
            int correct = 0;
            for (int j = 0; j < vote.length; j++) {
                correct += vote[j] == testData.label(j) ? 1 : 0;
            }
            System.out.printf("vote of %d models: accuracy: %s%n", nets.size(), accuracy(correct, testData.size()));
        }
    }

    private static String accuracy(int correct, int size) {
        return String.format("%d / %d (%s)", correct, size, TrainCommand.percent(correct, size));
    }

    private String cost(Model net, Dataset testData) {
        return String.format(Locale.ROOT, "%.6f (%s%s)", net.totalCost(testData, lambda), net.cost().name(),
                lambda == 0 ? "" : ", lambda " + lambda);
    }

    /**
     * For each sample, the class most of the models predict ({@code predictions[model][sample]}); on a tie between
     * classes, the lowest of them.
     */
    static int[] pluralityVote(int[][] predictions, int classes) {
        int[] vote = new int[predictions[0].length];
        int[] votes = new int[classes];
        for (int j = 0; j < vote.length; j++) {
            java.util.Arrays.fill(votes, 0);
            for (int[] model : predictions) {
                votes[model[j]]++;
            }
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            vote[j] = best;
        }
        return vote;
    }
}
