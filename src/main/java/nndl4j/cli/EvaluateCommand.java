package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.backend.Backend;
import nndl4j.data.DataSpec;
import nndl4j.data.Dataset;
import nndl4j.data.MnistSplits;
import nndl4j.network.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** {@code nndl4j evaluate}: a saved model's accuracy and cost on test data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Print a saved model's accuracy and total cost on test data.")
final class EvaluateCommand implements Runnable {

    @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "The model: network2.py's JSON or a layered network's (nndl4j-layers).")
    Path model;

    @Option(names = "--data", paramLabel = "DIR|mnist.pkl.gz", description = "Evaluate on this MNIST's test split.")
    Path data;

    @Option(names = "--test", paramLabel = "SPEC", description = "Test images: an IDX file, optionally sliced like PATH[a:b].")
    String test;

    @Option(names = "--lambda", defaultValue = "0", description = "λ for the L2 term of the cost (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Mixin
    BackendOption backend;

    @Override
    public void run() {
        if (data == null && test == null) {
            throw new BadInputException("no test data", "give --test SPEC or --data DIR|mnist.pkl.gz");
        }
        Model net = Model.load(model);
        Dataset testData = test != null ? DataSpec.load(test) : MnistSplits.load(data).test();
        if (testData == null) {
            throw new BadInputException("no test data in " + data, "give --test SPEC");
        }
        // the backend notice goes to stderr: stdout holds only the two result lines, for scripts
        try (Backend opened = backend.open(System.err::println)) {
            net.useBackend(opened);
            int correct = net.accuracy(testData);
            System.out.printf("accuracy: %d / %d (%s)%n", correct, testData.size(), TrainCommand.percent(correct, testData.size()));
            System.out.printf(Locale.ROOT, "cost: %.6f (%s%s)%n", net.totalCost(testData, lambda), net.cost().name(),
                    lambda == 0 ? "" : ", lambda " + lambda);
        }
    }
}
