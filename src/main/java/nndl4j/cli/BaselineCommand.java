package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.data.DataSpec;
import nndl4j.data.Dataset;
import nndl4j.tools.DarknessBaseline;
import nndl4j.tools.SvmBaseline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;

/** {@code nndl4j baseline darkness|svm}: the book's non-neural baselines. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "The book's baselines without neural networks: average darkness and a support vector machine.",
        subcommands = {BaselineCommand.Darkness.class, BaselineCommand.Svm.class})
final class BaselineCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing baseline: darkness or svm");
    }

    static void printAccuracy(int correct, int size) {
        System.out.printf("accuracy: %d / %d (%s)%n", correct, size, TrainCommand.percent(correct, size));
    }

    @Command(name = "darkness", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The book's mnist_average_darkness.py: the average darkness (sum of pixel values) of each digit "
                    + "in the training data; each test image is guessed as the digit whose average is nearest.",
                    "Prints 'accuracy: N / M (P%%)' (the book: 2,225 / 10,000 on full MNIST)."})
    static final class Darkness implements Runnable {
        @Option(names = "--train", required = true, paramLabel = "SPEC", description = "Training images: a SPEC as train's (an IDX file, or FILE:PART of an npz or pickle), optionally sliced like SPEC[a:b].")
        String train;

        @Option(names = "--test", required = true, paramLabel = "SPEC", description = "Test images: a SPEC as train's, optionally sliced.")
        String test;

        @Override
        public void run() {
            Dataset training = DataSpec.load(train);
            Dataset testData = DataSpec.load(test);
            requireSameInputs(training, testData);
            DarknessBaseline baseline = DarknessBaseline.train(training);
            printAccuracy(baseline.correct(testData), testData.size());
        }
    }

    @Command(name = "svm", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The book's mnist_svm.py: a support vector machine with an RBF kernel, C = 1 and gamma = 1/784 "
                    + "(scikit-learn's defaults then), trained by LIBSVM.",
                    "Prints 'accuracy: N / M (P%%)' (the book: 9,435 / 10,000 on full MNIST, training on 50,000 images, "
                            + "which takes hours; --limit trains on fewer)."})
    static final class Svm implements Runnable {
        @Option(names = "--train", required = true, paramLabel = "SPEC", description = "Training images: a SPEC as train's (an IDX file, or FILE:PART of an npz or pickle), optionally sliced like SPEC[a:b].")
        String train;

        @Option(names = "--test", required = true, paramLabel = "SPEC", description = "Test images: a SPEC as train's, optionally sliced.")
        String test;

        @Option(names = "--limit", paramLabel = "N", description = "Train on the first N training images only (default: all).")
        Integer limit;

        @Override
        public void run() {
            if (limit != null && limit < 1) {
                throw new BadInputException("--limit must be at least 1, got " + limit);
            }
            Dataset training = DataSpec.load(train);
            if (limit != null && limit < training.size()) {
                training = training.slice(0, limit);
            }
            Dataset testData = DataSpec.load(test);
            requireSameInputs(training, testData);
            System.err.printf(Locale.ROOT, "training SVM on %d images (RBF kernel, C = %s, gamma = 1/%d)...%n",
                    training.size(), SvmBaseline.C, training.inputSize());
            PrintStream terminal = System.console() != null ? System.err : null;
            long start = System.nanoTime();
            SvmBaseline svm = SvmBaseline.train(training, (done, total) -> {
                if (terminal != null) {
                    terminal.printf("\rtraining SVM: %d / %d pairs of digits solved ", done, total);
                    terminal.flush();
                }
            });
            if (terminal != null) {
                terminal.print("\r" + " ".repeat(60) + "\r");
            }
            System.err.printf(Locale.ROOT, "trained in %.1f s, %d support vectors; classifying %d test images...%n",
                    (System.nanoTime() - start) / 1e9, svm.supportVectors(), testData.size());
            printAccuracy(svm.correct(testData), testData.size());
        }
    }

    private static void requireSameInputs(Dataset training, Dataset test) {
        if (training.inputSize() != test.inputSize()) {
            throw new BadInputException("training images have " + training.inputSize() + " pixels but test images have "
                    + test.inputSize());
        }
    }
}
